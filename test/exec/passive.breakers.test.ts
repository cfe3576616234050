/** PASSIVE circuit breakers: re-quote rate, max rest (escalate / cancel), spread and vol pauses, invalid book. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassiveStrategy } from '../../src/exec/passive.js';
import { execConfig, FakeVenue, parent, view } from './helpers/fake-venue.js';

/** Moves the bid up by 2 ticks at `nowMs`, confirms the cancel the strategy sends, lets it re-quote. */
function chase(s: PassiveStrategy, v: FakeVenue, nowMs: number, bid: number): void {
  s.onTick(view({ nowMs, bid }), v);
  const id = v.last().clientId;
  if (v.cancels.at(-1) === id && !v.orders.get(id)!.done) s.onReport(v.cancelled(id, 'requested', nowMs), view({ nowMs, bid }), v);
  s.onTick(view({ nowMs, bid }), v);
}

test('re-quotes are limited per rolling minute, then resume when the window allows', () => {
  const cfg = execConfig({ passive: { requoteTicks: 1, maxRequotesPerMin: 2, maxRestMs: 86_400_000 } });
  const v = new FakeVenue();
  const s = new PassiveStrategy(cfg);
  s.start(parent('buy', 5), view(), v);
  chase(s, v, 1_000, 600_002); // re-quote 1 at t=1000
  chase(s, v, 2_000, 600_004); // re-quote 2 at t=2000
  assert.equal(v.submits.length, 3);
  assert.equal(v.last().pxTicks, 600_004);
  s.onTick(view({ nowMs: 3_000, bid: 600_006 }), v);
  s.onTick(view({ nowMs: 4_000, bid: 600_008 }), v);
  s.onTick(view({ nowMs: 60_999, bid: 600_008 }), v); // re-quote 1 is 59 999 ms old: still in the window
  assert.equal(v.cancels.length, 2, 'limited: no cancel');
  assert.equal(s.stats().requoteLimited, 1, 'counted once on entering the limit');
  s.onTick(view({ nowMs: 61_000, bid: 600_008 }), v); // re-quote 1 left the window
  assert.equal(v.cancels.length, 3);
  assert.equal(s.stats().requotes, 3);
});

test('max rest (since the parent started) with escalate: cancel, then one IOC for the remainder', () => {
  const cfg = execConfig({ passive: { maxRestMs: 10_000, onMaxRest: 'escalate' }, aggressive: { maxSlippageBps: 5 } });
  const v = new FakeVenue();
  const s = new PassiveStrategy(cfg);
  s.start(parent('buy', 5), view(), v);
  s.onReport(v.fill('passive-1', 2, 5_000), view({ nowMs: 5_000 }), v);
  s.onTick(view({ nowMs: 9_999 }), v);
  assert.equal(v.cancels.length, 0);
  s.onTick(view({ nowMs: 10_000 }), v);
  assert.deepEqual(v.cancels, ['passive-1']);
  s.onTick(view({ nowMs: 10_010 }), v);
  assert.equal(v.submits.length, 1, 'no IOC before the resting order is confirmed gone');
  s.onReport(v.cancelled('passive-1', 'requested', 10_020), view({ nowMs: 10_020 }), v);
  s.onTick(view({ nowMs: 10_020 }), v);
  assert.equal(v.submits.length, 2);
  // mid 60 000.05 USD · 5 bps = 30.0 USD = 300 ticks beyond the ask.
  assert.deepEqual(v.last(), {
    clientId: 'passive-2', side: 'buy', qtyLots: 3, pxTicks: 600_001 + 300, tif: 'ioc', strategy: 'passive', decisionMid: 60_000.05,
  });
  assert.equal(s.stats().escalations, 1);
  s.onReport(v.fill('passive-2', 3, 10_030), view({ nowMs: 10_030 }), v);
  assert.equal(s.remainingLots, 0);
  assert.equal(s.stats().parentsCompleted, 1);
});

test('max rest with cancel: cancel, count the racing fill, drop the parent once confirmed', () => {
  const cfg = execConfig({ passive: { maxRestMs: 10_000, onMaxRest: 'cancel' } });
  const v = new FakeVenue();
  const s = new PassiveStrategy(cfg);
  s.start(parent('sell', 5), view(), v);
  s.onTick(view({ nowMs: 10_000 }), v);
  assert.deepEqual(v.cancels, ['passive-1']);
  s.onReport(v.fill('passive-1', 1, 10_005), view({ nowMs: 10_005 }), v);
  s.onTick(view({ nowMs: 10_005 }), v);
  assert.equal(s.remainingLots, 4, 'the parent lives until the venue confirms');
  s.onReport(v.cancelled('passive-1', 'requested', 10_010), view({ nowMs: 10_010 }), v);
  s.onTick(view({ nowMs: 10_010 }), v);
  assert.equal(s.remainingLots, 0);
  assert.equal(v.submits.length, 1, 'nothing after the cancel');
  assert.deepEqual([s.stats().maxRestCancels, s.stats().parentsDropped], [1, 1]);
});

test('spread pause: cancel, nothing while wide, quote again at the touch when it narrows', () => {
  const cfg = execConfig({ passive: { maxSpreadBps: 5, maxRestMs: 86_400_000 } });
  const v = new FakeVenue();
  const s = new PassiveStrategy(cfg);
  s.start(parent('buy', 5), view(), v);
  s.onTick(view({ nowMs: 1, spreadBps: 6 }), v);
  assert.deepEqual(v.cancels, ['passive-1']);
  s.onReport(v.cancelled('passive-1', 'requested', 2), view({ nowMs: 2, spreadBps: 6 }), v);
  s.onTick(view({ nowMs: 2, spreadBps: 6 }), v);
  s.onTick(view({ nowMs: 3, spreadBps: 7 }), v);
  assert.equal(v.submits.length, 1);
  assert.equal(s.stats().pausedSpread, 1, 'counted on entering the pause');
  s.onTick(view({ nowMs: 4, bid: 599_990 }), v);
  assert.equal(v.submits.length, 2);
  assert.equal(v.last().pxTicks, 599_990);
  s.onTick(view({ nowMs: 5, bid: 599_990, spreadBps: 9 }), v);
  assert.equal(s.stats().pausedSpread, 2, 'a new pause is counted again');
});

test('vol pause: rv above maxVolBps pauses and cancels; NaN (warming up) does not', () => {
  const cfg = execConfig({ passive: { maxVolBps: 20, maxRestMs: 86_400_000 } });
  const v = new FakeVenue();
  const s = new PassiveStrategy(cfg);
  s.start(parent('buy', 5), view({ volBps: NaN }), v);
  assert.equal(v.submits.length, 1);
  s.onTick(view({ nowMs: 1, volBps: 25 }), v);
  assert.deepEqual(v.cancels, ['passive-1']);
  s.onReport(v.cancelled('passive-1', 'requested', 2), view({ nowMs: 2, volBps: 25 }), v);
  s.onTick(view({ nowMs: 2, volBps: 25 }), v);
  assert.equal(v.submits.length, 1);
  s.onTick(view({ nowMs: 3, volBps: 19 }), v);
  assert.equal(v.submits.length, 2);
  assert.deepEqual([s.stats().pausedVol, s.stats().pausedSpread], [1, 0]);
});

test('invalid book: cancel and place nothing until it is valid again', () => {
  const cfg = execConfig({ passive: { maxRestMs: 86_400_000 } });
  const v = new FakeVenue();
  const s = new PassiveStrategy(cfg);
  s.start(parent('buy', 5), view({ valid: false }), v);
  assert.equal(v.submits.length, 0, 'never quotes on an invalid book');
  s.onTick(view({ nowMs: 1 }), v);
  assert.equal(v.submits.length, 1);
  s.onTick(view({ nowMs: 2, valid: false }), v);
  s.onTick(view({ nowMs: 3, valid: false }), v);
  assert.deepEqual(v.cancels, ['passive-1']);
  s.onReport(v.cancelled('passive-1', 'book-invalid', 4), view({ nowMs: 4, valid: false }), v);
  s.onTick(view({ nowMs: 4, valid: false }), v);
  assert.equal(v.submits.length, 1);
  s.onTick(view({ nowMs: 5, bid: 600_010 }), v);
  assert.equal(v.submits.length, 2);
  assert.equal(v.last().pxTicks, 600_010);
  assert.equal(s.stats().staleOrInvalid, 2, 'the start and the later episode');
});

test('stop cancels the live child; its late fill is not credited to the next parent', () => {
  const cfg = execConfig({ passive: { maxRestMs: 86_400_000 } });
  const v = new FakeVenue();
  const s = new PassiveStrategy(cfg);
  s.start(parent('buy', 5), view(), v);
  s.stop(view({ nowMs: 1 }), v);
  assert.deepEqual(v.cancels, ['passive-1']);
  assert.deepEqual([s.remainingLots, s.openLots], [0, 5]);
  s.start(parent('sell', 3, 2, 'P2'), view({ nowMs: 2 }), v);
  assert.equal(v.last().side, 'sell');
  s.onReport(v.fill('passive-1', 5, 3), view({ nowMs: 3 }), v);
  assert.deepEqual([s.remainingLots, s.openLots], [3, 3]);
  assert.equal(s.stats().parentsStopped, 1);
});
