/**
 * l2_training_data's write/read path (labels come in issue 6), its export, and
 * `store verify` failing on damage it must see: a row whose value disagrees with
 * its key, a missing row, a training row whose features differ from l2_features.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { featureKey } from '../../src/store/layout.js';
import { scanRows } from '../../src/store/row-table.js';
import { Store } from '../../src/store/store.js';
import { defineTraining, labelName, putTrainingRows, scanTraining, trainingStride } from '../../src/store/training.js';
import { cli, RECVTS_ROWS, recvtsFile, tempDir } from './store-fixtures.js';

const STRIDE = 54;
const dir = join(tempDir('training'), 's');
const ingest = cli(['ingest', '--store', dir, '--backend', 'ts', recvtsFile()]);

/** All l2_features rows, copied. */
function featureRows(store: Store): Float64Array {
  const all = new Float64Array(RECVTS_ROWS * STRIDE);
  let n = 0;
  scanRows(store.featureTable, STRIDE, (rows, count) => { all.set(rows.subarray(0, count * STRIDE), n * STRIDE); n += count; }, { chunkRows: 100 });
  assert.equal(n, RECVTS_ROWS);
  return all;
}

test('training rows: define horizons, write feature rows joined with labels, scan and export them back', async () => {
  assert.equal(ingest.status, 0, ingest.stderr);
  const store = Store.open(dir, { writer: 'test: training rows' });
  try {
    const t = defineTraining(store, [1000, 10_000]);
    assert.deepEqual(t.labelNames, [labelName(1000), labelName(10_000)]);
    const tStride = trainingStride(store.meta());
    assert.equal(tStride, STRIDE + 2);
    const feats = featureRows(store);
    const rows = new Float64Array(RECVTS_ROWS * tStride);
    for (let i = 0; i < RECVTS_ROWS; i++) {
      rows.set(feats.subarray(i * STRIDE, (i + 1) * STRIDE), i * tStride);
      rows[i * tStride + STRIDE] = i / 1000;
      rows[i * tStride + STRIDE + 1] = i % 7 === 0 ? NaN : -i / 1000;
    }
    assert.equal(putTrainingRows(store, rows, RECVTS_ROWS), 0);
    const back = new Float64Array(rows.length);
    let n = 0;
    scanTraining(store, (r, count) => { back.set(r.subarray(0, count * tStride), n * tStride); n += count; });
    assert.equal(n, RECVTS_ROWS);
    assert.deepEqual(back, rows);
    assert.throws(() => defineTraining(store, [0]), { name: 'RangeError', message: /positive integers \(ms\), was 0/ });
    // `state` keeps what a restarted run needs.
    store.putState('paper/position', { qtyLots: 3, pnl: [1.5, -2], orders: [] });
    assert.deepEqual(store.getState('paper/position'), { qtyLots: 3, pnl: [1.5, -2], orders: [] });
  } finally {
    await store.close();
  }
  const csv = cli(['store', 'export', '--store', dir, '--table', 'l2_training_data']).stdout.split('\n');
  assert.match(csv[0], /,kyle_lambda_5m,label_logret_1000ms,label_logret_10000ms$/);
  assert.equal(csv.length, RECVTS_ROWS + 2);
  assert.match(csv[1], /,0,$/, 'row 0: label 0 and a NaN label as an empty cell');
  const v = cli(['store', 'verify', '--store', dir]);
  assert.equal(v.status, 0, v.stdout);
  assert.match(v.stdout, /ok {4}l2_training_data: 414 rows \(labels label_logret_1000ms, label_logret_10000ms\), each joined/);
});

test('verify exits 1 and names the damage', async () => {
  const store = Store.open(dir, { writer: 'test: damage' });
  try {
    const feats = featureRows(store);
    const row = (i: number): Float64Array => feats.slice(i * STRIDE, (i + 1) * STRIDE);
    store.write('test: damage', () => {
      const wrong = row(5);
      const k5 = featureKey(wrong[0], wrong[1]);
      wrong[1] += 1; // the value claims another update id than its key
      store.features.putSync(k5, Buffer.from(wrong.buffer));
      store.features.removeSync(featureKey(feats[9 * STRIDE], feats[9 * STRIDE + 1])); // a row gone
    });
  } finally {
    await store.close();
  }
  const v = cli(['store', 'verify', '--store', dir]);
  assert.equal(v.status, 1, v.stdout);
  assert.match(v.stdout, /FAIL {2}l2_features: /);
  assert.match(v.stdout, /- row ts=\d+ u=\d+: the row says ts=\d+ u=\d+/);
  assert.match(v.stdout, /413 rows stored, the ingests wrote 414 of which 0 replaced earlier rows/);
  assert.match(v.stdout, /FAIL {2}l2_training_data: [^\n]*\n(.*\n)*.*no l2_features row under its key/);
  assert.match(v.stdout, /features differ from its l2_features row/);
  assert.match(v.stdout, /5 checks, 2 failed/);
});
