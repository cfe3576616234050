/**
 * The three histogram backends agree bit for bit (issue 6, item 2): TS reference =
 * WASM = native (both loop variants) on histograms of real feature rows from
 * ../shared/data, binned by src/model/binning.ts, over random row and feature
 * subsets; a whole training run gives byte-identical model.onnx and
 * manifest.json whichever backend builds the histograms; bad arguments fail with
 * the same TypeError / RangeError text in every backend; the status codes of the
 * three copies (TS, AssemblyScript, C++) are the same numbers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BackendName } from '../../src/book/types.js';
import { DEFAULT_EXCLUDED_FEATURES } from '../../src/config/model-section.js';
import { prng } from '../../src/feed/demo-stream.js';
import { CORE_FEATURES } from '../../src/features/registry.js';
import { ROW_FEATURES, ROW_TS_MS } from '../../src/layout/feature-row.js';
import { PROJECT_ROOT } from '../../src/native/load.js';
import { binMatrix, fitBins } from '../../src/model/binning.js';
import type { Dataset } from '../../src/model/dataset.js';
import { HIST_STRIDE } from '../../src/model/histogram.js';
import { createHistogramKernel, resolveHistogramBackend, TsHistogramKernel } from '../../src/model/histogram-backends.js';
import { HIST_E_FEATURE, HIST_E_ROW, HIST_E_SIZE, HIST_OK, type HistogramKernel } from '../../src/model/histogram-kernel.js';
import { createNativeHistogramKernel } from '../../src/model/histogram-native.js';
import { createWasmHistogramKernel } from '../../src/model/histogram-wasm.js';
import { forwardReturnsBps } from '../../src/model/labels.js';
import { MANIFEST_FILE, ONNX_FILE } from '../../src/model/manifest.js';
import { saveModel } from '../../src/model/model-dir.js';
import { trainEnsemble, type TrainOptions } from '../../src/model/trainer.js';
import { runFeatureFiles } from '../helpers/feature-diff.js';
import { sharedFile, STREAMS } from '../helpers/shared-data.js';
import { gauss } from './synthetic.js';

const NAMES = CORE_FEATURES.map((d) => d.name);
const F = NAMES.length;

/** Every kernel under test, the TS reference first. */
function kernels(): Array<{ name: string; k: HistogramKernel }> {
  return [
    { name: 'ts', k: new TsHistogramKernel() },
    { name: 'wasm', k: createWasmHistogramKernel() },
    { name: 'native unrolled', k: createNativeHistogramKernel('unrolled') },
    { name: 'native plain', k: createNativeHistogramKernel('plain') },
  ];
}

/** Core feature rows of a shared stream (native feature kernel: issue 3 holds it equal to TS) with its 1 s and 10 s labels. */
function realDataset(stream: string): Dataset {
  const s = STREAMS.find((x) => x.name === stream)!;
  const run = runFeatureFiles(s.files.map(sharedFile), 'native', {});
  const n = run.n;
  const x = new Float64Array(n * F);
  const tsMs = new Float64Array(n);
  const mid = new Float64Array(n);
  const midCol = NAMES.indexOf('mid_px');
  for (let i = 0; i < n; i++) {
    const b = i * run.stride;
    tsMs[i] = run.rows[b + ROW_TS_MS];
    x.set(run.rows.subarray(b + ROW_FEATURES, b + ROW_FEATURES + F), i * F);
    mid[i] = x[i * F + midCol];
  }
  const horizonsMs = [1000, 10_000];
  const y = new Float64Array(n * horizonsMs.length);
  const tl = { n, tsMs, u: new Float64Array(n), mid, segment: new Int32Array(n) };
  horizonsMs.forEach((h, k) => forwardReturnsBps(tl, h, y, horizonsMs.length, k));
  return { n, featureNames: NAMES, featureSetVersion: 1, horizonsMs, tsMs, x, y };
}

/** k distinct ascending draws from [0, n). */
function sortedSubset(n: number, k: number, rnd: () => number): Uint32Array {
  const out = new Uint32Array(k);
  for (let i = 0, m = 0, need = k; i < n && need > 0; i++) if (rnd() * (n - i) < need) { out[m++] = i; need--; }
  return out;
}

function bytesOf(a: Float64Array, m: number): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, m * 8);
}

for (const stream of ['bybit-shaped derived', 'bybit linear', 'binance usdm']) {
  test(`ts = wasm = native histograms, bit for bit, on real feature rows: ${stream}`, { timeout: 300_000 }, () => {
    const ds = realDataset(stream);
    const n = ds.n;
    assert.ok(n > 300, `${stream}: feature rows`);
    const rnd = prng(n);
    // Gradients with the scale and ties of a real first round: label − mean, NaN labels replaced by noise.
    let mean = 0, m = 0;
    for (let i = 0; i < n; i++) { const v = ds.y[i * 2]; if (!Number.isNaN(v)) { mean += v; m++; } }
    mean /= Math.max(1, m);
    const grad = Float64Array.from({ length: n }, (_, i) => (Number.isNaN(ds.y[i * 2]) ? gauss(rnd) : mean - ds.y[i * 2]));
    const all = Uint32Array.from({ length: n }, (_, i) => i);
    for (const maxBins of [255, 64, 2]) {
      const bins = binMatrix(ds.x, n, F, fitBins(ds.x, F, all, maxBins));
      const ks = kernels();
      for (const { k } of ks) k.bind(bins, n, F);
      const outs = ks.map(() => new Float64Array(F * HIST_STRIDE + 16));
      const cases: Array<{ rows: Uint32Array; feats: Int32Array }> = [
        { rows: all, feats: Int32Array.from({ length: F }, (_, j) => j) },
        { rows: new Uint32Array(0), feats: Int32Array.of(3, 1) },
      ];
      for (let c = 0; c < 40; c++) {
        const rowCount = c < 8 ? c : 1 + Math.floor(rnd() * n);
        const featCount = 1 + Math.floor(rnd() * F);
        const rows = sortedSubset(n, Math.min(rowCount, n), rnd);
        // Ascending distinct features as the trainer draws them, or any order with repeats.
        const feats = c % 3 === 0
          ? Int32Array.from({ length: featCount }, () => Math.floor(rnd() * F))
          : Int32Array.from(sortedSubset(F, featCount, rnd));
        cases.push({ rows: c % 5 === 4 ? rows.reverse() : rows, feats });
      }
      for (const { rows, feats } of cases) {
        const size = feats.length * HIST_STRIDE;
        ks.forEach(({ k }, i) => { outs[i].fill(-1); k.buildBatch(rows, rows.length, grad, feats, feats.length, outs[i]); });
        const ref = bytesOf(outs[0], size);
        for (let i = 1; i < ks.length; i++) {
          assert.ok(bytesOf(outs[i], size).equals(ref),
            `${stream}, maxBins ${maxBins}, ${rows.length} rows × ${feats.length} features: ${ks[i].name} differs from ts`);
          assert.equal(outs[i][size], -1, `${ks[i].name} wrote past featCount × HIST_STRIDE`);
        }
        // Counts sum to the row count in every feature slot.
        for (let s = 0; s < feats.length; s++) {
          let cnt = 0;
          for (let b = 1; b < HIST_STRIDE; b += 2) cnt += outs[0][s * HIST_STRIDE + b];
          assert.equal(cnt, rows.length);
        }
      }
      // The data is order-sensitive (so bit equality says the sums ran in row order):
      // the same rows added in reverse give other bits somewhere.
      const fwd = new Float64Array(F * HIST_STRIDE);
      const rev = new Float64Array(F * HIST_STRIDE);
      const every = Int32Array.from({ length: F }, (_, j) => j);
      ks[0].k.buildBatch(all, n, grad, every, F, fwd);
      ks[0].k.buildBatch(all.slice().reverse(), n, grad, every, F, rev);
      if (maxBins === 2) assert.ok(!bytesOf(fwd, fwd.length).equals(bytesOf(rev, rev.length)), `${stream}: sums do not depend on the order`);
      // Sibling subtraction: parent − child, bit for bit.
      const half = sortedSubset(n, n >> 1, rnd);
      const feats = Int32Array.from({ length: F }, (_, j) => j);
      const parent = new Float64Array(F * HIST_STRIDE);
      const child = new Float64Array(F * HIST_STRIDE);
      ks[0].k.buildBatch(all, n, grad, feats, F, parent);
      ks[0].k.buildBatch(half, half.length, grad, feats, F, child);
      const sibs = ks.map(({ k }) => { const o = new Float64Array(F * HIST_STRIDE); k.subtractBatch(parent, child, F, o); return bytesOf(o, o.length); });
      for (let i = 1; i < ks.length; i++) assert.ok(sibs[i].equals(sibs[0]), `${ks[i].name} subtraction differs from ts`);
      for (const { k } of ks) k.close();
    }
  });
}

test('wasm grows its buffers when a call has more rows or feature slots than the bound matrix', () => {
  const n = 50, f = 3;
  const rnd = prng(5);
  const bins = Uint8Array.from({ length: n * f }, () => Math.floor(rnd() * 256));
  const grad = Float64Array.from({ length: n }, () => gauss(rnd));
  const rows = Uint32Array.from({ length: 3 * n + 7 }, () => Math.floor(rnd() * n)); // repeats: more rows than nRows
  const feats = Int32Array.from({ length: 11 }, (_, s) => (s * 2) % f); // more slots than features
  const ks = kernels();
  const outs = ks.map(({ k }) => { k.bind(bins, n, f); const o = new Float64Array(feats.length * HIST_STRIDE); k.buildBatch(rows, rows.length, grad, feats, feats.length, o); return bytesOf(o, o.length); });
  for (let i = 1; i < ks.length; i++) assert.ok(outs[i].equals(outs[0]), `${ks[i].name} differs from ts`);
  for (const { k } of ks) k.close();
});

test('a training run gives byte-identical model.onnx and manifest.json with every histogram backend (real rows)', { timeout: 600_000 }, () => {
  const ds = realDataset('bybit-shaped derived');
  const o: TrainOptions = {
    horizonsMs: [1000, 10_000], seed: 11, combine: 'blend', exclude: DEFAULT_EXCLUDED_FEATURES, ridgeAlphas: [1e-3, 1e-1, 10], ridgeClipSd: 3, labelClipQuantile: 0.01,
    validFraction: 0.2, testFraction: 0.2,
    trees: {
      rounds: 40, learningRate: 0.1, maxDepth: 6, maxLeaves: 31, minSamplesLeaf: 50, lambdaL2: 10, minGain: 0,
      rowSubsample: 0.7, featureSubsample: 0.7, earlyStoppingRounds: 40, maxBins: 64,
    },
  };
  const source = { engine: 'btc-engine test', instrument: { exchange: 'bybit', market: 'linear', symbol: 'BTCUSDT' }, sources: [] };
  const files: Record<string, { onnx: Buffer; manifest: string; trees: number }> = {};
  for (const kernels of ['ts', 'wasm', 'native'] as const) {
    const dir = mkdtempSync(join(tmpdir(), `btc-engine-hist-${kernels}-`));
    try {
      const r = trainEnsemble(ds, { ...o, kernels });
      saveModel(dir, ds, { ...o, kernels }, r, source);
      files[kernels] = {
        onnx: readFileSync(join(dir, ONNX_FILE)), manifest: readFileSync(join(dir, MANIFEST_FILE), 'utf8'),
        trees: r.ensemble.horizons.reduce((s, h) => s + h.trees.length, 0),
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  assert.ok(files.ts.trees > 0, 'the run should keep some trees (else the histograms decided nothing)');
  for (const b of ['wasm', 'native']) {
    assert.ok(files[b].onnx.equals(files.ts.onnx), `model.onnx trained with ${b} histograms differs from ts`);
    assert.equal(files[b].manifest, files.ts.manifest, `manifest.json trained with ${b} histograms differs from ts`);
  }
});

test('bad arguments: the same TypeError / RangeError, naming the argument, from every backend', () => {
  const n = 10, f = 2;
  const bins = new Uint8Array(n * f);
  const grad = new Float64Array(n);
  const rows = Uint32Array.of(0, 1, 2);
  const feats = Int32Array.of(0, 1);
  const out = new Float64Array(f * HIST_STRIDE);
  const calls: Array<[string, (k: HistogramKernel) => void, { name: string; message: RegExp }]> = [
    ['bins length', (k) => k.bind(new Uint8Array(n * f - 1), n, f), { name: 'RangeError', message: /^bins\.length must equal nRows × nFeatures \(10 × 2 = 20\), was 19$/ }],
    ['nRows', (k) => k.bind(bins, -1, f), { name: 'RangeError', message: /^nRows must be an integer/ }],
    ['nFeatures', (k) => k.bind(bins, n, 2.5), { name: 'RangeError', message: /^nFeatures must be an integer/ }],
    ['bins type', (k) => k.bind(new Int8Array(20) as unknown as Uint8Array, n, f), { name: 'TypeError', message: /^bins must be a Uint8Array$/ }],
    ['rowCount', (k) => k.buildBatch(rows, 4, grad, feats, f, out), { name: 'RangeError', message: /^rowCount must be an integer in \[0, rows\.length \(3\)\], was 4$/ }],
    ['featCount', (k) => k.buildBatch(rows, 3, grad, feats, 3, out), { name: 'RangeError', message: /^featCount must be an integer in \[0, feats\.length \(2\)\], was 3$/ }],
    ['grad', (k) => k.buildBatch(rows, 3, new Float64Array(n - 1), feats, f, out), { name: 'RangeError', message: /^grad\.length must be at least nRows \(10\), was 9$/ }],
    ['out', (k) => k.buildBatch(rows, 3, grad, feats, f, new Float64Array(f * HIST_STRIDE - 1)), { name: 'RangeError', message: /^out\.length must be at least featCount × HIST_STRIDE/ }],
    ['rows type', (k) => k.buildBatch(Int32Array.of(0) as unknown as Uint32Array, 1, grad, feats, f, out), { name: 'TypeError', message: /^rows must be a Uint32Array$/ }],
    ['row index', (k) => k.buildBatch(Uint32Array.of(0, 9, 10, 2), 4, grad, feats, f, out), { name: 'RangeError', message: /^rows\[2\] must be a row index below nRows \(10\), was 10$/ }],
    ['feature index', (k) => k.buildBatch(rows, 3, grad, Int32Array.of(1, -1), 2, out), { name: 'RangeError', message: /^feats\[1\] must be a feature index in \[0, 2\), was -1$/ }],
    ['feature index high', (k) => k.buildBatch(rows, 3, grad, Int32Array.of(2), 1, out), { name: 'RangeError', message: /^feats\[0\] must be a feature index in \[0, 2\), was 2$/ }],
    ['subtract size', (k) => k.subtractBatch(out, new Float64Array(3), f, out), { name: 'RangeError', message: /^child\.length must be at least featCount × HIST_STRIDE/ }],
  ];
  for (const { name, k } of kernels()) {
    assert.throws(() => k.buildBatch(rows, 3, grad, feats, f, out), { message: /bind\(\) the binned matrix first/ }, `${name}: unbound`);
    for (const [what, call, expected] of calls) {
      k.bind(bins, n, f);
      assert.throws(() => call(k), expected, `${name}: ${what}`);
    }
    k.bind(bins, n, f);
    k.buildBatch(rows, 3, grad, feats, f, out); // still usable after the errors
    k.close();
    assert.throws(() => k.buildBatch(rows, 3, grad, feats, f, out), { message: /is closed/ }, `${name}: closed`);
  }
});

test('the native functions check sizes themselves (RangeError naming the argument) when called directly', async () => {
  const { nativeAddon } = await import('../../src/native/load.js');
  const build = nativeAddon()!['histBuildBatch'] as (...a: unknown[]) => number;
  const sub = nativeAddon()!['histSubtractBatch'] as (...a: unknown[]) => number;
  const bins = new Uint8Array(20);
  const out = new Float64Array(2 * HIST_STRIDE);
  const args = (): unknown[] => [bins, 10, 2, Uint32Array.of(0, 1), 2, new Float64Array(10), Int32Array.of(0, 1), 2, new Float64Array(2), out, 1];
  assert.equal(build(...args()), HIST_OK);
  const bad = (i: number, v: unknown): unknown[] => { const a = args(); a[i] = v; return a; };
  assert.throws(() => build(...bad(0, new Uint8Array(19))), { name: 'RangeError', message: /^bins\.length must equal/ });
  assert.throws(() => build(...bad(4, 3)), { name: 'RangeError', message: /^rowCount must be an integer in \[0, 2\]/ });
  assert.throws(() => build(...bad(5, new Float64Array(9))), { name: 'RangeError', message: /^grad\.length must be at least nRows/ });
  assert.throws(() => build(...bad(8, new Float64Array(1))), { name: 'RangeError', message: /^gathered\.length must be at least rowCount/ });
  assert.throws(() => build(...bad(9, new Float64Array(HIST_STRIDE))), { name: 'RangeError', message: /^out\.length must be at least/ });
  assert.throws(() => build(...bad(6, new Uint32Array(2))), { name: 'TypeError', message: /^feats must be an Int32Array$/ });
  assert.throws(() => build(...bad(10, 2)), { name: 'RangeError', message: /^variant must be an integer in \[0, 1\]/ });
  assert.throws(() => build(...bad(8, new Float64Array(out.buffer, 0, 2))), { name: 'RangeError', message: /must not overlap/ });
  assert.equal(build(...bad(3, Uint32Array.of(0, 10))), HIST_E_ROW);
  assert.equal(build(...bad(6, Int32Array.of(0, 2))), HIST_E_FEATURE);
  assert.throws(() => sub(out, new Float64Array(2), 2, out), { name: 'RangeError', message: /^child\.length must be at least/ });
});

test('status codes: TS, AssemblyScript and C++ copies agree; auto picks native when the addon has the kernel', () => {
  const as = readFileSync(join(PROJECT_ROOT, 'kernels', 'model', 'errors.ts'), 'utf8');
  const cc = readFileSync(join(PROJECT_ROOT, 'native', 'src', 'hist_kernel.h'), 'utf8');
  const codes: Record<string, number> = { HIST_OK, HIST_E_ROW, HIST_E_FEATURE, HIST_E_SIZE };
  for (const [name, v] of Object.entries(codes)) {
    if (name !== 'HIST_E_SIZE') assert.match(as, new RegExp(`export const ${name}: i32 = ${v};`), `kernels/model/errors.ts ${name}`);
    assert.match(cc, new RegExp(`constexpr int32_t ${name} = ${v};`), `native/src/hist_kernel.h ${name}`);
  }
  assert.equal(resolveHistogramBackend('auto'), 'native');
  for (const b of ['ts', 'wasm', 'native'] as BackendName[]) {
    const k = createHistogramKernel(b);
    assert.equal(k.backend, b);
    k.close();
  }
  assert.throws(() => resolveHistogramBackend('gpu' as BackendName), { name: 'UsageError', message: /kernels must be one of auto, ts, wasm, native, was "gpu"/ });
});
