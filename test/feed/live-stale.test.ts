import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeBybitServer, startClient, waitFor } from '../helpers/fake-bybit-ws.js';

test('a quiet feed turns stale, then forces a reconnect; the new snapshot makes it fresh', async () => {
  const server = await FakeBybitServer.start(); // one snapshot per connection, then silence
  const { client, types, events, frames } = startClient(server.url, { staleAfterMs: 100, staleReconnectFactor: 3, pingEveryMs: 20 });
  try {
    // The feed also counts as stale from start() until the first orderbook frame (a slow
    // connect under load): only look at what follows the first snapshot.
    await waitFor(() => frames.length === 1, 'first snapshot');
    const t0 = Date.now();
    const from = events.length;
    const staleBefore = client.stats().staleEvents;
    await waitFor(() => types().slice(from).includes('fresh'), 'fresh', 2_500);
    const elapsedMs = Date.now() - t0;
    const seq = types().slice(from).filter((t) => ['stale', 'disconnected', 'connected', 'fresh'].includes(t));
    assert.deepEqual(seq, ['stale', 'disconnected', 'connected', 'fresh']);
    const stale = events.slice(from).find((e) => e.type === 'stale');
    assert.ok(stale && stale.type === 'stale' && stale.ageMs > 100, JSON.stringify(stale));
    const down = events.find((e) => e.type === 'disconnected');
    assert.ok(down && down.type === 'disconnected' && /^stale: no orderbook frame for \d+ ms$/.test(down.reason), JSON.stringify(down));
    assert.ok(elapsedMs >= 290, `reconnected after ${elapsedMs} ms, not before 3×staleAfterMs`);
    const s = client.stats();
    assert.equal(s.staleEvents, staleBefore + 1);
    assert.equal(s.reconnects, 1);
    assert.ok(s.pongs > 0, 'pongs alone do not keep a silent book fresh');
  } finally {
    await client.stop();
    await server.close();
  }
});
