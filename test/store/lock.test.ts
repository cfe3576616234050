/**
 * The store's writer lock: a second writer process (ingest or record) is refused
 * with the holder's pid while readers carry on; a lock left by a killed process
 * is taken over with a note; contenders racing for a stale lock end with exactly
 * one holder; a reused pid, an unreadable lock and another host's lock are handled.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startLocalExchange } from '../../src/exchange/server.js';
import { PROJECT_ROOT } from '../../src/native/load.js';
import { StoreError } from '../../src/errors.js';
import { LOCK_FILE, WriterLock } from '../../src/store/lock.js';
import { CLI, cli, recvtsFile, tempDir } from './store-fixtures.js';

const LOCK_JS = pathToFileURL(join(PROJECT_ROOT, 'dist', 'src', 'store', 'lock.js')).href;

/** A child process that takes the lock of `dir` as `command`, says `locked` (or `refused`) and holds it for `holdMs`. */
function lockHolder(dir: string, command: string, holdMs: number) {
  const code = `
    import { WriterLock } from ${JSON.stringify(LOCK_JS)};
    try {
      WriterLock.acquire(${JSON.stringify(dir)}, ${JSON.stringify(command)}, (n) => process.stderr.write(n + '\\n'));
      process.stdout.write('locked\\n');
      setTimeout(() => {}, ${holdMs});
    } catch (err) {
      process.stderr.write(err.message + '\\n', () => process.stdout.write('refused\\n'));
    }`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
  // Settles on exit, or on `locked` (a holder stays alive); a refused child exits after saying so.
  const said = new Promise<string>((resolve) => {
    child.stdout.on('data', () => { if (out.includes('locked\n')) resolve('locked'); });
    child.on('close', () => resolve(out.trim()));
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return { pid: child.pid!, said, exited, stderr: () => err, kill: (s: NodeJS.Signals) => child.kill(s) };
}

/** The pid of a process that has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

test('a second writer process is refused naming the holder; readers go on; a killed holder\'s lock is taken over', async () => {
  const dir = join(tempDir('lock'), 's');
  const file = recvtsFile();
  assert.equal(cli(['ingest', '--store', dir, '--backend', 'ts', file]).status, 0);
  assert.equal(existsSync(join(dir, LOCK_FILE)), false, 'an ingest releases the lock');

  const holder = lockHolder(dir, 'btc-engine ingest', 60_000);
  try {
    assert.equal(await holder.said, 'locked', holder.stderr());
    const ingest = cli(['ingest', '--store', dir, '--backend', 'ts', file]);
    assert.equal(ingest.status, 1);
    assert.match(ingest.stderr, new RegExp(`^btc-engine: store ${dir} is being written by pid ${holder.pid} \\(btc-engine ingest, since \\S+\\): a store has one writer at a time`));
    const upToDate = cli(['ingest', '--store', dir]);
    assert.equal(upToDate.status, 1, 'ingest with no files writes too');
    assert.match(upToDate.stderr, new RegExp(`being written by pid ${holder.pid}`));
    const record = cli(['record', '--store', dir, '--url', 'ws://127.0.0.1:9/v5/public/linear', '--duration', '0.5']);
    assert.equal(record.status, 1);
    assert.match(record.stderr, new RegExp(`being written by pid ${holder.pid}`));
    // Readers need no lock.
    const info = cli(['store', 'info', '--store', dir]);
    assert.equal(info.status, 0, info.stderr);
    assert.match(info.stdout, new RegExp(`writer +pid ${holder.pid} on \\S+ \\(btc-engine ingest\\)`));
    assert.equal(cli(['store', 'verify', '--store', dir]).status, 0);
    assert.equal(cli(['store', 'export', '--store', dir]).status, 0);
  } finally {
    holder.kill('SIGKILL');
    await holder.exited;
  }
  assert.ok(existsSync(join(dir, LOCK_FILE)), 'SIGKILL leaves the lock file');
  const after = cli(['ingest', '--store', dir, '--backend', 'ts', file]);
  assert.equal(after.status, 0, after.stderr);
  assert.match(after.stderr, new RegExp(`took over the writer lock of pid ${holder.pid} \\(btc-engine ingest, since \\S+\\): that process is gone`));
  assert.match(after.stderr, /already stored/);
  assert.equal(existsSync(join(dir, LOCK_FILE)), false);
});

test('ingest while record writes the store: refused with the recorder\'s pid; the recording is unharmed', async () => {
  const dir = join(tempDir('lock-rec'), 's');
  const ex = await startLocalExchange({ speed: 5, seed: 5 });
  const rec = spawn(process.execPath, [CLI, 'record', '--store', dir, '--url', ex.url, '--backend', 'ts', '--flush-ms', '100'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  rec.stderr.on('data', (d: Buffer) => { err += d.toString(); });
  const exited = new Promise<number | null>((resolve) => rec.on('exit', (code) => resolve(code)));
  try {
    const t0 = Date.now();
    while (!/connected to/.test(err)) {
      assert.ok(Date.now() - t0 < 15_000, `the recorder did not connect: ${err}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    const ingest = cli(['ingest', '--store', dir, '--backend', 'ts', recvtsFile()]);
    assert.equal(ingest.status, 1);
    assert.match(ingest.stderr, new RegExp(`store ${dir} is being written by pid ${rec.pid} \\(btc-engine record, since `));
    // Connected is not yet recorded: wait (readers need no lock) until frames are committed, so the session is a source.
    const t1 = Date.now();
    while (!/raw +[1-9]\d* frames in 1 sources/.test(cli(['store', 'info', '--store', dir]).stdout)) {
      assert.ok(Date.now() - t1 < 15_000, `the recorder committed no frame: ${err}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    rec.kill('SIGINT');
    assert.equal(await exited, 0, err);
  } finally {
    rec.kill('SIGKILL');
    await ex.close();
  }
  const v = cli(['store', 'verify', '--store', dir, '--replay']);
  assert.equal(v.status, 0, v.stdout);
  assert.match(v.stdout, /1 sources, 1 complete; 1 of them live recordings/);
  // Once the recorder is gone the ingest goes ahead, as source 2.
  const ingest = cli(['ingest', '--store', dir, '--backend', 'ts', recvtsFile()]);
  assert.equal(ingest.status, 0, ingest.stderr);
  assert.match(ingest.stderr, /stored source 2 /);
  assert.equal(cli(['store', 'verify', '--store', dir, '--replay']).status, 0);
});

test('contenders racing for a stale lock: exactly one takes it', async () => {
  const dir = tempDir('lock-race');
  writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: deadPid(), host: hostname(), command: 'btc-engine ingest', since: '2020-01-01T00:00:00.000Z' }));
  const holders = Array.from({ length: 4 }, () => lockHolder(dir, 'contender', 4000));
  try {
    const said = await Promise.all(holders.map((h) => h.said));
    assert.deepEqual(said.filter((s) => s === 'locked').length, 1, `${said.join(',')}\n${holders.map((h) => h.stderr()).join('\n')}`);
    const winner = holders[said.indexOf('locked')];
    assert.equal(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).pid, winner.pid);
    for (const h of holders) if (h !== winner) assert.match(h.stderr(), new RegExp(`being written by pid ${winner.pid} \\(contender`));
  } finally {
    for (const h of holders) h.kill('SIGKILL');
    await Promise.all(holders.map((h) => h.exited));
  }
});

test('in one process: a held lock refuses a second writer; release removes only our own lock', () => {
  const dir = tempDir('lock-unit');
  const notes: string[] = [];
  const lock = WriterLock.acquire(dir, 'btc-engine ingest', (n) => notes.push(n));
  assert.throws(() => WriterLock.acquire(dir, 'btc-engine record'), { name: 'StoreError', message: new RegExp(`is being written by pid ${process.pid} \\(btc-engine ingest`) });
  lock.release();
  assert.equal(existsSync(join(dir, LOCK_FILE)), false);
  const again = WriterLock.acquire(dir, 'x');
  // Someone else's lock file (after a takeover) is not ours to delete.
  writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: 1, host: hostname(), command: 'other', since: 'then' }));
  again.release();
  assert.ok(existsSync(join(dir, LOCK_FILE)));
  assert.deepEqual(notes, []);
});

test('stale in disguise: a reused pid and an unreadable lock are taken over; another host\'s lock is honoured', () => {
  const dir = tempDir('lock-stale');
  const notes: string[] = [];
  // Our own (live) pid, but started at another moment: the pid was reused.
  writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: process.pid, host: hostname(), command: 'old ingest', since: 'long ago', procStart: '1' }));
  const hasProc = existsSync(`/proc/${process.pid}/stat`);
  if (hasProc) {
    WriterLock.acquire(dir, 'new', (n) => notes.push(n)).release();
    assert.match(notes.pop()!, new RegExp(`took over the writer lock of pid ${process.pid} \\(old ingest, since long ago\\): that process is gone`));
  }
  writeFileSync(join(dir, LOCK_FILE), '{"pid":');
  WriterLock.acquire(dir, 'new', (n) => notes.push(n)).release();
  assert.match(notes.pop()!, /removed an unreadable writer\.lock/);
  writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: 123456789, host: 'elsewhere.example', command: 'btc-engine record', since: 'now' }));
  assert.throws(() => WriterLock.acquire(dir, 'new'), (err: unknown) => err instanceof StoreError && /being written by pid 123456789 on host elsewhere\.example/.test(err.message));
});

test('Store.open as a writer creates the directory and holds the lock until close', async () => {
  const { Store } = await import('../../src/store/store.js');
  const { FEATURE_SET_VERSION, rowFeatureDefs } = await import('../../src/features/registry.js');
  const dir = join(tempDir('lock-open'), 'a', 'b');
  mkdirSync(join(dir, '..'), { recursive: true });
  const store = Store.open(dir, {
    writer: 'test',
    create: {
      featureSetVersion: FEATURE_SET_VERSION, columns: rowFeatureDefs(false, 0).map((d) => d.name), extended: false,
      instrument: { exchange: 'bybit', market: 'linear', symbol: 'BTCUSDT', tick: '0.1', lot: '0.001' }, calibrationSha256: null, createdBy: 'test',
    },
  });
  assert.ok(existsSync(join(dir, LOCK_FILE)));
  assert.throws(() => Store.open(dir, { writer: 'second' }), { name: 'StoreError', message: /is being written by pid/ });
  const reader = Store.open(dir);
  await reader.close();
  await store.close();
  assert.equal(existsSync(join(dir, LOCK_FILE)), false);
});
