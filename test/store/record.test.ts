/**
 * `btc-engine record` against the local exchange (started here on loopback, the
 * synthetic market) with injected disconnects and gaps: frames arrive in order
 * with receive times, reconnects and resubscribes are counted, the stored frames
 * rebuild the same book as a second client of the same exchange, the rows stored
 * at record time equal a replay of the stored frames (`verify --replay`), SIGINT
 * and SIGTERM exit 0 with everything flushed, and SIGKILL leaves a store that
 * verifies and that the next recorder appends to as a new session.
 */
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startLocalExchange, type LocalExchange, type LocalExchangeOptions } from '../../src/exchange/server.js';
import { BybitLiveClient } from '../../src/feed/live/bybit-client.js';
import { LOCK_FILE } from '../../src/store/lock.js';
import { Store } from '../../src/store/store.js';
import type { IngestRun } from '../../src/store/schema.js';
import { CLI, cli, tempDir } from './store-fixtures.js';

interface Child {
  pid: number;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill: (sig: NodeJS.Signals) => void;
}

const running = new Set<Child>();

/** A failed test must not leave a recorder behind (it would keep the runner alive). */
afterEach(() => {
  for (const c of running) c.kill('SIGKILL');
});

/** Starts `btc-engine record` on `url` into `dir` with ts kernels. */
function startRecord(dir: string, url: string, extra: string[] = []): Child {
  const child = spawn(process.execPath, [CLI, 'record', '--store', dir, '--url', url, '--backend', 'ts', ...extra], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => {
    running.delete(c);
    resolve({ code, signal });
  }));
  const c: Child = { pid: child.pid!, stderr: () => err, exited, kill: (sig) => child.kill(sig) };
  running.add(c);
  return c;
}

async function withExchange<T>(opts: LocalExchangeOptions, body: (ex: LocalExchange) => Promise<T>): Promise<T> {
  const ex = await startLocalExchange({ speed: 5, seed: 11, ...opts });
  try { return await body(ex); } finally { await ex.close(); }
}

/** Polls `cond` every 20 ms until it holds, or fails after `ms`. */
async function until(cond: () => boolean, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** The store's source records (opened read-only, as a reader would), or [] before the store exists. */
function runsOf(dir: string): IngestRun[] {
  if (!existsSync(join(dir, 'data.mdb'))) return [];
  let store: Store;
  try { store = Store.open(dir); } catch { return []; }
  try { return store.ingestRuns(); } finally { void store.close(); }
}

interface RawLine { recvNs: bigint; frame: Record<string, any> }

/** The store's raw frames via `store export --table raw`: every line must carry a receive time and parse. */
function rawLines(dir: string): RawLine[] {
  const r = cli(['store', 'export', '--store', dir, '--table', 'raw']);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split('\n').filter((l) => l.length > 0).map((l) => {
    const m = /^(\d{19}) (.*)$/.exec(l);
    assert.ok(m, `a raw line without a 19-digit receive time: ${l.slice(0, 80)}`);
    return { recvNs: BigInt(m[1]), frame: JSON.parse(m[2]) as Record<string, any> };
  });
}

/** Gaps as BybitLiveClient counts them: a delta whose u is not the last + 1 while the book is valid. */
function countGaps(lines: RawLine[], topic: string): { gaps: number; snapshots: number } {
  let valid = false;
  let last = -1;
  let gaps = 0;
  let snapshots = 0;
  for (const { frame } of lines) {
    if (frame.topic !== topic) continue;
    const u = frame.data.u as number;
    if (frame.type === 'snapshot') { valid = true; last = u; snapshots++; continue; }
    if (!valid) continue;
    if (u !== last + 1) { gaps++; valid = false; continue; }
    last = u;
  }
  return { gaps, snapshots };
}

/** `book --emit top` lines by u, without ts (a subscriber's snapshot is stamped when it is sent). */
function booksByU(file: string): Map<number, string> {
  const r = cli(['book', '--backend', 'ts', '--exchange', 'bybit', '--emit', 'top', '--depth', '50', file]);
  assert.equal(r.status, 0, r.stderr);
  const out = new Map<number, string>();
  for (const line of r.stdout.split('\n')) {
    if (!line) continue;
    const o = JSON.parse(line) as Record<string, unknown>;
    const u = o.u as number;
    delete o.ts;
    out.set(u, JSON.stringify(o));
  }
  return out;
}

test('record with injected drops and gaps: ordered frames with receive times, counted reconnects, same book as the exchange, rows = replay', async () => {
  const dir = join(tempDir('record'), 's');
  const topic = 'orderbook.50.BTCUSDT';
  await withExchange({ faults: { dropEveryMs: 1300 } }, async (ex) => {
    // A second subscriber of the same exchange: the book it sees is the exchange's book.
    const reference: string[] = [];
    const refClient = new BybitLiveClient({ url: ex.url, depth: 50, backoff: { initialMs: 20, maxMs: 100 }, onFrame: (f) => { reference.push(f.toString()); } });
    refClient.start();
    const rec = startRecord(dir, ex.url, ['--depth', '50', '--duration', '5', '--flush-ms', '100']);
    for (const at of [900, 2200, 3500]) {
      setTimeout(() => ex.inject.gap(), at);
    }
    const { code } = await rec.exited;
    await refClient.stop();
    assert.equal(code, 0, rec.stderr());
    assert.match(rec.stderr(), /stopped \(--duration 5\): source 1 in .*: \d+ frames/);
    assert.doesNotMatch(rec.stderr(), /warning/);
    assert.ok(ex.stats().faults.drops >= 3, `drops injected: ${ex.stats().faults.drops}`);

    const [run] = runsOf(dir);
    const r = run.recording!;
    assert.equal(run.status, 'complete');
    assert.equal(r.end, 'stopped');
    assert.deepEqual(r.topics, [topic, 'publicTrade.BTCUSDT']);
    assert.ok(r.reconnects >= 3, `reconnects ${r.reconnects}`);
    assert.ok(r.gaps >= 1, `gaps ${r.gaps}`);
    // Every reconnect subscribes again, and so does every gap.
    assert.ok(r.resubscribes >= r.reconnects - 1 + r.gaps, `resubscribes ${r.resubscribes}, reconnects ${r.reconnects}, gaps ${r.gaps}`);

    const lines = rawLines(dir);
    assert.equal(lines.length, run.progress.frames);
    assert.ok(lines.length > 100, `${lines.length} frames`);
    for (let i = 1; i < lines.length; i++) assert.ok(lines[i].recvNs >= lines[i - 1].recvNs, `receive times rise (frame ${i})`);
    const nowNs = BigInt(Date.now()) * 1_000_000n;
    assert.ok(nowNs - lines[0].recvNs < 60_000_000_000n && lines[0].recvNs <= nowNs, `receive times are wall-clock ns: now ${nowNs}, first ${lines[0].recvNs}`);
    assert.ok(lines.every((l) => l.frame.topic === topic || l.frame.topic === 'publicTrade.BTCUSDT'), 'only the subscribed topics');
    assert.ok(lines.some((l) => l.frame.topic === 'publicTrade.BTCUSDT'), 'trades recorded');
    const seen = countGaps(lines, topic);
    assert.equal(seen.gaps, r.gaps, 'the stored frames hold exactly the gaps the client saw');
    assert.ok(seen.snapshots >= 1 + r.gaps, `a snapshot opens the stream and follows each gap (${seen.snapshots})`);

    // The recorded frames rebuild the exchange's book: same levels at every u both streams applied.
    const work = join(dir, '..');
    const recorded = join(work, 'recorded.txt');
    writeFileSync(recorded, lines.map((l) => `${l.recvNs} ${JSON.stringify(l.frame)}`).join('\n') + '\n');
    const refFile = join(work, 'reference.jsonl');
    writeFileSync(refFile, reference.join('\n') + '\n');
    const mine = booksByU(recorded);
    const theirs = booksByU(refFile);
    let common = 0;
    for (const [u, book] of mine) {
      const other = theirs.get(u);
      if (other === undefined) continue;
      common++;
      assert.equal(book, other, `book at u=${u}`);
    }
    assert.ok(common >= mine.size / 2, `${common} of ${mine.size} books compared`);
  });
  // Rows stored at record time = rows re-derived from the stored frames, bit for bit.
  const v = cli(['store', 'verify', '--store', dir, '--replay']);
  assert.equal(v.status, 0, v.stdout + v.stderr);
  assert.match(v.stdout, /ok {4}replay: 1 sources replayed from raw \(\d+ frames\), \d+ rows re-derived .*source 1 bit for bit \(kernel ts\)/);
  // And equal what `features` computes from the exported frames.
  const exported = cli(['store', 'export', '--store', dir, '--table', 'raw', '--out', join(dir, '..', 'raw.txt')]);
  assert.equal(exported.status, 0);
  const features = cli(['features', '--backend', 'ts', join(dir, '..', 'raw.txt')]);
  assert.equal(cli(['store', 'export', '--store', dir]).stdout, features.stdout);
  assert.equal(existsSync(join(dir, LOCK_FILE)), false, 'the lock is released');
});

for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  test(`${sig}: exit 0, every received frame committed, the session closed`, async () => {
    const dir = join(tempDir('record-sig'), 's');
    await withExchange({}, async (ex) => {
      // No commit before the signal: only the stop can flush the frames.
      const rec = startRecord(dir, ex.url, ['--flush-ms', '3600000', '--batch-frames', '1000000']);
      await until(() => /connected to/.test(rec.stderr()), 'the recorder to connect');
      await sleep(1200);
      assert.equal(runsOf(dir)[0]?.progress.frames ?? 0, 0, 'no frame committed yet');
      rec.kill(sig);
      const { code } = await rec.exited;
      assert.equal(code, 0, rec.stderr());
      const m = new RegExp(`stopped \\(${sig}\\): source 1 in .*: (\\d+) frames`).exec(rec.stderr());
      assert.ok(m, rec.stderr());
      assert.doesNotMatch(rec.stderr(), /warning/, 'frames received = frames stored');
      const [run] = runsOf(dir);
      assert.equal(run.progress.frames, Number(m[1]));
      assert.ok(run.progress.frames > 10, `${run.progress.frames} frames`);
      assert.equal(run.recording!.end, 'stopped');
      assert.equal(run.recording!.depth, 200, 'orderbook.200 by default');
    });
    const v = cli(['store', 'verify', '--store', dir, '--replay']);
    assert.equal(v.status, 0, v.stdout);
    assert.equal(existsSync(join(dir, LOCK_FILE)), false);
  });
}

test('SIGKILL mid-recording: the store verifies; the next recorder takes the stale lock, closes the session and appends a new one', async () => {
  const dir = join(tempDir('record-kill'), 's');
  await withExchange({ speed: 10 }, async (ex) => {
    const rec = startRecord(dir, ex.url, ['--flush-ms', '50', '--batch-frames', '16']);
    await until(() => (runsOf(dir)[0]?.progress.frames ?? 0) >= 40, 'some commits');
    await sleep(Math.floor(Math.random() * 60));
    rec.kill('SIGKILL');
    assert.equal((await rec.exited).signal, 'SIGKILL');
    assert.ok(existsSync(join(dir, LOCK_FILE)), 'a killed recorder leaves its lock');
    const v = cli(['store', 'verify', '--store', dir, '--replay']);
    assert.equal(v.status, 0, v.stdout);
    assert.match(v.stdout, /1 still recording or killed/);
    const killed = runsOf(dir)[0];
    assert.equal(killed.status, 'running');

    const again = startRecord(dir, ex.url, ['--duration', '1.5', '--flush-ms', '100']);
    const { code } = await again.exited;
    assert.equal(code, 0, again.stderr());
    assert.match(again.stderr(), new RegExp(`took over the writer lock of pid ${rec.pid} \\(btc-engine record, since [^)]*\\): that process is gone`));
    assert.match(again.stderr(), /source 1 \(recording by pid \d+, started .*\) ended without stopping; closed at its last commit/);
    assert.match(again.stderr(), /stopped \(--duration 1\.5\): source 2 /);
    const [one, two] = runsOf(dir);
    assert.equal(one.status, 'complete');
    assert.equal(one.recording!.end, 'killed');
    assert.equal(one.progress.frames, killed.progress.frames, 'the killed session keeps what it committed');
    assert.equal(two.recording!.end, 'stopped');
  });
  const v = cli(['store', 'verify', '--store', dir, '--replay']);
  assert.equal(v.status, 0, v.stdout);
  assert.match(v.stdout, /2 sources replayed/);
  assert.match(cli(['store', 'info', '--store', dir]).stdout, /source 1 +recorded, killed \(kept up to its last commit\)[^]*source 2 +recorded, stopped cleanly/);
});

test('record with no exchange listening: --duration ends it with exit 1 and nothing recorded', async () => {
  const dir = join(tempDir('record-none'), 's');
  const rec = startRecord(dir, 'ws://127.0.0.1:9/v5/public/linear', ['--duration', '0.7']);
  const { code } = await rec.exited;
  assert.equal(code, 1, rec.stderr());
  assert.match(rec.stderr(), /no frame arrived .*nothing recorded/);
  assert.equal(runsOf(dir).length, 0);
  assert.equal(readFileSync(join(dir, 'data.mdb')).length > 0, true, 'the store itself was created');
});
