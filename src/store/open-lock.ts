/**
 * The store's open lock: every btc-engine process holds an exclusive flock on
 * DIR/open.lock while lmdb-js opens or closes the store's environment, so opens
 * and closes of one store never overlap between processes.
 *
 * Why (docs/STORE.md "Opening while another process closes"): the LMDB that
 * lmdb-js 3.5.6 bundles lets the last process to close an environment destroy the
 * mutexes in lock.mdb. A process that opened at that moment waits for the closer's
 * file lock, then attaches to the destroyed mutexes, and its first transaction
 * fails with EINVAL ("Invalid argument", "No transaction to renew"); lmdb-js keeps
 * that broken environment for the rest of the process. Under a tight loop of opens
 * that was 12–13 % of reader processes; with the lock, none.
 *
 * A writer also holds it for each synchronous write transaction (txn-guard.ts) and
 * while a read-write open creates its tables: a process opening the store while a
 * commit is in flight is what can set LMDB's transaction counter back (the
 * lost-commit race), so among btc-engine processes that race is gone too.
 *
 * The lock is held for milliseconds (an open, a close, a commit). Within one process it
 * is counted per directory, so nested use never waits on itself. A process killed
 * while holding it loses it with its file descriptors. Without the native addon
 * (BTC_ENGINE_NO_NATIVE=1, or a failed build) or on a read-only file system there
 * is no lock, and the race is back to what lmdb-js gives.
 */
import { closeSync, openSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { nativeAddon } from '../native/load.js';

export const OPEN_LOCK_FILE = 'open.lock';

/** How long an open waits for another process's open or close before going ahead without the lock. */
const MAX_WAIT_MS = 30_000;
const EWOULDBLOCK = 11;

type Flock = (fd: number, exclusive: boolean) => number;

const held = new Map<string, { fd: number; count: number }>();
const sleepCell = new Int32Array(new SharedArrayBuffer(4));

/** Runs `fn` holding the open lock of `dir` (which must exist). */
export function withOpenLock<T>(dir: string, fn: () => T): T {
  const release = acquire(dir);
  try {
    return fn();
  } finally {
    release();
  }
}

function acquire(where: string): () => void {
  const flock = nativeAddon()?.flock as Flock | undefined;
  if (!flock) return () => {};
  const dir = resolve(where);
  const mine = held.get(dir);
  if (mine) {
    mine.count++;
    return () => release(dir, flock);
  }
  let fd: number;
  try {
    fd = openSync(join(dir, OPEN_LOCK_FILE), 'a');
  } catch {
    return () => {}; // read-only directory: readers there cannot be raced by a writer's close anyway
  }
  const deadline = Date.now() + MAX_WAIT_MS;
  for (;;) {
    const rc = flock(fd, true);
    if (rc === 0) break;
    if (rc !== EWOULDBLOCK || Date.now() >= deadline) {
      // Go ahead unlocked rather than stall: the open may then meet the race the lock avoids.
      closeSync(fd);
      return () => {};
    }
    Atomics.wait(sleepCell, 0, 0, 1);
  }
  held.set(dir, { fd, count: 1 });
  return () => release(dir, flock);
}

function release(dir: string, flock: Flock): void {
  const mine = held.get(dir)!;
  if (--mine.count > 0) return;
  held.delete(dir);
  flock(mine.fd, false);
  closeSync(mine.fd);
}
