/** TWAP: slice sizes, slice timing, passive work inside a slice, deadline escalation, carry-over and give-up. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sliceLots, TwapStrategy } from '../../src/exec/twap.js';
import { execConfig, FakeVenue, parent, view } from './helpers/fake-venue.js';

test('slice sizes: as even as integers allow, remainders to the earliest slices', () => {
  assert.deepEqual(sliceLots(10, 3), [4, 3, 3]);
  assert.deepEqual(sliceLots(12, 4), [3, 3, 3, 3]);
  assert.deepEqual(sliceLots(2, 5), [1, 1, 0, 0, 0]);
  assert.deepEqual(sliceLots(7, 1), [7]);
});

test('10 lots over 30 s in 3 slices: quotes per slice, escalates the remainder at each deadline', () => {
  const cfg = execConfig({ twap: { windowMs: 30_000, slices: 3 }, aggressive: { maxSlippageBps: 0 } });
  const v = new FakeVenue();
  const s = new TwapStrategy(cfg);
  const at = (nowMs: number) => view({ nowMs });
  s.start(parent('buy', 10, 1_000), view({ nowMs: 500 }), v);
  assert.equal(v.submits.length, 0, 'slice 0 starts at createdMs = 1000');
  assert.deepEqual([s.sliceStartMs(0), s.sliceStartMs(1), s.sliceStartMs(2), s.sliceStartMs(3)], [1_000, 11_000, 21_000, 31_000]);
  s.onTick(at(1_000), v);
  assert.deepEqual(v.last(), {
    clientId: 'twap-1', side: 'buy', qtyLots: 4, pxTicks: 600_000, tif: 'post-only', strategy: 'twap', decisionMid: 60_000.05,
  });
  s.onReport(v.fill('twap-1', 4, 2_000), at(2_000), v);
  s.onTick(at(5_000), v);
  s.onTick(at(10_999), v);
  assert.equal(v.submits.length, 1, 'slice 0 is done: nothing until slice 1');
  s.onTick(at(11_000), v);
  assert.deepEqual([v.last().clientId, v.last().qtyLots, v.last().tif], ['twap-2', 3, 'post-only']);
  assert.equal(s.currentSlice, 1);
  s.onReport(v.fill('twap-2', 1, 12_000), at(12_000), v);
  s.onTick(at(20_999), v);
  assert.equal(v.cancels.length, 0);
  s.onTick(at(21_000), v); // slice 1's deadline: 2 lots left
  assert.deepEqual(v.cancels, ['twap-2']);
  assert.equal(v.submits.length, 2, 'no IOC before the quote is confirmed gone');
  s.onReport(v.cancelled('twap-2', 'requested', 21_005), at(21_005), v);
  s.onTick(at(21_005), v);
  assert.deepEqual([v.last().clientId, v.last().qtyLots, v.last().tif, v.last().pxTicks, v.last().strategy], ['twap-3', 2, 'ioc', 600_001, 'twap']);
  s.onReport(v.fill('twap-3', 2, 21_010), at(21_010), v);
  s.onTick(at(21_010), v); // slice 1 done → slice 2 (started at 21 000) quotes on the same tick
  assert.deepEqual([v.last().clientId, v.last().qtyLots, v.last().tif], ['twap-4', 3, 'post-only']);
  assert.equal(s.remainingLots, 3);
  // Last slice: deadline 31 000, then IOCs that find nothing, 3 attempts, then the parent is dropped.
  s.onTick(at(31_000), v);
  s.onReport(v.cancelled('twap-4', 'requested', 31_001), at(31_001), v);
  for (let t = 31_001; t < 31_010; t++) {
    s.onTick(at(t), v);
    const o = v.live()[0];
    if (o !== undefined) s.onReport(v.cancelled(o.req.clientId, 'ioc-remainder', t), at(t), v);
  }
  assert.equal(v.submits.length, 4 + 3);
  assert.equal(s.remainingLots, 0);
  const st = s.stats();
  assert.deepEqual([st.slices, st.sliceEscalations, st.gaveUp, st.parentsDropped], [3, 2, 1, 1]);
});

test("a slice whose IOCs give up hands its lots to the next slice", () => {
  const cfg = execConfig({ twap: { windowMs: 20_000, slices: 2 } });
  const v = new FakeVenue();
  const s = new TwapStrategy(cfg);
  s.start(parent('sell', 4, 0), view(), v);
  assert.deepEqual([v.last().qtyLots, v.last().pxTicks], [2, 600_001]);
  s.onTick(view({ nowMs: 10_000 }), v);
  s.onReport(v.cancelled('twap-1', 'requested', 10_000), view({ nowMs: 10_000 }), v);
  for (let t = 10_001; t <= 10_004; t++) {
    s.onTick(view({ nowMs: t }), v);
    const o = v.live()[0];
    if (o !== undefined && o.req.tif === 'ioc') s.onReport(v.rejected(o.req.clientId, 'no-liquidity', t), view({ nowMs: t }), v);
  }
  assert.equal(s.currentSlice, 1);
  assert.deepEqual([v.last().tif, v.last().qtyLots], ['post-only', 4], 'slice 1 works its 2 lots plus the 2 left over');
  assert.equal(s.remainingLots, 4);
});

test('a parent started after its window: every slice goes straight to IOCs, in order', () => {
  const cfg = execConfig({ twap: { windowMs: 3_000, slices: 3 } });
  const v = new FakeVenue();
  const s = new TwapStrategy(cfg);
  s.start(parent('buy', 3, 0), view({ nowMs: 5_000 }), v);
  assert.deepEqual([v.submits.length, v.last().tif, v.last().qtyLots], [1, 'ioc', 1]);
  s.onReport(v.fill(v.last().clientId, 1, 5_000), view({ nowMs: 5_000 }), v);
  s.onTick(view({ nowMs: 5_001 }), v);
  assert.deepEqual([v.submits.length, v.last().tif, v.last().qtyLots], [2, 'ioc', 1]);
  assert.equal(s.currentSlice, 1);
});
