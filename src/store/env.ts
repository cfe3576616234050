/**
 * Opening a store's LMDB environment and its named databases (store.ts uses
 * these): the read-only and read-write modes of lmdb-js, the row tables' scan
 * handles, and what a reader must have written before it can read.
 */
import { open, type Database, type DatabaseOptions, type RootDatabase } from 'lmdb';
import { storeErrors, type StoreError } from '../errors.js';
import { lockHolder } from './lock.js';
import { withOpenLock } from './open-lock.js';
import type { RowCodec } from './row-codec.js';
import { DB_NAMES, META_KEY, PAGE_BYTES, SCHEMA_VERSION, type StoreMeta } from './schema.js';

/** LMDB's compression of `raw` (LZ4, frames of at least this many bytes): JSON frames shrink 3–6×. */
export const RAW_COMPRESSION_THRESHOLD = 256;

/**
 * Keys of a row table's scan handle: written from bytes, read as nothing. A scan
 * needs only the values (each row starts with its ts and u), and not slicing a key
 * per row is half the cost of a scan. Reads that need keys use Store.binaryView.
 */
const SCAN_KEYS = {
  writeKey(key: Uint8Array, target: Uint8Array, start: number): number {
    if (!(key instanceof Uint8Array)) throw new TypeError('row table keys are 16-byte buffers (src/store/layout.ts); read keys through Store.binaryView');
    target.set(key, start);
    return start + key.length;
  },
  readKey(): number {
    return 0;
  },
};

/** A row table with its codec (lmdb-js documents `encoder` and `keyEncoder` in its README; its typings omit them). */
export function openRowTable(env: RootDatabase, name: string, codec: RowCodec): Database<Buffer, Buffer> {
  const opts = { name, keyEncoder: SCAN_KEYS, encoder: codec } as unknown as DatabaseOptions & { name: string };
  return env.openDB(opts) as Database<Buffer, Buffer>;
}

/**
 * Opens the environment of `dir`. Read-only, lmdb-js opens it MDB_RDONLY, opens
 * named databases in read transactions and gives the handles no write methods
 * (no overlappingSync either: it is off when readOnly).
 */
export function openEnv(dir: string, readOnly: boolean): RootDatabase {
  try {
    // The open lock keeps another btc-engine process's close of this store out of the open (open-lock.ts).
    // noSubdir false: `DIR` is a directory even when its name has a dot in it.
    return withOpenLock(dir, () => readOnly
      ? open({ path: dir, readOnly: true, maxDbs: 12, noSubdir: false })
      : open({ path: dir, maxDbs: 12, pageSize: PAGE_BYTES, noSubdir: false }));
  } catch (err) {
    // lmdb-js's open begins a transaction at once; a process outside the open lock can still race it (docs/STORE.md).
    if (err instanceof Error && OPEN_RACE.test(err.message)) throw storeErrors.openRace(dir, err.message);
    throw err;
  }
}

/** The messages of lmdb-js's failed first transaction when a process outside the open lock closed the store at that moment. */
const OPEN_RACE = /^Invalid argument/;

/** The named databases of a store (Store's fields of the same names). */
export interface Tables {
  raw: Database<Buffer, Buffer>;
  features: Database<Buffer, Buffer>;
  training: Database<Buffer, Buffer>;
  runs: Database<unknown, string>;
  state: Database<unknown, string>;
  metaDb: Database<StoreMeta, string>;
}

/** The LMDB name of each table. */
const TABLE_NAMES: Readonly<Record<keyof Tables, string>> = {
  raw: DB_NAMES.raw, features: DB_NAMES.features, training: DB_NAMES.training, runs: DB_NAMES.runs, state: DB_NAMES.state, metaDb: DB_NAMES.meta,
};

/**
 * Opens every named database once, with its encodings. Read-write, a missing one
 * is created (a write transaction each). Read-only, lmdb-js's openDB returns
 * undefined for a database the file lacks (it does not throw, whatever its
 * typings say), and nothing is created. Each database is opened with one key
 * encoding only: a second handle with another key encoding in the same
 * environment reads nothing (lmdb-js 3.5.6; the row tables' scan handles below
 * share the binary key type, which is fine).
 */
export function openTables(env: RootDatabase): Partial<Tables> {
  const binary = { keyEncoding: 'binary', encoding: 'binary' } as const;
  return {
    raw: env.openDB({ name: DB_NAMES.raw, ...binary, compression: { threshold: RAW_COMPRESSION_THRESHOLD } }),
    features: env.openDB({ name: DB_NAMES.features, ...binary }),
    training: env.openDB({ name: DB_NAMES.training, ...binary }),
    runs: env.openDB({ name: DB_NAMES.runs, encoding: 'json' }),
    state: env.openDB({ name: DB_NAMES.state }),
    metaDb: env.openDB({ name: DB_NAMES.meta, encoding: 'json' }),
  };
}

/**
 * What a reader must have written before it can read the store, or undefined.
 * Throws when there is nothing to read: no store (yet), not a store, or a store
 * from a newer engine.
 */
export function writeNeededBeforeReading(dir: string, tables: Partial<Tables>): string | undefined {
  const meta = tables.metaDb?.get(META_KEY);
  if (!meta) throw noStoreYet(dir, tables);
  if (meta.schemaVersion > SCHEMA_VERSION) throw storeErrors.tooNew(dir, meta.schemaVersion, SCHEMA_VERSION);
  if (meta.schemaVersion < SCHEMA_VERSION) return `a migration from schema version ${meta.schemaVersion}`;
  if (meta.migrating) return `the migration to schema version ${meta.migrating.to} (unfinished)`;
  // A store created by this engine has every table; an older one may lack one (l2_training_data came with schema 2).
  const missing = (Object.keys(TABLE_NAMES) as Array<keyof Tables>).filter((t) => tables[t] === undefined).map((t) => TABLE_NAMES[t]);
  return missing.length > 0 ? `creating its missing tables (${missing.join(', ')})` : undefined;
}

/**
 * Why a directory with an LMDB environment but no meta record cannot be read:
 * a writer creating it right now (busy: try again), an empty environment (a
 * creation killed before its first commit: no store), or foreign data.
 */
export function noStoreYet(dir: string, tables: Partial<Tables>): StoreError {
  const empty = Object.values(tables).every((db) => (db?.getKeysCount() ?? 0) === 0);
  if (!empty) return storeErrors.notAStore(dir);
  const writer = lockHolder(dir);
  return writer ? storeErrors.beingCreated(dir, writer.pid, writer.command) : storeErrors.missing(dir);
}

/**
 * Closes an environment; its native close runs under the open lock (open-lock.ts)
 * whenever lmdb-js makes it: inside this call when no write is pending, else once
 * the pending writes have ended. Only that synchronous moment is locked: a lock
 * held across awaits could be held by a process whose event loop is blocked.
 */
export function closeEnv(env: RootDatabase, dir: string): Promise<void> {
  // lmdb-js keeps its native environment as `env` (undocumented, as in txn-guard.ts) and closes it with close().
  const native = (env as unknown as { env: { close(): void } }).env;
  const close = native.close;
  // An own property: the prototype's close is read-only (N-API), which only forbids assignment.
  Object.defineProperty(native, 'close', { value: () => withOpenLock(dir, () => close.call(native)), configurable: true });
  return env.close();
}

/**
 * Closes an environment before returning. lmdb-js's close is asynchronous only
 * while asynchronous writes are pending; a read-only environment has none, and
 * the opens here write only with transactionSync, so the native close happens
 * inside the call. (A second open of the same path in this process while the
 * first is still open would share its native environment, and its mode.)
 */
export function closeNow(env: RootDatabase, dir: string): void {
  void closeEnv(env, dir);
  if ((env as unknown as { status: string }).status !== 'closed') throw new Error('lmdb-js did not close the store environment synchronously (asynchronous writes pending?)');
}
