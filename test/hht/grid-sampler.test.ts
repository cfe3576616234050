/** The fixed-clock sampler: sample-and-hold of the last valid mid, closed only by a later row. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GridSampler } from '../../src/hht/grid-sampler.js';

function run(rows: Array<[number, number]>, sampleMs = 100): Array<[number, number]> {
  const s = new GridSampler(sampleMs);
  const out: Array<[number, number]> = [];
  for (const [t, m] of rows) s.push(t, m, (g, v) => out.push([g, v]));
  assert.equal(s.samples, out.length);
  return out;
}

test('sample at grid time g = last valid mid with ts <= g; g is emitted only when a row with ts > g arrives', () => {
  assert.deepEqual(run([[1050, 10], [1100, 11], [1100, 12]]), []); // 1100 is not closed until a row after it
  assert.deepEqual(run([[1050, 10], [1100, 11], [1100, 12], [1101, 13]]), [[1100, 12]]);
  assert.deepEqual(run([[1050, 10], [1180, 11], [1420, 12]]), [[1100, 10], [1200, 11], [1300, 11], [1400, 11]]);
});

test('a first valid mid on a grid time is that grid time\'s sample', () => {
  assert.deepEqual(run([[1000, 5], [1001, 6]]), [[1000, 5]]);
});

test('NaN and non-positive mids (invalid books) keep the held mid; nothing before the first valid mid', () => {
  assert.deepEqual(run([[900, NaN], [1000, NaN], [1150, 7], [1250, NaN], [1260, 0], [1420, 8]]), [[1200, 7], [1300, 7], [1400, 7]]);
});

test('a row earlier than the previous one is read at the previous ts', () => {
  assert.deepEqual(run([[1050, 1], [1250, 2], [1100, 3], [1301, 4]]), [[1100, 1], [1200, 1], [1300, 3]]);
});

test('lastGridMs and the sampleMs check', () => {
  const s = new GridSampler(50);
  assert.ok(Number.isNaN(s.lastGridMs));
  s.push(10, 1, () => {});
  s.push(160, 1, () => {});
  assert.equal(s.lastGridMs, 150);
  assert.throws(() => new GridSampler(0), { name: 'RangeError', message: /sampleMs must be a positive integer, was 0/ });
});
