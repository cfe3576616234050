/** PyEMD "simple" extrema and zero crossings on hand-worked signals: strict, plateaus, edge quirks. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COUNT_MAX, COUNT_MIN, countZeroCrossings, findExtrema, roundHalfEvenHalf } from '../../src/hht/extrema.js';

function extrema(values: number[]): { max: number[]; min: number[] } {
  const s = Float64Array.from(values), n = s.length;
  const maxIdx = new Int32Array(n), minIdx = new Int32Array(n), counts = new Int32Array(2);
  findExtrema(s, n, maxIdx, minIdx, counts);
  return { max: [...maxIdx.subarray(0, counts[COUNT_MAX])], min: [...minIdx.subarray(0, counts[COUNT_MIN])] };
}

test('roundHalfEven of (a+b)/2: halves go to the even neighbour, unlike Math.round', () => {
  assert.equal(roundHalfEvenHalf(5), 2); // 2.5 → 2 (Math.round gives 3)
  assert.equal(roundHalfEvenHalf(7), 4); // 3.5 → 4
  assert.equal(roundHalfEvenHalf(1), 0); // 0.5 → 0
  assert.equal(roundHalfEvenHalf(6), 3);
});

test('strict extrema: d[i−1]·d[i] < 0; the end samples are not extrema', () => {
  assert.deepEqual(extrema([0, 2, 1, 3, 0]), { max: [1, 3], min: [2] });
  assert.deepEqual(extrema([5, 4, 3, 2]), { max: [], min: [] });
});

test('plateau extremum at roundHalfEven((a+b)/2) where d[a..b−1] = 0', () => {
  // d = [1, 1, 0, −1, −1]: a = 2, b = 3 → 2.5 → 2
  assert.deepEqual(extrema([0, 1, 2, 2, 1, 0]), { max: [2], min: [] });
  // d = [1, 1, 0, 0, 0, −1, −1]: a = 2, b = 5 → 3.5 → 4
  assert.deepEqual(extrema([0, 1, 2, 2, 2, 2, 1, 0]), { max: [4], min: [] });
  // d = [−1, −1, 0, 0, 2]: a = 2, b = 4 → 3
  assert.deepEqual(extrema([3, 2, 1, 1, 1, 3]), { max: [], min: [3] });
  // a step (d[a−1] > 0 and d[b] > 0) is not an extremum
  assert.deepEqual(extrema([0, 1, 2, 2, 3, 4]), { max: [], min: [] });
});

test('a plateau starting at a = 1 is dropped (PyEMD tests debs[0] == 1)', () => {
  // d = [1, 0, −1, −1, 1]: the max plateau at samples 1–2 vanishes; the min at 4 stays
  assert.deepEqual(extrema([0, 1, 1, 0, -1, 0]), { max: [], min: [4] });
  // d = [1, 0, −1, 0, 1]: first run (a = 1) dropped, second run a = 3, b = 4 → 3.5 → 4
  assert.deepEqual(extrema([0, 1, 1, 0, 0, 1]), { max: [], min: [4] });
});

test('a plateau starting at a = 0 reads d[−1] = last difference, and may put an extremum on sample 0', () => {
  // d = [0, −1, 1, 1]: d[−1] = 1 > 0, d[1] < 0 → max at round(0.5) = 0; strict min at 2
  assert.deepEqual(extrema([1, 1, 0, 1, 2]), { max: [0], min: [2] });
  // d = [0, 1, −1, −1]: d[−1] = −1 → min at 0; strict max at 2
  assert.deepEqual(extrema([1, 1, 2, 1, 0]), { max: [2], min: [0] });
  // d[−1] = 0 falls in PyEMD's `else` branch: min when d[b] > 0
  assert.deepEqual(extrema([1, 1, 2, 0, 0]), { max: [2], min: [0] });
});

test('a plateau reaching the last sample (b = N−1) is dropped; a constant signal has no extrema', () => {
  // d = [1, −1, 1, 0]
  assert.deepEqual(extrema([0, 1, 0, 1, 1]), { max: [1], min: [2] });
  assert.deepEqual(extrema([2, 2, 2]), { max: [], min: [] });
});

test('a product that underflows to −0 is not an extremum (numpy compares d1·d2 < 0)', () => {
  assert.deepEqual(extrema([0, 1e-200, 0]), { max: [], min: [] });
  assert.deepEqual(extrema([0, 1e-100, 0]), { max: [1], min: [] });
});

test('zero crossings: sign changes by product, plus one per run of exact zeros', () => {
  const zc = (v: number[]): number => countZeroCrossings(Float64Array.from(v), v.length);
  assert.equal(zc([1, -1, 1]), 2);
  assert.equal(zc([1, 0, -1]), 1);
  assert.equal(zc([1, 0, 0, -1, 0, 1]), 2);
  assert.equal(zc([0, 0, 0]), 1);
  assert.equal(zc([0, 1, 0, 1]), 2);
  assert.equal(zc([1e-200, -1e-200]), 0); // product underflows to −0
  assert.equal(zc([-0, 1]), 1); // −0 is an exact zero
});
