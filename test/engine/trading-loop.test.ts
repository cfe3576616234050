/**
 * TradingLoop never trades on a book it must not trust (crossed, locked, one-sided,
 * NaN), cancels what it has working when the book turns bad, and does trade on a
 * good book with the same signal (the control that shows the test can fail).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { riskSection } from '../../src/config/trading-section.js';
import { DecisionLayer } from '../../src/exec/decision.js';
import { createStrategy } from '../../src/exec/factory.js';
import { FEATURE_INDEX, FLAG_CROSSED, FLAG_EMPTY_SIDE, FLAG_LOCKED } from '../../src/features/registry.js';
import { ROW_FEATURES, ROW_FLAGS, ROW_STRIDE, ROW_TS_MS } from '../../src/layout/feature-row.js';
import { Portfolio } from '../../src/portfolio/index.js';
import { RiskManager } from '../../src/risk/index.js';
import { TradingLoop } from '../../src/engine/trading-loop.js';
import type { PaperVenue } from '../../src/venue/paper/index.js';
import type { OrderRequest, VenueReport } from '../../src/venue/types.js';
import { decisionConfig, execConfig } from '../exec/helpers/fake-venue.js';

const TICK = 0.1;
const LOT = 0.001;

/** Just enough venue: a clock the test sets, orders and cancels recorded, reports the test queues. */
class ClockVenue {
  nowMs = 0;
  submitted: OrderRequest[] = [];
  cancels: string[] = [];
  reports: VenueReport[] = [];
  advanceMessages(): number { this.nowMs += 100; return 1; }
  flush(): number { return 0; }
  submit(o: OrderRequest): void { this.submitted.push(o); }
  cancel(id: string): void { this.cancels.push(id); }
  drain(nowMs: number, out: VenueReport[]): number {
    const due = this.reports.filter((r) => r.deliverMs <= nowMs);
    this.reports = this.reports.filter((r) => r.deliverMs > nowMs);
    out.push(...due);
    return due.length;
  }
}

function setup() {
  const venue = new ClockVenue();
  const loop = new TradingLoop({
    venue: venue as unknown as PaperVenue,
    portfolio: new Portfolio({ initialCashUsd: 10_000, tickUsd: TICK, lotBtc: LOT, equityEveryMs: 1000 }),
    risk: new RiskManager(riskSection.parse({}), { lotBtc: LOT }),
    strategy: createStrategy(execConfig({ strategy: 'passive' })),
    decision: new DecisionLayer(decisionConfig({ entryBps: 0.5, cooldownMs: 0, intervalMs: 0 }), { horizons: ['1s'], lotBtc: LOT, riskMaxPositionBtc: 0.05 }),
    tickUsd: TICK, lotBtc: LOT,
  }, 1);
  return { venue, loop };
}

/** One row: a 60 000.0 / 60 000.1 book with the given flags (and optionally a NaN mid). */
function row(tsMs: number, flags: number, nanMid = false): Float64Array {
  const r = new Float64Array(ROW_STRIDE);
  const set = (name: string, v: number): void => { r[ROW_FEATURES + FEATURE_INDEX[name]!] = v; };
  r[ROW_TS_MS] = tsMs;
  r[ROW_FLAGS] = flags;
  set('mid_px', nanMid ? NaN : 60_000.05);
  set('spread_abs', 0.1);
  set('spread_bps', (0.1 / 60_000.05) * 1e4);
  set('bid_qty_1', 1);
  set('ask_qty_1', 1);
  set('rv_10s_bps', 1);
  return r;
}

const BUY_SIGNAL = [Float64Array.of(5)]; // 5 bps ≥ entry 0.5 → go long

test('a good book and a strong signal: the loop quotes (control)', () => {
  const { venue, loop } = setup();
  loop.tickRows(row(1000, 0), 0, 1, ROW_STRIDE, BUY_SIGNAL);
  assert.equal(venue.submitted.length, 1);
  assert.equal(venue.submitted[0].side, 'buy');
  assert.equal(venue.submitted[0].tif, 'post-only');
  assert.equal(venue.submitted[0].pxTicks, 600_000, 'at the best bid');
});

for (const [what, flags, nanMid] of [
  ['crossed', FLAG_CROSSED, false], ['locked', FLAG_LOCKED, false], ['one-sided', FLAG_EMPTY_SIDE, false], ['NaN mid', 0, true],
] as const) {
  test(`${what} book: no order, whatever the signal`, () => {
    const { venue, loop } = setup();
    for (let i = 0; i < 20; i++) loop.tickRows(row(1000 + i * 100, flags, nanMid), 0, 1, ROW_STRIDE, BUY_SIGNAL);
    assert.equal(venue.submitted.length, 0);
  });
}

test('the book turns crossed while an order rests: it is cancelled and nothing new is sent', () => {
  const { venue, loop } = setup();
  loop.tickRows(row(1000, 0), 0, 1, ROW_STRIDE, BUY_SIGNAL);
  const id = venue.submitted[0].clientId;
  venue.reports.push({ kind: 'accepted', clientId: id, exchTsMs: venue.nowMs, deliverMs: venue.nowMs, arrivalMid: 60_000.05 });
  for (let i = 1; i <= 5; i++) loop.tickRows(row(1000 + i * 100, FLAG_CROSSED), 0, 1, ROW_STRIDE, BUY_SIGNAL);
  assert.deepEqual(venue.cancels, [id]);
  assert.equal(venue.submitted.length, 1);
  assert.ok(loop.parts.risk.trips()['crossed-book'] >= 1, 'the crossed-book breaker tripped');
});
