/** Kill switches: daily loss lasts until the next UTC day, drawdown latches for good. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DAY_MS, manager } from './cfg.js';

const HOUR_MS = 3_600_000;
const buy = { side: 'buy' as const, qtyLots: 1, tif: 'ioc' as const };
const flat = { positionLots: 0, openBuyLots: 0, openSellLots: 0 };

test('daily-loss: −500 USD from the day\'s first equity trips; stays until the next UTC day, then a new baseline', () => {
  const day0 = 20_000 * DAY_MS; // a UTC midnight
  const { risk, events } = manager({ maxDrawdownUsd: 5_000 });
  risk.onEquity(10_000, day0 + HOUR_MS);      // baseline 10 000
  risk.onEquity(9_600, day0 + 2 * HOUR_MS);   // −400
  assert.equal(risk.halted, false);
  risk.onEquity(9_500, day0 + 3 * HOUR_MS);   // −500 ≤ −500: trips
  assert.deepEqual(risk.activeBreakers(), ['daily-loss']);
  assert.deepEqual(events[0]!.detail, { equityUsd: 9_500, dayStartEquityUsd: 10_000, lossUsd: 500, maxDailyLossUsd: 500 });
  risk.onEquity(9_800, day0 + 4 * HOUR_MS);   // recovery does not clear it
  risk.onEquity(9_000, day0 + 5 * HOUR_MS);   // still one trip
  assert.equal(risk.trips()['daily-loss'], 1);
  assert.equal(risk.check(buy, { ...flat, nowMs: day0 + DAY_MS - 1 })?.breaker, 'halted:daily-loss');
  // 00:00:00.000 of the next day: a check alone clears it
  assert.equal(risk.check(buy, { ...flat, nowMs: day0 + DAY_MS }), null);
  assert.equal(events[1]!.action, 'clear');
  risk.onEquity(9_000, day0 + DAY_MS + 1);            // new baseline 9 000
  risk.onEquity(8_550, day0 + DAY_MS + HOUR_MS);      // −450
  assert.equal(risk.halted, false);
  risk.onEquity(8_500, day0 + DAY_MS + 2 * HOUR_MS);  // −500: trips again
  assert.equal(risk.trips()['daily-loss'], 2);
});

test('drawdown: peak − equity ≥ 1 000 USD latches, through recoveries and new days', () => {
  const { risk, events } = manager({ maxDailyLossUsd: 5_000 });
  risk.onEquity(10_000, 1_000);
  risk.onEquity(10_500, 2_000);  // peak 10 500
  risk.onEquity(9_600, 3_000);   // 900 from the peak
  assert.equal(risk.halted, false);
  risk.onEquity(9_500, 4_000);   // 1 000: trips
  assert.deepEqual(risk.activeBreakers(), ['drawdown']);
  assert.deepEqual(events[0]!.detail, { equityUsd: 9_500, peakEquityUsd: 10_500, drawdownUsd: 1_000, maxDrawdownUsd: 1_000 });
  risk.onEquity(11_000, 5_000);
  risk.onEquity(11_000, 3 * DAY_MS);
  assert.equal(risk.check(buy, { ...flat, nowMs: 3 * DAY_MS })?.breaker, 'halted:drawdown');
  assert.equal(risk.trips()['drawdown'], 1);
  assert.equal(events.length, 1, 'never cleared');
});

test('NaN equity is ignored', () => {
  const { risk } = manager();
  risk.onEquity(10_000, 1_000);
  risk.onEquity(NaN, 2_000);
  risk.onEquity(9_600, 3_000);
  assert.equal(risk.halted, false);
});
