/**
 * Paper venue, resting (post-only) orders: acceptance, queue fills by trades,
 * fills when the opposite touch crosses, trade-through fills, and gaps.
 * Book of every scenario unless stated: bids 100×5, 99×7; asks 101×4, 102×6 (at t=1000).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { brief, drainAll, feed, makeVenue, order, StreamBuilder } from '../helpers/venue-stream.js';

function start(over = {}) {
  const v = makeVenue(over);
  const s = new StreamBuilder().snapshot(1000, [[100, 5], [99, 7]], [[101, 4], [102, 6]]);
  feed(v, s);
  assert.equal(v.advanceMessages(1), 1);
  return { v, s };
}

test('post-only orders that would cross are rejected; others rest behind the displayed size', () => {
  const { v } = start();
  v.submit(order('b-at-ask', 'buy', 'post-only', 101, 1), 1000);
  v.submit(order('s-at-bid', 'sell', 'post-only', 100, 1), 1000);
  v.submit(order('b-above-ask', 'buy', 'post-only', 105, 1), 1000);
  v.submit(order('b-ok', 'buy', 'post-only', 100, 1), 1000);
  v.submit(order('s-ok', 'sell', 'post-only', 102, 1), 1000);
  v.flush();
  assert.deepEqual(drainAll(v).map(brief), [
    'rejected b-at-ask would-cross t=1000',
    'rejected s-at-bid would-cross t=1000',
    'rejected b-above-ask would-cross t=1000',
    'accepted b-ok t=1000',
    'accepted s-ok t=1000',
  ]);
  assert.equal(v.openOrderCount, 2);
  const c = v.counters();
  assert.equal(c.arrivals, 5);
  assert.equal(c.accepted, 2);
  assert.equal(c.rejected['would-cross'], 3);
});

test('trades at our price fill a resting bid once the 5 lots ahead have traded', () => {
  const { v, s } = start();
  v.submit(order('b', 'buy', 'post-only', 100, 3), 1000);
  s.trade(1001, 'buy', 100, 50) // a buyer lifting: not our side, ignored
    .trade(1001, 'sell', 100, 4) // ahead 5 → 1
    .trade(1002, 'sell', 100, 3) // ahead 1 − 3 = −2: fill 2, leaves 1
    .trade(1003, 'sell', 100, 1); // ahead 0 − 1: fill 1, leaves 0
  feed(v, s);
  v.flush();
  assert.deepEqual(drainAll(v).map(brief), [
    'accepted b t=1000',
    'fill b 2@100 leaves=1 maker t=1002',
    'fill b 1@100 leaves=0 maker t=1003',
  ]);
  assert.equal(v.openOrderCount, 0);
});

test('a resting order fills in full when the opposite touch reaches its price', () => {
  const { v, s } = start();
  v.submit(order('b', 'buy', 'post-only', 100, 2), 1000);
  v.submit(order('s', 'sell', 'post-only', 103, 1), 1000);
  s.diff(1005, [], [[101, 0], [100, 3]]) // best ask 100 <= our bid 100
    .diff(1006, [[103, 1]], []); // best bid 103 >= our ask 103 (the data's own book is crossed now)
  feed(v, s);
  assert.equal(v.advanceMessages(1), 1);
  assert.deepEqual(drainAll(v).map(brief), ['accepted b t=1000', 'accepted s t=1000', 'fill b 2@100 leaves=0 maker t=1005']);
  assert.equal(v.advanceMessages(5), 1); // only one message left
  assert.deepEqual(drainAll(v).map(brief), ['fill s 1@103 leaves=0 maker t=1006']);
});

test('a trade through our price fills all leaves at our own price', () => {
  const { v, s } = start();
  v.submit(order('b', 'buy', 'post-only', 99, 3), 1000); // 7 lots ahead at 99
  v.submit(order('s', 'sell', 'post-only', 102, 2), 1000); // 6 lots ahead at 102
  s.trade(1001, 'sell', 99, 2) // ahead 7 → 5
    .trade(1002, 'sell', 98, 1) // a seller went below our bid: it would have hit us first
    .trade(1003, 'buy', 102, 1) // ahead 6 → 5
    .trade(1004, 'buy', 103, 1); // through our ask
  feed(v, s);
  v.flush();
  assert.deepEqual(drainAll(v).map(brief), [
    'accepted b t=1000', 'accepted s t=1000',
    'fill b 3@99 leaves=0 maker t=1002',
    'fill s 2@102 leaves=0 maker t=1004',
  ]);
});

test('level decreases move a resting order forward only by the model: risk-averse vs prob', () => {
  const trace = (model: 'prob' | 'risk-averse') => {
    const { v, s } = start({ queueModel: model, queuePower: 3 });
    v.submit(order('b', 'buy', 'post-only', 99, 1), 1000); // 7 ahead, back 0
    s.diff(1001, [[99, 17]], []) // 10 join behind: front 7, back 10
      .diff(1002, [[99, 9]], []) // 8 cancelled somewhere
      .trade(1003, 'sell', 99, 6);
    feed(v, s);
    v.flush();
    return drainAll(v).map(brief);
  };
  // risk-averse: ahead min(7, 9) = 7; a trade of 6 leaves 1 ahead → no fill.
  assert.deepEqual(trace('risk-averse'), ['accepted b t=1000']);
  // prob: prob = 1000 / (1000 + 343) = 0.7446; est = 7 − 0.2554·8 + min(10 − 5.957, 0) = 4.957;
  // a trade of 6 goes 1.04 lots past us → rounds to a fill of our 1 lot.
  assert.deepEqual(trace('prob'), ['accepted b t=1000', 'fill b 1@99 leaves=0 maker t=1003']);
});

test('after a gap resting orders are kept and still filled by trades; new orders are refused until a snapshot', () => {
  const { v, s } = start();
  v.submit(order('rest', 'buy', 'post-only', 100, 2), 1000);
  s.gapDiff(1005, [[100, 1]], []);
  feed(v, s);
  v.advanceMessages(1); // the gap message is skipped, not applied
  assert.equal(v.bookValid, false);
  assert.equal(v.bestBidTicks, 0);
  assert.equal(v.openOrderCount, 1);
  v.submit(order('po', 'buy', 'post-only', 99, 1), 1005);
  v.submit(order('ioc', 'buy', 'ioc', 101, 1), 1005); // both arrive at 1005 (zero latency), before the next record
  s.diff(1006, [[99, 3]], []) // skipped: the book waits for a snapshot
    .trade(1007, 'sell', 100, 9) // real trades still reach our resting order: 5 ahead, 4 through, fill 2
    .snapshot(1010, [[100, 5]], [[101, 4]]);
  feed(v, s);
  assert.equal(v.advanceMessages(1), 1); // the snapshot
  assert.equal(v.bookValid, true);
  assert.equal(v.bestAskTicks, 101);
  assert.deepEqual(drainAll(v).map(brief), [
    'accepted rest t=1000',
    'rejected po book-invalid t=1005',
    'rejected ioc no-liquidity t=1005',
    'fill rest 2@100 leaves=0 maker t=1007',
  ]);
  assert.equal(v.counters().rejected['book-invalid'], 1);
});

test('a snapshot that drops our level caps the queue ahead at what it displays', () => {
  const { v, s } = start();
  v.submit(order('b', 'buy', 'post-only', 99, 1), 1000); // 7 ahead
  s.snapshot(1001, [[100, 5], [98, 2]], [[101, 4]]) // 99 is gone: nothing can be ahead of us
    .trade(1002, 'sell', 99, 1); // → fills us
  feed(v, s);
  v.flush();
  assert.deepEqual(drainAll(v).map(brief), ['accepted b t=1000', 'fill b 1@99 leaves=0 maker t=1002']);
});
