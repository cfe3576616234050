/**
 * Out-of-sample evaluation of a saved model on a labelled data set: the model's
 * predictions come from onnxruntime (the engine's inference path), the ridge
 * baseline from the coefficients in the manifest, the best single feature is the
 * one chosen at training time, used with the sign it had there. Nothing is
 * refitted on the evaluation rows.
 */
import type { Dataset } from './dataset.js';
import { horizonKey } from './horizons.js';
import type { ModelRunner } from './infer.js';
import { scorePredictions } from './metrics.js';
import { ridgeFromManifest } from './model-dir.js';
import { predictRidge } from './ridge.js';

/** One horizon of `btc-engine evaluate`'s JSON (the issue-6 contract; NaN correlations are null). */
export interface HorizonEvaluation {
  ic: number | null;
  pearson: number | null;
  hitRate: number | null;
  baselineIc: number | null;
  bestFeature: string;
  bestFeatureIc: number | null;
  rows: number;
}

/** Rows per onnxruntime call. */
export const EVAL_BATCH_ROWS = 4096;

const num = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** Runs the model over every row of ds (in batches): one Float64Array of predictions per horizon. */
export async function predictAll(runner: ModelRunner, x: Float64Array, n: number): Promise<Float64Array[]> {
  const out = runner.outputs.map(() => new Float64Array(n));
  const f = runner.width;
  for (let from = 0; from < n; from += EVAL_BATCH_ROWS) {
    const m = Math.min(EVAL_BATCH_ROWS, n - from);
    const p = await runner.predict(x.subarray(from * f, (from + m) * f), m);
    p.forEach((v, k) => out[k].set(v, from));
  }
  return out;
}

/** Scores the model, its ridge baseline and its best single feature on every labelled row of ds, per horizon. */
export async function evaluateModel(runner: ModelRunner, ds: Dataset): Promise<Record<string, HorizonEvaluation>> {
  const m = runner.manifest;
  const f = ds.featureNames.length;
  const hs = ds.horizonsMs.length;
  const preds = ds.n > 0 ? await predictAll(runner, ds.x, ds.n) : m.horizonsMs.map(() => new Float64Array(0));
  const result: Record<string, HorizonEvaluation> = {};
  m.horizonsMs.forEach((ms, k) => {
    const col = ds.horizonsMs.indexOf(ms);
    if (col < 0) throw new Error(`the evaluation data has no labels for horizon ${ms} ms`);
    const mh = m.horizons[horizonKey(ms)];
    const ridge = ridgeFromManifest(mh);
    const feature = ds.featureNames.indexOf(mh.bestFeature.name);
    const label = new Float64Array(ds.n);
    const base = new Float64Array(ds.n);
    const single = new Float64Array(ds.n);
    for (let i = 0; i < ds.n; i++) {
      label[i] = ds.y[i * hs + col];
      base[i] = predictRidge(ridge, ds.x, i * f);
      single[i] = mh.bestFeature.sign * ds.x[i * f + feature];
    }
    const model = scorePredictions(preds[k], label);
    result[horizonKey(ms)] = {
      ic: num(model.ic), pearson: num(model.pearson), hitRate: num(model.hitRate),
      baselineIc: num(scorePredictions(base, label).ic),
      bestFeature: mh.bestFeature.name, bestFeatureIc: num(scorePredictions(single, label).ic),
      rows: model.rows,
    };
  });
  return result;
}
