/**
 * Write transactions of a store that never build on a stale snapshot: the guard
 * against the lost-commit race of the LMDB that lmdb-js 3.5.6 bundles (below;
 * docs/STORE.md "The lost-commit race").
 */
import { spawnSync } from 'node:child_process';
import { TransactionFlags, type RootDatabase } from 'lmdb';
import { storeErrors } from '../errors.js';
import { withOpenLock } from './open-lock.js';

/**
 * Commit flags of every write: abortable (a throw in the callback rolls the whole
 * transaction back) and committed before `write` returns, but not waiting for the
 * fsync (lmdb-js overlappingSync flushes it while the next batch is computed). A
 * killed process loses nothing committed; a power cut can lose the last unflushed
 * commits, and LMDB then opens at the last flushed one: still a consistent prefix,
 * and the ingest resumes from its recorded progress.
 */
const TXN_FLAGS = TransactionFlags.ABORTABLE | TransactionFlags.SYNCHRONOUS_COMMIT | TransactionFlags.NO_SYNC_FLUSH;

/**
 * The lost-commit race (issue 5, the hole CI found). lmdb-js 3.5.6 bundles an LMDB
 * whose mdb_env_open2 sets the shared "last transaction" counter in lock.mdb to the
 * meta page it read while opening, for every opener, read-only included (upstream
 * LMDB only does that with MDB_PREVSNAPSHOT since ITS#9496). A process that opens
 * the store while the writer commits transaction N can so set the counter back to
 * N-1; the writer's next transaction then starts from snapshot N-1 and, committing,
 * overwrites meta page N: commit N is silently lost, while the writer goes on as
 * if it were stored (a hole in raw and l2_features under a run record past it).
 *
 * A write transaction normally gets id = newest meta page's id + 1. When it does
 * not, the counter was set back: the transaction is refused before it writes
 * anything, so meta page N stays intact, and resyncTxnCounter puts the counter
 * right. Store.putStatesAsync makes the same check in its asynchronous
 * transaction and writes a refused save again through this function. Not guarded:
 * the write transactions in which lmdb-js opens each table of a read-write
 * environment (running them inside a guarded transaction breaks lmdb-js: "No
 * transaction to renew"), but they run under the open lock (Store.open), so only a
 * process outside btc-engine can race them; a table creation lost there makes the
 * writer fail loudly, not leave a hole. Reads outside a write transaction in the writer's
 * process start from the same counter, so until the next write puts it right
 * they may see the snapshot before the last commit; the reads that matter go
 * through Store.freshRead, which makes them in an empty guarded write transaction.
 */
const STALE_WRITE_TXN = new Error('write transaction started from a stale snapshot');

/** Resynchronisations one write tries before it gives up (each costs a process start, about 0.15 s). */
const MAX_TXN_RESYNCS = 3;

/**
 * Runs `fn` in one synchronous write transaction that starts from the newest
 * snapshot. The check comes before fn, so a refused transaction has done nothing
 * and is simply run again after the counter is resynchronised.
 */
export function freshTransaction<T>(env: RootDatabase, dir: string, where: string, note: (line: string) => void, fn: () => T): T {
  for (let resyncs = 0; ; resyncs++) {
    try {
      // Under the open lock, no btc-engine process opens the store while this transaction commits, so none
      // can set the counter back (open-lock.ts); the check remains for other processes. Not held across the
      // resynchronisation below: its child process takes the lock.
      return withOpenLock(dir, () => env.transactionSync(() => {
        if (writeTxnIsStale(env)) throw STALE_WRITE_TXN;
        return fn();
      }, TXN_FLAGS));
    } catch (err) {
      if (err !== STALE_WRITE_TXN) throw err;
      if (resyncs >= MAX_TXN_RESYNCS) throw storeErrors.txnCounterStale(dir, where, resyncs);
      note(`store ${dir}: a process that opened the store while this one committed set LMDB's transaction counter back ` +
        `(lmdb-js 3.5.6 lacks the fix of LMDB ITS#9496); the last commit is kept, the counter was resynchronised and ${where} is written again`);
      resyncTxnCounter(dir);
    }
  }
}

/**
 * True inside a write transaction that started below the newest committed one (see
 * STALE_WRITE_TXN). Also right inside lmdb-js's asynchronous transactions: their
 * callbacks run on this thread, in the batch transaction its write thread opened.
 */
export function writeTxnIsStale(env: RootDatabase): boolean {
  // lmdb-js keeps its native environment as `env` (undocumented): info() is mdb_env_info, whose last
  // transaction id is that of the newest meta page, not the shared counter a transaction starts from.
  const native = (env as unknown as { env: { info(): { lastTxnId: number } } }).env;
  return env.getWriteTxnId() <= native.info().lastTxnId;
}

/**
 * Sets LMDB's shared transaction counter to the newest meta page, by the same code
 * that set it back: a short-lived process opens the environment read-only while
 * this writer, blocked here, commits nothing, so the meta page it reads is the
 * newest. A read-only Store cannot stand in: this process already has the
 * environment open, and a second open in one process shares it without re-reading.
 */
function resyncTxnCounter(dir: string): void {
  const lmdbUrl = import.meta.resolve('lmdb');
  const lockUrl = import.meta.resolve('./open-lock.js');
  // Under the open lock like every other open and close (open-lock.ts).
  const script = `const { open } = await import(${JSON.stringify(lmdbUrl)});` +
    `const { withOpenLock } = await import(${JSON.stringify(lockUrl)});` +
    `const env = withOpenLock(${JSON.stringify(dir)}, () => open({ path: ${JSON.stringify(dir)}, readOnly: true, maxDbs: 12, noSubdir: false }));` +
    `withOpenLock(${JSON.stringify(dir)}, () => void env.close());`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw storeErrors.txnResyncFailed(dir, r.error?.message ?? r.stderr.trim());
}
