/**
 * Readers open a store read-only (issue 5 follow-up): a Store opened without
 * `writer` or `create` refuses every write with a StoreError instead of reaching
 * lmdb-js (whose read-only handles have no write methods); a store that lacks a
 * table is completed under the writer lock and then opened read-only; an
 * environment without a meta record is "no store", or "being created" while a
 * writer holds the lock.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { open } from 'lmdb';
import { FEATURE_SET_VERSION, rowFeatureDefs } from '../../src/features/registry.js';
import { WriterLock } from '../../src/store/lock.js';
import { DB_NAMES, PAGE_BYTES } from '../../src/store/schema.js';
import { Store } from '../../src/store/store.js';
import { tempDir } from './store-fixtures.js';

const CREATE = {
  featureSetVersion: FEATURE_SET_VERSION, columns: rowFeatureDefs(false, 0).map((d) => d.name), extended: false,
  instrument: { exchange: 'bybit', market: 'linear', symbol: 'BTCUSDT', tick: '0.1', lot: '0.001' }, calibrationSha256: null, createdBy: 'test',
};

/** A new store with one `state` entry, closed again. */
async function newStore(tag: string): Promise<string> {
  const dir = join(tempDir(tag), 's');
  const store = Store.open(dir, { writer: 'test', create: CREATE });
  store.putState('kept', 1);
  await store.close();
  return dir;
}

const READ_ONLY = { name: 'StoreError', message: /is open read-only, so .* was refused: readers never write a store/ };

test('a read-only store refuses every write with a StoreError, and writes nothing', async () => {
  const dir = await newStore('ro-refuse');
  const store = Store.open(dir);
  try {
    assert.equal(store.readOnly, true);
    assert.equal(store.getState('kept'), 1, 'it reads');
    assert.throws(() => store.write('a test write', () => store.state.putSync('x', 1)), { ...READ_ONLY, message: /so a test write was refused/ });
    assert.throws(() => store.putState('x', 1), READ_ONLY);
    assert.throws(() => store.putStates('a batch of states', [['x', 1]]), READ_ONLY);
    await assert.rejects(store.putStatesAsync('async states', [['x', 1]]), READ_ONLY);
    assert.throws(() => store.putMeta(store.meta()), READ_ONLY);
    assert.throws(() => store.putIngestRun({ sourceNo: 1, digest: 'f' } as never), READ_ONLY);
    assert.equal(store.getState('x'), undefined);
  } finally {
    await store.close();
  }
  const writer = Store.open(dir, { writer: 'test' });
  assert.equal(writer.readOnly, false);
  await writer.close();
});

test('a store that lacks a table is completed under the writer lock, then opened read-only', async () => {
  const dir = await newStore('ro-missing');
  // An older engine's store without `state` (lmdb-js drops a named database with drop()).
  const env = open({ path: dir, maxDbs: 12, pageSize: PAGE_BYTES, noSubdir: false });
  env.openDB({ name: DB_NAMES.state }).dropSync();
  await env.close();
  const readOnly = open({ path: dir, readOnly: true, maxDbs: 12, noSubdir: false });
  assert.equal(readOnly.openDB({ name: DB_NAMES.state }), undefined, 'lmdb-js read-only: a missing database opens as undefined');
  await readOnly.close();

  const store = Store.open(dir);
  try {
    assert.equal(store.readOnly, true);
    assert.equal(store.state.getKeysCount(), 0);
    assert.equal(store.meta().createdBy, 'test');
  } finally {
    await store.close();
  }
  // And a writer holding the lock makes that completion wait for it: the reader is refused, naming the writer.
  const env2 = open({ path: dir, maxDbs: 12, pageSize: PAGE_BYTES, noSubdir: false });
  env2.openDB({ name: DB_NAMES.state }).dropSync();
  await env2.close();
  const lock = WriterLock.acquire(dir, 'btc-engine ingest');
  try {
    assert.throws(() => Store.open(dir), { name: 'StoreError', message: /is being written by pid \d+ \(btc-engine ingest/ });
  } finally {
    lock.release();
  }
});

test('an environment without a meta record: no store, or one being created while a writer holds the lock', async () => {
  const dir = join(tempDir('ro-empty'), 's');
  mkdirSync(dir, { recursive: true });
  // What a writer killed (or still busy) creating the store leaves: LMDB files, tables, no meta record.
  const env = open({ path: dir, maxDbs: 12, pageSize: PAGE_BYTES, noSubdir: false });
  env.openDB({ name: DB_NAMES.raw, keyEncoding: 'binary', encoding: 'binary' });
  await env.close();
  assert.throws(() => Store.open(dir), { name: 'StoreError', message: /^no store at / });
  const lock = WriterLock.acquire(dir, 'btc-engine ingest');
  try {
    assert.throws(() => Store.open(dir), { name: 'StoreError', message: /is being created by pid \d+ \(btc-engine ingest\) and has no data yet: try again/ });
  } finally {
    lock.release();
  }
});
