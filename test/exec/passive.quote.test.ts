/** PASSIVE: quoting at the touch, re-quoting after confirmed cancels, cancel/fill races, would-cross retries. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassiveStrategy } from '../../src/exec/passive.js';
import { execConfig, FakeVenue, parent, view } from './helpers/fake-venue.js';

const cfg = execConfig({ passive: { requoteTicks: 2, maxRestMs: 86_400_000 } });

test('quotes post-only at the best bid (buy) / best ask (sell) for the whole parent', () => {
  for (const [side, pxTicks] of [['buy', 600_000], ['sell', 600_001]] as const) {
    const v = new FakeVenue();
    const s = new PassiveStrategy(cfg);
    s.start(parent(side, 5), view(), v);
    assert.equal(v.submits.length, 1);
    assert.deepEqual(v.last(), {
      clientId: 'passive-1', side, qtyLots: 5, pxTicks, tif: 'post-only', strategy: 'passive', decisionMid: 60_000.05,
    });
    assert.equal(s.remainingLots, 5);
    assert.equal(s.openLots, 5);
    s.onTick(view({ nowMs: 10 }), v);
    assert.equal(v.submits.length, 1, 'an unchanged touch places nothing more');
  }
});

test('re-quotes a buy only when the bid moved up by requoteTicks, and only after the cancel is confirmed', () => {
  const v = new FakeVenue();
  const s = new PassiveStrategy(cfg);
  s.start(parent('buy', 5), view(), v);
  s.onReport(v.accepted('passive-1'), view(), v);
  s.onTick(view({ nowMs: 1, bid: 600_001 }), v); // 1 tick away < 2
  s.onTick(view({ nowMs: 2, bid: 599_990 }), v); // bid below ours: we may be the best, no chase
  assert.equal(v.cancels.length, 0);
  s.onTick(view({ nowMs: 3, bid: 600_002 }), v); // 2 ticks away → cancel
  assert.deepEqual(v.cancels, ['passive-1']);
  s.onTick(view({ nowMs: 4, bid: 600_003 }), v);
  s.onTick(view({ nowMs: 5, bid: 600_004 }), v);
  assert.equal(v.submits.length, 1, 'nothing new while the cancel is unconfirmed');
  assert.equal(v.cancels.length, 1, 'the cancel is not repeated');
  s.onReport(v.cancelled('passive-1'), view({ nowMs: 6, bid: 600_004 }), v);
  s.onTick(view({ nowMs: 6, bid: 600_004 }), v);
  assert.equal(v.submits.length, 2);
  assert.equal(v.last().pxTicks, 600_004);
  assert.equal(v.last().qtyLots, 5);
  assert.equal(s.stats().requotes, 1);
});

test('re-quotes a sell when the ask moved down by requoteTicks', () => {
  const v = new FakeVenue();
  const s = new PassiveStrategy(cfg);
  s.start(parent('sell', 2), view(), v);
  s.onTick(view({ nowMs: 1, bid: 599_998, ask: 600_000 }), v); // ask 1 tick lower
  assert.equal(v.cancels.length, 0);
  s.onTick(view({ nowMs: 2, bid: 599_997, ask: 599_999 }), v);
  assert.deepEqual(v.cancels, ['passive-1']);
  s.onReport(v.cancelled('passive-1'), view({ nowMs: 3 }), v);
  s.onTick(view({ nowMs: 3, bid: 599_997, ask: 599_999 }), v);
  assert.equal(v.last().pxTicks, 599_999);
  assert.equal(v.last().side, 'sell');
});

test('a fill racing the re-quote cancel: no double submit, the replacement is sized from the leaves', () => {
  const v = new FakeVenue();
  const s = new PassiveStrategy(cfg);
  s.start(parent('buy', 5), view(), v);
  s.onTick(view({ nowMs: 1, bid: 600_002 }), v);
  assert.equal(v.cancels.length, 1);
  s.onReport(v.fill('passive-1', 3, 2), view({ nowMs: 2, bid: 600_002 }), v); // leaves 2
  s.onTick(view({ nowMs: 2, bid: 600_002 }), v);
  s.onTick(view({ nowMs: 3, bid: 600_005 }), v);
  assert.equal(v.submits.length, 1, 'still one order: the cancel is not confirmed');
  assert.equal(s.remainingLots, 2);
  assert.equal(s.openLots, 2);
  s.onReport(v.cancelled('passive-1', 'requested', 4), view({ nowMs: 4, bid: 600_005 }), v);
  assert.equal(s.openLots, 0);
  s.onTick(view({ nowMs: 4, bid: 600_005 }), v);
  assert.equal(v.submits.length, 2);
  assert.equal(v.last().qtyLots, 2);
  assert.equal(v.last().pxTicks, 600_005);
});

test('a complete fill racing the cancel ends the parent; the cancel-reject changes nothing', () => {
  const v = new FakeVenue();
  const s = new PassiveStrategy(cfg);
  s.start(parent('buy', 5), view(), v);
  s.onTick(view({ nowMs: 1, bid: 600_002 }), v);
  s.onReport(v.fill('passive-1', 5, 2), view({ nowMs: 2 }), v);
  s.onReport(v.cancelRejected('passive-1', 'too-late', 2), view({ nowMs: 2 }), v);
  s.onTick(view({ nowMs: 3, bid: 600_002 }), v);
  assert.equal(v.submits.length, 1);
  assert.equal(s.remainingLots, 0);
  assert.equal(s.openLots, 0);
  assert.equal(s.stats().parentsCompleted, 1);
});

test('a cancel rejected while the order lives (it overtook the order) is sent again', () => {
  const v = new FakeVenue();
  const s = new PassiveStrategy(cfg);
  s.start(parent('buy', 5), view(), v);
  s.onTick(view({ nowMs: 1, bid: 600_002 }), v);
  s.onReport(v.cancelRejected('passive-1', 'unknown-order', 2), view({ nowMs: 2 }), v);
  assert.equal(s.openLots, 5, 'the order is still ours until the venue says otherwise');
  s.onTick(view({ nowMs: 3, bid: 600_002 }), v);
  assert.deepEqual(v.cancels, ['passive-1', 'passive-1']);
  assert.equal(v.submits.length, 1);
  assert.equal(s.stats().cancelRejects, 1);
});

test('a post-only would-cross reject is retried at the new touch on the next tick', () => {
  const v = new FakeVenue();
  const s = new PassiveStrategy(cfg);
  s.start(parent('buy', 5), view(), v);
  s.onReport(v.rejected('passive-1', 'would-cross'), view(), v);
  s.onTick(view(), v);
  assert.equal(v.submits.length, 1, 'not on the tick that delivered the reject');
  s.onTick(view({ nowMs: 1, bid: 600_003 }), v);
  assert.equal(v.submits.length, 2);
  assert.equal(v.last().pxTicks, 600_003);
  assert.equal(v.last().clientId, 'passive-2');
  assert.equal(s.stats().wouldCrossRetries, 1);
});

test('a risk refusal places nothing, is counted, and is retried on a later tick', () => {
  const v = new FakeVenue();
  const s = new PassiveStrategy(cfg);
  v.refuse = true;
  s.start(parent('buy', 5), view(), v);
  assert.equal(s.openLots, 0);
  assert.equal(s.stats().riskRefused, 1);
  v.refuse = false;
  s.onTick(view({ nowMs: 1 }), v);
  assert.equal(v.submits.length, 1);
});

test('a fatal reject (bad order) drops the parent', () => {
  const v = new FakeVenue();
  const s = new PassiveStrategy(cfg);
  s.start(parent('buy', 5), view(), v);
  s.onReport(v.rejected('passive-1', 'bad-order'), view(), v);
  assert.equal(s.remainingLots, 0);
  assert.equal(s.stats().fatalRejects, 1);
  s.onTick(view({ nowMs: 5 }), v);
  assert.equal(v.submits.length, 1);
});
