/** numpy's pairwise summation order, on sums whose rounding shows the order. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pairwiseSum } from '../../src/hht/numpy-sum.js';

const BIG = 2 ** 53; // spacing 2 above this: adding 1 ties and rounds to even

test('fewer than 8 terms: left to right', () => {
  const a = Float64Array.from([BIG, 1, 1]);
  assert.equal(pairwiseSum(a, 0, 3), BIG); // each +1 ties back to 2^53
  assert.equal(pairwiseSum(Float64Array.from([1, 2, 3]), 0, 0), 0);
});

test('8..128 terms: 8 lanes, combined ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)), tail added last', () => {
  const a = Float64Array.from([BIG, 1, 1, 1, 1, 1, 1, 1, 1]);
  // lanes: 2^53, 1 ×7 → ((2^53+1)+2)+(2+2) = 2^53+6 → +1 (tail) ties to 2^53+8
  assert.equal(pairwiseSum(a, 0, 9), BIG + 8);
});

test('more than 128 terms: split at n/2 rounded down to a multiple of 8', () => {
  const a = new Float64Array(136).fill(1);
  a[0] = BIG;
  // split at 64: left lanes r0 = 2^53 (7 ones tie away), r1..r7 = 8 → 2^53+56; right 72 → 2^53+128.
  // (A split at 68 would give 2^53+124, a sequential sum 2^53.)
  assert.equal(pairwiseSum(a, 0, 136), BIG + 128);
});

test('start offset', () => {
  const a = Float64Array.from([100, 1, 2, 3]);
  assert.equal(pairwiseSum(a, 1, 3), 6);
});
