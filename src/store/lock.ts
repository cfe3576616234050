/**
 * The store's writer lock: at most one process writes a store (ingest, record).
 * LMDB serialises transactions, but not the logic around them: two ingests of the
 * same source would both resume it and interleave its progress, and a recorder
 * and an ingest would race for source numbers. Readers (info, export, verify,
 * evaluate, predict) take no lock: they open the environment read-only (store.ts),
 * and LMDB gives them a consistent snapshot.
 *
 * The lock is the file DIR/writer.lock holding the writer's pid, host, command,
 * start time and (Linux) the kernel's start time of that pid. It is created
 * complete or not at all: written to a private file, then hard-linked into place
 * (link fails if the lock exists). A lock whose process is gone, or whose pid now
 * belongs to a process started later (pid reuse), is stale and taken over: renamed
 * aside, checked to be the stale one (not a lock another contender just took),
 * then deleted. A lock from another host cannot be checked and is honoured.
 */
import { hostname } from 'node:os';
import { join } from 'node:path';
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { StoreError } from '../errors.js';

export const LOCK_FILE = 'writer.lock';

/** What the lock file says. */
export interface LockHolder {
  pid: number;
  host: string;
  command: string;
  /** Wall-clock ISO time the lock was taken. */
  since: string;
  /** Field 22 of /proc/PID/stat (start time in clock ticks since boot), when known. */
  procStart?: string;
}

/** Attempts before giving up on a contended takeover. */
const MAX_ATTEMPTS = 8;

/** Locks this process holds, released on exit even if close() was never reached. */
const held = new Set<WriterLock>();
let exitHookInstalled = false;

export class WriterLock {
  private released = false;

  private constructor(readonly path: string, readonly holder: LockHolder) {}

  /**
   * Takes the writer lock of the store in `dir` (which must exist) for `command`.
   * Throws a StoreError naming the holder when another live process has it;
   * `onNote` hears about a stale lock taken over.
   */
  static acquire(dir: string, command: string, onNote: (line: string) => void = () => {}, now: () => Date = () => new Date()): WriterLock {
    const path = join(dir, LOCK_FILE);
    const me: LockHolder = { pid: process.pid, host: hostname(), command, since: now().toISOString(), procStart: procStart(process.pid) };
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      if (tryCreate(path, me)) {
        const lock = new WriterLock(path, me);
        held.add(lock);
        installExitHook();
        return lock;
      }
      const other = readHolder(path);
      if (other === 'gone') continue; // released between our link and our read
      if (other !== 'unreadable' && isAlive(other)) throw lockErrors.held(dir, other);
      if (takeOver(path, other)) {
        onNote(other === 'unreadable'
          ? `store ${dir}: removed an unreadable ${LOCK_FILE} (no writer can be identified) and took the lock`
          : `store ${dir}: took over the writer lock of pid ${other.pid} (${other.command}, since ${other.since}): that process is gone`);
      }
    }
    throw lockErrors.contended(dir);
  }

  /** Deletes the lock file if it is still ours; idempotent. */
  release(): void {
    if (this.released) return;
    this.released = true;
    held.delete(this);
    const now = readHolder(this.path);
    if (typeof now === 'object' && now.pid === this.holder.pid && now.since === this.holder.since) {
      try { unlinkSync(this.path); } catch { /* already gone */ }
    }
  }
}

/** The current holder of a store's lock, if a live process holds it (for `store info`). */
export function lockHolder(dir: string): LockHolder | undefined {
  const h = readHolder(join(dir, LOCK_FILE));
  return typeof h === 'object' && isAlive(h) ? h : undefined;
}

export const lockErrors = {
  held: (dir: string, h: LockHolder) => new StoreError(
    `store ${dir} is being written by pid ${h.pid}${h.host === hostname() ? '' : ` on host ${h.host}`} (${h.command}, since ${h.since}): ` +
    `a store has one writer at a time; wait for it to finish or stop it (readers such as store info/export/verify need no lock). ` +
    `If no such process is writing, remove ${join(dir, LOCK_FILE)}`),
  contended: (dir: string) => new StoreError(`store ${dir}: could not take the writer lock after ${MAX_ATTEMPTS} attempts (other processes keep taking it over); try again`),
};

/** Creates the lock complete or not at all; false when a lock exists. */
function tryCreate(path: string, me: LockHolder): boolean {
  const tmp = `${path}.${me.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(me)}\n`);
  try {
    linkSync(tmp, path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    try { unlinkSync(tmp); } catch { /* ignore */ }
  }
}

function readHolder(path: string): LockHolder | 'gone' | 'unreadable' {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw err;
  }
  try {
    const h = JSON.parse(text) as LockHolder;
    return Number.isInteger(h.pid) && h.pid > 0 && typeof h.host === 'string' ? h : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

/**
 * Moves the stale lock aside and deletes it, if it still is the stale one; true
 * when it was. If a contender replaced it meanwhile, its lock is put back.
 */
function takeOver(path: string, stale: LockHolder | 'unreadable'): boolean {
  const aside = `${path}.stale.${process.pid}`;
  try {
    renameSync(path, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
  const moved = readHolder(aside);
  const same = stale === 'unreadable' ? moved === 'unreadable'
    : typeof moved === 'object' && moved.pid === stale.pid && moved.since === stale.since;
  if (!same) {
    try { linkSync(aside, path); } catch { /* a third process took the lock meanwhile: it holds it */ }
  }
  try { unlinkSync(aside); } catch { /* ignore */ }
  return same;
}

/** True when the holder's process still runs (or cannot be checked: another host). */
function isAlive(h: LockHolder): boolean {
  if (h.host !== hostname()) return true;
  try {
    process.kill(h.pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // ESRCH: no such process
  }
  // The pid runs; if it started at another moment than the holder did, it was reused.
  const start = procStart(h.pid);
  return h.procStart === undefined || start === undefined || start === h.procStart;
}

/** Linux: the start time of `pid` in clock ticks since boot (field 22 of /proc/PID/stat). */
function procStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 2 (comm) is parenthesised and may hold spaces: count fields after the last ')'.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return rest[22 - 3];
  } catch {
    return undefined;
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const lock of [...held]) lock.release();
  });
}
