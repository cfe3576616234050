/** AGGRESSIVE: the IOC limit in ticks, remainder retries on later ticks, the attempt cap; the factory. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AggressiveStrategy } from '../../src/exec/aggressive.js';
import { iocLimitTicks, MAX_IOC_ATTEMPTS } from '../../src/exec/aggressive-taker.js';
import { createStrategy } from '../../src/exec/factory.js';
import { execConfig, FakeVenue, parent, view } from './helpers/fake-venue.js';

test('IOC limit: far touch ± floor(mid·bps/1e4/tickUsd) ticks', () => {
  // mid 60 000.05 USD; 5 bps = 30.0000 USD = 300 ticks of 0.1 USD.
  assert.equal(iocLimitTicks('buy', view(), 5), 600_001 + 300);
  assert.equal(iocLimitTicks('sell', view(), 5), 600_000 - 300);
  // 0 bps, or a budget under one tick: at the touch.
  assert.equal(iocLimitTicks('buy', view(), 0), 600_001);
  assert.equal(iocLimitTicks('sell', view(), 0.01), 600_000);
  // mid 60 000 USD · 0.1 bps = 0.6 USD = 6 ticks, which f64 computes as 5.999…: still 6.
  const m = view({ bid: 599_999, ask: 600_001 });
  assert.equal(iocLimitTicks('buy', m, 0.1), 600_001 + 6);
  // 1.5 bps of 60 000.05 = 9.0000075 USD = 90 ticks (floored, never beyond the budget).
  assert.equal(iocLimitTicks('sell', view(), 1.5), 600_000 - 90);
});

test('sends one IOC for the parent at the limit, tagged aggressive', () => {
  const v = new FakeVenue();
  const s = new AggressiveStrategy(execConfig({ aggressive: { maxSlippageBps: 5 } }));
  s.start(parent('sell', 4), view(), v);
  assert.deepEqual(v.last(), {
    clientId: 'aggressive-1', side: 'sell', qtyLots: 4, pxTicks: 599_700, tif: 'ioc', strategy: 'aggressive', decisionMid: 60_000.05,
  });
  s.onReport(v.accepted('aggressive-1'), view(), v);
  s.onReport(v.fill('aggressive-1', 4), view(), v);
  assert.deepEqual([s.remainingLots, s.openLots, s.stats().parentsCompleted], [0, 0, 1]);
});

test('remainder: one more IOC per later tick at the new touch, at most 3 attempts, then give up', () => {
  const v = new FakeVenue();
  const s = new AggressiveStrategy(execConfig({ aggressive: { maxSlippageBps: 0 } }));
  s.start(parent('buy', 5), view(), v);
  s.onReport(v.fill('aggressive-1', 2), view(), v);
  s.onReport(v.cancelled('aggressive-1', 'ioc-remainder'), view(), v);
  s.onTick(view(), v);
  assert.equal(v.submits.length, 1, 'not on the tick that reported the remainder');
  s.onTick(view({ nowMs: 1, bid: 600_004 }), v);
  assert.equal(v.submits.length, 2);
  assert.deepEqual([v.last().qtyLots, v.last().pxTicks], [3, 600_005]);
  s.onReport(v.rejected('aggressive-2', 'no-liquidity', 1), view({ nowMs: 1 }), v);
  s.onTick(view({ nowMs: 2 }), v);
  assert.deepEqual([v.submits.length, v.last().qtyLots], [3, 3]);
  s.onReport(v.fill('aggressive-3', 1, 2), view({ nowMs: 2 }), v);
  s.onReport(v.cancelled('aggressive-3', 'ioc-remainder', 2), view({ nowMs: 2 }), v);
  s.onTick(view({ nowMs: 3 }), v);
  s.onTick(view({ nowMs: 4 }), v);
  assert.equal(v.submits.length, MAX_IOC_ATTEMPTS);
  assert.equal(s.remainingLots, 0, 'the parent is dropped');
  const st = s.stats();
  assert.deepEqual([st.iocSent, st.iocRetries, st.gaveUp, st.parentsDropped], [3, 2, 1, 1]);
});

test('an invalid book delays the IOC without using an attempt', () => {
  const v = new FakeVenue();
  const s = new AggressiveStrategy(execConfig());
  s.start(parent('buy', 1), view({ valid: false }), v);
  s.onTick(view({ nowMs: 1, valid: false }), v);
  assert.equal(v.submits.length, 0);
  s.onTick(view({ nowMs: 2 }), v);
  assert.equal(v.submits.length, 1);
});

test('createStrategy builds the named strategy, the config one by default', () => {
  const cfg = execConfig({ strategy: 'twap' });
  assert.equal(createStrategy(cfg).name, 'twap');
  assert.equal(createStrategy(cfg, 'passive').name, 'passive');
  assert.equal(createStrategy(cfg, 'aggressive').name, 'aggressive');
  assert.throws(() => createStrategy(cfg).start(parent('buy', 0), view(), new FakeVenue()), { name: 'RangeError', message: /positive integer, was 0/ });
});
