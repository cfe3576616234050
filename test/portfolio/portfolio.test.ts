/**
 * Portfolio scenarios with hand-worked numbers: tick 0.1 USD, lot 0.001 BTC,
 * initial cash 10 000 USD, so 10 lots = 0.01 BTC and 60 000 USD = 600 000 ticks.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Portfolio } from '../../src/portfolio/portfolio.js';
import { OPTS, close, fill } from './fill.js';

function near(a: number, b: number, what: string): void {
  assert.ok(close(a, b), `${what}: ${a} vs ${b}`);
}

function identity(p: Portfolio): void {
  near(p.equityUsd, OPTS.initialCashUsd + p.realizedPnlUsd + p.unrealizedPnlUsd - p.feesUsd, 'equity identity');
}

test('round trip at a profit: buy 0.01 @ 60 000 (fee 0.33), sell 0.01 @ 60 100 (fee 0.1202)', () => {
  const p = new Portfolio(OPTS);
  p.applyFill(fill('buy', 10, 60_000, { feeUsd: 0.33 }));
  // cash = 10 000 − 0.01·60 000 − 0.33 = 9 399.67
  near(p.cashUsd, 9_399.67, 'cash after buy');
  assert.equal(p.positionLots, 10);
  near(p.positionBtc, 0.01, 'position');
  near(p.avgEntryUsd, 60_000, 'avg entry');
  p.applyFill(fill('sell', 10, 60_100, { feeUsd: 0.1202, maker: true }));
  // cash = 9 399.67 + 0.01·60 100 − 0.1202 = 10 000.5498; realized = 0.01·100 = 1
  near(p.cashUsd, 10_000.5498, 'cash after sell');
  near(p.realizedPnlUsd, 1, 'realized');
  near(p.feesUsd, 0.4502, 'fees');
  assert.equal(p.positionLots, 0);
  assert.ok(Number.isNaN(p.avgEntryUsd), 'avg entry resets when flat');
  assert.equal(p.unrealizedPnlUsd, 0);
  // equity = 10 000 + 1 − 0.4502
  near(p.equityUsd, 10_000.5498, 'equity');
  identity(p);
});

test('round trip at a loss: short 0.02 @ 60 000, cover @ 60 050, fees 0.5 each', () => {
  const p = new Portfolio(OPTS);
  p.applyFill(fill('sell', 20, 60_000, { feeUsd: 0.5 }));
  assert.equal(p.positionLots, -20);
  near(p.avgEntryUsd, 60_000, 'avg entry of the short');
  p.applyFill(fill('buy', 20, 60_050, { feeUsd: 0.5 }));
  // realized = −0.02·50 = −1; equity = 10 000 − 1 − 1 = 9 998
  near(p.realizedPnlUsd, -1, 'realized');
  near(p.equityUsd, 9_998, 'equity');
  near(p.cashUsd, 9_998, 'cash');
  identity(p);
});

test('flip long → short through one fill: the closing part realizes, the rest opens at the fill price', () => {
  const p = new Portfolio(OPTS);
  p.applyFill(fill('buy', 10, 60_000));
  p.applyFill(fill('sell', 25, 60_200));
  // closes 10 lots: realized = 0.01·200 = 2; opens −15 lots at 60 200
  near(p.realizedPnlUsd, 2, 'realized');
  assert.equal(p.positionLots, -15);
  near(p.positionBtc, -0.015, 'position');
  near(p.avgEntryUsd, 60_200, 'avg entry after flip');
  // cash = 10 000 − 600 + 0.025·60 200 = 10 905
  near(p.cashUsd, 10_905, 'cash');
  p.mark(60_100, 2_000);
  // unrealized = −0.015·(60 100 − 60 200) = 1.5; equity = 10 905 − 0.015·60 100 = 10 003.5
  near(p.unrealizedPnlUsd, 1.5, 'unrealized');
  near(p.equityUsd, 10_003.5, 'equity');
  identity(p);
});

test('adding averages the entry; a partial close keeps it and realizes only the closed part', () => {
  const p = new Portfolio(OPTS);
  p.applyFill(fill('buy', 10, 60_000));
  p.applyFill(fill('buy', 10, 60_200));
  // avg = (0.01·60 000 + 0.01·60 200)/0.02 = 60 100
  near(p.avgEntryUsd, 60_100, 'avg after add');
  p.applyFill(fill('sell', 5, 60_300));
  // realized = 0.005·(60 300 − 60 100) = 1; 15 lots left at 60 100
  near(p.realizedPnlUsd, 1, 'realized after partial close');
  assert.equal(p.positionLots, 15);
  near(p.avgEntryUsd, 60_100, 'avg unchanged by a partial close');
  p.mark(60_000, 1_000);
  // unrealized = 0.015·(60 000 − 60 100) = −1.5
  near(p.unrealizedPnlUsd, -1.5, 'unrealized');
  identity(p);
});

test('before the first mark the position is valued at its entry', () => {
  const p = new Portfolio(OPTS);
  p.applyFill(fill('buy', 10, 60_000, { feeUsd: 1 }));
  assert.equal(p.unrealizedPnlUsd, 0);
  near(p.equityUsd, 9_999, 'equity = initial − fee');
  identity(p);
});

test('ledger record: USD/BTC units, latency, slippage vs arrival mid', () => {
  const p = new Portfolio(OPTS);
  p.applyFill(fill('buy', 10, 60_003, { exchTsMs: 5_000, submitMs: 4_988, arrivalMid: 60_000, decisionMid: 59_990, feeUsd: 0.33, strategy: 'passive', maker: true }));
  const r = p.fills[0]!;
  assert.equal(r.ts, 5_000);
  assert.equal(r.side, 'buy');
  near(r.px, 60_003, 'px');
  near(r.qty, 0.01, 'qty');
  assert.equal(r.fee, 0.33);
  assert.equal(r.maker, true);
  assert.equal(r.arrivalMid, 60_000);
  assert.equal(r.decisionMid, 59_990);
  assert.equal(r.latencyMs, 12);
  assert.equal(r.strategy, 'passive');
  // +1·(60 003 − 60 000)/60 000·1e4 = 0.5 bps
  near(r.slippageBps, 0.5, 'slippage');
});

test('equity curve: first point at the first mark, then at most one per equityEveryMs', () => {
  const p = new Portfolio(OPTS);
  p.applyFill(fill('buy', 10, 60_000));
  for (const ts of [1_000, 1_500, 1_999, 2_000, 2_600, 3_100, 5_000]) p.mark(60_000 + ts / 100, ts);
  // 1 000 → next due 2 000 → 2 000 → due 3 000 → 3 100 → due 4 100 → 5 000
  assert.deepEqual(p.equityCurve.map((q) => q.ts), [1_000, 2_000, 3_100, 5_000]);
  const last = p.equityCurve[3]!;
  // mid 60 050: equity = 10 000 − 600 + 0.01·60 050 = 10 000.5
  near(last.equity, 10_000.5, 'point equity');
  near(last.position, 0.01, 'point position');
  p.mark(NaN, 7_000);
  assert.equal(p.equityCurve.length, 4, 'a NaN mark adds no point');
  assert.equal(p.markUsd, 60_050, 'a NaN mark keeps the last mark');
  near(p.equityUsd, 10_000.5, 'equity at the kept mark');
});

test('peak equity and drawdown follow the marks', () => {
  const p = new Portfolio(OPTS);
  p.applyFill(fill('buy', 10, 60_000));
  p.mark(60_000, 1_000); // equity 10 000
  near(p.peakEquityUsd, 10_000, 'peak at entry');
  p.mark(61_000, 2_000); // 10 000 + 0.01·1 000 = 10 010
  near(p.peakEquityUsd, 10_010, 'peak');
  p.mark(59_500, 3_000); // 10 000 − 5 = 9 995: drawdown 15
  near(p.drawdownUsd, 15, 'drawdown');
  near(p.maxDrawdownUsd, 15, 'max drawdown');
  p.mark(60_500, 4_000); // 10 005: drawdown 5, max stays 15
  near(p.drawdownUsd, 5, 'drawdown after recovery');
  near(p.maxDrawdownUsd, 15, 'max drawdown kept');
  near(p.peakEquityUsd, 10_010, 'peak kept');
});

test('bad fills and options are refused with RangeError', () => {
  const p = new Portfolio(OPTS);
  assert.throws(() => p.applyFill(fill('buy', 0, 60_000)), { name: 'RangeError', message: /qtyLots must be a positive integer, was 0/ });
  assert.throws(() => p.applyFill(fill('buy', 1.5, 60_000)), { name: 'RangeError', message: /was 1.5/ });
  assert.throws(() => p.applyFill(fill('buy', 1, 60_000, { feeUsd: NaN })), { name: 'RangeError', message: /feeUsd must be finite/ });
  assert.throws(() => new Portfolio({ ...OPTS, lotBtc: 0 }), { name: 'RangeError', message: /lotBtc must be a positive number, was 0/ });
  assert.equal(p.fills.length, 0);
});
