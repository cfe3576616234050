import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Backoff } from '../../src/feed/live/backoff.js';
import { BookSequence, SEQ_GAP, SEQ_OK, SEQ_SNAPSHOT, SEQ_WAITING } from '../../src/feed/live/book-sequence.js';
import { bybitRequest, bybitTopics, classifyBybit } from '../../src/feed/live/bybit-frames.js';
import { FeedHealth } from '../../src/feed/live/feed-health.js';
import { resolveBybitOptions } from '../../src/feed/live/types.js';
import { bybitDepth, bybitTrade } from '../helpers/frames.js';

test('Backoff: initial·factor^n capped at maxMs, jitter within ±jitter, reset', () => {
  const opts = { initialMs: 250, maxMs: 30_000, factor: 2, jitter: 0.2, stableAfterMs: 0 };
  const mid = new Backoff(opts, () => 0.5);
  const seq = Array.from({ length: 10 }, () => mid.nextDelayMs());
  assert.deepEqual(seq, [250, 500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  mid.reset();
  assert.equal(mid.nextDelayMs(), 250);
  assert.equal(new Backoff(opts, () => 0).nextDelayMs(), 200);
  assert.equal(new Backoff(opts, () => 0.999999).nextDelayMs(), 300);
});

test('BookSequence: snapshot, +1 deltas, gap, waiting, u == 1 restart', () => {
  const s = new BookSequence();
  assert.equal(s.admit(false, 7), SEQ_WAITING);
  assert.equal(s.admit(true, 10), SEQ_SNAPSHOT);
  assert.equal(s.admit(false, 11), SEQ_OK);
  assert.equal(s.admit(false, 13), SEQ_GAP);
  assert.equal(s.valid, false);
  assert.equal(s.admit(false, 14), SEQ_WAITING);
  assert.equal(s.admit(true, 50), SEQ_SNAPSHOT);
  assert.equal(s.admit(false, 50), SEQ_GAP, 'a repeated u is a gap too');
});

test('classifyBybit: data, u == 1, pongs of both shapes, acks, malformed', () => {
  const t = bybitTopics('BTCUSDT', 50);
  assert.deepEqual(classifyBybit(bybitDepth('snapshot', 5, [], []), t), { kind: 'book', snapshot: true, u: 5 });
  assert.deepEqual(classifyBybit(bybitDepth('delta', 1, [], []), t), { kind: 'book', snapshot: true, u: 1 });
  assert.deepEqual(classifyBybit(bybitDepth('delta', 6, [], []), t), { kind: 'book', snapshot: false, u: 6 });
  assert.deepEqual(classifyBybit(bybitTrade('Buy', '1', '1'), t), { kind: 'trade' });
  assert.deepEqual(classifyBybit('{"success":true,"ret_msg":"pong","req_id":"3","op":"ping"}', t), { kind: 'pong' });
  assert.deepEqual(classifyBybit('{"op":"pong","args":["1"]}', t), { kind: 'pong' });
  assert.deepEqual(classifyBybit('{"success":false,"ret_msg":"error:handler not found","req_id":"2","op":"subscribe"}', t),
    { kind: 'ack', op: 'subscribe', success: false, reqId: '2', message: 'error:handler not found' });
  const other = bybitTopics('BTCUSDT', 200);
  assert.equal(classifyBybit(bybitDepth('delta', 6, [], []), other).kind, 'malformed', 'another depth is not ours');
  for (const bad of ['', '{', 'null', '"x"', '{"topic":"orderbook.50.BTCUSDT","type":"delta","data":{"u":-1,"b":[],"a":[]}}',
    '{"topic":"orderbook.50.BTCUSDT","type":"delta","data":{"u":2.5,"b":[],"a":[]}}',
    '{"topic":"orderbook.50.BTCUSDT","type":"delta","data":{"u":2,"b":{}}}']) {
    assert.equal(classifyBybit(bad, t).kind, 'malformed', bad);
  }
  assert.equal(bybitRequest('subscribe', '7', ['a', 'b']), '{"op":"subscribe","args":["a","b"],"req_id":"7"}');
  assert.equal(bybitRequest('ping', '8'), '{"op":"ping","req_id":"8"}');
});

test('FeedHealth: one stale spell, fresh, and the drop deadlines', () => {
  const h = new FeedHealth({ staleAfterMs: 100, staleReconnectFactor: 3, pongTimeoutMs: 50, snapshotTimeoutMs: 200 });
  h.started(0);
  h.connected(0);
  assert.equal(h.turnsStale(100), -1);
  assert.equal(h.turnsStale(101), 101);
  assert.equal(h.turnsStale(150), -1, 'counted once per spell');
  assert.equal(h.bookFrame(160), 59);
  h.snapshot();
  assert.equal(h.bookFrame(170), -1);
  assert.equal(h.dropReason(470), '');
  assert.equal(h.dropReason(471), 'stale: no orderbook frame for 301 ms');
  h.bookFrame(470);
  h.pingSent(400);
  h.pingSent(420);
  assert.equal(h.dropReason(451), 'no pong for 51 ms', 'the oldest unanswered ping counts');
  h.pong();
  h.awaitSnapshot(460);
  assert.equal(h.dropReason(661), 'no orderbook snapshot for 201 ms');
});

test('options: defaults and RangeErrors naming the field', () => {
  const o = resolveBybitOptions();
  assert.equal(o.url, 'wss://stream.bybit.com/v5/public/linear');
  assert.equal(o.depth, 50);
  assert.deepEqual(o.backoff, { initialMs: 250, maxMs: 30_000, factor: 2, jitter: 0.2, stableAfterMs: 10_000 });
  assert.equal(o.checkEveryMs, 1_000);
  assert.throws(() => resolveBybitOptions({ depth: 25 as 50 }), { name: 'RangeError', message: /depth must be 1, 50 or 200, was 25/ });
  assert.throws(() => resolveBybitOptions({ pingEveryMs: 0 }), { name: 'RangeError', message: /pingEveryMs must be a positive number, was 0/ });
  assert.throws(() => resolveBybitOptions({ backoff: { jitter: 1 } }), { name: 'RangeError', message: /backoff.jitter/ });
  const ns = o.clockNs();
  assert.ok(ns > BigInt(Date.now() - 1_000) * 1_000_000n && o.clockNs() >= ns);
});
