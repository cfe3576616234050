/**
 * Labels (src/model/labels.ts): forward mid-price log return in bps, as of the
 * first row at or after t + h, never across two recordings, NaN without a full
 * horizon ahead or with an undefined mid; written to l2_training_data once
 * (read-before-write), rows without any label left out.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CORE_FEATURES, FEATURE_SET_VERSION } from '../../src/features/registry.js';
import { ROW_FEATURES, ROW_STRIDE } from '../../src/layout/feature-row.js';
import { forwardReturnsBps, readTimeline, writeLabels, type Timeline } from '../../src/model/labels.js';
import { putRows } from '../../src/store/row-table.js';
import type { IngestRun } from '../../src/store/schema.js';
import { Store } from '../../src/store/store.js';
import { scanTraining, trainingStride } from '../../src/store/training.js';

const bps = (a: number, b: number): number => 1e4 * Math.log(b / a);

function timeline(ts: number[], mid: number[], segment?: number[]): Timeline {
  const n = ts.length;
  return { n, tsMs: Float64Array.from(ts), u: Float64Array.from(ts, (_, i) => i), mid: Float64Array.from(mid), segment: Int32Array.from(segment ?? ts.map(() => 0)) };
}

test('as of the first row at or after t + h; NaN without a full horizon, a mid, or across segments', () => {
  const tl = timeline([0, 100, 900, 1000, 1500, 2600, 2700, 3700], [100, 101, 102, 103, NaN, 105, 106, 107], [0, 0, 0, 0, 0, 0, 0, 1]);
  const out = new Float64Array(tl.n);
  forwardReturnsBps(tl, 1000, out, 1, 0);
  assert.equal(out[0], bps(100, 103), 'exactly t + h: that row');
  assert.ok(Number.isNaN(out[1]), 'the row at or after 1100 has no mid');
  assert.equal(out[2], bps(102, 105), 'nothing between 1900 and 2600: the first row after, 1.7 s on');
  assert.equal(out[3], bps(103, 105));
  assert.ok(Number.isNaN(out[4]), 'no mid at t');
  assert.ok(Number.isNaN(out[5]), 'no row at or after 3600 in the same segment (3700 is another recording)');
  assert.ok(Number.isNaN(out[6]) && Number.isNaN(out[7]), 'no full horizon ahead');
});

function makeStore(): Store {
  const dir = join(mkdtempSync(join(tmpdir(), 'btc-engine-labels-')), 's');
  return Store.open(dir, {
    create: {
      featureSetVersion: FEATURE_SET_VERSION, columns: CORE_FEATURES.map((d) => d.name), extended: false, calibrationSha256: null, createdBy: 'test',
      instrument: { exchange: 'bybit', market: 'linear', symbol: 'BTCUSDT', tick: '0.1', lot: '0.001' },
    },
  });
}

/** Two recordings of 30 s, rows every 100 ms, 10 minutes apart; mid = 100 · e^(i / 1e4) so every 1 s return is 10 bps · steps. */
function fill(store: Store): Float64Array {
  const n = 600;
  const rows = new Float64Array(n * ROW_STRIDE);
  for (let i = 0; i < n; i++) {
    const b = i * ROW_STRIDE;
    rows[b] = 1_700_000_000_000 + (i < 300 ? i * 100 : 600_000 + i * 100);
    rows[b + 1] = 1000 + i;
    for (let j = 0; j < CORE_FEATURES.length; j++) rows[b + ROW_FEATURES + j] = i * 0.5 + j;
    rows[b + ROW_FEATURES] = 100 * Math.exp(i / 1e4); // mid_px is column 0
  }
  const run = (sourceNo: number, first: number, last: number) => ({
    kind: 'ingest', sourceNo, digest: `d${sourceNo}`, files: [], status: 'complete', featureSetVersion: FEATURE_SET_VERSION, backend: 'ts',
    extended: false, calibrationSha256: null, attempts: [], finishedAt: null, counters: {} as IngestRun['counters'],
    progress: { frames: 0, rows: 300, parts: [], firstTsMs: rows[first * ROW_STRIDE], lastTsMs: rows[last * ROW_STRIDE] },
  }) as IngestRun;
  store.write('test rows', () => {
    putRows(store.featureTable, rows, ROW_STRIDE, 0, n);
    store.putIngestRun(run(1, 0, 299));
    store.putIngestRun(run(2, 300, 599));
  });
  return rows;
}

test('writeLabels: labelled rows to l2_training_data, per recording, once', async () => {
  const store = makeStore();
  try {
    const rows = fill(store);
    const tl = readTimeline(store);
    assert.deepEqual([tl.segment[0], tl.segment[299], tl.segment[300], tl.segment[599]], [0, 0, 1, 1]);
    const r = writeLabels(store, [1000, 5000]);
    // A 30 s recording at 10 rows/s: the last 10 rows have no 1 s label and the last 50 no 5 s label.
    assert.deepEqual(r, { rows: 600, labelled: 580, perHorizon: [580, 500], written: true });
    const stride = trainingStride(store.meta());
    const got: number[][] = [];
    scanTraining(store, (t, count) => { for (let k = 0; k < count; k++) got.push(Array.from(t.subarray(k * stride, (k + 1) * stride))); });
    assert.equal(got.length, 580);
    const first = got[0];
    assert.deepEqual(first.slice(0, ROW_STRIDE), Array.from(rows.subarray(0, ROW_STRIDE)));
    assert.ok(Math.abs(first[ROW_STRIDE] - 10 * 1e4 / 1e4) < 1e-9, `1 s ahead is 10 rows: 10 bps, was ${first[ROW_STRIDE]}`);
    assert.ok(Math.abs(first[ROW_STRIDE + 1] - 50) < 1e-9);
    const lastOfFirst = got[289];
    assert.equal(lastOfFirst[0], rows[289 * ROW_STRIDE]);
    assert.ok(Number.isNaN(lastOfFirst[ROW_STRIDE + 1]), 'no 5 s label near the end of a recording');
    assert.equal(got[290][0], rows[300 * ROW_STRIDE], 'the second recording follows: nothing labelled across the gap');
    assert.equal(writeLabels(store, [1000, 5000]).written, false, 'the same labels again: nothing to write');
    const again = writeLabels(store, [1000]);
    assert.equal(again.written, true);
    assert.equal(store.training.getKeysCount(), 580);
  } finally {
    await store.close();
  }
});
