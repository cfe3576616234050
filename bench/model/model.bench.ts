/**
 * Models (src/model/): inference latency through onnxruntime-node, per call of
 * one row (all horizons) and of a batch of 1024 rows, against the trainer's own
 * TypeScript evaluation of the same ensemble; training time on 100 k rows × 51
 * features (one horizon, a fixed number of rounds: early stopping off, so the
 * time does not depend on when the validation loss turns) with each histogram
 * backend (ts | wasm | native: the same trees bit for bit), and the histogram
 * kernel alone per backend, at the root (60 k rows × 51 features) and at a small
 * node (1 k rows × 36 features, where the WASM copies in and out weigh most).
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
import type { BackendChoice } from '../../src/book/backends.js';
import type { BackendName } from '../../src/book/types.js';
import type { Dataset } from '../../src/model/dataset.js';
import { predictEnsemble } from '../../src/model/ensemble.js';
import { HIST_STRIDE } from '../../src/model/histogram.js';
import { createHistogramKernel } from '../../src/model/histogram-backends.js';
import type { HistogramKernel } from '../../src/model/histogram-kernel.js';
import { createNativeHistogramKernel } from '../../src/model/histogram-native.js';
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

function options(horizonsMs: number[], rounds: number, kernels: BackendChoice = 'auto'): TrainOptions {
  return {
    horizonsMs, seed: 1, combine: 'blend', exclude: [], ridgeAlphas: [1e-3, 1e-1, 10], ridgeClipSd: 3, labelClipQuantile: 0.01, validFraction: 0.2, testFraction: 0.2, kernels,
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

const BACKENDS: readonly BackendName[] = ['ts', 'wasm', 'native'];

/** The kernel of `backend`, or why it cannot run here (the row then says so). */
function tryKernel(make: () => HistogramKernel): HistogramKernel | string {
  try {
    return make();
  } catch (err) {
    return (err as Error).message;
  }
}

/** Training on 100 k rows × 51 features, one horizon, `rounds` rounds, per histogram backend; median of `runs` runs. */
function benchTraining(cfg: BenchConfig, ds: Dataset): BenchRow[] {
  const n = ds.n;
  const rounds = cfg.quick ? 10 : 100;
  const runs = cfg.quick ? 1 : 3;
  const out: BenchRow[] = [];
  for (const backend of BACKENDS) {
    const task = `${n} rows × ${F} features, 1 horizon, ${rounds} rounds (ridge + trees + metrics), ${backend} histograms`;
    const probe = tryKernel(() => createHistogramKernel(backend));
    if (typeof probe === 'string') { out.push({ suite: 'model training', task, meanMs: NaN, samples: 0, note: probe }); continue; }
    probe.close();
    const times: number[] = [];
    const cpu: number[] = [];
    let trees = 0;
    for (let r = 0; r < runs; r++) {
      const t0 = process.hrtime.bigint();
      const c0 = process.cpuUsage();
      const res = trainEnsemble(ds, options([1000], rounds, backend));
      const c = process.cpuUsage(c0);
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      cpu.push((c.user + c.system) / 1e3);
      trees = res.ensemble.horizons[0].trees.length;
    }
    const ms = median(times);
    out.push({ suite: 'model training', task, meanMs: sig3(ms), samples: runs, cpuMs: sig3(median(cpu)), msPerRound: sig3(ms / rounds), trees });
  }
  return out;
}

/**
 * The histogram kernel alone, per backend: `rowCount` rows (ascending, as the
 * trainer passes a node's rows) × `featCount` features; median over `reps` calls.
 */
function benchKernels(cfg: BenchConfig, ds: Dataset): BenchRow[] {
  const n = ds.n;
  const train = Uint32Array.from({ length: Math.round(n * 0.6) }, (_, i) => i);
  const fb = fitBins(ds.x, F, train, 64);
  const bins = binMatrix(ds.x, n, F, fb);
  const grad = Float64Array.from({ length: n }, (_, i) => ds.y[i]);
  const rnd = prng(3);
  const small = train.filter(() => rnd() < 1000 / train.length);
  const shapes = [
    { label: 'root', rows: train, feats: Int32Array.from({ length: F }, (_, j) => j), reps: cfg.quick ? 5 : 40 },
    { label: 'small node', rows: small, feats: Int32Array.from({ length: 36 }, (_, j) => j + 8), reps: cfg.quick ? 200 : 4000 },
  ];
  const variants: Array<[string, () => HistogramKernel]> = [
    ...BACKENDS.map((b) => [b, () => createHistogramKernel(b)] as [string, () => HistogramKernel]),
    ['native plain loops', () => createNativeHistogramKernel('plain')],
  ];
  const rows: BenchRow[] = [];
  for (const { label, rows: r, feats, reps } of shapes) {
    const out = new Float64Array(feats.length * HIST_STRIDE);
    for (const [name, make] of variants) {
      const task = `histogram kernel (${name}), ${label}: ${r.length} rows × ${feats.length} features`;
      const k = tryKernel(make);
      if (typeof k === 'string') { rows.push({ suite: 'model training', task, meanMs: NaN, samples: 0, note: k }); continue; }
      k.bind(bins, n, F);
      for (let i = 0; i < Math.min(reps, 20); i++) k.buildBatch(r, r.length, grad, feats, feats.length, out); // warm-up (and WASM tier-up)
      const t: number[] = [];
      const c0 = process.cpuUsage();
      for (let i = 0; i < reps; i++) {
        const t0 = process.hrtime.bigint();
        k.buildBatch(r, r.length, grad, feats, feats.length, out);
        t.push(Number(process.hrtime.bigint() - t0));
      }
      const c = process.cpuUsage(c0);
      k.close();
      const ns = median(t);
      const cpuNs = ((c.user + c.system) * 1e3) / reps;
      rows.push({
        suite: 'model training', task, meanMs: sig3(ns / 1e6), samples: reps,
        mRowsPerSec: sig3((r.length / ns) * 1e3), nsPerRowFeature: sig3(ns / (r.length * feats.length)), cpuUsPerCall: sig3(cpuNs / 1e3),
      });
    }
  }
  return rows;
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
  // BTC_ENGINE_BENCH_MODEL_PARTS=training,kernel skips the others (default: all three).
  const parts = (process.env.BTC_ENGINE_BENCH_MODEL_PARTS ?? 'inference,training,kernel').split(',');
  const ds = syntheticDataset(cfg.quick ? 20_000 : 100_000, [1000], 7);
  return [
    ...(parts.includes('inference') ? await benchInference(cfg) : []),
    ...(parts.includes('training') ? benchTraining(cfg, ds) : []),
    ...(parts.includes('kernel') ? benchKernels(cfg, ds) : []),
  ];
}
