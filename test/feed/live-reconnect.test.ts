import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeBybitServer, startClient, waitFor } from '../helpers/fake-bybit-ws.js';
import type { LiveEvent } from '../../src/feed/live/types.js';

const delays = (events: LiveEvent[]): number[] =>
  events.flatMap((e) => (e.type === 'reconnecting' ? [e.delayMs] : []));

test('server drops → reconnect with exponential backoff (deterministic jitter) and subscribe again', async () => {
  // Drop every connection right after its subscribe: no snapshot ever arrives, so the backoff never resets.
  const server = await FakeBybitServer.start({
    snapshotOnSubscribe: false,
    onRequest: (r, ws) => { if (r.op === 'subscribe') ws.terminate(); },
  });
  const { client, events } = startClient(server.url, {
    rng: () => 0, backoff: { initialMs: 20, factor: 2, maxMs: 100, jitter: 0.5 },
  });
  try {
    await waitFor(() => server.ops('subscribe').length >= 5, '5 connections');
    await client.stop();
    // rng 0 → ×(1 - jitter) = ×0.5: 20·0.5, 40·0.5, 80·0.5, then capped at maxMs 100·0.5.
    assert.deepEqual(delays(events).slice(0, 4), [10, 20, 40, 50]);
    const attempts = events.flatMap((e) => (e.type === 'reconnecting' ? [e.attempt] : []));
    assert.deepEqual(attempts.slice(0, 4), [1, 2, 3, 4]);
    for (let conn = 1; conn <= 5; conn++) {
      assert.deepEqual(server.ops('subscribe', conn)[0]?.args, ['orderbook.50.BTCUSDT', 'publicTrade.BTCUSDT'], `connection ${conn}`);
    }
    const s = client.stats();
    assert.ok(s.reconnects >= 4);
    assert.equal(s.resubscribes, server.ops('subscribe').length - 1);
    const firstDown = events.find((e) => e.type === 'disconnected');
    assert.ok(firstDown && firstDown.type === 'disconnected' && /closed 1006/.test(firstDown.reason), JSON.stringify(firstDown));
    const afterStop = events.length;
    const connections = server.connections;
    await new Promise((r) => setTimeout(r, 120));
    assert.equal(events.length, afterStop, 'nothing happens after stop()');
    assert.equal(server.connections, connections);
  } finally {
    await client.stop();
    await server.close();
  }
});

test('a connection that delivered a snapshot and stayed up stableAfterMs resets the backoff', async () => {
  const server = await FakeBybitServer.start();
  const { client, events, frames } = startClient(server.url, {
    rng: () => 0.5, backoff: { initialMs: 15, factor: 3, stableAfterMs: 0 },
  });
  try {
    for (let conn = 1; conn <= 3; conn++) {
      await waitFor(() => frames.length === conn, `snapshot on connection ${conn}`);
      server.drop();
    }
    await waitFor(() => server.connections === 4, 'fourth connection');
    assert.deepEqual(delays(events), [15, 15, 15]);
    assert.equal(client.stats().reconnects, 3);
  } finally {
    await client.stop();
    await server.close();
  }
});

test('connection refused: keeps retrying with growing delays until stop()', async () => {
  const server = await FakeBybitServer.start();
  const url = server.url;
  await server.close();
  const { client, events } = startClient(url, { rng: () => 0.5, backoff: { initialMs: 5, factor: 2, maxMs: 40 } });
  try {
    await waitFor(() => delays(events).length >= 5, '5 retries');
    assert.deepEqual(delays(events).slice(0, 5), [5, 10, 20, 40, 40]);
    const down = events.find((e) => e.type === 'disconnected');
    assert.ok(down && down.type === 'disconnected' && /ECONNREFUSED/.test(down.reason), JSON.stringify(down));
    assert.equal(client.stats().connected, false);
  } finally {
    await client.stop();
  }
});
