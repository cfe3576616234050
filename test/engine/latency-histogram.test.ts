import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LatencyHistogram } from '../../src/runtime/latency-histogram.js';

test('latency histogram: quantiles within one bucket (≤ 9 %) of the exact order statistics', () => {
  const h = new LatencyHistogram();
  assert.ok(Number.isNaN(h.quantileNs(0.5)));
  const values: number[] = [];
  for (let i = 1; i <= 10_000; i++) values.push(1000 + ((i * 7919) % 10_000) * 37); // 1 µs … 371 µs, shuffled
  for (const v of values) h.record(v);
  h.record(NaN); // ignored
  values.sort((a, b) => a - b);
  for (const q of [0.5, 0.9, 0.99]) {
    const exact = values[Math.ceil(q * values.length) - 1];
    const got = h.quantileNs(q);
    assert.ok(got >= exact && got <= exact * 1.0905, `q${q}: ${got} vs exact ${exact}`);
  }
  assert.equal(h.count, 10_000);
  assert.equal(h.quantileNs(1), values[values.length - 1], 'p100 is the max, not a bucket edge');
});
