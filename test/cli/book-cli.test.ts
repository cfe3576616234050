/** `btc-engine book` end to end: the output contracts, bad input, --strict, --help. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { PROJECT_ROOT } from '../../src/native/load.js';
import { demoStream } from '../../src/feed/demo-stream.js';
import { bybitDepth, bybitTrade } from '../helpers/frames.js';
import { sharedFile } from '../helpers/shared-data.js';

const CLI = join(PROJECT_ROOT, 'dist', 'src', 'cli', 'main.js');
const dir = mkdtempSync(join(tmpdir(), 'btc-engine-cli-'));

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
const lines = (s: string): unknown[] => s.trim().split('\n').map((l) => JSON.parse(l));

test('--emit bbo prints one line per applied message with exact decimals', () => {
  const f = join(dir, 'small.jsonl');
  writeFileSync(f, [
    bybitDepth('snapshot', 7, [['28145.10', '3.818'], ['28145.00', '0.413']], [['28145.20', '0.010']]),
    bybitDepth('delta', 8, [['28145.10', '0']], []),
    bybitDepth('delta', 9, [], [['28145.20', '0']]),
  ].join('\n') + '\n');
  const r = cli(['book', '--emit', 'bbo', '--backend', 'ts', f]);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(lines(r.stdout), [
    { ts: 1700000000000, u: 7, bidPx: 28145.1, bidQty: 3.818, askPx: 28145.2, askQty: 0.01 },
    { ts: 1700000000000, u: 8, bidPx: 28145, bidQty: 0.413, askPx: 28145.2, askQty: 0.01 },
    { ts: 1700000000000, u: 9, bidPx: 28145, bidQty: 0.413, askPx: null, askQty: null },
  ]);
  assert.match(r.stdout, /"bidPx":28145\.1,/, 'printed with the tick decimals');
});

test('--emit top and summary on a real stream agree with each other for every backend', () => {
  const f = sharedFile('bybit/bybit_linear_BTCUSDT_ob200_trades_2026-08-09.jsonl');
  const outs = ['ts', 'wasm', 'native'].map((b) => cli(['book', '--emit', 'top', '--depth', '25', '--backend', b, f]));
  for (const o of outs) assert.equal(o.status, 0, o.stderr);
  assert.equal(outs[1].stdout, outs[0].stdout);
  assert.equal(outs[2].stdout, outs[0].stdout);
  const rows = lines(outs[0].stdout) as Array<{ bids: number[][]; asks: number[][]; bidPx: number; askPx: number }>;
  assert.equal(rows.length, 414);
  for (const row of rows) {
    assert.equal(row.bids.length, 25);
    assert.equal(row.bids[0][0], row.bidPx);
    assert.equal(row.asks[0][0], row.askPx);
  }
  const s = JSON.parse(cli(['book', '--emit', 'summary', '--backend', 'native', f]).stdout);
  // Expected counts straight from the file: frames, depth frames, and trade prints (a
  // publicTrade frame may carry several).
  const frames = readFileSync(f, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { topic: string; data: unknown[] });
  const depthFrames = frames.filter((x) => x.topic.startsWith('orderbook.')).length;
  const prints = frames.filter((x) => x.topic.startsWith('publicTrade.')).reduce((n, x) => n + x.data.length, 0);
  assert.deepEqual(
    [s.messages, s.bookMessages, s.trades, s.gaps, s.resyncs, s.crossed, s.rejected, s.backend],
    [frames.length, depthFrames, prints, 0, 0, 0, 0, 'native'],
  );
  assert.ok(s.levelChanges > 414 && typeof s.elapsedMs === 'number');
});

test('bad input is counted and reported once per kind, exit 0; --strict exits 1', () => {
  const f = join(dir, 'bad.jsonl');
  const good = demoStream({ messages: 50 }).trim().split('\n');
  const bad = [good[0], 'not json', 'still not json', bybitTrade('Buy', '65000.0', '-1'), ...good.slice(1), '{"topic":"kline.1.BTCUSDT"}'];
  writeFileSync(f, bad.join('\n') + '\n');
  const r = cli(['book', '--emit', 'summary', f]);
  assert.equal(r.status, 0);
  const s = JSON.parse(r.stdout);
  assert.equal(s.rejected, 4);
  assert.equal((r.stderr.match(/: malformed-json: /g) ?? []).length, 1, r.stderr);
  assert.match(r.stderr, /bad\.jsonl:2: malformed-json/);
  assert.match(r.stderr, /unknown-message/);
  assert.equal(cli(['book', '--emit', 'summary', '--strict', f]).status, 1);
});

test('a truncated gzip is reported and the complete lines before the damage are used', () => {
  const gz = gzipSync(Buffer.from(demoStream({ messages: 3000 })));
  const f = join(dir, 'cut.gz');
  writeFileSync(f, gz.subarray(0, Math.floor(gz.length / 2)));
  const r = cli(['book', '--emit', 'summary', f]);
  assert.equal(r.status, 0);
  assert.match(r.stderr, /truncated-input/);
  const s = JSON.parse(r.stdout);
  assert.ok(s.bookMessages > 100 && s.rejected >= 1);
});

test('--config supplies the instrument table; a bad config exits 2 naming the field', () => {
  const cfg = join(dir, 'coarse.yaml');
  writeFileSync(cfg, 'instruments:\n  - { exchange: bybit, market: linear, symbol: XRPUSDT, tick: "0.001", lot: "1" }\n');
  const xrp = sharedFile('bybit/xrpusdt-ob500.data.zip');
  const r = cli(['book', '--config', cfg, '--emit', 'summary', xrp]);
  assert.equal(r.status, 0);
  assert.match(r.stderr, /off-grid-price: price "1\.\d{4}" is not on the 0\.001 tick grid/);
  assert.ok(JSON.parse(r.stdout).rejected > 0);
  const flag = cli(['book', '--config', cfg, '--tick', '0.0001', '--emit', 'summary', xrp]);
  assert.equal(JSON.parse(flag.stdout).rejected, 0, 'a flag overrides the config');
  const bad = join(dir, 'bad.yaml');
  writeFileSync(bad, 'kernels: quantum\n');
  const b = cli(['book', '--config', bad, xrp]);
  assert.equal(b.status, 2);
  assert.match(b.stderr, /kernels: .*value was "quantum"/);
});

test('usage errors exit 2 with a message; every subcommand has --help', () => {
  const r = cli(['book', '--backend', 'gpu', join(dir, 'x')]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /gpu/);
  const missing = cli(['book', join(dir, 'does-not-exist.jsonl')]);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /cannot read/);
  for (const sub of [[], ['book'], ['demo']]) {
    const h = cli([...sub, '--help']);
    assert.equal(h.status, 0);
    assert.match(h.stdout, /Usage: btc-engine/);
  }
});
