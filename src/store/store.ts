/**
 * A feature store: one LMDB environment in a directory, with the named databases
 * of schema.ts. Opening checks the schema version, migrates an older store
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
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Database, RootDatabase } from 'lmdb';
import { storeErrors, StoreError } from '../errors.js';
import { RowCodec } from './row-codec.js';
import type { RowTable } from './row-table.js';
import {
  DB_NAMES, ingestRunKey, META_KEY, SCHEMA_VERSION, type HistoryEntry, type IngestRun, type StoreMeta,
} from './schema.js';
import { migrate } from './migrations.js';
import { WriterLock } from './lock.js';
import { closeEnv, closeNow, openEnv, openRowTable, openTables, writeNeededBeforeReading, type Tables } from './env.js';
import { withOpenLock } from './open-lock.js';
import { freshTransaction, writeTxnIsStale } from './txn-guard.js';

export interface OpenStoreOptions {
  /** Create the store with this meta record when the directory holds none. */
  create?: Omit<StoreMeta, 'schemaVersion' | 'history' | 'nextSourceNo' | 'rowEncoding'>;
  /** Wall clock for history entries (injected so tests are deterministic). */
  now?: () => Date;
  /** Called with a line for each migration step (the CLI prints them on stderr). */
  onNote?: (line: string) => void;
  /**
   * Open for writing as this command (e.g. `btc-engine ingest`): takes the store's
   * writer lock (src/store/lock.ts) before anything else, released by close().
   * Readers leave it unset; a reader that must migrate the store takes the lock
   * for the migration only.
   */
  writer?: string;
}

/**
 * Read-only unless the caller says it writes (`writer`) or creates (`create`).
 * Read-only is the default, not an opt-in, so that a command that only reads
 * cannot write a store by forgetting a flag: no table created, no write
 * transaction on open, no sync of another process's commits. (That alone does not
 * stop a reader from dropping a writer's commit: see txn-guard.ts.) `create`
 * without `writer` (benchmarks, unit tests that own a fresh directory) stays
 * read-write without the lock.
 */
function isWriterOpen(opts: OpenStoreOptions): boolean {
  return opts.writer !== undefined || opts.create !== undefined;
}

/** The writer-lock command of a reader that migrates (or completes) a store before reading it. */
const MIGRATING_COMMAND = 'btc-engine (migrating the store on open)';

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

  /** Wraps an open environment and its tables (openTables; every one of them present). */
  private constructor(readonly dir: string, readonly env: RootDatabase, tables: Tables, readonly now: () => Date, readonly readOnly: boolean) {
    ({ raw: this.raw, features: this.features, training: this.training, runs: this.runs, state: this.state, metaDb: this.metaDb } = tables);
    const featureCodec = new RowCodec();
    const trainingCodec = new RowCodec();
    this.featureTable = { db: openRowTable(env, DB_NAMES.features, featureCodec), keys: this.features, codec: featureCodec };
    this.trainingTable = { db: openRowTable(env, DB_NAMES.training, trainingCodec), keys: this.training, codec: trainingCodec };
  }

  /**
   * Opens (or with `create`, creates) the store in `dir`, migrating an older
   * schema. Read-only unless `writer` or `create` is given (isWriterOpen).
   */
  static open(dir: string, opts: OpenStoreOptions = {}): Store {
    const exists = existsSync(join(dir, 'data.mdb'));
    if (!exists && !opts.create) throw storeErrors.missing(dir);
    return isWriterOpen(opts) ? Store.openReadWrite(dir, opts, exists) : Store.openReadOnly(dir, opts);
  }

  /**
   * A reader's open. The environment is read-only; when the store needs a write
   * first (migration, missing table), that write is made by a read-write open
   * under the writer lock, closed before the store is opened read-only again.
   * A reader thus never holds a read-write handle while another process writes.
   */
  private static openReadOnly(dir: string, opts: OpenStoreOptions): Store {
    const now = opts.now ?? (() => new Date());
    for (let attempt = 0; ; attempt++) {
      const env = openEnv(dir, true);
      const tables = openTables(env);
      let needs: string | undefined;
      try {
        needs = writeNeededBeforeReading(dir, tables);
      } catch (err) {
        closeNow(env, dir);
        throw err;
      }
      if (needs === undefined) return new Store(dir, env, tables as Tables, now, true);
      closeNow(env, dir);
      // One read-write pass does every such write; a second request means it did not.
      if (attempt > 0) throw storeErrors.stillNeedsWrite(dir, needs);
      const writer = Store.openReadWrite(dir, { ...opts, create: undefined, writer: MIGRATING_COMMAND }, true);
      writer.closeNow();
    }
  }

  /** A writer's open (takes the writer lock when `writer` is given), creating and migrating. */
  private static openReadWrite(dir: string, opts: OpenStoreOptions, exists: boolean): Store {
    const now = opts.now ?? (() => new Date());
    const note = opts.onNote ?? (() => {});
    let lock: WriterLock | undefined;
    if (opts.writer) {
      mkdirSync(dir, { recursive: true });
      lock = WriterLock.acquire(dir, opts.writer, note, now);
    }
    let store: Store;
    mkdirSync(dir, { recursive: true }); // the open lock's file lives in it
    try {
      // lmdb-js creates a missing table in a write transaction of its own, outside the write guard: under the
      // open lock no btc-engine process opens the store meanwhile (the lost-commit race, txn-guard.ts).
      store = withOpenLock(dir, () => {
        const env = openEnv(dir, false);
        return new Store(dir, env, openTables(env) as Tables, now, false);
      });
    } catch (err) {
      lock?.release();
      throw err;
    }
    store.lock = lock;
    store.note = note;
    try {
      let meta = store.metaDb.get(META_KEY);
      if (!meta) {
        // An ingest killed while creating the store leaves LMDB files but no data: no store yet.
        if (!opts.create) throw exists && !store.isEmpty() ? storeErrors.notAStore(dir) : storeErrors.missing(dir);
        meta = {
          schemaVersion: SCHEMA_VERSION, rowEncoding: 'f64le', nextSourceNo: 1, ...opts.create,
          history: [{ at: now().toISOString(), event: 'created', detail: `schema version ${SCHEMA_VERSION}, feature-set version ${opts.create.featureSetVersion}` }],
        };
        const m = meta;
        store.write('creating the store', () => store.putMeta(m));
      }
      if (meta.schemaVersion > SCHEMA_VERSION) throw storeErrors.tooNew(dir, meta.schemaVersion, SCHEMA_VERSION);
      if (meta.schemaVersion < SCHEMA_VERSION || meta.migrating) {
        // A migration writes: without the lock (create without writer) it is taken for its duration.
        const migrationLock = lock ? undefined : WriterLock.acquire(dir, MIGRATING_COMMAND, note, now);
        try {
          migrate(store, note);
        } finally {
          migrationLock?.release();
        }
      }
      if (lock) closeDeadRecordings(store, note);
    } catch (err) {
      store.closeNow();
      throw err;
    }
    return store;
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
   * returns (see closeNow below), so the same process can reopen it in another mode.
   */
  private closeNow(): void {
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

/**
 * Marks recording sessions left `running` as killed. Only a writer calls this:
 * holding the lock, it knows no recorder is alive to own them. Their frames and
 * rows are the consistent prefix their last commit left.
 */
function closeDeadRecordings(store: Store, note: (line: string) => void): void {
  const dead = store.ingestRuns().filter((r) => r.recording && r.status === 'running');
  if (dead.length === 0) return;
  store.write('closing killed recording sessions', () => {
    for (const r of dead) {
      const rec = r.recording!;
      rec.end = 'killed';
      r.status = 'complete';
      r.finishedAt = rec.lastCommitAt;
      store.putIngestRun(r);
    }
  });
  for (const r of dead) {
    note(`store ${store.dir}: source ${r.sourceNo} (recording by pid ${r.recording!.pid}, started ${r.recording!.startedAt}) ended without stopping; ` +
      `closed at its last commit (${r.recording!.lastCommitAt}): ${r.progress.frames} frames, ${r.progress.rows} rows`);
  }
}

/** Errors of the write path that mean the disk refused data (vs. a bug in the caller). */
function isWriteFailure(err: Error): boolean {
  const code = (err as NodeJS.ErrnoException).code as unknown;
  if (typeof code === 'number') return true; // lmdb-js reports errno and MDB_* codes as numbers
  return /MDB_MAP_FULL|MDB_TXN_FULL|ENOSPC|EFBIG|EIO|Input\/output error|No space left|File too large/.test(err.message);
}
