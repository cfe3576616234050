/**
 * Portfolio snapshot → JSON text → restore gives the same state, including
 * NaN mids, the equity-curve schedule and pending TCA markouts, and the two
 * copies stay identical when fed the same further fills and marks.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Portfolio, type PortfolioSnapshot } from '../../src/portfolio/portfolio.js';
import { OPTS, fill } from './fill.js';

function state(p: Portfolio): unknown {
  return {
    positionLots: p.positionLots, avgEntryUsd: p.avgEntryUsd, cashUsd: p.cashUsd, realizedPnlUsd: p.realizedPnlUsd,
    unrealizedPnlUsd: p.unrealizedPnlUsd, feesUsd: p.feesUsd, equityUsd: p.equityUsd, peakEquityUsd: p.peakEquityUsd,
    maxDrawdownUsd: p.maxDrawdownUsd, fills: p.fills, equityCurve: p.equityCurve, tca: p.tcaReport(),
  };
}

test('snapshot survives a JSON round trip and the restored copy behaves identically', () => {
  const a = new Portfolio(OPTS);
  a.applyFill(fill('buy', 10, 60_000, { feeUsd: 0.12, maker: true, strategy: 'passive', exchTsMs: 1_000 }));
  a.mark(60_010, 1_200);
  a.applyFill(fill('sell', 4, 60_020, { feeUsd: 0.13, arrivalMid: NaN, decisionMid: NaN, exchTsMs: 1_500 }));
  a.mark(60_005, 1_800);
  const text = JSON.stringify(a.snapshot());
  const b = Portfolio.restore(JSON.parse(text) as PortfolioSnapshot, OPTS);
  assert.deepEqual(state(b), state(a));
  assert.equal(JSON.stringify(b.snapshot()), text);
  assert.ok(Number.isNaN(b.fills[1]!.slippageBps), 'NaN slippage comes back as NaN');
  assert.equal(b.tca.pendingMarkouts, 2, 'the maker fill still waits for its 1 s and 10 s mids');
  for (const p of [a, b]) {
    p.mark(60_000, 2_000); // 1 s markout of the 1 000 ms fill; equity point not due until 2 200
    p.applyFill(fill('sell', 20, 59_990, { feeUsd: 0.66, exchTsMs: 2_500 }));
    p.mark(59_980, 2_600);
  }
  assert.deepEqual(state(b), state(a));
  assert.deepEqual(a.equityCurve.map((q) => q.ts), [1_200, 2_600]);
});

test('restore refuses another instrument', () => {
  const s = new Portfolio(OPTS).snapshot();
  assert.throws(() => Portfolio.restore(s, { ...OPTS, lotBtc: 0.01 }), { name: 'RangeError', message: /lotBtc 0.001.*lotBtc 0.01/ });
});
