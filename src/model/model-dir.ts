/**
 * A model directory: `model.onnx` (src/model/export-onnx.ts) and `manifest.json`
 * (src/model/manifest.ts) beside it. Writing goes through temporary files renamed
 * into place, manifest last, so a reader never sees a manifest for another graph.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Dataset } from './dataset.js';
import { treeStats } from './ensemble.js';
import { exportOnnx, INPUT_NAME, ONNX_IR_VERSION, ONNX_ML_OPSET, ONNX_OPSET } from './export-onnx.js';
import { horizonKey, predictionName } from './horizons.js';
import { BPS } from './labels.js';
import {
  MANIFEST_FILE, MANIFEST_FORMAT, MANIFEST_VERSION, ONNX_FILE, type JsonMetrics, type ManifestHorizon, type ModelManifest, type TimeSpan,
} from './manifest.js';
import type { Metrics } from './metrics.js';
import type { RidgeModel } from './ridge.js';
import type { TrainOptions, TrainResult } from './trainer.js';

/** What the manifest says about where the data came from. */
export interface TrainingSource {
  instrument: { exchange: string; market: string; symbol: string };
  sources: Array<{ sourceNo: number; digest: string; files: string[] }>;
  engine: string;
}

export const LABEL_DEFINITION =
  `${BPS} × ln(mid(j) / mid(i)), j = the first l2_features row with exchange time >= t_i + horizon, within the same recording; ` +
  'NaN (row not used for that horizon) when no such row exists or a mid is undefined';

const json = (m: Metrics): JsonMetrics => ({
  ic: Number.isFinite(m.ic) ? m.ic : null, pearson: Number.isFinite(m.pearson) ? m.pearson : null,
  hitRate: Number.isFinite(m.hitRate) ? m.hitRate : null, rows: m.rows,
});

/** Rows and time span of a part (ascending row indices). */
function span(ds: Dataset, rows: Uint32Array): TimeSpan {
  return rows.length > 0 ? { rows: rows.length, firstTsMs: ds.tsMs[rows[0]], lastTsMs: ds.tsMs[rows[rows.length - 1]] } : { rows: 0, firstTsMs: null, lastTsMs: null };
}

/** The manifest of a trained model whose graph has digest `onnxSha256`. */
export function buildManifest(ds: Dataset, o: TrainOptions, r: TrainResult, src: TrainingSource, onnxSha256: string): ModelManifest {
  const horizons: Record<string, ManifestHorizon> = {};
  r.ensemble.horizons.forEach((h, k) => {
    const rep = r.reports[k];
    const st = treeStats(h);
    horizons[horizonKey(h.horizonMs)] = {
      horizonMs: h.horizonMs, output: predictionName(h.horizonMs),
      split: {
        train: span(ds, rep.parts.train), valid: span(ds, rep.parts.valid), test: span(ds, rep.parts.test),
        purgeMs: rep.purgeMs, purgedRows: rep.parts.purged,
      },
      trees: st.trees, leaves: st.leaves, maxDepth: st.maxDepth, roundsTrained: rep.roundsTrained, treeBase: h.treeBase, treeWeight: h.treeWeight,
      ridge: {
        alpha: h.ridge.alpha, intercept: h.ridge.intercept, weight: Array.from(h.ridge.weight), fill: Array.from(h.ridge.fill),
        ...(h.ridge.clip && { clip: { lo: Array.from(h.ridge.clip.lo), hi: Array.from(h.ridge.clip.hi) } }),
      },
      labelClip: rep.labelClip,
      bestFeature: { name: ds.featureNames[rep.bestFeature.index], sign: rep.bestFeature.sign, trainIc: Number.isFinite(rep.bestFeature.trainIc) ? rep.bestFeature.trainIc : null },
      test: rep.test && { model: json(rep.test.model), ridge: json(rep.test.ridge), bestFeature: json(rep.test.bestFeature) },
    };
  });
  const f = ds.featureNames.length;
  return {
    format: MANIFEST_FORMAT, formatVersion: MANIFEST_VERSION, engine: src.engine,
    onnx: {
      file: ONNX_FILE, sha256: onnxSha256, irVersion: ONNX_IR_VERSION,
      opsets: r.ensemble.combine === 'ridge' ? { '': ONNX_OPSET } : { '': ONNX_OPSET, 'ai.onnx.ml': ONNX_ML_OPSET },
      input: { name: INPUT_NAME, dtype: 'float64', shape: ['N', f] },
      outputs: r.ensemble.horizons.map((h) => ({ name: predictionName(h.horizonMs), horizonMs: h.horizonMs, unit: 'bps' as const, dtype: 'float64' as const, shape: ['N', 1] as [string, number] })),
    },
    features: {
      names: [...ds.featureNames], featureSetVersion: ds.featureSetVersion,
      used: r.used.map((j) => ds.featureNames[j]), excluded: [...o.exclude],
    },
    horizonsMs: [...o.horizonsMs],
    label: { definition: LABEL_DEFINITION, unit: 'bps' },
    training: {
      instrument: src.instrument, sources: src.sources,
      all: ds.n > 0 ? { rows: ds.n, firstTsMs: ds.tsMs[0], lastTsMs: ds.tsMs[ds.n - 1] } : { rows: 0, firstTsMs: null, lastTsMs: null },
    },
    combine: r.ensemble.combine,
    hyperParameters: { trees: { ...o.trees }, ridgeAlphas: [...o.ridgeAlphas], ridgeClipSd: o.ridgeClipSd, labelClipQuantile: o.labelClipQuantile, validFraction: o.validFraction, testFraction: o.testFraction, purgeMs: o.purgeMs ?? 'the horizon' },
    seed: o.seed,
    horizons,
  };
}

function writeAtomic(path: string, bytes: Uint8Array | string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, path);
}

/** Exports the graph and writes the model directory; returns the manifest written. */
export function saveModel(dir: string, ds: Dataset, o: TrainOptions, r: TrainResult, src: TrainingSource): ModelManifest {
  const bytes = exportOnnx(r.ensemble, src.engine);
  const sha = createHash('sha256').update(bytes).digest('hex');
  const manifest = buildManifest(ds, o, r, src, sha);
  mkdirSync(dir, { recursive: true });
  writeAtomic(join(dir, ONNX_FILE), bytes);
  writeAtomic(join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** The ridge baseline of a manifest horizon, as the trainer's RidgeModel. */
export function ridgeFromManifest(h: ManifestHorizon): RidgeModel {
  const c = h.ridge.clip;
  return {
    alpha: h.ridge.alpha, intercept: h.ridge.intercept, weight: Float64Array.from(h.ridge.weight), fill: Float64Array.from(h.ridge.fill),
    clip: c && { lo: Float64Array.from(c.lo), hi: Float64Array.from(c.hi) },
  };
}
