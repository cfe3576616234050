/**
 * Models (src/model/): inference latency through onnxruntime-node, per call of
 * one row (all horizons) and of a batch of 1024 rows, against the trainer's own
 * TypeScript evaluation of the same ensemble; training time on 100 k rows × 51
 * features (one horizon, a fixed number of rounds: early stopping off, so the
 * time does not depend on when the validation loss turns), and the histogram
 * kernel alone.
 *
 * Data: synthetic rows with the shape of the core feature set (51 columns, 3 %
 * NaN) and a planted non-linear signal, so the trees grow to their leaf limit;
 * the model has the default tree settings (31 leaves, depth 6) and 200 trees per
 * horizon over 3 horizons, which is larger than what early stopping keeps on the
 * recordings (docs/MODELS.md) and so an upper bound on the latency.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Bench } from 'tinybench';
import { prng } from '../../src/feed/demo-stream.js';
import { binMatrix, fitBins } from '../../src/model/binning.js';
import type { Dataset } from '../../src/model/dataset.js';
import { predictEnsemble } from '../../src/model/ensemble.js';
import { buildHistogramsBatch, HIST_STRIDE } from '../../src/model/histogram.js';
import { ModelRunner } from '../../src/model/infer.js';
import { saveModel } from '../../src/model/model-dir.js';
import { trainEnsemble, type TrainOptions } from '../../src/model/trainer.js';
import { CORE_FEATURES, FEATURE_SET_VERSION } from '../../src/features/registry.js';
import { reportFailure, sig3, type BenchConfig, type BenchRow } from '../lib.js';

const F = CORE_FEATURES.length;
const NAMES = CORE_FEATURES.map((d) => d.name);

function gauss(rnd: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
}

/** n rows 100 ms apart, 51 columns, 3 % NaN, labels for `horizons` from a planted function of columns 8 and 17 plus noise. */
function syntheticDataset(n: number, horizonsMs: number[], seed: number): Dataset {
  const rnd = prng(seed);
  const h = horizonsMs.length;
  const x = new Float64Array(n * F);
  const y = new Float64Array(n * h);
  const ts = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    ts[i] = 1_700_000_000_000 + i * 100;
    for (let j = 0; j < F; j++) x[i * F + j] = rnd() < 0.03 ? NaN : gauss(rnd);
    const a = x[i * F + 8] || 0;
    const b = x[i * F + 17] || 0;
    for (let k = 0; k < h; k++) y[i * h + k] = (k + 1) * (Math.tanh(2 * a) * b + 0.3 * a) + gauss(rnd);
  }
  return { n, featureNames: NAMES, featureSetVersion: FEATURE_SET_VERSION, horizonsMs, tsMs: ts, x, y };
}

function options(horizonsMs: number[], rounds: number): TrainOptions {
  return {
    horizonsMs, seed: 1, combine: 'blend', exclude: [], ridgeAlphas: [1e-3, 1e-1, 10], validFraction: 0.2, testFraction: 0.2,
    trees: {
      rounds, learningRate: 0.05, maxDepth: 6, maxLeaves: 31, minSamplesLeaf: 200, lambdaL2: 10, minGain: 0,
      rowSubsample: 0.7, featureSubsample: 0.7, earlyStoppingRounds: rounds, maxBins: 64,
    },
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Training on 100 k rows × 51 features, one horizon, `rounds` rounds; median of `runs` runs. */
function benchTraining(cfg: BenchConfig): BenchRow[] {
  const n = cfg.quick ? 20_000 : 100_000;
  const rounds = cfg.quick ? 10 : 100;
  const runs = cfg.quick ? 1 : 3;
  const ds = syntheticDataset(n, [1000], 7);
  const times: number[] = [];
  const cpu: number[] = [];
  let trees = 0;
  for (let r = 0; r < runs; r++) {
    const t0 = process.hrtime.bigint();
    const c0 = process.cpuUsage();
    const res = trainEnsemble(ds, options([1000], rounds));
    const c = process.cpuUsage(c0);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    cpu.push((c.user + c.system) / 1e3);
    trees = res.ensemble.horizons[0].trees.length;
  }
  const ms = median(times);
  // The kernel alone: root histograms of all 51 features over the training part.
  const rows = Uint32Array.from({ length: Math.round(n * 0.6) }, (_, i) => i);
  const fb = fitBins(ds.x, F, rows, 64);
  const bins = binMatrix(ds.x, n, F, fb);
  const grad = Float64Array.from({ length: n }, (_, i) => ds.y[i]);
  const feats = Int32Array.from({ length: F }, (_, j) => j);
  const out = new Float64Array(F * HIST_STRIDE);
  const scratch = new Float64Array(rows.length);
  const kt: number[] = [];
  for (let r = 0; r < (cfg.quick ? 3 : 20); r++) {
    const t0 = process.hrtime.bigint();
    buildHistogramsBatch(bins, n, rows, rows.length, grad, feats, F, scratch, out);
    kt.push(Number(process.hrtime.bigint() - t0));
  }
  const kns = median(kt);
  return [
    { suite: 'model training', task: `${n} rows × ${F} features, 1 horizon, ${rounds} rounds (ridge + trees + metrics)`, meanMs: sig3(ms), samples: runs, cpuMs: sig3(median(cpu)), msPerRound: sig3(ms / rounds), trees },
    { suite: 'model training', task: `histogram kernel (TS): ${rows.length} rows × ${F} features`, meanMs: sig3(kns / 1e6), samples: kt.length, nsPerRowFeature: sig3(kns / (rows.length * F)) },
  ];
}

/** onnxruntime latency per call: 1 row and 1024 rows, all horizons; and the TS evaluator on the same rows. */
async function benchInference(cfg: BenchConfig): Promise<BenchRow[]> {
  const horizons = [1000, 10_000, 60_000];
  const ds = syntheticDataset(cfg.quick ? 20_000 : 60_000, horizons, 3);
  const trained = trainEnsemble(ds, options(horizons, cfg.quick ? 20 : 200));
  const dir = mkdtempSync(join(tmpdir(), 'btc-engine-bench-model-'));
  saveModel(dir, ds, options(horizons, 200), trained, { engine: 'bench', instrument: { exchange: 'bybit', market: 'linear', symbol: 'BTCUSDT' }, sources: [] });
  const runner = await ModelRunner.open(dir, { names: NAMES, featureSetVersion: FEATURE_SET_VERSION });
  const e = trained.ensemble;
  const trees = e.horizons.reduce((s, h) => s + h.trees.length, 0);
  const one = ds.x.slice(0, F);
  const batch = ds.x.slice(0, 1024 * F);
  const bench = new Bench({ time: cfg.timeMs, iterations: cfg.iterations, warmupTime: Math.min(200, cfg.timeMs) });
  bench.add('onnxruntime: 1 row, 3 horizons', async () => { await runner.predict(one, 1); });
  bench.add('onnxruntime: 1024 rows, 3 horizons', async () => { await runner.predict(batch, 1024); });
  bench.add('TS evaluator: 1 row, 3 horizons', () => { predictEnsemble(e, one, 1); });
  bench.add('TS evaluator: 1024 rows, 3 horizons', () => { predictEnsemble(e, batch, 1024); });
  // CPU time per call over a fixed loop, beside tinybench's wall time: on a shared
  // machine the wall time includes waiting for a core, the CPU time does not.
  const cpuUs = new Map<string, number>();
  const loops: Array<[string, () => Promise<unknown> | unknown, number]> = [
    ['onnxruntime: 1 row, 3 horizons', () => runner.predict(one, 1), cfg.quick ? 200 : 5000],
    ['onnxruntime: 1024 rows, 3 horizons', () => runner.predict(batch, 1024), cfg.quick ? 5 : 50],
    ['TS evaluator: 1 row, 3 horizons', () => predictEnsemble(e, one, 1), cfg.quick ? 200 : 5000],
    ['TS evaluator: 1024 rows, 3 horizons', () => predictEnsemble(e, batch, 1024), cfg.quick ? 5 : 50],
  ];
  for (const [name, fn, k] of loops) {
    const c0 = process.cpuUsage();
    for (let i = 0; i < k; i++) await fn();
    const c = process.cpuUsage(c0);
    cpuUs.set(name, (c.user + c.system) / k);
  }
  const rows: BenchRow[] = [];
  for (const t of await bench.run()) {
    const r = t.result;
    if (!r || !('latency' in r)) { reportFailure(t); continue; }
    const perCall = r.latency.mean;
    const n = t.name.includes('1024') ? 1024 : 1;
    rows.push({
      suite: `model inference (${trees} trees, ${e.combine})`, task: t.name, meanMs: sig3(perCall), samples: r.latency.samplesCount ?? 0,
      usPerCall: sig3(perCall * 1e3), p50Us: sig3((r.latency.p50 ?? NaN) * 1e3), p99Us: sig3((r.latency.p99 ?? NaN) * 1e3),
      usPerRow: sig3((perCall * 1e3) / n), cpuUsPerCall: sig3(cpuUs.get(t.name) ?? NaN),
    });
  }
  await runner.close();
  rmSync(dir, { recursive: true, force: true });
  return rows;
}

export async function benchModel(cfg: BenchConfig): Promise<BenchRow[]> {
  return [...(await benchInference(cfg)), ...benchTraining(cfg)];
}
