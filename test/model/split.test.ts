/** Time-ordered splits with purge gaps, and the metrics (Spearman with ties, hit rate). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ranks, scorePredictions, spearman } from '../../src/model/metrics.js';
import { timeSplits } from '../../src/model/split.js';

test('parts are in time order with a gap of more than purgeMs between them', () => {
  const ts = Float64Array.from({ length: 1000 }, (_, i) => i * 100); // 100 s of rows
  const s = timeSplits(ts, 1000, { validFraction: 0.2, testFraction: 0.2, purgeMs: 10_000 });
  assert.deepEqual(s.train, { from: 0, to: 600 });
  assert.equal(ts[s.valid.from] - ts[s.train.to - 1], 10_100, 'first validation row strictly after last training row + 10 s');
  assert.equal(s.valid.to, 800);
  assert.equal(ts[s.test.from] - ts[s.valid.to - 1], 10_100);
  assert.equal(s.test.to, 1000);
  assert.equal(s.purged, 200);
  assert.throws(() => timeSplits(ts, 1000, { validFraction: 0.2, testFraction: 0.2, purgeMs: 30_000 }),
    { name: 'RangeError', message: /the validation part is empty after the purge gap \(1000 rows, .*purge 30000 ms/ });
  const noTest = timeSplits(ts, 1000, { validFraction: 0.2, testFraction: 0, purgeMs: 0 });
  assert.deepEqual([noTest.valid.to, noTest.test.from, noTest.test.to], [1000, 1000, 1000]);
});

test('Spearman with ties equals Pearson of average ranks; hit rate skips zeros', () => {
  assert.deepEqual(Array.from(ranks(Float64Array.from([3, 1, 3, 2]))), [3.5, 1, 3.5, 2]);
  assert.ok(Math.abs(spearman(Float64Array.from([1, 2, 3, 4]), Float64Array.from([10, 20, 30, 1000])) - 1) < 1e-12);
  const m = scorePredictions(Float64Array.from([1, -1, 2, 0, NaN, 3]), Float64Array.from([0.5, 0.1, -1, 1, 2, 0]));
  assert.equal(m.rows, 5);
  assert.equal(m.hitRate, 1 / 3, 'rows 0, 1, 2 have a sign on both sides; row 0 hits');
});
