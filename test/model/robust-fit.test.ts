/**
 * The trainer's two defences against heavy tails (docs/MODELS.md "Robust
 * fitting"): training labels winsorised at quantiles of the training part, and
 * ridge inputs clipped to the training mean ± clipSd standard deviations, in the
 * trainer's evaluation and in the exported graph alike (onnx-parity.test.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prng } from '../../src/feed/demo-stream.js';
import { featureStats, fitRidge, predictRidge } from '../../src/model/ridge.js';
import { winsorise } from '../../src/model/trainer.js';
import { gauss } from './synthetic.js';

const allRows = (n: number): Uint32Array => Uint32Array.from({ length: n }, (_, i) => i);

test('winsorise clamps every defined label to nearest-rank quantiles of the given rows only', () => {
  const y = Float64Array.from([5, 1, 2, 3, 4, 100, NaN, -50]);
  const rows = Uint32Array.from([0, 1, 2, 3, 4]); // 1..5: the 100 and -50 are outside the rows
  const b = winsorise(y, rows, 0.25);
  // Sorted rows 1,2,3,4,5: floor(0.25·4) = 1 → 2; ceil(0.75·4) = 3 → 4.
  assert.deepEqual(b, { lo: 2, hi: 4 });
  assert.deepEqual(Array.from(y), [4, 2, 2, 3, 4, 4, NaN, 2]);
  const untouched = Float64Array.from([1, 1e9]);
  assert.equal(winsorise(untouched, allRows(2), 0), null);
  assert.deepEqual(Array.from(untouched), [1, 1e9]);
  assert.throws(() => winsorise(untouched, allRows(2), 0.5), /quantile must be in \[0, 0.5\)/);
  assert.throws(() => winsorise(untouched, allRows(2), NaN), /quantile/);
});

/** y = x0 + noise, x1 pure noise, x2 constant (unused): n rows, row-major. */
function linearData(n: number, seed: number): { x: Float64Array; y: Float64Array } {
  const rnd = prng(seed);
  const x = new Float64Array(n * 3);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i * 3] = gauss(rnd);
    x[i * 3 + 1] = gauss(rnd);
    x[i * 3 + 2] = 7;
    y[i] = x[i * 3] + gauss(rnd);
  }
  return { x, y };
}

test('clipped ridge: an input far outside the training range predicts as if at the bound; ±∞ and an unused feature stay finite', () => {
  const n = 4000;
  const { x, y } = linearData(n, 3);
  const train = allRows(3000);
  const valid = Uint32Array.from({ length: 1000 }, (_, i) => 3000 + i);
  const stats = featureStats(x, 3, train, Int32Array.from([0, 1]));
  const m = fitRidge(x, 3, y, train, valid, stats, [1e-3], 3);
  assert.ok(m.clip !== undefined);
  assert.ok(Math.abs(m.clip.hi[0] - (stats.mean[0] + 3 * stats.sd[0])) < 1e-12);
  assert.ok(Math.abs(m.weight[0] - 1) < 0.1, `slope ${m.weight[0]}`);
  const at = (v0: number, v2 = 7): number => predictRidge(m, Float64Array.from([v0, 0, v2]), 0);
  assert.equal(at(1e6), at(m.clip.hi[0]));
  assert.equal(at(Infinity), at(m.clip.hi[0]));
  assert.equal(at(-Infinity), at(m.clip.lo[0]));
  assert.ok(at(1e6) < 10, 'bounded by about 3 standard deviations of x0');
  assert.ok(Number.isFinite(at(0, Infinity)), 'an unused feature at ∞ must not turn its zero weight into NaN');
  assert.equal(at(NaN), at(stats.mean[0]), 'NaN is filled with the mean, then clipped');
  // Without the clip the same model extrapolates linearly.
  const plain = fitRidge(x, 3, y, train, valid, stats, [1e-3], 0);
  assert.equal(plain.clip, undefined);
  assert.ok(predictRidge(plain, Float64Array.from([1e6, 0, 7]), 0) > 1e5);
});

test('winsorised labels keep the slope near the truth when 1 % of the labels are wild prints', () => {
  const n = 6000;
  const { x, y } = linearData(n, 5);
  const rnd = prng(77);
  for (let i = 0; i < n; i++) if (rnd() < 0.01) y[i] = (rnd() < 0.5 ? -1 : 1) * 2000;
  const train = allRows(4500);
  const valid = Uint32Array.from({ length: 1500 }, (_, i) => 4500 + i);
  const stats = featureStats(x, 3, train, Int32Array.from([0, 1]));
  const raw = fitRidge(x, 3, y, train, valid, stats, [1e-3], 3);
  const clipped = y.slice();
  const b = winsorise(clipped, train, 0.01);
  assert.ok(b !== null && b.hi < 2000 && b.lo > -2000);
  const robust = fitRidge(x, 3, clipped, train, valid, stats, [1e-3], 3);
  const errRaw = Math.abs(raw.weight[0] - 1);
  const errRobust = Math.abs(robust.weight[0] - 1);
  assert.ok(errRobust < 0.15, `winsorised slope ${robust.weight[0]}`);
  assert.ok(errRobust < errRaw, `winsorised slope error ${errRobust} vs raw ${errRaw}`);
});
