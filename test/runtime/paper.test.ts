/**
 * `btc-engine paper` as a user runs it: the default offline feed (synthetic
 * market on the engine's own loopback exchange) paper-trades, /health and
 * /metrics answer, SIGINT exits 0 with the state saved, a second start resumes,
 * and SIGKILL at random moments loses or doubles no fill.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getJson, metric, startPaper, until, writeConfig } from '../helpers/paper-proc.js';
import { PaperStateStore } from '../../src/runtime/paper-state.js';
import { paperInstrument } from '../../src/runtime/feed-source.js';
import { loadConfig } from '../../src/config/load.js';

const dir = mkdtempSync(join(tmpdir(), 'btc-engine-paper-'));
/** Trades often: aggressive IOCs on a low threshold, so fills come within seconds. */
const BUSY = writeConfig(dir, 'busy.yaml', [
  'execution:\n  strategy: aggressive',
  'decision:\n  source: rule\n  ruleBpsPerImbalance: 1\n  entryBps: 0.3\n  exitBps: 0.05\n  cooldownMs: 300\n  intervalMs: 50\n  maxPositionBtc: 0.01',
  'paper:\n  statusEveryMs: 1000',
].join('\n') + '\n');

test('default feed: trades within 30 s, serves /health and /metrics, SIGINT exits 0; the next start resumes', async () => {
  const stateDir = join(dir, 'default');
  const a = startPaper(['--state-dir', stateDir]);
  const base = await a.url;
  assert.ok(await until(async () => (await metric(base, 'btc_engine_orders_submitted_total')) > 0, 30_000), 'an order within 30 s');
  const h = await getJson(`${base}/health`);
  assert.equal(h.book.valid, true);
  assert.equal(h.resumed, false);
  assert.equal(typeof h.portfolio.equityUsd, 'number');
  assert.ok((await metric(base, 'btc_engine_feed_messages_total')) > 0);
  assert.equal(await metric(base, 'btc_engine_book_valid'), 1);
  assert.match(a.lines[0]!, /fresh start/);
  a.proc.kill('SIGINT');
  const exit = await a.exit;
  assert.equal(exit.code, 0, a.stderr.join(''));
  assert.match(a.lines.at(-1)!, /SIGINT; state saved/);

  const b = startPaper(['--state-dir', stateDir, '--duration', '30']);
  const base2 = await b.url;
  assert.match(b.lines[0]!, /resumed from/);
  assert.equal((await getJson(`${base2}/health`)).resumed, true);
  b.proc.kill('SIGTERM');
  assert.equal((await b.exit).code, 0);
});

interface LoggedFill { clientId: string; ts: number; qty: number; side: string }

function loggedFills(stateDir: string): LoggedFill[] {
  let text = '';
  try { text = readFileSync(join(stateDir, 'engine.log'), 'utf8'); } catch { return []; }
  return text.split('\n').filter((l) => l.includes('"event":"fill"')).map((l) => JSON.parse(l) as LoggedFill);
}

async function savedFills(stateDir: string): Promise<LoggedFill[]> {
  const cfg = loadConfig();
  const store = PaperStateStore.open(stateDir, paperInstrument(cfg), false);
  try {
    return (store.load(paperInstrument(cfg))?.portfolio.fills ?? []).map((f) => ({ clientId: f.clientId, ts: f.ts, qty: f.qty, side: f.side }));
  } finally {
    await store.close();
  }
}

test('SIGKILL at random moments: every logged fill is in the saved state, none twice, position = Σ fills', async () => {
  const stateDir = join(dir, 'kill');
  let killedWithFills = 0;
  for (let round = 0; round < 3; round++) {
    const p = startPaper(['--state-dir', stateDir, '--config', BUSY]);
    const base = await p.url;
    await until(async () => (await metric(base, 'btc_engine_fills_total')) > round * 2, 20_000);
    await new Promise((r) => setTimeout(r, 200 + Math.random() * 1500));
    p.proc.kill('SIGKILL');
    await p.exit;
    const logged = loggedFills(stateDir);
    const saved = await savedFills(stateDir);
    const key = (f: LoggedFill): string => `${f.clientId}|${f.ts}|${f.qty}|${f.side}`;
    const savedKeys = saved.map(key);
    assert.equal(new Set(savedKeys).size, savedKeys.length, 'no fill saved twice');
    for (const f of logged) assert.ok(savedKeys.includes(key(f)), `logged fill ${key(f)} is in the state`);
    if (saved.length > 0) killedWithFills++;
  }
  assert.ok(killedWithFills > 0, 'the rounds produced fills to check');
  // A clean start after the kills resumes the saved account exactly.
  const saved = await savedFills(stateDir);
  const positionBtc = saved.reduce((s, f) => s + (f.side === 'buy' ? f.qty : -f.qty), 0);
  const p = startPaper(['--state-dir', stateDir, '--duration', '30']);
  const h = await getJson(`${await p.url}/health`);
  assert.equal(h.resumed, true);
  assert.ok(Math.abs(h.portfolio.positionBtc - positionBtc) < 1e-9, `resumed position ${h.portfolio.positionBtc} = Σ saved fills ${positionBtc}`);
  assert.ok(h.portfolio.fills >= saved.length);
  p.proc.kill('SIGINT');
  assert.equal((await p.exit).code, 0);
});

test('bad config stops start-up with the field, the value and what is allowed', async () => {
  const bad = writeConfig(dir, 'bad.yaml', 'paper:\n  depth: 7\n');
  const p = startPaper(['--state-dir', join(dir, 'bad'), '--config', bad]);
  const exit = await p.exit;
  assert.equal(exit.code, 2);
  assert.match(p.stderr.join(''), /paper\.depth/);
  assert.match(p.stderr.join(''), /value was 7/);
});
