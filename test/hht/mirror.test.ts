/**
 * Boundary mirroring (PyEMD _prepare_points_simple) on hand-worked signals: the
 * four cases per side, the fallback to the end sample when mirrored knots stay
 * inside the window, and left/right symmetry. Expected knots are derived in the
 * comments from the rules, not taken from the implementation.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COUNT_MAX, COUNT_MIN, findExtrema } from '../../src/hht/extrema.js';
import { prepareKnots } from '../../src/hht/mirror.js';
import { EmdWorkspace } from '../../src/hht/workspace.js';
import { Lcg } from '../../src/hht/test-signals.js';

interface Knots { maxT: number[]; maxV: number[]; minT: number[]; minV: number[] }

function knotsOf(values: number[]): Knots {
  const s = Float64Array.from(values), n = s.length, ws = new EmdWorkspace(n);
  findExtrema(s, n, ws.maxIdx, ws.minIdx, ws.extremaCounts);
  prepareKnots(s, n, ws.maxIdx, ws.extremaCounts[COUNT_MAX]!, ws.minIdx, ws.extremaCounts[COUNT_MIN]!, 2, ws);
  const nMax = ws.counts[COUNT_MAX]!, nMin = ws.counts[COUNT_MIN]!;
  return {
    maxT: [...ws.maxT.subarray(0, nMax)], maxV: [...ws.maxV.subarray(0, nMax)],
    minT: [...ws.minT.subarray(0, nMin)], minV: [...ws.minV.subarray(0, nMin)],
  };
}

// Base shape, N = 9: d = [·, −2, 3, −4, 4, −3, 2, −1] → maxima 1, 3, 5, 7; minima 2, 4, 6.
//  idx:  0    1  2  3  4  5  6  7  8
//  s:   s0    3  1  4  0  4  1  3  s8

test('left max, s[0] > s[first min]: mirror about the first max (t = 2·1 − i)', () => {
  const k = knotsOf([2.5, 3, 1, 4, 0, 4, 1, 3, 2]);
  // left maxima 5, 3 → t −3, −1; left minima 4, 2 → t −2, 0 (the min knot at t = 0 carries s[2], not s[0]).
  // right: last max 7, s[8] = 2 > s[6] = 1 → about 7: maxima 5, 3 → t 9, 11; minima 6, 4 → t 8, 10.
  assert.deepEqual(k.maxT, [-3, -1, 1, 3, 5, 7, 9, 11]);
  assert.deepEqual(k.maxV, [4, 4, 3, 4, 4, 3, 4, 4]);
  assert.deepEqual(k.minT, [-2, 0, 2, 4, 6, 8, 10]);
  assert.deepEqual(k.minV, [0, 1, 1, 0, 1, 1, 0]);
});

test('left max, s[0] ≤ s[first min]: mirror about t = 0 and s[0] joins the minima', () => {
  const k = knotsOf([0.5, 3, 1, 4, 0, 4, 1, 3, 0.5]);
  // left maxima 3, 1 → t −3, −1; minima: 2 → t −2, then the end sample (t 0, s[0] = 0.5).
  // right: last max 7, s[8] = 0.5 ≤ s[6] = 1 → about t = 8: maxima 7, 5 → 9, 11; minima: end (t 8), then 6 → 10.
  assert.deepEqual(k.maxT, [-3, -1, 1, 3, 5, 7, 9, 11]);
  assert.deepEqual(k.maxV, [4, 3, 3, 4, 4, 3, 3, 4]);
  assert.deepEqual(k.minT, [-2, 0, 2, 4, 6, 8, 10]);
  assert.deepEqual(k.minV, [1, 0.5, 1, 0, 1, 0.5, 1]);
});

// Inverted base, N = 9: minima 1, 3, 5, 7; maxima 2, 4, 6.
//  s:   s0    0  3  −1  4  −1  3  0  s8

test('left min, s[0] < s[first max]: mirror about the first min', () => {
  const k = knotsOf([0.5, 0, 3, -1, 4, -1, 3, 0, 1]);
  // left (about 1): minima 5, 3 → −3, −1; maxima 4, 2 → −2, 0.
  // right: last min 7, s[8] = 1 < s[6] = 3 → about 7: minima 5, 3 → 9, 11; maxima 6, 4 → 8, 10.
  assert.deepEqual(k.minT, [-3, -1, 1, 3, 5, 7, 9, 11]);
  assert.deepEqual(k.minV, [-1, -1, 0, -1, -1, 0, -1, -1]);
  assert.deepEqual(k.maxT, [-2, 0, 2, 4, 6, 8, 10]);
  assert.deepEqual(k.maxV, [4, 3, 3, 4, 3, 3, 4]);
});

test('left min, s[0] ≥ s[first max]: mirror about t = 0 and s[0] joins the maxima', () => {
  const k = knotsOf([3.5, 0, 3, -1, 4, -1, 3, 0, 3.5]);
  // left: minima 3, 1 → −3, −1; maxima 2 → −2, then the end sample (t 0, 3.5).
  // right: last min 7, s[8] = 3.5 ≥ s[6] = 3 → about 8: minima 7, 5 → 9, 11; maxima end (8), 6 → 10.
  assert.deepEqual(k.minT, [-3, -1, 1, 3, 5, 7, 9, 11]);
  assert.deepEqual(k.minV, [-1, 0, 0, -1, -1, 0, 0, -1]);
  assert.deepEqual(k.maxT, [-2, 0, 2, 4, 6, 8, 10]);
  assert.deepEqual(k.maxV, [3, 3.5, 3, 4, 3, 3.5, 3]);
});

test('mirrored knots still inside the window: fall back to mirroring about the end sample, not added as a knot', () => {
  // d = [.5, .5, 1, 1, −4, 3, −3.5, 2.5, −3, 2, −.2] → maxima 4, 6, 8, 10; minima 5, 7, 9.
  const k = knotsOf([2, 2.5, 3, 4, 5, 1, 4, 0.5, 3, 0, 2, 1.8]);
  // Left: s[0] = 2 > s[5] = 1 → about max 4: maxima 8, 6 → t 0, 2; minima 7, 5 → t 1, 3. The leftmost
  // min knot (t 1) is inside → maxima become 6, 4 and both lists mirror about 0: maxima −6, −4; minima −7, −5.
  // Right: s[11] = 1.8 > s[9] = 0 → about max 10: maxima 8, 6 → 12, 14; minima 9, 7 → 11, 13 (reach 11: kept).
  assert.deepEqual(k.maxT, [-6, -4, 4, 6, 8, 10, 12, 14]);
  assert.deepEqual(k.maxV, [4, 5, 5, 4, 3, 2, 3, 4]);
  assert.deepEqual(k.minT, [-7, -5, 5, 7, 9, 11, 13]);
  assert.deepEqual(k.minV, [0.5, 1, 1, 0.5, 0, 0, 0.5]);
});

test('a mirrored knot landing exactly on t = 0 is outside enough: no fallback', () => {
  // d = [−.5, −.5, −.5, 3.5, −4, 3, −4, 4.5, −4, 1.5, −.2] → minima 3, 5, 7, 9; maxima 4, 6, 8, 10.
  const k = knotsOf([3, 2.5, 2, 1.5, 5, 1, 4, 0, 4.5, 0.5, 2, 1.8]);
  // Left: first min 3, s[0] = 3 < s[4] = 5 → about 3: maxima 6, 4 → t 0, 2; minima 7, 5 → −1, 1.
  // Right: last max 10, s[11] = 1.8 > s[9] = 0.5 → about 10: maxima 8, 6 → 12, 14; minima 9, 7 → 11, 13.
  assert.deepEqual(k.maxT, [0, 2, 4, 6, 8, 10, 12, 14]);
  assert.deepEqual(k.maxV, [4, 5, 5, 4, 4.5, 2, 4.5, 4]);
  assert.deepEqual(k.minT, [-1, 1, 3, 5, 7, 9, 11, 13]);
  assert.deepEqual(k.minV, [0, 1, 1.5, 1, 0, 0.5, 0.5, 0]);
});

test('plateau quirks and the right-side fallback together', () => {
  // Extrema (see extrema.test.ts rules): run a = 1 dropped; 0,0,0 at 4–6 is a step; −1,−1 at 7–8 → min
  // round(7.5) = 8; 0,0 at the end (b = N−1) dropped. Maxima 3, 9; minimum 8.
  const k = knotsOf([3, 0, 0, 2, 0, 0, 0, -1, -1, 2, 0, 0]);
  // Left: first max 3 < 8, s[0] = 3 > s[8] = −1 → about 3: max 9 → −3; min 8 → −2.
  // Right: last max 9 > 8, s[11] = 0 > −1 → about 9: max 3 → 15; min 8 → 10 < 11, inside → maxima
  // become 9, 3 and both mirror about 11: maxima 13, 19; min 14.
  assert.deepEqual(k.maxT, [-3, 3, 9, 13, 19]);
  assert.deepEqual(k.maxV, [2, 2, 2, 2, 2]);
  assert.deepEqual(k.minT, [-2, 8, 14]);
  assert.deepEqual(k.minV, [-1, -1, -1]);
});

test('without plateaus the rules are left/right symmetric: knots of the reversed signal mirror about (N−1)/2', () => {
  const rng = new Lcg(99);
  for (let trial = 0; trial < 200; trial++) {
    const n = 8 + Math.floor(rng.uniform() * 40);
    const s: number[] = [];
    for (let i = 0; i < n; i++) s.push(rng.gauss()); // continuous values: no plateaus
    const a = knotsOf(s), b = knotsOf([...s].reverse());
    assert.deepEqual(b.maxT, a.maxT.map((t) => n - 1 - t).reverse());
    assert.deepEqual(b.maxV, [...a.maxV].reverse());
    assert.deepEqual(b.minT, a.minT.map((t) => n - 1 - t).reverse());
    assert.deepEqual(b.minV, [...a.minV].reverse());
  }
});

test('mirroring needs at least one maximum and one minimum', () => {
  const ws = new EmdWorkspace(4);
  assert.throws(() => prepareKnots(Float64Array.from([0, 1, 0, 1]), 4, ws.maxIdx, 1, ws.minIdx, 0, 2, ws), { name: 'RangeError', message: /needs a maximum and a minimum/ });
});
