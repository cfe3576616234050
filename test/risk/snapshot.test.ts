/** RiskManager snapshot → JSON text → restore: kill switches, daily baseline, counts and order times survive. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RiskManager, type RiskSnapshot } from '../../src/risk/index.js';
import { CFG, DAY_MS, LOT_BTC, manager, market } from './cfg.js';

const roundTrip = (r: RiskManager): RiskManager =>
  RiskManager.restore(JSON.parse(JSON.stringify(r.snapshot())) as RiskSnapshot, CFG, { lotBtc: LOT_BTC });
const buy = { side: 'buy' as const, qtyLots: 1, tif: 'ioc' as const };
const flat = { positionLots: 0, openBuyLots: 0, openSellLots: 0 };

test('the daily baseline survives: a restart mid-day still sees the loss since the day began', () => {
  const { risk } = manager();
  risk.onEquity(10_000, 1_000);
  risk.onEquity(9_700, 2_000);          // −300
  const b = roundTrip(risk);
  b.onEquity(9_500, 3_000);              // −500 from 10 000 (a fresh manager would take 9 500 as baseline)
  assert.deepEqual(b.activeBreakers(), ['daily-loss']);
});

test('a latched drawdown, trip and refusal counts and the order-rate window survive', () => {
  const { risk } = manager({ maxDailyLossUsd: 5_000 });
  risk.onMarket(market(500, { spreadBps: 30 }));
  risk.check(buy, { ...flat, nowMs: 550 });
  risk.onMarket(market(600));
  for (const t of [1_000, 2_000, 3_000]) risk.recordOrder(t);
  risk.onEquity(10_000, 4_000);
  risk.onEquity(8_900, 5_000);
  const b = RiskManager.restore(JSON.parse(JSON.stringify(risk.snapshot())) as RiskSnapshot, { ...CFG, maxDailyLossUsd: 5_000 }, { lotBtc: LOT_BTC });
  assert.deepEqual(b.snapshot(), risk.snapshot());
  assert.equal(b.halted, true);
  assert.deepEqual(b.activeBreakers(), ['drawdown']);
  assert.deepEqual(b.trips(), risk.trips());
  assert.equal(b.refusals()['halted:spread'], 1);
  b.onEquity(20_000, 2 * DAY_MS);
  assert.equal(b.halted, true, 'still latched after the restart');

  const c = manager();
  for (const t of [1_000, 2_000, 3_000]) c.risk.recordOrder(t);
  const d = roundTrip(c.risk);
  assert.equal(d.check(buy, { ...flat, nowMs: 60_999 })?.breaker, 'order-rate');
  assert.equal(d.check(buy, { ...flat, nowMs: 61_000 }), null);
});
