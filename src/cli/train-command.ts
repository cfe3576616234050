/**
 * `btc-engine train --store DIR --out MODELDIR`: labels the store's feature rows
 * (written to l2_training_data), trains the ensemble per horizon with
 * time-ordered splits, and writes model.onnx + manifest.json. A progress line on
 * a terminal; a summary per horizon on stderr; on stdout the test-part report in
 * the format of `btc-engine evaluate` (one JSON object).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BackendChoice } from '../book/backends.js';
import { loadConfig } from '../config/load.js';
import { UsageError } from '../errors.js';
import { PROJECT_ROOT } from '../native/load.js';
import { readTrainingDataset, timeRange } from '../model/dataset.js';
import type { Combine } from '../model/ensemble.js';
import { resolveHistogramBackend } from '../model/histogram-backends.js';
import { horizonKey, parseHorizons } from '../model/horizons.js';
import { writeLabels } from '../model/labels.js';
import { saveModel } from '../model/model-dir.js';
import { trainEnsemble, type TrainOptions } from '../model/trainer.js';
import { Store } from '../store/store.js';
import { parseTimeArg } from './time-arg.js';
import { ProgressBar } from './progress.js';

export interface TrainCommandOptions {
  store?: string;
  out?: string;
  config?: string;
  /** Histogram kernel (overrides config kernels). */
  backend?: BackendChoice;
  horizons?: string;
  seed?: number;
  combine?: Combine;
  rounds?: number;
  learningRate?: number;
  maxDepth?: number;
  maxLeaves?: number;
  minLeaf?: number;
  rowSubsample?: number;
  featureSubsample?: number;
  earlyStopping?: number;
  labelClip?: number;
  ridgeClip?: number;
  valid?: number;
  test?: number;
  purgeMs?: number;
  exclude?: string;
  from?: string;
  to?: string;
}

const WHO = 'btc-engine train';

/** This engine's name and version (the manifest and the ONNX producer). */
export function engineName(): string {
  try {
    return `btc-engine ${(JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version}`;
  } catch {
    return 'btc-engine';
  }
}

const fmt = (v: number | null | undefined): string => (v === null || v === undefined || Number.isNaN(v) ? '–' : v.toFixed(4));

export async function runTrain(o: TrainCommandOptions): Promise<number> {
  const cfg = loadConfig(o.config, [
    [['kernels'], o.backend], [['store', 'dir'], o.store], [['model', 'dir'], o.out], [['model', 'horizons'], o.horizons?.split(',')],
    [['model', 'seed'], o.seed], [['model', 'combine'], o.combine],
    [['model', 'trees', 'rounds'], o.rounds], [['model', 'trees', 'learningRate'], o.learningRate],
    [['model', 'trees', 'maxDepth'], o.maxDepth], [['model', 'trees', 'maxLeaves'], o.maxLeaves],
    [['model', 'trees', 'minSamplesLeaf'], o.minLeaf], [['model', 'trees', 'rowSubsample'], o.rowSubsample],
    [['model', 'trees', 'featureSubsample'], o.featureSubsample], [['model', 'trees', 'earlyStoppingRounds'], o.earlyStopping],
    [['model', 'labelClipQuantile'], o.labelClip], [['model', 'ridge', 'clipSd'], o.ridgeClip],
    [['model', 'split', 'valid'], o.valid], [['model', 'split', 'test'], o.test], [['model', 'split', 'purgeMs'], o.purgeMs],
    [['model', 'exclude'], o.exclude === undefined ? undefined : o.exclude.split(',').filter((s) => s !== '')],
  ]);
  const storeDir = cfg.store.dir;
  const outDir = cfg.model.dir;
  if (!storeDir) throw new UsageError('--store DIR is required (or config store.dir)');
  if (!outDir) throw new UsageError('--out MODELDIR is required (or config model.dir)');
  let horizonsMs: number[];
  try {
    horizonsMs = parseHorizons(cfg.model.horizons);
  } catch (err) {
    throw new UsageError(`--horizons: ${(err as Error).message}`);
  }
  const fromMs = parseTimeArg('--from', o.from);
  const toMs = parseTimeArg('--to', o.to);
  const m = cfg.model;
  const opts: TrainOptions = {
    horizonsMs, seed: m.seed, combine: m.combine, exclude: m.exclude, trees: { ...m.trees }, ridgeAlphas: m.ridge.alphas, ridgeClipSd: m.ridge.clipSd, labelClipQuantile: m.labelClipQuantile,
    validFraction: m.split.valid, testFraction: m.split.test, purgeMs: m.split.purgeMs, kernels: resolveHistogramBackend(cfg.kernels),
  };
  const note = (s: string): void => { process.stderr.write(`${WHO}: ${s}\n`); };
  const bar = new ProgressBar();
  const store = Store.open(storeDir, { onNote: note, writer: 'btc-engine train' });
  try {
    const labels = writeLabels(store, horizonsMs, (done, total) => bar.update(done / total, `labels: ${done} of ${total} rows`));
    bar.done();
    note(`labels ${labels.written ? 'written' : 'up to date'}: ${labels.labelled} of ${labels.rows} rows in l2_training_data ` +
      `(${horizonsMs.map((h, k) => `${horizonKey(h)}: ${labels.perHorizon[k]}`).join(', ')})`);
    const ds = timeRange(readTrainingDataset(store, horizonsMs), fromMs, toMs);
    let result;
    try {
      result = trainEnsemble(ds, opts, (stage) => bar.update(undefined, stage));
    } catch (err) {
      if (err instanceof RangeError) throw new UsageError(err.message);
      throw err;
    }
    bar.done();
    const meta = store.meta();
    const manifest = saveModel(outDir, ds, opts, result, {
      engine: engineName(),
      instrument: { exchange: meta.instrument.exchange, market: meta.instrument.market, symbol: meta.instrument.symbol },
      sources: store.ingestRuns().map((r) => ({ sourceNo: r.sourceNo, digest: r.digest, files: r.files.map((f) => f.name) })),
    });
    note(`model ${outDir}: ${opts.combine}, ${ds.n} rows, seed ${opts.seed}; histogram kernel ${opts.kernels}`);
    const report: Record<string, unknown> = {};
    for (const [key, h] of Object.entries(manifest.horizons)) {
      const t = h.test;
      note(`  ${key.padEnd(6)} rows train ${h.split.train.rows} / validation ${h.split.valid.rows} / test ${h.split.test.rows} (${h.split.purgedRows} purged); ` +
        `${h.trees} trees (${h.roundsTrained} rounds), ridge α ${h.ridge.alpha}, blend ${h.treeWeight}; ` +
        `test IC model ${fmt(t?.model.ic)} · ridge ${fmt(t?.ridge.ic)} · ${h.bestFeature.name} ${fmt(t?.bestFeature.ic)}; hit rate ${fmt(t?.model.hitRate)}`);
      report[key] = t && {
        ic: t.model.ic, pearson: t.model.pearson, hitRate: t.model.hitRate, baselineIc: t.ridge.ic,
        bestFeature: h.bestFeature.name, bestFeatureIc: t.bestFeature.ic, rows: t.model.rows,
      };
    }
    process.stdout.write(`${JSON.stringify({ horizons: report })}\n`);
  } finally {
    bar.done();
    await store.close();
  }
  return 0;
}
