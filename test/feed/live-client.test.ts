import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeBybitServer, startClient, waitFor } from '../helpers/fake-bybit-ws.js';
import { BYBIT_BTC, bybitDepth, bybitTrade, tsParser } from '../helpers/frames.js';

test('subscribes orderbook and trades on connect, with a req_id', async () => {
  const server = await FakeBybitServer.start();
  const { client, events } = startClient(server.url);
  try {
    await waitFor(() => events.some((e) => e.type === 'subscribed'), 'subscribed');
    const [sub] = server.ops('subscribe');
    assert.deepEqual(sub.args, ['orderbook.50.BTCUSDT', 'publicTrade.BTCUSDT']);
    assert.equal(typeof sub.req_id, 'string');
    assert.ok(sub.req_id!.length > 0);
    assert.deepEqual(events.slice(0, 2), [
      { type: 'connected', url: server.url },
      { type: 'subscribed', topics: ['orderbook.50.BTCUSDT', 'publicTrade.BTCUSDT'] },
    ]);
    assert.equal(client.stats().connected, true);
  } finally {
    await client.stop();
    await server.close();
  }
});

test('depth and trades options shape the subscription', async () => {
  const server = await FakeBybitServer.start({ snapshotOnSubscribe: false });
  const { client } = startClient(server.url, { depth: 200, trades: false, symbol: 'ETHUSDT' });
  try {
    await waitFor(() => server.ops('subscribe').length === 1, 'subscribe');
    assert.deepEqual(server.ops('subscribe')[0].args, ['orderbook.200.ETHUSDT']);
  } finally {
    await client.stop();
    await server.close();
  }
});

test('delivers data frames in order, byte-exact, with wall-clock receive times; acks and pongs are not delivered', async () => {
  const server = await FakeBybitServer.start();
  const { client, frames } = startClient(server.url, { pingEveryMs: 20 });
  const sent = [
    bybitDepth('delta', 1001, [['100.0', '1.500']], []),
    bybitTrade('Buy', '100.5', '0.010'),
    bybitDepth('delta', 1002, [], [['100.5', '0']]),
    bybitDepth('delta', 1003, [['99.5', '3.000']], [['101.0', '1.000']]),
    bybitTrade('Sell', '100.0', '0.200'),
  ];
  try {
    await waitFor(() => frames.length === 1, 'snapshot');
    const beforeNs = BigInt(Date.now() - 1) * 1_000_000n;
    for (const f of sent) server.send(f);
    await waitFor(() => frames.length === 1 + sent.length, 'all frames');
    const afterNs = BigInt(Date.now() + 1) * 1_000_000n;
    await waitFor(() => client.stats().pongs >= 1, 'a pong');
    assert.deepEqual(frames.slice(1).map((f) => f.text), sent);
    for (let i = 1; i < frames.length; i++) {
      assert.ok(frames[i].recvTsNs >= frames[i - 1].recvTsNs, 'receive times never decrease');
    }
    for (const f of frames.slice(1)) assert.ok(f.recvTsNs >= beforeNs && f.recvTsNs <= afterNs, `recvTsNs ${f.recvTsNs} is wall-clock ns`);
    const s = client.stats();
    assert.equal(s.bookFrames, 4);
    assert.equal(s.tradeFrames, 2);
    assert.equal(frames.length, 6, 'acks and pongs are not frames');
    assert.ok(s.messages > 6);
    assert.ok(s.lastFrameAgeMs >= 0);
    assert.equal(s.bookValid, true);

    // The engine's parser accepts exactly what was delivered, with the receive time as prefix.
    const { parser, rejects } = tsParser(BYBIT_BTC);
    const text = frames.map((f) => `${f.recvTsNs} ${f.text}`).join('\n') + '\n';
    const bytes = Buffer.from(text);
    parser.parse(bytes, 0, bytes.length);
    assert.deepEqual(rejects, []);
    assert.equal(parser.stats.accepted, 6);
  } finally {
    await client.stop();
    await server.close();
  }
});

test('malformed messages are counted, reported and skipped; the stream carries on', async () => {
  const server = await FakeBybitServer.start();
  const { client, frames, events } = startClient(server.url);
  const bad = [
    'not json',
    '[1,2,3]',
    '{"topic":"orderbook.50.BTCUSDT","type":"weird","data":{"u":5,"b":[],"a":[]}}',
    '{"topic":"orderbook.50.BTCUSDT","type":"delta","data":{"u":"5","b":[],"a":[]}}',
    '{"topic":"publicTrade.BTCUSDT","data":{}}',
    '{"topic":"tickers.BTCUSDT","data":{}}',
    '{"hello":1}',
  ];
  try {
    await waitFor(() => frames.length === 1, 'snapshot');
    for (const b of bad) server.send(b);
    server.send(bybitDepth('delta', 1001, [['100.0', '2.000']], []));
    await waitFor(() => frames.length === 2, 'the good delta');
    const s = client.stats();
    assert.equal(s.malformed, bad.length);
    assert.equal(events.filter((e) => e.type === 'malformed').length, bad.length);
    assert.equal(s.gaps, 0);
    assert.equal(s.reconnects, 0);
    assert.equal(s.connected, true);
  } finally {
    await client.stop();
    await server.close();
  }
});

test('a throwing onFrame is counted, never breaks the client', async () => {
  const server = await FakeBybitServer.start();
  let calls = 0;
  const { client } = startClient(server.url, { onFrame: () => { calls++; throw new Error('consumer bug'); } });
  try {
    await waitFor(() => calls === 1, 'snapshot');
    server.send(bybitDepth('delta', 1001, [], []));
    await waitFor(() => calls === 2, 'delta');
    assert.equal(client.stats().callbackErrors, 2);
    assert.equal(client.stats().connected, true);
  } finally {
    await client.stop();
    await server.close();
  }
});
