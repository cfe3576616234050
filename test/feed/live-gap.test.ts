import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeBybitServer, startClient, waitFor } from '../helpers/fake-bybit-ws.js';
import { bybitDepth } from '../helpers/frames.js';

const delta = (u: number): string => bybitDepth('delta', u, [['100.0', `${u % 7 + 1}.000`]], []);

test('a u gap is counted and the orderbook topic is resubscribed for a fresh snapshot', async () => {
  const server = await FakeBybitServer.start();
  const { client, events, frames } = startClient(server.url);
  try {
    await waitFor(() => frames.length === 1, 'snapshot u=1000');
    server.send(delta(1001));
    server.send(delta(1002));
    server.send(delta(1005)); // 1003, 1004 lost
    server.send(delta(1009)); // still before the new snapshot: not a second gap
    await waitFor(() => server.ops('subscribe').length === 2 && frames.length === 6, 'resubscribe and new snapshot');
    const gaps = events.filter((e) => e.type === 'gap');
    assert.deepEqual(gaps, [{ type: 'gap', expectedU: 1003, gotU: 1005 }]);
    const [unsub] = server.ops('unsubscribe');
    assert.deepEqual(unsub.args, ['orderbook.50.BTCUSDT']);
    const resub = server.ops('subscribe')[1];
    assert.deepEqual(resub.args, ['orderbook.50.BTCUSDT']);
    assert.ok(server.requests.indexOf(unsub) < server.requests.indexOf(resub), 'unsubscribe goes first');
    assert.equal(server.connections, 1, 'no reconnect');
    // Every frame is still delivered as received (the kernels skip the post-gap deltas themselves).
    assert.equal(frames.length, 6);
    assert.equal(JSON.parse(frames[5].text).type, 'snapshot');
    await waitFor(() => client.stats().bookValid, 'book valid again');
    server.send(delta(1001)); // continues the new snapshot (u=1000 again on connection 1)
    server.send(delta(1));    // u == 1: restart, snapshot-like, not a gap
    server.send(delta(2));
    await waitFor(() => frames.length === 9, 'more deltas');
    const s = client.stats();
    assert.equal(s.gaps, 1);
    assert.equal(s.resubscribes, 1);
    assert.equal(s.bookValid, true);
  } finally {
    await client.stop();
    await server.close();
  }
});

test('the book is invalid until the snapshot; none within snapshotTimeoutMs → reconnect', async () => {
  const server = await FakeBybitServer.start();
  // Connection 1 answers the first subscribe only; the gap's resubscribe gets no snapshot.
  const { client, events, frames } = startClient(server.url, { snapshotTimeoutMs: 250 });
  try {
    await waitFor(() => frames.length === 1, 'snapshot');
    server.opts.snapshotOnSubscribe = false;
    server.send(delta(1003));
    await waitFor(() => client.stats().gaps === 1 && server.ops('subscribe').length === 2, 'gap and resubscribe');
    assert.equal(client.stats().bookValid, false);
    server.opts.snapshotOnSubscribe = true; // for the next connection
    await waitFor(() => server.connections === 2 && frames.length === 3, 'reconnect and snapshot');
    const down = events.find((e) => e.type === 'disconnected');
    assert.ok(down && down.type === 'disconnected' && /no orderbook snapshot/.test(down.reason), JSON.stringify(down));
    await waitFor(() => client.stats().bookValid, 'valid after the new snapshot');
  } finally {
    await client.stop();
    await server.close();
  }
});
