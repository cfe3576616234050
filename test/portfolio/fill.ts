/** Builds FillReports for the portfolio tests (tick 0.1 USD, lot 0.001 BTC). */
import type { FillReport, Side } from '../../src/venue/types.js';

export const TICK_USD = 0.1;
export const LOT_BTC = 0.001;
export const OPTS = { initialCashUsd: 10_000, tickUsd: TICK_USD, lotBtc: LOT_BTC, equityEveryMs: 1_000 };

/** A fill of `qtyLots` at `pxUsd` (converted to ticks); the rest defaults to a taker fill with mids at the price. */
export function fill(side: Side, qtyLots: number, pxUsd: number, over: Partial<FillReport> = {}): FillReport {
  return {
    kind: 'fill', clientId: 'c1', exchTsMs: 1_000, deliverMs: 1_005, side,
    pxTicks: Math.round(pxUsd / TICK_USD), qtyLots, leavesLots: 0, maker: false, feeUsd: 0,
    arrivalMid: pxUsd, strategy: 'aggressive', decisionMid: pxUsd, submitMs: 990,
    ...over,
  };
}

/** |a − b| ≤ tol·max(1, |a|, |b|). */
export function close(a: number, b: number, tol = 1e-9): boolean {
  return Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));
}
