/**
 * One tick per feature row: the venue catches up to the message the row
 * describes, the engine hears what the venue reported by then, then risk,
 * the working strategy and the decision layer run, in that order. The same loop
 * runs in replay and live; only who feeds it rows differs.
 *
 * Order of a tick (each step sees the results of the previous ones):
 *   1. venue.advanceMessages(1): the simulated exchange applies the same message
 *      (and every trade before it), matching resting orders and arriving ones;
 *   2. reports delivered by now → order gate, portfolio (fills), strategy;
 *   3. mark to the row's mid; risk kill switches and market breakers;
 *   4. halted → the strategy cancels everything; else strategy tick, then decision.
 */
import type { DecisionLayer } from '../exec/decision.js';
import type { ExecStrategy } from '../exec/types.js';
import type { Portfolio } from '../portfolio/index.js';
import type { RiskManager } from '../risk/index.js';
import type { MarketHealth } from '../risk/types.js';
import type { MarketVenue, VenueReport } from '../venue/types.js';
import { OrderGate } from './order-gate.js';
import { RowMarket } from './row-market.js';

export interface TradingParts {
  venue: MarketVenue;
  portfolio: Portfolio;
  risk: RiskManager;
  strategy: ExecStrategy;
  decision: DecisionLayer;
  tickUsd: number;
  lotBtc: number;
}

export class TradingLoop {
  readonly market: RowMarket;
  readonly gate: OrderGate;
  /** Book messages (rows) ticked. */
  ticks = 0;
  /** Ticks on which risk had trading halted. */
  haltedTicks = 0;
  /** Venue reports handed on so far (a change counter for state saving). */
  reportsDelivered = 0;
  /**
   * The row buffer and offset of the last row ticked (dashboard): the caller owns
   * the buffer and may refill it, so a reader checks the row's ts against
   * `market.bookTsMs` before trusting it.
   */
  lastRows: Float64Array | undefined;
  lastRowBase = 0;
  private readonly reports: VenueReport[] = [];
  private readonly preds: number[];
  /** What risk sees of the market, refilled every tick (risk reads it only during the call). */
  private readonly health: { -readonly [K in keyof MarketHealth]: MarketHealth[K] } = {
    nowMs: NaN, valid: false, crossed: false, lastBookUpdateMs: NaN, spreadBps: NaN, volBps: NaN,
  };

  constructor(readonly parts: TradingParts, horizons: number) {
    this.market = new RowMarket(parts.tickUsd, parts.lotBtc);
    this.gate = new OrderGate(parts.venue, parts.risk, () => parts.portfolio.positionLots);
    this.preds = new Array<number>(horizons).fill(NaN);
  }

  /** The predictions (bps per horizon) the last tick passed to the decision layer. */
  get lastPredictions(): readonly number[] {
    return this.preds;
  }

  /** Ticks rows [from, to) of `rows`; `preds[h][i]` is horizon h's prediction for row i. */
  tickRows(rows: Float64Array, from: number, to: number, stride: number, preds: readonly Float64Array[]): void {
    const { venue } = this.parts;
    for (let i = from; i < to; i++) {
      venue.advanceMessages(1);
      for (let h = 0; h < this.preds.length; h++) this.preds[h] = preds[h][i];
      this.tick(rows, i * stride);
    }
  }

  private tick(rows: Float64Array, base: number): void {
    const { venue, portfolio, risk, strategy, decision } = this.parts;
    this.ticks++;
    this.lastRows = rows;
    this.lastRowBase = base;
    const m = this.market.read(rows, base, venue.nowMs);
    this.deliver(m.nowMs);
    portfolio.mark(m.mid, m.nowMs);
    risk.onEquity(portfolio.equityUsd, m.nowMs);
    risk.onMarket(this.marketHealth(m.nowMs));
    if (risk.halted) {
      this.haltedTicks++;
      if (strategy.remainingLots > 0 || strategy.openLots > 0) strategy.stop(m, this.gate);
      return;
    }
    strategy.onTick(m, this.gate);
    decision.onTick(this.preds, m, portfolio.positionLots, strategy, this.gate);
  }

  /**
   * A tick without a new row (live timer): reports due by `nowMs` are delivered
   * and risk sees the book as it last was, `nowMs − bookTsMs` old, so a quiet feed
   * trips the stale-feed breaker and the strategy cancels. No decision is made.
   */
  idle(nowMs: number): void {
    const { portfolio, risk, strategy } = this.parts;
    const m = this.market;
    if (Number.isNaN(m.bookTsMs)) return;
    m.nowMs = nowMs;
    this.deliver(nowMs);
    risk.onEquity(portfolio.equityUsd, nowMs);
    risk.onMarket(this.marketHealth(nowMs));
    if (risk.halted && (strategy.remainingLots > 0 || strategy.openLots > 0)) strategy.stop(m, this.gate);
  }

  /** The market as risk sees it at `nowMs`: the last row's book. */
  private marketHealth(nowMs: number): MarketHealth {
    const h = this.health;
    const m = this.market;
    h.nowMs = nowMs;
    h.valid = m.bookValid;
    h.crossed = m.crossed;
    h.lastBookUpdateMs = m.bookTsMs;
    h.spreadBps = m.spreadBps;
    h.volBps = m.volBps;
    return h;
  }

  /** Hands every report delivered by `nowMs` to the gate, the portfolio and the strategy. */
  private deliver(nowMs: number): void {
    const { venue, portfolio, strategy } = this.parts;
    if (this.reports.length !== 0) this.reports.length = 0;
    const n = venue.drain(nowMs, this.reports);
    if (n === 0) return; // most ticks: nothing reported
    this.reportsDelivered += n;
    for (const r of this.reports) {
      this.gate.onReport(r);
      if (r.kind === 'fill') portfolio.applyFill(r);
      strategy.onReport(r, this.market, this.gate);
    }
  }

  /**
   * End of data: the venue applies what is left and every report still in flight
   * is delivered (a fill that happened is never lost from the books); the
   * portfolio is marked at the last mid.
   */
  finish(): void {
    const { venue, portfolio } = this.parts;
    venue.flush();
    this.deliver(Number.POSITIVE_INFINITY);
    if (Number.isFinite(this.market.mid)) portfolio.mark(this.market.mid, venue.nowMs);
  }
}
