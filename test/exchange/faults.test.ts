/**
 * The local exchange's fault injection (on demand and scheduled) and its bounded
 * handling of a client that stops reading.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createBook, createParser } from '../../src/book/backends.js';
import { startLocalExchange, type LocalExchange, type LocalExchangeOptions } from '../../src/exchange/server.js';
import { detectInstrument } from '../../src/feed/detect.js';
import { TestClient } from '../helpers/ws-client.js';

const OB1 = 'orderbook.1.BTCUSDT';
const OB50 = 'orderbook.50.BTCUSDT';
const TRADES = 'publicTrade.BTCUSDT';

async function withExchange(opts: LocalExchangeOptions, body: (ex: LocalExchange) => Promise<void>): Promise<void> {
  const ex = await startLocalExchange({ speed: 10, seed: 21, ...opts });
  try { await body(ex); } finally { await ex.close(); }
}

const us = (c: TestClient, topic: string): number[] => c.json().filter((f) => f?.topic === topic && f.type === 'delta').map((f) => f!.data.u as number);

test('drop: the connection is closed; a new one subscribes again', async () => {
  await withExchange({}, async (ex) => {
    const c = await TestClient.connect(ex.url);
    c.subscribe(OB1);
    await c.topicFrames(OB1, 3);
    const conn = c.json()[0]!.conn_id as string;
    assert.equal(ex.inject.drop('local-ffffffff'), 0, 'an unknown conn_id drops nothing');
    assert.equal(ex.inject.drop(conn), 1);
    await c.until(() => c.closed, 'the drop');
    assert.equal(ex.stats().faults.drops, 1);
    const d = await TestClient.connect(ex.url);
    d.subscribe(OB1);
    const [snap] = await d.topicFrames(OB1, 1);
    assert.equal(snap.type, 'snapshot');
    d.close();
  });
});

test('scheduled drops close every connection every N ms', async () => {
  await withExchange({ faults: { dropEveryMs: 150 } }, async (ex) => {
    const a = await TestClient.connect(ex.url);
    const b = await TestClient.connect(ex.url);
    await Promise.all([a.until(() => a.closed, 'drop a'), b.until(() => b.closed, 'drop b')]);
    assert.ok(ex.stats().faults.drops >= 2);
  });
});

test('gap: the next delta skips one u; a resubscribe gives a snapshot and continuity again', async () => {
  await withExchange({ speed: 20 }, async (ex) => {
    const c = await TestClient.connect(ex.url);
    c.subscribe(OB50);
    await c.topicFrames(OB50, 5);
    ex.inject.gap();
    const n = us(c, OB50).length;
    await c.until(() => us(c, OB50).length >= n + 5, 'deltas after the gap');
    const u = us(c, OB50);
    const jumps = u.slice(1).map((x, i) => x - u[i]).filter((d) => d !== 1);
    assert.deepEqual(jumps, [2], 'exactly one skipped u');
    assert.equal(ex.stats().faults.gaps, 1);
    // Deltas already on the wire may arrive after the unsubscribe is sent; the server's
    // answer to it comes after the last of them, so the new subscription starts there.
    c.send({ op: 'unsubscribe', args: [OB50] });
    c.subscribe(OB50);
    const unsubAck = (): number => c.json().findIndex((f) => f?.op === 'unsubscribe' && f.success === true);
    await c.until(() => unsubAck() >= 0, 'the unsubscribe answer');
    const from = unsubAck() + 1;
    await c.until(() => c.json().slice(from).filter((f) => f?.topic === OB50).length >= 6, 'snapshot and deltas');
    const again = c.json().slice(from).filter((f) => f?.topic === OB50);
    assert.equal(again[0]!.type, 'snapshot');
    for (let i = 1; i < again.length; i++) assert.equal(again[i]!.data.u, again[i - 1]!.data.u + 1);
  });
  await withExchange({ speed: 20, faults: { gapEveryFrames: 10 } }, async (ex) => {
    const c = await TestClient.connect(ex.url);
    c.subscribe(OB50);
    await c.until(() => us(c, OB50).length >= 45, '45 deltas');
    const u = us(c, OB50);
    assert.ok(u.slice(1).filter((x, i) => x - u[i] === 2).length >= 3, 'a gap every 10 frames');
  });
});

test('malformed frames reach every client and the engine\'s parser rejects each', async () => {
  await withExchange({}, async (ex) => {
    const c = await TestClient.connect(ex.url);
    c.subscribe(OB1);
    await c.topicFrames(OB1, 2);
    for (let i = 0; i < 3; i++) ex.inject.malformed();
    await c.until(() => c.frames.length >= 8, 'frames after the faults');
    const bad = c.frames.filter((f) => !f.startsWith('{"success"') && !f.startsWith('{"topic":"orderbook.1.'));
    assert.equal(bad.length, 3);
    const sample = Buffer.from(c.frames.filter((f) => f.startsWith('{"topic"')).join('\n'));
    const book = createBook('ts', { depth: 1 });
    const rejects: number[] = [];
    const parser = createParser(book, detectInstrument(sample, { venue: 'bybit' }), (kind) => rejects.push(kind));
    const bytes = Buffer.from(bad.join('\n') + '\n');
    parser.beginFile();
    parser.parse(bytes, 0, bytes.length);
    assert.equal(parser.stats.rejected, 3);
    book.close();
  });
  await withExchange({ faults: { malformedEveryFrames: 20 } }, async (ex) => {
    const c = await TestClient.connect(ex.url);
    c.subscribe(OB1, TRADES);
    await c.until(() => ex.stats().faults.malformed >= 3, 'three scheduled malformed frames');
    await c.until(() => c.json().filter((f) => f === undefined || typeof f.data?.u === 'number' && f.data.u < 0 || f.ts === 'soon').length >= 2, 'them at the client');
  });
});

test('stall: nothing is sent for the stall, then the held frames follow with u continuous', async () => {
  await withExchange({ speed: 5 }, async (ex) => {
    const c = await TestClient.connect(ex.url);
    c.subscribe(OB1);
    await c.topicFrames(OB1, 5);
    const arrivals: number[] = [];
    c.ws.on('message', () => arrivals.push(performance.now()));
    const t0 = performance.now();
    ex.inject.stall(400);
    c.send({ op: 'ping' });
    await c.until(() => arrivals.length >= 10, 'frames after the stall');
    const first = arrivals.find((t) => t > t0 + 30)!;
    assert.ok(first - t0 >= 360, `first frame ${(first - t0).toFixed(0)} ms after the stall began`);
    const u = us(c, OB1);
    assert.ok(u.every((x, i) => i === 0 || x === u[i - 1] + 1), 'held deltas keep u continuous');
    assert.ok(c.json().some((f) => f?.ret_msg === 'pong'), 'the pong was held, then sent');
    assert.equal(ex.stats().faults.stalls, 1);
  });
  await withExchange({ speed: 5, faults: { stallEveryMs: 200, stallMs: 100 } }, async (ex) => {
    const c = await TestClient.connect(ex.url);
    c.subscribe(OB1);
    await c.until(() => ex.stats().faults.stalls >= 3, 'three scheduled stalls');
    const u = us(c, OB1);
    assert.ok(u.length > 5 && u.every((x, i) => i === 0 || x === u[i - 1] + 1));
  });
});

test('a client that stops reading loses frames up to a bound, then gets a fresh snapshot', async () => {
  await withExchange({ speed: 200, maxBufferedBytes: 64 * 1024 }, async (ex) => {
    const slow = await TestClient.connect(ex.url);
    const fast = await TestClient.connect(ex.url);
    slow.subscribe('orderbook.200.BTCUSDT', OB50, TRADES);
    fast.subscribe(OB1);
    await slow.topicFrames(OB50, 2);
    const socket = (slow.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    socket.pause();
    await fast.until(() => ex.stats().droppedFrames > 100, 'frames dropped for the paused client', 20_000);
    const n = slow.frames.length;
    socket.resume();
    await slow.until(() => slow.json().slice(n).some((f) => f?.topic === OB50 && f.type === 'snapshot'), 'a fresh snapshot', 20_000);
    await slow.until(() => ex.stats().resnapshots >= 1, 'resnapshot counted');
    // After its fresh snapshot the client's deltas are continuous again.
    const after = slow.json().slice(n).filter((f) => f?.topic === OB50);
    const k = after.findIndex((f) => f!.type === 'snapshot');
    await slow.until(() => slow.json().slice(n).filter((f) => f?.topic === OB50).length >= k + 10, 'deltas after it');
    const tail = slow.json().slice(n).filter((f) => f?.topic === OB50).slice(k);
    for (let i = 1; i < tail.length; i++) {
      if (tail[i]!.type === 'snapshot') continue;
      if (tail[i - 1]!.type !== 'snapshot') assert.equal(tail[i]!.data.u, tail[i - 1]!.data.u + 1);
    }
    const fastU = us(fast, OB1);
    assert.ok(fastU.every((x, i) => i === 0 || x === fastU[i - 1] + 1), 'the other client was not affected');
    slow.close(); fast.close();
  });
});
