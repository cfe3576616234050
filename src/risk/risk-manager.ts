/**
 * The risk gate: pre-trade limits, market breakers and kill switches.
 *
 *   check(order, state)  refuses (and counts) an order that is too big, could
 *                        push the position past its limit, exceeds the rolling
 *                        order rate, or comes while anything is halted;
 *   recordOrder(nowMs)   counts an order actually sent (check() does not);
 *   onMarket(health)     market breakers: stale feed, crossed / invalid book,
 *                        spread, volatility: active while their condition holds;
 *   onEquity(usd, nowMs) kill switches: daily loss (until the next UTC day)
 *                        and drawdown from the peak (latched for good).
 *
 * Sizes are compared in whole lots (limits in BTC are converted once), times
 * are ms on the engine clock (exchange time in replay).
 */
import type { RiskConfig } from '../config/trading-section.js';
import { fromJsonNumber, toJsonNumber, type JsonNumber } from '../portfolio/json-number.js';
import { BreakerSet, type BreakerSetJson } from './breaker-set.js';
import { OrderRateWindow } from './order-rate.js';
import { REFUSALS, type BreakerName, type MarketHealth, type PreTradeOrder, type PreTradeState, type RefusalName, type RiskLog, type RiskRefusal } from './types.js';

const DAY_MS = 86_400_000;
const RATE_WINDOW_MS = 60_000;

/** Instrument and log of a RiskManager. */
export interface RiskOptions {
  /** BTC per lot. */
  readonly lotBtc: number;
  readonly log?: RiskLog;
}

/** Plain JSON state (latched kill switch and daily baseline survive a restart). */
export interface RiskSnapshot {
  readonly version: 1;
  readonly breakers: BreakerSetJson;
  readonly refusals: Record<RefusalName, number>;
  /** Send times of recent orders, oldest first. */
  readonly orderTimesMs: readonly number[];
  /** UTC day index (floor(ms / 86 400 000)) of the daily baseline, and the equity that opened it. */
  readonly dayIndex: JsonNumber;
  readonly dayStartEquityUsd: JsonNumber;
  /** UTC day index in which daily-loss tripped. */
  readonly dailyLossDayIndex: JsonNumber;
  readonly peakEquityUsd: JsonNumber;
}

/** A BTC limit as whole lots (tolerates float error in limit / lot). */
function toLots(btc: number, lotBtc: number): number {
  return Math.floor(btc / lotBtc + 1e-9);
}

/** Pre-trade limits, market breakers and kill switches. */
export class RiskManager {
  private readonly maxOrderLots: number;
  private readonly maxPositionLots: number;
  private breakers: BreakerSet;
  private rate: OrderRateWindow;
  private refused = Object.fromEntries(REFUSALS.map((r) => [r, 0])) as Record<RefusalName, number>;
  private dayIndex = NaN;
  private dayStartEquityUsd = NaN;
  private dailyLossDayIndex = NaN;
  private peakEquityUsd = NaN;

  constructor(private readonly cfg: RiskConfig, private readonly opts: RiskOptions) {
    if (!(Number.isFinite(opts.lotBtc) && opts.lotBtc > 0)) throw new RangeError(`lotBtc must be a positive number, was ${opts.lotBtc}`);
    this.maxOrderLots = toLots(cfg.maxOrderBtc, opts.lotBtc);
    this.maxPositionLots = toLots(cfg.maxPositionBtc, opts.lotBtc);
    this.breakers = new BreakerSet(opts.log);
    this.rate = new OrderRateWindow(cfg.maxOrdersPerMin, RATE_WINDOW_MS);
  }

  /** The first reason to refuse `order` now, or null; a refusal is counted. Does not count the order as sent. */
  check(order: PreTradeOrder, state: PreTradeState): RiskRefusal | null {
    const r = this.refusal(order, state);
    if (r !== null) this.refused[r.breaker]++;
    return r;
  }

  /** An order was actually sent at `nowMs`: counts toward the rolling order rate. */
  recordOrder(nowMs: number): void {
    this.rate.record(nowMs);
  }

  /** Evaluates the market breakers. A NaN input leaves its breaker as it was. */
  onMarket(h: MarketHealth): void {
    // Runs every tick: the explanation closures are only built when a breaker changes state.
    const now = h.nowMs;
    const b = this.breakers;
    this.rollDay(now);
    const ageMs = now - h.lastBookUpdateMs;
    if (!Number.isNaN(ageMs)) {
      const limit = this.cfg.staleFeedMs;
      if (b.isActive('stale-feed') !== ageMs > limit) b.update('stale-feed', ageMs > limit, now, () => [`no book update for ${ageMs} ms ${ageMs > limit ? '>' : '≤'} staleFeedMs ${limit}`, { ageMs, staleFeedMs: limit }]);
    }
    if (b.isActive('crossed-book') !== h.crossed) b.update('crossed-book', h.crossed, now, () => [h.crossed ? 'book crossed' : 'book no longer crossed', {}]);
    if (b.isActive('invalid-book') !== !h.valid) b.update('invalid-book', !h.valid, now, () => [h.valid ? 'book valid again' : 'book invalid', {}]);
    if (!Number.isNaN(h.spreadBps)) {
      const v = h.spreadBps, limit = this.cfg.maxSpreadBps;
      if (b.isActive('spread') !== v > limit) b.update('spread', v > limit, now, () => [`spread ${v} bps ${v > limit ? '>' : '≤'} maxSpreadBps ${limit}`, { spreadBps: v, maxSpreadBps: limit }]);
    }
    if (!Number.isNaN(h.volBps)) {
      const v = h.volBps, limit = this.cfg.maxVolBps;
      if (b.isActive('volatility') !== v > limit) b.update('volatility', v > limit, now, () => [`volatility ${v} bps ${v > limit ? '>' : '≤'} maxVolBps ${limit}`, { volBps: v, maxVolBps: limit }]);
    }
  }

  /**
   * Evaluates the kill switches at equity `equityUsd` (NaN is ignored). The
   * daily baseline is the first equity seen in each UTC day; daily-loss trips
   * at baseline − equity ≥ maxDailyLossUsd and stays until the next UTC day.
   * drawdown trips at peak − equity ≥ maxDrawdownUsd and never clears.
   */
  onEquity(equityUsd: number, nowMs: number): void {
    this.rollDay(nowMs);
    if (!Number.isFinite(equityUsd)) return;
    const day = Math.floor(nowMs / DAY_MS);
    if (Number.isNaN(this.dayIndex) || day > this.dayIndex) {
      this.dayIndex = day;
      this.dayStartEquityUsd = equityUsd;
    }
    const lossUsd = this.dayStartEquityUsd - equityUsd;
    const maxLoss = this.cfg.maxDailyLossUsd;
    if (lossUsd >= maxLoss && !this.breakers.isActive('daily-loss')) {
      this.dailyLossDayIndex = day;
      const start = this.dayStartEquityUsd;
      this.breakers.update('daily-loss', true, nowMs, () => [`lost ${lossUsd} USD today ≥ maxDailyLossUsd ${maxLoss}`, { equityUsd, dayStartEquityUsd: start, lossUsd, maxDailyLossUsd: maxLoss }]);
    }
    if (!(equityUsd <= this.peakEquityUsd)) this.peakEquityUsd = equityUsd;
    const ddUsd = this.peakEquityUsd - equityUsd;
    const maxDd = this.cfg.maxDrawdownUsd;
    if (ddUsd >= maxDd) {
      const peak = this.peakEquityUsd;
      this.breakers.update('drawdown', true, nowMs, () => [`drawdown ${ddUsd} USD ≥ maxDrawdownUsd ${maxDd} (latched)`, { equityUsd, peakEquityUsd: peak, drawdownUsd: ddUsd, maxDrawdownUsd: maxDd }]);
    }
  }

  /** Any breaker or kill switch active (as of the last call). */
  get halted(): boolean { return this.breakers.firstActive() !== undefined; }
  /** Active breakers and kill switches, report order. */
  activeBreakers(): string[] { return this.breakers.activeNames(); }
  /** Trips per breaker / kill switch, every name present. */
  trips(): Record<BreakerName, number> { return this.breakers.trips(); }
  /** Refusals per reason, every name present. */
  refusals(): Record<RefusalName, number> { return { ...this.refused }; }

  /** Plain JSON state. */
  snapshot(): RiskSnapshot {
    return {
      version: 1, breakers: this.breakers.toJson(), refusals: this.refusals(), orderTimesMs: this.rate.times(),
      dayIndex: toJsonNumber(this.dayIndex), dayStartEquityUsd: toJsonNumber(this.dayStartEquityUsd),
      dailyLossDayIndex: toJsonNumber(this.dailyLossDayIndex), peakEquityUsd: toJsonNumber(this.peakEquityUsd),
    };
  }

  /** Rebuilds a RiskManager from snapshot() under (possibly new) limits `cfg`. */
  static restore(s: RiskSnapshot, cfg: RiskConfig, opts: RiskOptions): RiskManager {
    if (s.version !== 1) throw new RangeError(`risk snapshot version must be 1, was ${s.version}`);
    const r = new RiskManager(cfg, opts);
    r.breakers = BreakerSet.fromJson(s.breakers, opts.log);
    for (const k of REFUSALS) r.refused[k] = s.refusals[k] ?? 0;
    for (const t of s.orderTimesMs) r.rate.record(t);
    r.dayIndex = fromJsonNumber(s.dayIndex);
    r.dayStartEquityUsd = fromJsonNumber(s.dayStartEquityUsd);
    r.dailyLossDayIndex = fromJsonNumber(s.dailyLossDayIndex);
    r.peakEquityUsd = fromJsonNumber(s.peakEquityUsd);
    return r;
  }

  private refusal(order: PreTradeOrder, s: PreTradeState): RiskRefusal | null {
    this.rollDay(s.nowMs);
    const halt = this.breakers.firstActive();
    if (halt !== undefined) return { breaker: `halted:${halt}`, reason: `trading halted by ${halt}` };
    const lotBtc = this.opts.lotBtc;
    if (order.qtyLots > this.maxOrderLots) {
      return { breaker: 'max-order', reason: `order ${order.qtyLots * lotBtc} BTC > maxOrderBtc ${this.cfg.maxOrderBtc}` };
    }
    const worstLots = order.side === 'buy' ? s.positionLots + s.openBuyLots + order.qtyLots : s.positionLots - s.openSellLots - order.qtyLots;
    if (Math.abs(worstLots) > this.maxPositionLots) {
      return { breaker: 'max-position', reason: `worst-case position ${worstLots * lotBtc} BTC exceeds maxPositionBtc ${this.cfg.maxPositionBtc}` };
    }
    if (this.rate.full(s.nowMs)) {
      return { breaker: 'order-rate', reason: `${this.rate.inWindow(s.nowMs)} orders in the last 60 s, maxOrdersPerMin ${this.cfg.maxOrdersPerMin}` };
    }
    return null;
  }

  /** Clears daily-loss once a later UTC day has begun. */
  private rollDay(nowMs: number): void {
    if (!this.breakers.isActive('daily-loss') || !(Math.floor(nowMs / DAY_MS) > this.dailyLossDayIndex)) return;
    const day = this.dailyLossDayIndex;
    this.breakers.update('daily-loss', false, nowMs, () => ['new UTC day', { trippedDayIndex: day }]);
  }
}
