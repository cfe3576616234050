/**
 * Configuring the Bybit venue: demo / testnet endpoints by default, keys from
 * the environment only, and start-up refusals that say what to do — a mainnet
 * address, unencrypted transport off loopback, missing keys, or the venue used
 * by replay.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load.js';
import { openSession } from '../../src/engine/session.js';
import { paperInstrument } from '../../src/runtime/feed-source.js';
import { bybitVenueFromConfig, checkVenueUrl } from '../../src/venue/bybit/config.js';
import { startPaper, writeConfig } from '../helpers/paper-proc.js';

const instrument = { symbol: 'BTCUSDT', tick: { units: 1, decimals: 1 }, lot: { units: 1, decimals: 3 } };

test('defaults: Bybit demo and testnet REST and private WebSocket addresses', () => {
  const cfg = loadConfig(undefined, [], {});
  assert.equal(cfg.venue.kind, 'paper');
  assert.deepEqual(cfg.venue.bybit.demo, { restUrl: 'https://api-demo.bybit.com', wsUrl: 'wss://stream-demo.bybit.com/v5/private' });
  assert.deepEqual(cfg.venue.bybit.testnet, { restUrl: 'https://api-testnet.bybit.com', wsUrl: 'wss://stream-testnet.bybit.com/v5/private' });
  assert.equal(cfg.venue.bybit.recvWindowMs, 5000);
  assert.equal(cfg.venue.bybit.pingEveryMs, 20_000);
});

test('mainnet addresses are refused, and so is plain http / ws off loopback', () => {
  for (const url of ['https://api.bybit.com', 'wss://stream.bybit.com/v5/private', 'https://api.bytick.com', 'https://api.bybit.nl', 'wss://stream.bybit-tr.com/v5/private']) {
    assert.throws(() => checkVenueUrl('demo.restUrl', url), { name: 'UsageError', message: /mainnet/ }, url);
  }
  assert.throws(() => checkVenueUrl('demo.restUrl', 'http://api-demo.bybit.com'), { name: 'UsageError', message: /https/ });
  assert.throws(() => checkVenueUrl('demo.wsUrl', 'ws://10.0.0.5:9000/v5/private'), { name: 'UsageError', message: /loopback/ });
  for (const url of ['https://api-demo.bybit.com', 'wss://stream-demo.bybit.com/v5/private', 'https://api-testnet.bybit.com', 'http://127.0.0.1:8123', 'ws://localhost:9/v5/private']) {
    assert.doesNotThrow(() => checkVenueUrl('x', url), url);
  }
});

test('keys come from BYBIT_API_KEY / BYBIT_API_SECRET only; a missing one is named', () => {
  const cfg = loadConfig(undefined, [[['venue', 'kind'], 'bybit-demo']], {});
  assert.throws(() => bybitVenueFromConfig(cfg.venue, { instrument, env: {} }), { name: 'UsageError', message: /BYBIT_API_KEY and BYBIT_API_SECRET are not set/ });
  assert.throws(() => bybitVenueFromConfig(cfg.venue, { instrument, env: { BYBIT_API_KEY: 'k' } }), { name: 'UsageError', message: /BYBIT_API_SECRET is not set/ });
  const v = bybitVenueFromConfig(cfg.venue, { instrument, env: { BYBIT_API_KEY: 'k', BYBIT_API_SECRET: 's' } });
  assert.equal(v.health().kind, 'bybit-demo');
  const main = loadConfig(undefined, [[['venue', 'kind'], 'bybit-testnet'], [['venue', 'bybit', 'testnet', 'restUrl'], 'https://api.bybit.com']], {});
  assert.throws(() => bybitVenueFromConfig(main.venue, { instrument, env: { BYBIT_API_KEY: 'k', BYBIT_API_SECRET: 's' } }), { name: 'UsageError', message: /venue\.bybit\.testnet\.restUrl is https:\/\/api\.bybit\.com, a Bybit mainnet address/ });
});

test('replay cannot use the exchange venue', async () => {
  const cfg = loadConfig(undefined, [[['venue', 'kind'], 'bybit-demo']], {});
  await assert.rejects(openSession(cfg, paperInstrument(cfg), { hhtImfs: 0 }), { name: 'UsageError', message: /use it with `btc-engine paper`, not with replay/ });
});

test('btc-engine paper refuses a mainnet URL and missing keys at start-up (exit 2, clear message)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'btc-engine-bybit-cfg-'));
  const mainnet = writeConfig(dir, 'mainnet.yaml', 'venue:\n  kind: bybit-demo\n  bybit:\n    demo:\n      restUrl: https://api.bybit.com\n');
  const a = startPaper(['--state-dir', join(dir, 'a'), '--config', mainnet], { BYBIT_API_KEY: 'k', BYBIT_API_SECRET: 's' });
  assert.equal((await a.exit).code, 2);
  assert.match(a.stderr.join(''), /mainnet address/);
  const demo = writeConfig(dir, 'demo.yaml', 'venue:\n  kind: bybit-demo\n');
  const b = startPaper(['--state-dir', join(dir, 'b'), '--config', demo], { BYBIT_API_KEY: '', BYBIT_API_SECRET: '' });
  assert.equal((await b.exit).code, 2);
  assert.match(b.stderr.join(''), /BYBIT_API_KEY and BYBIT_API_SECRET are not set/);
});
