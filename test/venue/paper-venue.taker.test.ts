/**
 * Paper venue, IOC and market orders: walking the book, remainders, our own
 * orders never taking the same displayed size twice, and missing liquidity.
 * Book: bids 100×5, 99×7; asks 101×4, 102×6, 103×10 (at t=1000).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { brief, drainAll, feed, makeVenue, order, StreamBuilder } from '../helpers/venue-stream.js';

function start() {
  const v = makeVenue();
  const s = new StreamBuilder().snapshot(1000, [[100, 5], [99, 7]], [[101, 4], [102, 6], [103, 10]]);
  feed(v, s);
  v.advanceMessages(1);
  return { v, s };
}

test('an IOC buy walks two levels up to its limit and the remainder is cancelled', () => {
  const { v } = start();
  v.submit(order('ioc', 'buy', 'ioc', 102, 12), 1000);
  v.flush();
  // 4 at 101 (8 left), 6 at 102 (2 left); 103 is beyond the limit.
  assert.deepEqual(drainAll(v).map(brief), [
    'accepted ioc t=1000',
    'fill ioc 4@101 leaves=8 taker t=1000',
    'fill ioc 6@102 leaves=2 taker t=1000',
    'cancelled ioc leaves=2 ioc-remainder t=1000',
  ]);
  const c = v.counters();
  assert.equal(c.takerFills, 2);
  assert.equal(c.makerFills, 0);
  assert.equal(c.cancels, 1);
});

test('two of our IOCs cannot take the same displayed size until the data changes that level', () => {
  const { v, s } = start();
  v.submit(order('a', 'buy', 'ioc', 101, 3), 1000); // 3 of the 4 at 101
  v.submit(order('b', 'buy', 'ioc', 101, 3), 1000); // only 1 left for us at 101
  v.submit(order('c', 'buy', 'ioc', 101, 3), 1000); // nothing left: cancelled whole
  s.diff(1010, [], [[101, 5]]); // the level changed: its 5 lots are available again
  feed(v, s);
  v.advanceMessages(1);
  v.submit(order('d', 'buy', 'ioc', 101, 3), 1010);
  v.flush();
  assert.deepEqual(drainAll(v).map(brief), [
    'accepted a t=1000', 'fill a 3@101 leaves=0 taker t=1000',
    'accepted b t=1000', 'fill b 1@101 leaves=2 taker t=1000', 'cancelled b leaves=2 ioc-remainder t=1000',
    'accepted c t=1000', 'cancelled c leaves=3 ioc-remainder t=1000',
    'accepted d t=1010', 'fill d 3@101 leaves=0 taker t=1010',
  ]);
});

test('a market sell walks the bids until filled, or until the side is exhausted', () => {
  const { v } = start();
  v.submit(order('m10', 'sell', 'market', 0, 10), 1000);
  v.flush();
  assert.deepEqual(drainAll(v).map(brief), [
    'accepted m10 t=1000', 'fill m10 5@100 leaves=5 taker t=1000', 'fill m10 5@99 leaves=0 taker t=1000',
  ]);
  const { v: w } = start();
  w.submit(order('m20', 'sell', 'market', 0, 20), 1000);
  w.flush();
  // 5 + 7 = 12 on the bid side; 8 remain.
  assert.deepEqual(drainAll(w).map(brief), [
    'accepted m20 t=1000', 'fill m20 5@100 leaves=15 taker t=1000', 'fill m20 7@99 leaves=8 taker t=1000',
    'cancelled m20 leaves=8 ioc-remainder t=1000',
  ]);
});

test('an IOC with nothing within its limit is cancelled whole; an empty side is no liquidity', () => {
  const { v } = start();
  v.submit(order('far', 'buy', 'ioc', 100, 2), 1000);
  v.flush();
  assert.deepEqual(drainAll(v).map(brief), ['accepted far t=1000', 'cancelled far leaves=2 ioc-remainder t=1000']);

  const w = makeVenue();
  feed(w, new StreamBuilder().snapshot(1000, [[100, 5]], []));
  w.advanceMessages(1);
  w.submit(order('buy-ioc', 'buy', 'ioc', 101, 1), 1000);
  w.submit(order('buy-mkt', 'buy', 'market', 0, 1), 1000);
  w.submit(order('sell-ioc', 'sell', 'ioc', 100, 1), 1000); // bids are there
  w.submit(order('post', 'sell', 'post-only', 105, 1), 1000); // one-sided book: no reference to post against
  w.flush();
  assert.deepEqual(drainAll(w).map(brief), [
    'rejected buy-ioc no-liquidity t=1000', 'rejected buy-mkt no-liquidity t=1000',
    'accepted sell-ioc t=1000', 'fill sell-ioc 1@100 leaves=0 taker t=1000',
    'rejected post book-invalid t=1000',
  ]);
  assert.equal(w.counters().rejected['no-liquidity'], 2);
});

test('before the first snapshot every order is refused', () => {
  const v = makeVenue();
  v.submit(order('i', 'buy', 'ioc', 101, 1), 0);
  v.submit(order('p', 'buy', 'post-only', 100, 1), 0);
  v.flush();
  assert.deepEqual(drainAll(v).map(brief), ['rejected i no-liquidity t=0', 'rejected p book-invalid t=0']);
});
