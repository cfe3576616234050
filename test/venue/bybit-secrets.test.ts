/**
 * The API key and secret never leave the process except in the headers and the
 * auth message Bybit requires: not in logs (every line the venue writes,
 * through errors, retries, reconnects and reconciliation), not in its counters,
 * health, reports or inspected objects, and — running `btc-engine paper` with
 * the Bybit venue against the fake — not on stdout/stderr, /health, /metrics,
 * engine.log or the LMDB store (its files scanned byte by byte).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { BybitCredentials } from '../../src/venue/bybit/credentials.js';
import { BybitVenue } from '../../src/venue/bybit/bybit-venue.js';
import type { VenueReport } from '../../src/venue/types.js';
import { captureLog, drainAll, FAKE_KEY, FAKE_SECRET, FakeBybitExchange, fakeVenueOptions, order, startFakeVenue, until } from '../helpers/fake-bybit-rest.js';
import { startPaper, until as untilAsync, writeConfig } from '../helpers/paper-proc.js';

function assertClean(what: string, text: string, extra: string[] = []): void {
  for (const s of [FAKE_KEY, FAKE_SECRET, ...extra]) assert.ok(!text.includes(s), `${what} contains a secret (${s.slice(0, 6)}…)`);
}

test('credentials print as a placeholder however they are turned into text', () => {
  const c = new BybitCredentials(FAKE_KEY, FAKE_SECRET);
  for (const text of [JSON.stringify({ c }), String(c), `${c}`, inspect(c), inspect({ nested: { c } }, { depth: 5 }), Object.keys(c).join()]) assertClean('text', text);
  assert.equal(JSON.stringify({ c }), '{"c":"[BybitCredentials: redacted]"}');
});

test('venue logs, counters, health, reports and the inspected venue: no key, secret or signature', async () => {
  const fake = await FakeBybitExchange.start();
  const log = captureLog();
  const venue = await startFakeVenue(fake, { log, requestTimeoutMs: 300 });
  const all: VenueReport[] = [];
  try {
    fake.fault('/v5/order/create', 'drop-after');
    venue.submit(order('buy', 'ioc', 1, 600_000), venue.nowMs);
    fake.fault('/v5/order/create', 'stall', 1, 600);
    venue.submit(order('sell', 'post-only', 1, 610_000), venue.nowMs);
    assert.ok(await until(() => { drainAll(venue, all); return all.filter((r) => r.kind === 'accepted').length === 2; }));
    fake.serverSkewMs = 9000; // 10002 and a resync
    venue.submit(order('buy', 'ioc', 1, 600_000), venue.nowMs);
    assert.ok(await until(() => { drainAll(venue, all); return all.filter((r) => r.kind === 'fill').length === 2; }));
    fake.setPosition(fake.positionLots + 3);
    fake.dropWsClients(); // reconnect, re-auth, reconcile with a difference
    assert.ok(await until(() => venue.counters().positionAdjustments === 1, 5000));
    drainAll(venue, all);
    assert.ok(log.lines.length > 5, 'the venue did log');
    const signatures = fake.requests.map((r) => r.sign).filter((s) => s.length > 0);
    assert.ok(signatures.length > 5);
    const texts: Array<[string, string]> = [
      ['log', log.lines.join('\n')], ['counters', JSON.stringify(venue.counters())], ['health', JSON.stringify(venue.health())],
      ['reports', JSON.stringify(all)], ['inspect', inspect(venue, { depth: 8, showHidden: true })],
    ];
    for (const [what, text] of texts) assertClean(what, text, signatures);
  } finally {
    await venue.close();
    await fake.close();
  }
  // A refused secret: the start-up error and the log say so, without it.
  const fake2 = await FakeBybitExchange.start();
  const log2 = captureLog();
  const bad = new BybitVenue(fakeVenueOptions(fake2, { credentials: new BybitCredentials(FAKE_KEY, 'WRONG-SECRET-77aa'), log: log2, startTimeoutMs: 1000 }));
  try {
    const err = await bad.start().then(() => null, (e: Error) => e);
    assert.ok(err);
    assertClean('start-up error', `${err.message}\n${err.stack}`, ['WRONG-SECRET-77aa']);
    assertClean('log', log2.lines.join('\n'), ['WRONG-SECRET-77aa']);
  } finally {
    await bad.close();
    await fake2.close();
  }
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

test('btc-engine paper on the Bybit venue: trades, /health and /metrics show the server-time offset; no key anywhere, the store included', async () => {
  const fake = await FakeBybitExchange.start();
  const dir = mkdtempSync(join(tmpdir(), 'btc-engine-bybit-paper-'));
  const stateDir = join(dir, 'state');
  const cfg = writeConfig(dir, 'bybit.yaml', [
    'venue:', '  kind: bybit-demo', '  bybit:', '    demo:', `      restUrl: ${fake.restUrl}`, `      wsUrl: ${fake.wsUrl}`, '    timeSyncEveryMs: 2000',
    'execution:\n  strategy: aggressive',
    'decision:\n  source: rule\n  ruleBpsPerImbalance: 1\n  entryBps: 0.3\n  exitBps: 0.05\n  cooldownMs: 300\n  intervalMs: 50\n  maxPositionBtc: 0.01',
    'paper:\n  statusEveryMs: 500',
  ].join('\n') + '\n');
  const p = startPaper(['--state-dir', stateDir, '--config', cfg], { BYBIT_API_KEY: FAKE_KEY, BYBIT_API_SECRET: FAKE_SECRET });
  try {
    const base = await p.url;
    assert.ok(await untilAsync(() => fake.createsByLinkId.size >= 2, 40_000), 'orders reached the exchange');
    assert.ok(await untilAsync(async () => {
      const t = await (await fetch(`${base}/metrics`)).text();
      return /^btc_engine_fills_total [1-9]/m.test(t);
    }, 20_000), 'fills came back');
    const healthText = await (await fetch(`${base}/health`)).text();
    const health = JSON.parse(healthText) as { venue: { kind: string; connected: boolean; serverTimeOffsetMs: number; serverTimeAgeMs: number } };
    assert.equal(health.venue.kind, 'bybit-demo');
    assert.equal(health.venue.connected, true);
    assert.ok(Math.abs(health.venue.serverTimeOffsetMs) < 100 && health.venue.serverTimeAgeMs >= 0 && health.venue.serverTimeAgeMs < 5000);
    const metricsText = await (await fetch(`${base}/metrics`)).text();
    assert.match(metricsText, /^btc_engine_venue_server_time_offset_seconds -?\d/m);
    assert.match(metricsText, /^btc_engine_venue_server_time_age_seconds \d/m);
    assert.match(metricsText, /^btc_engine_venue_connected 1$/m);
    p.proc.kill('SIGINT');
    const exit = await p.exit;
    assert.equal(exit.code, 0, p.stderr.join(''));
    assert.deepEqual(fake.rejections, { key: 0, timestamp: 0, signature: 0, rateLimit: 0 });
    for (const [id, n] of fake.createsByLinkId) assert.equal(n, 1, `${id} created once`);
    const signatures = fake.requests.map((r) => r.sign).filter((s) => s.length > 0);
    assertClean('stdout', p.lines.join('\n'), signatures);
    assertClean('stderr', p.stderr.join(''), signatures);
    assertClean('/health', healthText, signatures);
    assertClean('/metrics', metricsText, signatures);
    const files = filesUnder(stateDir);
    assert.ok(files.some((f) => f.endsWith('.mdb')), 'the LMDB store was written');
    assert.ok(files.some((f) => f.endsWith('engine.log')));
    for (const f of files) {
      const bytes = readFileSync(f);
      for (const s of [FAKE_KEY, FAKE_SECRET]) {
        assert.equal(bytes.indexOf(Buffer.from(s, 'utf8')), -1, `${f} contains a secret`);
        assert.equal(bytes.indexOf(Buffer.from(s, 'utf16le')), -1, `${f} contains a secret (UTF-16)`);
      }
    }
    const engineLog = readFileSync(join(stateDir, 'engine.log'), 'utf8');
    assert.match(engineLog, /reconciled with the exchange/);
  } finally {
    if (p.proc.exitCode === null) p.proc.kill('SIGKILL');
    await fake.close();
  }
});
