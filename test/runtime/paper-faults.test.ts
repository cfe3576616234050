/**
 * Fault tests of the paper runtime against the local exchange (issue 8): the
 * exchange, started here on loopback, drops connections, skips update ids, sends
 * malformed frames and stalls; the engine (a child process on `--feed local`)
 * must count each, recover a valid book, and keep its accounting whole.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalExchange } from '../../src/exchange/server.js';
import { getJson, metric, startPaper, until, writeConfig } from '../helpers/paper-proc.js';
import { sharedFile } from '../helpers/shared-data.js';

const dir = mkdtempSync(join(tmpdir(), 'btc-engine-paper-faults-'));

async function withExchange(faults: Parameters<typeof startLocalExchange>[0], body: (url: string) => Promise<void>): Promise<void> {
  const ex = await startLocalExchange({ port: 0, ...faults });
  try {
    await body(ex.url);
  } finally {
    await ex.close();
  }
}

test('gaps, malformed frames and dropped connections: each counted, the book recovers', async () => {
  await withExchange({ faults: { gapEveryFrames: 60, malformedEveryFrames: 45, dropEveryMs: 3_000 } }, async (url) => {
    const cfg = writeConfig(dir, 'faults.yaml', `paper:\n  feed: local\n  localUrl: ${url}\n  statusEveryMs: 0\n`);
    const p = startPaper(['--config', cfg, '--state-dir', join(dir, 'faults')]);
    const base = await p.url;
    const counted = async (): Promise<boolean> =>
      (await metric(base, 'btc_engine_feed_gaps_total')) > 0 && (await metric(base, 'btc_engine_feed_malformed_total')) > 0
      && (await metric(base, 'btc_engine_feed_reconnects_total')) > 0 && (await metric(base, 'btc_engine_feed_resubscribes_total')) > 0;
    assert.ok(await until(counted, 20_000), 'gap, malformed frame and reconnect all counted');
    assert.ok(await until(async () => (await getJson(`${base}/health`)).book.valid === true, 5_000), 'the book is valid again');
    const h = await getJson(`${base}/health`);
    // Accounting stays whole through the faults: equity = cash + position × mid.
    assert.ok(Math.abs(h.portfolio.equityUsd - (h.portfolio.cashUsd + h.portfolio.positionBtc * h.book.mid)) < 1e-6);
    p.proc.kill('SIGINT');
    assert.equal((await p.exit).code, 0);
  });
});

test('a stalled feed trips the stale-feed breaker (counted), which clears when data flows again', async () => {
  await withExchange({ faults: { stallEveryMs: 4_000, stallMs: 2_500 } }, async (url) => {
    const cfg = writeConfig(dir, 'stall.yaml', `paper:\n  feed: local\n  localUrl: ${url}\n  statusEveryMs: 0\nrisk:\n  staleFeedMs: 1000\n`);
    const p = startPaper(['--config', cfg, '--state-dir', join(dir, 'stall')]);
    const base = await p.url;
    assert.ok(await until(async () => (await metric(base, 'btc_engine_breaker_trips_total', 'breaker="stale-feed"')) > 0, 20_000), 'stale-feed tripped');
    assert.ok(await until(async () => (await metric(base, 'btc_engine_breaker_active', 'breaker="stale-feed"')) === 0, 10_000), 'and cleared');
    p.proc.kill('SIGINT');
    assert.equal((await p.exit).code, 0);
  });
});

test('a slow market worker: frames wait in order, then are dropped (counted) and the book is resynced', async () => {
  const file = sharedFile('bybit/derived_bybit-shaped_ob200_BTCUSDT_2023-04-04.jsonl');
  // 80 ms per batch against ~1,500 frames/s: the worker falls behind, the 64 KiB ring fills,
  // the main thread's backlog passes its 256 KiB bound, and what waits is dropped.
  const cfg = writeConfig(dir, 'slow.yaml', [
    `paper:\n  feed: replay\n  replayFiles: [${JSON.stringify(file)}]\n  replaySpeed: 50\n  depth: 200\n  statusEveryMs: 0`,
    '  pipeline:\n    ringBytes: 65536\n    maxBacklogBytes: 262144\n    injectDelayMs: 80',
    'risk:\n  staleFeedMs: 60000',
  ].join('\n') + '\n');
  const p = startPaper(['--config', cfg, '--state-dir', join(dir, 'slow')]);
  const base = await p.url;
  assert.ok(await until(async () => (await metric(base, 'btc_engine_pipeline_dropped_frames_total')) > 0, 30_000), 'frames dropped');
  assert.ok((await metric(base, 'btc_engine_pipeline_ring_full_total')) > 0, 'ring-full waits counted');
  assert.ok(await until(async () => (await metric(base, 'btc_engine_feed_resubscribes_total')) > 0, 5_000), 'the book was resubscribed');
  assert.ok(await until(async () => (await metric(base, 'btc_engine_book_gaps_total')) > 0, 10_000), 'the worker saw the hole as a gap');
  assert.ok(await until(async () => (await getJson(`${base}/health`)).book.valid === true, 20_000), 'and recovered a valid book');
  const h = await getJson(`${base}/health`);
  // Accounting stays whole through the drops: equity = cash + position × mid.
  assert.ok(Math.abs(h.portfolio.equityUsd - (h.portfolio.cashUsd + h.portfolio.positionBtc * h.book.mid)) < 1e-6);
  p.proc.kill('SIGINT');
  assert.equal((await p.exit).code, 0);
});

test('a delta the parser refuses although its u is in sequence: the worker asks for a fresh snapshot and the book recovers', async () => {
  await withExchange({ faults: { corruptEveryFrames: 40 } }, async (url) => {
    const cfg = writeConfig(dir, 'corrupt.yaml', `paper:\n  feed: local\n  localUrl: ${url}\n  statusEveryMs: 0\n`);
    const p = startPaper(['--config', cfg, '--state-dir', join(dir, 'corrupt')]);
    const base = await p.url;
    assert.ok(await until(async () => (await metric(base, 'btc_engine_book_rejected_frames_total')) > 0, 20_000), 'the garbled delta was refused');
    assert.ok(await until(async () => (await metric(base, 'btc_engine_feed_resubscribes_total')) > 0, 5_000), 'a fresh snapshot was asked for');
    assert.equal(await metric(base, 'btc_engine_feed_gaps_total'), 0, 'the client itself saw no gap: the request came from the worker');
    assert.ok(await until(async () => (await getJson(`${base}/health`)).book.valid === true, 10_000), 'the book is valid again');
    p.proc.kill('SIGINT');
    assert.equal((await p.exit).code, 0);
  });
});
