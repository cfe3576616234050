/**
 * Read-before-write across feature-set versions: rows stored at an older version
 * are recomputed from raw (only the rows: raw is untouched), training rows that
 * held the old features are cleared, and it is all recorded in meta.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { FEATURE_SET_VERSION } from '../../src/features/registry.js';
import { rawKey } from '../../src/store/layout.js';
import { putRows } from '../../src/store/row-table.js';
import { Store } from '../../src/store/store.js';
import { defineTraining, putTrainingRows } from '../../src/store/training.js';
import { verifyStore } from '../../src/store/verify.js';
import { cli, featuresOutput, RECVTS_ROWS, recvtsFile, tempDir } from './store-fixtures.js';

const STRIDE = 54;

/** Makes the store look as if an older engine (feature-set version 0) wrote its rows, with one row that differs. */
async function ageStore(dir: string): Promise<{ rawBefore: Buffer }> {
  const store = Store.open(dir, { writer: 'test: age the store' });
  try {
    const [run] = store.ingestRuns();
    const first = [...store.binaryView('l2_features').getKeys({ limit: 1 })][0] as Buffer;
    const old = Float64Array.from(new Float64Array(new Uint8Array(store.binaryView('l2_features').getBinary(first)!).buffer));
    old.fill(7, 3);
    defineTraining(store, [1000]);
    store.write('test: age the store', () => {
      putRows(store.featureTable, old, STRIDE, 0, 1);
      const m = store.meta();
      m.featureSetVersion = FEATURE_SET_VERSION - 1;
      store.putMeta(m);
      run.featureSetVersion = FEATURE_SET_VERSION - 1;
      store.putIngestRun(run);
    });
    const training = new Float64Array(STRIDE + 1);
    training.set(old);
    training[STRIDE] = 0.5;
    putTrainingRows(store, training, 1);
    return { rawBefore: store.raw.getBinary(rawKey(run.sourceNo, 0))! };
  } finally {
    await store.close();
  }
}

test('an older feature-set version: ingest with no files recomputes the rows from raw', async () => {
  const dir = join(tempDir('recompute'), 's');
  const file = recvtsFile();
  assert.equal(cli(['ingest', '--store', dir, '--backend', 'ts', file]).status, 0);
  const { rawBefore } = await ageStore(dir);
  // A stale store is not exported, and a new ingest brings it up to date first.
  const stale = cli(['store', 'export', '--store', dir]);
  assert.notEqual(stale.stdout, featuresOutput([file]), 'the aged row differs');
  const r = cli(['ingest', '--store', dir, '--backend', 'ts']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, new RegExp(`rows are at feature-set version ${FEATURE_SET_VERSION - 1}, this engine computes ${FEATURE_SET_VERSION}: recomputing them from raw`));
  assert.match(r.stderr, new RegExp(`source 1: ${RECVTS_ROWS} rows recomputed`));
  assert.equal(cli(['store', 'export', '--store', dir]).stdout, featuresOutput([file]));
  const store = Store.open(dir);
  try {
    const m = store.meta();
    assert.equal(m.featureSetVersion, FEATURE_SET_VERSION);
    assert.equal(m.recompute, undefined);
    assert.equal(m.training, undefined);
    assert.equal(store.training.getKeysCount(), 0);
    const events = m.history.map((h) => h.event);
    assert.deepEqual(events.slice(-2), ['cleared', 'recomputed']);
    assert.ok(store.raw.getBinary(rawKey(1, 0))!.equals(rawBefore), 'raw is not rewritten');
    assert.deepEqual(verifyStore(store).filter((c) => c.problems.length > 0), []);
  } finally {
    await store.close();
  }
  const again = cli(['ingest', '--store', dir, '--backend', 'ts', file]);
  assert.match(again.stderr, /nothing to do/);
});
