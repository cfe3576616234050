/**
 * The lost-commit race behind the hole CI found (issue 5). lmdb-js 3.5.6's LMDB
 * sets the shared transaction counter of lock.mdb to the meta page an opening
 * process read, so a process that opens the store while the writer commits can
 * set it back; the writer's next transaction would then start from the previous
 * snapshot and overwrite the newest meta page, dropping a commit. Store.write
 * notices (its transaction id is not above the newest meta page's), writes
 * nothing, resynchronises the counter and writes again.
 *
 * Setting the counter back on purpose: opening with lmdb-js `usePreviousSnapshot`
 * (MDB_PREVSNAPSHOT) makes the opener store the previous meta page's id, the same
 * state the race leaves.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { FEATURE_SET_VERSION, rowFeatureDefs } from '../../src/features/registry.js';
import { Store } from '../../src/store/store.js';
import { tempDir } from './store-fixtures.js';

const CREATE = {
  featureSetVersion: FEATURE_SET_VERSION, columns: rowFeatureDefs(false, 0).map((d) => d.name), extended: false,
  instrument: { exchange: 'bybit', market: 'linear', symbol: 'BTCUSDT', tick: '0.1', lot: '0.001' }, calibrationSha256: null, createdBy: 'test',
};

/** Another process opens the store at its previous snapshot and reports the `state` entry `name` it sees there. */
function openAtPreviousSnapshot(dir: string, name: string): unknown {
  const script = `const { open } = await import(${JSON.stringify(import.meta.resolve('lmdb'))});
    const env = open({ path: ${JSON.stringify(dir)}, readOnly: true, usePreviousSnapshot: true, maxDbs: 12, noSubdir: false });
    process.stdout.write(JSON.stringify(env.openDB({ name: 'state' }).get(${JSON.stringify(name)}) ?? null));
    await env.close();`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

/** A new store opened as its writer, with the notes it makes (a resynchronised counter is one). */
function openWriter(tag: string): { dir: string; store: Store; notes: string[] } {
  const dir = join(tempDir(tag), 's');
  const notes: string[] = [];
  return { dir, notes, store: Store.open(dir, { writer: 'test', create: CREATE, onNote: (s) => notes.push(s) }) };
}

test('a write after another process set the transaction counter back keeps the last commit', async () => {
  const { dir, store, notes } = openWriter('lost-commit');
  try {
    store.putState('first', 1);
    store.putState('last', 2);
    assert.equal(openAtPreviousSnapshot(dir, 'last'), null, 'the opener read the snapshot before the last commit');
    store.putState('next', 3);
    assert.equal(notes.length, 1, 'the stale counter was noticed once');
    assert.match(notes[0], /set LMDB's transaction counter back .* the last commit is kept, the counter was resynchronised and saving state next is written again/);
    assert.deepEqual([store.getState('first'), store.getState('last'), store.getState('next')], [1, 2, 3]);
    store.putState('after', 4);
    assert.equal(notes.length, 1, 'the next write starts from the newest snapshot again');
  } finally {
    await store.close();
  }
  // Reopened, the store holds every commit.
  const reader = Store.open(dir);
  try {
    assert.deepEqual(['first', 'last', 'next', 'after'].map((k) => reader.getState(k)), [1, 2, 3, 4]);
  } finally {
    await reader.close();
  }
});

test('asynchronous state saves after the counter was set back keep the last commit and land in order', async () => {
  const { dir, store, notes } = openWriter('lost-commit-async');
  try {
    await store.putStatesAsync('saving the paper state', [['head', 1], ['fill/1', 'a']]);
    await store.putStatesAsync('saving the paper state', [['head', 2], ['fill/2', 'b']]);
    assert.equal(openAtPreviousSnapshot(dir, 'head'), 1, 'the opener read the snapshot before the last commit');
    // Three saves in flight at once, as the paper runtime makes them: each newer head must win.
    await Promise.all([3, 4, 5].map((i) => store.putStatesAsync('saving the paper state', [['head', i], [`fill/${i}`, String(i)]])));
    assert.deepEqual(store.getStatesWithPrefix('fill/'), ['a', 'b', '3', '4', '5'], 'no save was lost, the one before the opener included');
    assert.equal(store.getState('head'), 5, 'the newest save is the one that stays');
    assert.ok(notes.length >= 1, 'the stale counter was noticed');
    assert.match(notes[0], /the last commit is kept, the counter was resynchronised and saving the paper state is written again/);
    const before = notes.length;
    await store.putStatesAsync('saving the paper state', [['head', 6]]);
    assert.equal(notes.length, before, 'the next save starts from the newest snapshot again');
  } finally {
    await store.close();
  }
  const reader = Store.open(dir);
  try {
    assert.deepEqual([reader.getState('head'), reader.getStatesWithPrefix('fill/')], [6, ['a', 'b', '3', '4', '5']]);
  } finally {
    await reader.close();
  }
});

test("the writer's own reads after another process set the counter back still see its last commit", async () => {
  const { dir, store, notes } = openWriter('lost-commit-read');
  try {
    store.putState('first', 1);
    store.write('a source record', () => store.putIngestRun({ digest: 'd1', sourceNo: 1 } as Parameters<Store['putIngestRun']>[0]));
    assert.equal(openAtPreviousSnapshot(dir, 'first'), 1, 'the opener read the snapshot before the last commit');
    // A read outside a write transaction would start from the set-back counter and miss the source record.
    assert.equal(store.ingestRun('d1')?.sourceNo, 1);
    assert.deepEqual(store.ingestRuns().map((r) => r.digest), ['d1']);
    assert.equal(store.getState('first'), 1);
    assert.equal(store.meta().schemaVersion > 0, true);
    assert.equal(notes.length, 1, 'the first fresh read resynchronised the counter, once');
  } finally {
    await store.close();
  }
});
