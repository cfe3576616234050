import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeBybitServer, sleep, startClient, waitFor } from '../helpers/fake-bybit-ws.js';

test('pings every pingEveryMs with {op: "ping", req_id} and counts the pongs', async () => {
  const server = await FakeBybitServer.start();
  const { client } = startClient(server.url, { pingEveryMs: 50 });
  try {
    await waitFor(() => server.ops('subscribe').length === 1, 'subscribe');
    const t0 = Date.now();
    await sleep(330);
    const pings = server.ops('ping');
    const elapsedMs = Date.now() - t0;
    // Timers fire late under load, never early: a lower bound on spacing, a loose one on count.
    assert.ok(pings.length >= 3 && pings.length <= Math.ceil(elapsedMs / 50) + 1, `${pings.length} pings in ${elapsedMs} ms`);
    for (const p of pings) {
      assert.equal(typeof p.req_id, 'string');
      assert.equal(p.args, undefined);
    }
    assert.equal(new Set(pings.map((p) => p.req_id)).size, pings.length, 'req_ids are unique');
    for (let i = 1; i < pings.length; i++) {
      const gapMs = pings[i].atMs - pings[i - 1].atMs;
      assert.ok(gapMs >= 30, `pings ${gapMs} ms apart`);
    }
    await waitFor(() => client.stats().pongs === client.stats().pingsSent, 'every pong');
    assert.equal(client.stats().pingsSent, server.ops('ping').length);
    assert.equal(client.stats().reconnects, 0);
  } finally {
    await client.stop();
    await server.close();
  }
});

test('a ping left unanswered for pongTimeoutMs forces a reconnect', async () => {
  const server = await FakeBybitServer.start({ answerPings: false });
  const { client, events } = startClient(server.url, { pingEveryMs: 30, pongTimeoutMs: 100 });
  try {
    await waitFor(() => server.connections === 2 && server.ops('subscribe', 2).length === 1, 'second connection');
    const down = events.find((e) => e.type === 'disconnected');
    assert.ok(down && down.type === 'disconnected' && /no pong for \d+ ms/.test(down.reason), JSON.stringify(down));
    assert.equal(client.stats().pongs, 0);
    assert.ok(client.stats().reconnects >= 1);
  } finally {
    await client.stop();
    await server.close();
  }
});
