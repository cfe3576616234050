/**
 * A feature store: one LMDB environment in a directory, with the named databases
 * of schema.ts. Opening (open-store.ts) checks the schema version, migrates an older store
 * (migrations.ts) and refuses a newer one. Every write goes through `write`, one
 * synchronous LMDB transaction: all of it lands or none of it, whatever kills the
 * process (LMDB never overwrites the last committed pages).
 *
 * Two modes (docs/STORE.md "Who opens a store read-write"): a writer (`writer`
 * or `create`) opens the environment read-write; everyone else opens it with
 * lmdb-js `readOnly`, which never starts a write transaction and cannot write
 * (every write path throws storeErrors.readOnly). A read-only open that finds
 * work to do (an older schema, an unfinished migration, a missing table) does it
 * in a separate read-write open under the writer lock, closes that, and reopens
 * read-only.
 */
import type { Database, RootDatabase } from 'lmdb';
import { storeErrors, StoreError } from '../errors.js';
import { RowCodec } from './row-codec.js';
import type { RowTable } from './row-table.js';
import { DB_NAMES, ingestRunKey, META_KEY, type HistoryEntry, type IngestRun, type StoreMeta } from './schema.js';
import type { WriterLock } from './lock.js';
import { closeEnv, closeNow, openRowTable, type Tables } from './env.js';
import { openStore, type OpenStoreOptions } from './open-store.js';
import { freshTransaction, writeTxnIsStale } from './txn-guard.js';

export type { OpenStoreOptions } from './open-store.js';

export class Store {
  readonly raw: Database<Buffer, Buffer>;
  /** l2_features with plain binary keys and values (counts, keys, point reads); rows go through featureTable. */
  readonly features: Database<Buffer, Buffer>;
  /** l2_training_data likewise (trainingTable for rows). */
  readonly training: Database<Buffer, Buffer>;
  readonly runs: Database<unknown, string>;
  readonly state: Database<unknown, string>;
  readonly metaDb: Database<StoreMeta, string>;
  /** l2_features and l2_training_data for putRows / scanRows (src/store/row-table.ts). */
  readonly featureTable: RowTable;
  readonly trainingTable: RowTable;
  private closed = false;
  /** The writer lock, when opened with `writer`. */
  private lock: WriterLock | undefined;
  /** Where `write` reports a transaction counter it had to resynchronise (OpenStoreOptions.onNote). */
  private note: (line: string) => void = () => {};
  /** putStatesAsync saves refused (stale snapshot) and not yet written again. */
  private asyncSavesRefused = 0;

  /**
   * Wraps an open environment and its tables (openTables; every one of them
   * present). Called by open-store.ts only: everyone else opens with Store.open.
   */
  constructor(readonly dir: string, readonly env: RootDatabase, tables: Tables, readonly now: () => Date, readonly readOnly: boolean,
              writer?: { lock: WriterLock | undefined; note: (line: string) => void }) {
    this.lock = writer?.lock;
    if (writer) this.note = writer.note;
    ({ raw: this.raw, features: this.features, training: this.training, runs: this.runs, state: this.state, metaDb: this.metaDb } = tables);
    const featureCodec = new RowCodec();
    const trainingCodec = new RowCodec();
    this.featureTable = { db: openRowTable(env, DB_NAMES.features, featureCodec), keys: this.features, codec: featureCodec };
    this.trainingTable = { db: openRowTable(env, DB_NAMES.training, trainingCodec), keys: this.training, codec: trainingCodec };
  }

  /**
   * Opens (or with `create`, creates) the store in `dir`, migrating an older
   * schema. Read-only unless `writer` or `create` is given (open-store.ts).
   */
  static open(dir: string, opts: OpenStoreOptions = {}): Store {
    return openStore(dir, opts);
  }

  /** The meta record (read fresh: another process may have written). */
  meta(): StoreMeta {
    const m = this.freshRead(() => this.metaDb.get(META_KEY));
    if (!m) throw storeErrors.notAStore(this.dir);
    return m;
  }

  /** Writes the meta record (inside `write`). */
  putMeta(meta: StoreMeta): void {
    this.assertWritable('writing the meta record');
    this.metaDb.putSync(META_KEY, meta);
  }

  /** A history entry stamped with the store's clock. */
  historyEntry(event: HistoryEntry['event'], detail: string): HistoryEntry {
    return { at: this.now().toISOString(), event, detail };
  }

  /** The ingest record of a source, if it was ever ingested. */
  ingestRun(digest: string): IngestRun | undefined {
    return this.freshRead(() => this.runs.get(ingestRunKey(digest)) as IngestRun | undefined);
  }

  /** Every ingest record, by source number. */
  ingestRuns(): IngestRun[] {
    const out: IngestRun[] = [];
    this.freshRead(() => {
      for (const { value } of this.runs.getRange({ start: 'ingest/', end: 'ingest0' })) out.push(value as IngestRun);
    });
    return out.sort((a, b) => a.sourceNo - b.sourceNo);
  }

  /** Writes an ingest record (inside `write`). */
  putIngestRun(run: IngestRun): void {
    this.assertWritable(`writing the record of source ${run.sourceNo}`);
    this.runs.putSync(ingestRunKey(run.digest), run);
  }

  /** A `state` entry: what a restarted paper run needs (positions, open orders, PnL; issue 7 on). */
  getState<T>(name: string): T | undefined {
    return this.freshRead(() => this.state.get(name) as T | undefined);
  }

  /** Sets a `state` entry (msgpack: plain objects, arrays, numbers, strings); inside `write` to join other writes. */
  putState(name: string, value: unknown): void {
    this.write(`saving state ${name}`, () => this.state.putSync(name, value));
  }

  /** Sets several `state` entries in one transaction (all or none). */
  putStates(where: string, entries: ReadonlyArray<readonly [string, unknown]>): void {
    this.write(where, () => { for (const [k, v] of entries) this.state.putSync(k, v); });
  }

  /**
   * Sets several `state` entries in one transaction committed off this thread
   * (lmdb-js's write thread): the caller is not blocked by the commit. Such
   * transactions land in the order they were made; the promise settles when
   * this one is committed (a failed commit rejects, naming `where`).
   *
   * Guarded like `write` (txn-guard.ts): the callback runs in the write thread's
   * batch transaction, on this thread, and writes nothing when that transaction
   * started from a stale snapshot. An empty transaction commits no meta page, so
   * the last commit stays; the save is then written again synchronously (which
   * resynchronises the counter). While a refused save waits for that, later saves
   * are refused too and written again after it, so saves still land in order: a
   * newer head is never overwritten by an older one. Only this method writes
   * asynchronously, so a batch holds nothing else that could land on the stale
   * snapshot.
   */
  async putStatesAsync(where: string, entries: ReadonlyArray<readonly [string, unknown]>): Promise<void> {
    this.assertWritable(where);
    let refused = false;
    try {
      await this.env.transaction(() => {
        if (this.asyncSavesRefused > 0 || writeTxnIsStale(this.env)) {
          refused = true;
          this.asyncSavesRefused++;
          return;
        }
        for (const [k, v] of entries) void this.state.put(k, v);
      });
    } catch (err) {
      if (refused) this.asyncSavesRefused--; // the batch failed: this save is not retried (the caller is told)
      if (err instanceof StoreError || !(err instanceof Error) || !isWriteFailure(err)) throw err;
      throw storeErrors.writeFailed(this.dir, err, where);
    }
    if (!refused) return;
    try {
      this.putStates(where, entries);
    } finally {
      this.asyncSavesRefused--;
    }
  }

  /** The `state` entries whose keys start with `prefix`, in key order. */
  getStatesWithPrefix<T>(prefix: string): T[] {
    const out: T[] = [];
    this.freshRead(() => {
      for (const { key, value } of this.state.getRange({ start: prefix })) {
        if (typeof key !== 'string' || !key.startsWith(prefix)) break;
        out.push(value as T);
      }
    });
    return out;
  }

  /**
   * Runs `fn` in one synchronous write transaction. A failed commit (full disk,
   * file-size limit, I/O error) rolls the whole transaction back and becomes a
   * StoreError naming `where`.
   */
  write<T>(where: string, fn: () => T): T {
    this.assertWritable(where);
    try {
      return freshTransaction(this.env, this.dir, where, this.note, fn);
    } catch (err) {
      if (err instanceof StoreError || !(err instanceof Error) || !isWriteFailure(err)) throw err;
      throw storeErrors.writeFailed(this.dir, err, where);
    }
  }

  /**
   * Runs `fn`'s reads on the newest snapshot. A reader's snapshot is its own;
   * a writer's reads outside a write transaction start from LMDB's shared counter,
   * which another process's open can set one commit back (the lost-commit race,
   * txn-guard.ts), so they would miss the writer's own last commit: there `fn`
   * runs inside a write transaction that writes nothing (the guard makes its
   * snapshot the newest; it commits nothing; about 1.5 µs).
   */
  freshRead<T>(fn: () => T): T {
    if (this.readOnly || inWriteTransaction(this.env)) return fn();
    return this.write('reading the store', fn);
  }

  /** A row table with plain binary keys and values (every value a Buffer copy): sees values of any size. */
  binaryView(name: typeof DB_NAMES.features | typeof DB_NAMES.training): Database<Buffer, Buffer> {
    return name === DB_NAMES.features ? this.features : this.training;
  }

  /** True when no table holds anything (a store whose creation never committed its meta record). */
  isEmpty(): boolean {
    return [this.raw, this.features, this.training, this.runs, this.state, this.metaDb].every((db) => db.getKeysCount() === 0);
  }

  /** Bytes of the data file (what the store takes on disk). */
  sizeBytes(): number {
    const s = this.env.getStats() as { lastPageNumber: number; pageSize: number };
    return (s.lastPageNumber + 1) * s.pageSize;
  }

  /** Refuses a write on a read-only store with a StoreError (lmdb-js would throw "putSync is not a function"). */
  private assertWritable(where: string): void {
    if (this.readOnly) throw storeErrors.readOnly(this.dir, where);
  }

  /**
   * Closes now, not when a promise settles: the environment is gone when this
   * returns (env.ts closeNow), so the same process can reopen it in another mode
   * (open-store.ts).
   */
  closeNow(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      closeNow(this.env, this.dir);
    } finally {
      this.lock?.release();
    }
  }

  /** Closes the environment (every write was already committed by `write`) and releases the writer lock. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await closeEnv(this.env, this.dir);
    } finally {
      this.lock?.release();
    }
  }
}

/** True inside a write transaction of `env` (a synchronous one, or an asynchronous batch's callback). */
function inWriteTransaction(env: RootDatabase): boolean {
  // lmdb-js marks it on its native environment as `writeTxn` (undocumented; txn-guard.ts reads the same object).
  return Boolean((env as unknown as { env: { writeTxn?: unknown } }).env.writeTxn);
}

/** Errors of the write path that mean the disk refused data (vs. a bug in the caller). */
function isWriteFailure(err: Error): boolean {
  const code = (err as NodeJS.ErrnoException).code as unknown;
  if (typeof code === 'number') return true; // lmdb-js reports errno and MDB_* codes as numbers
  return /MDB_MAP_FULL|MDB_TXN_FULL|ENOSPC|EFBIG|EIO|Input\/output error|No space left|File too large/.test(err.message);
}
