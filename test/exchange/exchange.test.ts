/**
 * The local exchange over real loopback WebSockets (`ws` client): Bybit's op
 * answers, snapshot then deltas with u + 1, books that agree between clients,
 * trades, many clients, and close() freeing the port.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { startLocalExchange, type LocalExchange } from '../../src/exchange/server.js';
import { measureFacts } from '../../src/feed/synthetic/facts.js';
import { FrameBook, TestClient } from '../helpers/ws-client.js';

const OB50 = 'orderbook.50.BTCUSDT';
const TRADES = 'publicTrade.BTCUSDT';

async function withExchange(opts: Parameters<typeof startLocalExchange>[0], body: (ex: LocalExchange) => Promise<void>): Promise<void> {
  const ex = await startLocalExchange({ speed: 10, startTsMs: 1_786_310_800_000, ...opts });
  try { await body(ex); } finally { await ex.close(); }
}

test('subscribe is acknowledged in Bybit\'s shape, then a snapshot and deltas whose u grows by one', async () => {
  await withExchange({ seed: 5 }, async (ex) => {
    assert.match(ex.url, /^ws:\/\/127\.0\.0\.1:\d+\/v5\/public\/linear$/);
    const c = await TestClient.connect(ex.url);
    c.send({ op: 'subscribe', args: [OB50, TRADES], req_id: 'r1' });
    const frames = await c.topicFrames(OB50, 60);
    const ack = c.json()[0]!;
    assert.deepEqual(Object.keys(ack), ['success', 'ret_msg', 'conn_id', 'req_id', 'op']);
    assert.deepEqual({ ...ack, conn_id: 'x' }, { success: true, ret_msg: '', conn_id: 'x', req_id: 'r1', op: 'subscribe' });
    assert.equal(frames[0].type, 'snapshot');
    assert.ok(frames[0].data.b.length === 50 && frames[0].data.a.length === 50, 'a 50-level snapshot');
    const book = new FrameBook();
    let lastTs = 0;
    for (const [i, f] of frames.entries()) {
      assert.deepEqual(Object.keys(f), ['topic', 'type', 'ts', 'data', 'cts']);
      assert.deepEqual(Object.keys(f.data), ['s', 'b', 'a', 'u', 'seq']);
      if (i > 0) { assert.equal(f.type, 'delta'); assert.equal(f.data.u, frames[i - 1].data.u + 1, 'u + 1 per frame'); }
      assert.ok(f.cts <= f.ts && f.ts >= lastTs);
      lastTs = f.ts;
      book.apply(f);
      const [b, a] = [book.side('b'), book.side('a')];
      assert.ok(b.length <= 50 && a.length <= 50);
      assert.ok(Number(b[0][0]) < Number(a[0][0]), 'never crossed');
    }
    // A second client's snapshot equals the first client's book at the same u.
    const d = await TestClient.connect(ex.url);
    d.subscribe(OB50);
    const [snap] = await d.topicFrames(OB50, 1);
    await c.until(() => c.json().some((f) => f?.topic === OB50 && f.data.u === snap.data.u), 'the first client to reach the snapshot u');
    const replayed = new FrameBook();
    for (const f of c.json()) if (f?.topic === OB50 && f.data.u <= snap.data.u) replayed.apply(f);
    assert.deepEqual(replayed.side('b'), snap.data.b);
    assert.deepEqual(replayed.side('a'), snap.data.a);
    c.close(); d.close();
  });
});

test('trades carry T, s, S, v, p, L, i, BT, seq; the stream parses through the engine\'s parser cleanly', async () => {
  await withExchange({ seed: 6, speed: 20 }, async (ex) => {
    const c = await TestClient.connect(ex.url);
    c.subscribe('orderbook.200.BTCUSDT', TRADES);
    const trades = await c.topicFrames(TRADES, 30);
    let seq = 0;
    for (const f of trades) {
      assert.equal(f.type, 'snapshot');
      for (const t of f.data) {
        for (const k of ['T', 's', 'S', 'v', 'p', 'L', 'i', 'BT', 'seq']) assert.ok(k in t, `trade has ${k}`);
        assert.equal(t.T, f.ts);
        assert.ok(t.S === 'Buy' || t.S === 'Sell');
        assert.ok(['PlusTick', 'ZeroPlusTick', 'MinusTick', 'ZeroMinusTick'].includes(t.L));
        assert.match(t.i, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
        assert.match(t.v, /^\d+\.\d{3}$/);
        assert.ok(t.seq > seq); seq = t.seq;
      }
    }
    const market = c.frames.filter((f) => f.startsWith('{"topic"'));
    const facts = await measureFacts([Buffer.from(market.join('\n') + '\n')]);
    assert.equal(facts.rejected, 0);
    assert.equal(facts.crossed, 0);
    assert.ok(facts.trades.prints > 30);
    c.close();
  });
});

test('ping → pong; unknown topics, ops and bad JSON get success:false; unsubscribe stops a topic', async () => {
  await withExchange({ depth: 50 }, async (ex) => {
    const c = await TestClient.connect(ex.url);
    const answers = (): Array<Record<string, any>> => c.json().filter((f): f is Record<string, any> => f !== undefined && 'success' in f);
    c.send({ op: 'ping' });
    c.send({ op: 'ping', req_id: '42' });
    c.send({ op: 'subscribe', args: ['orderbook.200.BTCUSDT'] });
    c.send({ op: 'subscribe', args: ['orderbook.7.BTCUSDT', 'publicTrade.ETHUSDT'] });
    c.send({ op: 'auth' });
    c.send('{nope');
    await c.until(() => answers().length >= 6, 'six answers');
    const [p1, p2, deep, bad, auth, junk] = answers();
    assert.deepEqual(Object.keys(p1), ['success', 'ret_msg', 'conn_id', 'op']);
    assert.deepEqual({ ...p1, conn_id: '' }, { success: true, ret_msg: 'pong', conn_id: '', op: 'ping' });
    assert.equal(p2.req_id, '42');
    assert.equal(p1.conn_id, p2.conn_id);
    assert.equal(deep.success, false, 'orderbook.200 is beyond --depth 50');
    assert.match(bad.ret_msg, /handler not found.*orderbook\.7\.BTCUSDT,publicTrade\.ETHUSDT/);
    assert.equal(auth.success, false);
    assert.equal(junk.success, false);
    c.send({ op: 'subscribe', args: ['orderbook.1.BTCUSDT'] });
    await c.topicFrames('orderbook.1.BTCUSDT', 3);
    c.send({ op: 'unsubscribe', args: ['orderbook.1.BTCUSDT'] });
    await c.until(() => answers().length >= 8, 'the unsubscribe answer');
    assert.equal(answers()[7].op, 'unsubscribe');
    const n = c.frames.length;
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(c.json().slice(n).filter((f) => f?.topic).length, 0, 'no frames after unsubscribe');
    c.close();
  });
});

test('many clients receive the same frames; close() ends them and frees the port', async () => {
  const ex = await startLocalExchange({ speed: 10, seed: 8 });
  const clients = await Promise.all(Array.from({ length: 25 }, () => TestClient.connect(ex.url)));
  for (const c of clients) c.subscribe('orderbook.1.BTCUSDT', TRADES);
  await Promise.all(clients.map((c) => c.topicFrames('orderbook.1.BTCUSDT', 40)));
  assert.equal(ex.stats().clients, 25);
  assert.equal(ex.stats().subscriptions['orderbook.1.BTCUSDT'], 25);
  const byU = (c: TestClient): Map<number, string> => new Map(c.frames.filter((f) => f.includes('"type":"delta"')).map((f) => [JSON.parse(f).data.u as number, f]));
  const ref = byU(clients[0]);
  for (const c of clients.slice(1)) {
    let common = 0;
    for (const [u, f] of byU(c)) if (ref.has(u)) { assert.equal(f, ref.get(u)); common++; }
    assert.ok(common >= 20, 'clients share most deltas');
  }
  const port = ex.port;
  await ex.close();
  await Promise.all(clients.map((c) => c.until(() => c.closed, 'close')));
  await new Promise<void>((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve()));
  });
  await assert.rejects(TestClient.connect(ex.url));
});
