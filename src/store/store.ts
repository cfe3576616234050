/**
 * A feature store: one LMDB environment in a directory, with the named databases
 * of schema.ts. Opening checks the schema version, migrates an older store
 * (migrations.ts) and refuses a newer one. Every write goes through `write`, one
 * synchronous LMDB transaction: all of it lands or none of it, whatever kills the
 * process (LMDB never overwrites the last committed pages).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { open, TransactionFlags, type Database, type DatabaseOptions, type RootDatabase } from 'lmdb';
import { storeErrors, StoreError } from '../errors.js';
import { RowCodec } from './row-codec.js';
import type { RowTable } from './row-table.js';
import {
  DB_NAMES, ingestRunKey, META_KEY, PAGE_BYTES, SCHEMA_VERSION, type HistoryEntry, type IngestRun, type StoreMeta,
} from './schema.js';
import { migrate } from './migrations.js';
import { WriterLock } from './lock.js';

/**
 * Commit flags of every write: abortable (a throw in the callback rolls the whole
 * transaction back) and committed before `write` returns, but not waiting for the
 * fsync (lmdb-js overlappingSync flushes it while the next batch is computed). A
 * killed process loses nothing committed; a power cut can lose the last unflushed
 * commits, and LMDB then opens at the last flushed one: still a consistent prefix,
 * and the ingest resumes from its recorded progress.
 */
const TXN_FLAGS = TransactionFlags.ABORTABLE | TransactionFlags.SYNCHRONOUS_COMMIT | TransactionFlags.NO_SYNC_FLUSH;

/** LMDB's compression of `raw` (LZ4, frames of at least this many bytes): JSON frames shrink 3–6×. */
export const RAW_COMPRESSION_THRESHOLD = 256;

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

  private constructor(readonly dir: string, readonly env: RootDatabase, readonly now: () => Date) {
    this.raw = env.openDB({ name: DB_NAMES.raw, keyEncoding: 'binary', encoding: 'binary', compression: { threshold: RAW_COMPRESSION_THRESHOLD } });
    this.features = env.openDB({ name: DB_NAMES.features, keyEncoding: 'binary', encoding: 'binary' });
    this.training = env.openDB({ name: DB_NAMES.training, keyEncoding: 'binary', encoding: 'binary' });
    this.runs = env.openDB({ name: DB_NAMES.runs, encoding: 'json' });
    this.state = env.openDB({ name: DB_NAMES.state });
    this.metaDb = env.openDB({ name: DB_NAMES.meta, encoding: 'json' });
    const featureCodec = new RowCodec();
    const trainingCodec = new RowCodec();
    this.featureTable = { db: openRowTable(env, DB_NAMES.features, featureCodec), keys: this.features, codec: featureCodec };
    this.trainingTable = { db: openRowTable(env, DB_NAMES.training, trainingCodec), keys: this.training, codec: trainingCodec };
  }

  /** Opens (or with `create`, creates) the store in `dir`, migrating an older schema. */
  static open(dir: string, opts: OpenStoreOptions = {}): Store {
    const now = opts.now ?? (() => new Date());
    const note = opts.onNote ?? (() => {});
    const exists = existsSync(join(dir, 'data.mdb'));
    if (!exists && !opts.create) throw storeErrors.missing(dir);
    let lock: WriterLock | undefined;
    if (opts.writer) {
      mkdirSync(dir, { recursive: true });
      lock = WriterLock.acquire(dir, opts.writer, note, now);
    }
    let env: RootDatabase;
    try {
      // noSubdir false: `DIR` is a directory even when its name has a dot in it.
      env = open({ path: dir, maxDbs: 12, pageSize: PAGE_BYTES, noSubdir: false });
    } catch (err) {
      lock?.release();
      throw err;
    }
    const store = new Store(dir, env, now);
    store.lock = lock;
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
        // A migration writes: a reader takes the writer lock for its duration.
        const migrationLock = lock ? undefined : WriterLock.acquire(dir, 'btc-engine (migrating the store on open)', note, now);
        try {
          migrate(store, note);
        } finally {
          migrationLock?.release();
        }
      }
      if (lock) closeDeadRecordings(store, note);
    } catch (err) {
      void store.close();
      throw err;
    }
    return store;
  }

  /** The meta record (read fresh: another process may have written). */
  meta(): StoreMeta {
    const m = this.metaDb.get(META_KEY);
    if (!m) throw storeErrors.notAStore(this.dir);
    return m;
  }

  /** Writes the meta record (inside `write`). */
  putMeta(meta: StoreMeta): void {
    this.metaDb.putSync(META_KEY, meta);
  }

  /** A history entry stamped with the store's clock. */
  historyEntry(event: HistoryEntry['event'], detail: string): HistoryEntry {
    return { at: this.now().toISOString(), event, detail };
  }

  /** The ingest record of a source, if it was ever ingested. */
  ingestRun(digest: string): IngestRun | undefined {
    return this.runs.get(ingestRunKey(digest)) as IngestRun | undefined;
  }

  /** Every ingest record, by source number. */
  ingestRuns(): IngestRun[] {
    const out: IngestRun[] = [];
    for (const { value } of this.runs.getRange({ start: 'ingest/', end: 'ingest0' })) out.push(value as IngestRun);
    return out.sort((a, b) => a.sourceNo - b.sourceNo);
  }

  /** Writes an ingest record (inside `write`). */
  putIngestRun(run: IngestRun): void {
    this.runs.putSync(ingestRunKey(run.digest), run);
  }

  /** A `state` entry: what a restarted paper run needs (positions, open orders, PnL; issue 7 on). */
  getState<T>(name: string): T | undefined {
    return this.state.get(name) as T | undefined;
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
   */
  async putStatesAsync(where: string, entries: ReadonlyArray<readonly [string, unknown]>): Promise<void> {
    try {
      await this.env.transaction(() => { for (const [k, v] of entries) void this.state.put(k, v); });
    } catch (err) {
      if (err instanceof StoreError || !(err instanceof Error) || !isWriteFailure(err)) throw err;
      throw storeErrors.writeFailed(this.dir, err, where);
    }
  }

  /** The `state` entries whose keys start with `prefix`, in key order. */
  getStatesWithPrefix<T>(prefix: string): T[] {
    const out: T[] = [];
    for (const { key, value } of this.state.getRange({ start: prefix })) {
      if (typeof key !== 'string' || !key.startsWith(prefix)) break;
      out.push(value as T);
    }
    return out;
  }

  /**
   * Runs `fn` in one synchronous write transaction. A failed commit (full disk,
   * file-size limit, I/O error) rolls the whole transaction back and becomes a
   * StoreError naming `where`.
   */
  write<T>(where: string, fn: () => T): T {
    try {
      return this.env.transactionSync(fn, TXN_FLAGS);
    } catch (err) {
      if (err instanceof StoreError || !(err instanceof Error) || !isWriteFailure(err)) throw err;
      throw storeErrors.writeFailed(this.dir, err, where);
    }
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

  /** Closes the environment (every write was already committed by `write`) and releases the writer lock. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.env.close();
    } finally {
      this.lock?.release();
    }
  }
}

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
function openRowTable(env: RootDatabase, name: string, codec: RowCodec): Database<Buffer, Buffer> {
  const opts = { name, keyEncoder: SCAN_KEYS, encoder: codec } as unknown as DatabaseOptions & { name: string };
  return env.openDB(opts) as Database<Buffer, Buffer>;
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
