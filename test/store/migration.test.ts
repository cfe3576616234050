/**
 * Migrations (issue 5 acceptance): a store written at the previous schema version
 * (v1: l2_features values without ts and u, no l2_training_data), built here with
 * lmdb directly, opens, migrates, records it in meta and keeps its data; a migration
 * killed part way finishes on the next open; a newer store is refused.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { open } from 'lmdb';
import { CORE_FEATURES, FEATURE_SET_VERSION } from '../../src/features/registry.js';
import { featureKey, rawKey, encodeRawValue, NO_RECEIVE_TIME } from '../../src/store/layout.js';
import { ingestRunKey, META_KEY, PAGE_BYTES, SCHEMA_VERSION, type IngestRun } from '../../src/store/schema.js';
import { Store } from '../../src/store/store.js';
import { verifyStore } from '../../src/store/verify.js';
import { scanRows } from '../../src/store/row-table.js';
import { csvHeader, csvRow } from '../../src/cli/row-format.js';
import { cli, featuresOutput, recvtsFile, tempDir } from './store-fixtures.js';
import { readFileSync } from 'node:fs';

const COLUMNS = CORE_FEATURES.map((d) => d.name);
const STRIDE = 3 + COLUMNS.length;

/** Feature rows parsed back from `features` CSV (JS prints numbers round-trip exact). */
function referenceRows(csv: string): Float64Array[] {
  return csv.trim().split('\n').slice(1).map((line) => Float64Array.from(line.split(','), (c) => (c === '' ? NaN : Number(c))));
}

/**
 * Writes a schema-1 store: meta, one complete ingest, its raw frames, and v1 rows
 * ([book_flags, features…] under the ts+u key). `migratedRows` rows at the start are
 * already in the v2 layout, as a migration killed part way leaves them.
 */
async function writeV1Store(dir: string, rows: Float64Array[], frames: Buffer[], migratedRows = 0): Promise<void> {
  const env = open({ path: dir, maxDbs: 12, pageSize: PAGE_BYTES, noSubdir: false });
  const meta = env.openDB({ name: 'meta', encoding: 'json' });
  const runs = env.openDB({ name: 'runs', encoding: 'json' });
  const raw = env.openDB({ name: 'raw', keyEncoding: 'binary', encoding: 'binary', compression: { threshold: 256 } });
  const feats = env.openDB({ name: 'l2_features', keyEncoding: 'binary', encoding: 'binary' });
  const digest = 'f'.repeat(64);
  const run: IngestRun = {
    kind: 'ingest', sourceNo: 1, digest, files: [{ name: 'recording.txt', bytes: 1, sha256: 'e'.repeat(64) }], status: 'complete',
    featureSetVersion: FEATURE_SET_VERSION, backend: 'ts', extended: false, calibrationSha256: null,
    progress: { frames: frames.length, rows: rows.length, parts: [{ name: 'recording.txt', firstFrame: 0 }], firstTsMs: rows[0][0], lastTsMs: rows[rows.length - 1][0] },
    counters: { lines: frames.length, rejected: 0, rejectedByKind: {}, problems: 0, gaps: 0, crossed: 0, overwrites: 0, outOfOrder: 0 },
    attempts: [{ startedAt: '2026-01-01T00:00:00.000Z', startFrame: 0, backend: 'ts' }], finishedAt: '2026-01-01T00:00:01.000Z',
  };
  env.transactionSync(() => {
    meta.putSync(META_KEY, {
      schemaVersion: 1, featureSetVersion: FEATURE_SET_VERSION, rowEncoding: 'f64le', columns: COLUMNS, extended: false,
      instrument: { exchange: 'bybit', market: 'linear', symbol: 'BTCUSDT', tick: '0.1', lot: '0.001' },
      calibrationSha256: null, nextSourceNo: 2, createdBy: 'btc-engine 0.0.9',
      history: [{ at: '2026-01-01T00:00:00.000Z', event: 'created', detail: 'schema version 1' }],
      ...(migratedRows > 0 ? { migrating: { to: 2, lastKeyHex: featureKey(rows[migratedRows - 1][0], rows[migratedRows - 1][1]).toString('hex') } } : {}),
    });
    runs.putSync(ingestRunKey(digest), run);
    frames.forEach((f, i) => raw.putSync(rawKey(1, i), encodeRawValue(NO_RECEIVE_TIME, f)));
    rows.forEach((r, i) => {
      const v = i < migratedRows ? r : r.subarray(2);
      feats.putSync(featureKey(r[0], r[1]), Buffer.from(v.buffer, v.byteOffset, v.byteLength));
    });
  });
  await env.close();
}

function exportCsv(store: Store): string {
  const lines = [csvHeader(store.meta().columns)];
  scanRows(store.featureTable, STRIDE, (rows, n) => {
    for (let i = 0; i < n; i++) lines.push(csvRow(rows, i * STRIDE, store.meta().columns));
  });
  return lines.join('\n') + '\n';
}

const file = recvtsFile();
const reference = featuresOutput([file]);
const rows = referenceRows(reference);
const frames = readFileSync(file, 'utf8').trim().split('\n').map((l) => Buffer.from(l.slice(l.indexOf(' ') + 1)));

test('a schema-1 store opens, migrates to the current schema, records it, and keeps its rows', async () => {
  const dir = join(tempDir('v1'), 's');
  await writeV1Store(dir, rows, frames);
  const notes: string[] = [];
  const store = Store.open(dir, { onNote: (s) => notes.push(s), now: () => new Date('2026-02-02T00:00:00Z') });
  try {
    const meta = store.meta();
    assert.equal(meta.schemaVersion, SCHEMA_VERSION);
    assert.equal(meta.migrating, undefined);
    const last = meta.history[meta.history.length - 1];
    assert.equal(last.event, 'migrated');
    assert.equal(last.at, '2026-02-02T00:00:00.000Z');
    assert.match(last.detail, /schema version 1 → 2: .*\(414 records rewritten\)/);
    assert.match(notes[0], /migrating store .* from schema version 1 to 2/);
    assert.equal(exportCsv(store), reference);
    assert.deepEqual(verifyStore(store).filter((c) => c.problems.length > 0), []);
  } finally {
    await store.close();
  }
  // The CLI reads the migrated store like any other.
  assert.equal(cli(['store', 'export', '--store', dir]).stdout, reference);
});

test('a migration killed part way finishes on the next open', async () => {
  const dir = join(tempDir('v1half'), 's');
  await writeV1Store(dir, rows, frames, 200);
  const store = Store.open(dir);
  try {
    assert.match(store.meta().history.at(-1)!.detail, /\(214 records rewritten\)/);
    assert.equal(exportCsv(store), reference);
  } finally {
    await store.close();
  }
});

test('a store from a newer schema version is refused with a clear message', async () => {
  const dir = join(tempDir('v9'), 's');
  await writeV1Store(dir, rows.slice(0, 3), frames.slice(0, 3));
  const env = open({ path: dir, maxDbs: 12, noSubdir: false });
  const meta = env.openDB({ name: 'meta', encoding: 'json' });
  env.transactionSync(() => meta.putSync(META_KEY, { ...(meta.get(META_KEY) as object), schemaVersion: SCHEMA_VERSION + 1 }));
  await env.close();
  assert.throws(() => Store.open(dir), {
    name: 'StoreError',
    message: new RegExp(`schema version ${SCHEMA_VERSION + 1}, written by a newer btc-engine; this one reads versions up to ${SCHEMA_VERSION}`),
  });
  const r = cli(['store', 'info', '--store', dir]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /written by a newer btc-engine/);
});
