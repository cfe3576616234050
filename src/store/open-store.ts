/**
 * Opening a store (Store.open): a reader's read-only open, which hands any
 * write it needs first (migration, missing table) to a read-write open under the
 * writer lock; and a writer's open, which creates, migrates and closes the
 * recording sessions a killed recorder left running.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { storeErrors } from '../errors.js';
import { closeNow, openEnv, openTables, writeNeededBeforeReading, type Tables } from './env.js';
import { WriterLock } from './lock.js';
import { migrate } from './migrations.js';
import { withOpenLock } from './open-lock.js';
import { META_KEY, SCHEMA_VERSION, type StoreMeta } from './schema.js';
import { Store } from './store.js';

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

/** Store.open: read-only unless `writer` or `create` is given (isWriterOpen). */
export function openStore(dir: string, opts: OpenStoreOptions): Store {
const exists = existsSync(join(dir, 'data.mdb'));
if (!exists && !opts.create) throw storeErrors.missing(dir);
return isWriterOpen(opts) ? openReadWrite(dir, opts, exists) : openReadOnly(dir, opts);
}

/**
 * A reader's open. The environment is read-only; when the store needs a write
 * first (migration, missing table), that write is made by a read-write open
 * under the writer lock, closed before the store is opened read-only again.
 * A reader thus never holds a read-write handle while another process writes.
 */
function openReadOnly(dir: string, opts: OpenStoreOptions): Store {
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
    const writer = openReadWrite(dir, { ...opts, create: undefined, writer: MIGRATING_COMMAND }, true);
    writer.closeNow();
  }
}

/** A writer's open (takes the writer lock when `writer` is given), creating and migrating. */
function openReadWrite(dir: string, opts: OpenStoreOptions, exists: boolean): Store {
  const now = opts.now ?? (() => new Date());
  const note = opts.onNote ?? (() => {});
  mkdirSync(dir, { recursive: true }); // the writer lock's and the open lock's files live in it
  const lock = opts.writer ? WriterLock.acquire(dir, opts.writer, note, now) : undefined;
  let store: Store;
  try {
    // lmdb-js creates a missing table in a write transaction of its own, outside the write guard: under the
    // open lock no btc-engine process opens the store meanwhile (the lost-commit race, txn-guard.ts).
    store = withOpenLock(dir, () => {
      const env = openEnv(dir, false);
      return new Store(dir, env, openTables(env) as Tables, now, false, { lock, note });
    });
  } catch (err) {
    lock?.release();
    throw err;
  }
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
