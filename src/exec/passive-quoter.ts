/**
 * The PASSIVE quoting leg, shared by the passive strategy and TWAP's slices: one
 * post-only child at the touch (best bid for a buy, best ask for a sell) for the
 * lots its owner wants worked, following the touch when it moves away.
 *
 * One child at a time: a replacement is placed only after the venue confirmed
 * the previous child done, so a cancel racing a fill never double-sends (the
 * new size comes from the owner's remaining, i.e. from the fills' leaves).
 *
 * Per tick, in order:
 *   book invalid      → cancel, place nothing ('staleOrInvalid' on entering)
 *   spread / vol high → cancel, place nothing ('pausedSpread' / 'pausedVol' on entering;
 *                       a NaN volatility (warming up) does not pause)
 *   child live        → wait if a cancel is out; cancel if larger than wanted; re-quote
 *                       (cancel now, place on a later tick) when the touch has moved away
 *                       by ≥ requoteTicks, within maxRequotesPerMin ('requoteLimited' on
 *                       entering the limit). Only a move away counts: the book we see
 *                       does not hold our order, so a bid below our buy (we may be the
 *                       best) is not chased.
 *   no child          → quote at the touch; after a reject, not before the next tick
 *                       ('wouldCrossRetries' for post-only would-cross rejects).
 */
import type { Side } from '../venue/types.js';
import type { ChildBook, ChildOrder } from './child-book.js';
import type { ExecStats } from './exec-stats.js';
import { RequoteLimiter } from './requote-limiter.js';
import type { ExecutionConfig } from '../config/trading-section.js';
import type { MarketView, OrderSink, StrategyName } from './types.js';

/** The passive part of the execution config. */
export type PassiveConfig = ExecutionConfig['passive'];

/** Quotes one side at the touch for an owner that supplies side, lots and parent. */
export class PassiveQuoter {
  private child: ChildOrder | null = null;
  private readonly limiter: RequoteLimiter;
  private invalid = false;
  private spreadPaused = false;
  private volPaused = false;
  private limited = false;
  /** No new quote at or before this time (set by a reject or a refusal). */
  private holdThroughMs = -Infinity;

  constructor(
    private readonly cfg: PassiveConfig,
    private readonly tag: StrategyName,
    private readonly book: ChildBook,
    private readonly stats: ExecStats,
  ) {
    this.limiter = new RequoteLimiter(cfg.maxRequotesPerMin);
  }

  /** True while our child is live at the venue. */
  get live(): boolean {
    return this.child !== null;
  }

  /** Forgets the child and the pause states (a new parent); the re-quote window is kept. */
  reset(): void {
    this.child = null;
    this.invalid = this.spreadPaused = this.volPaused = this.limited = false;
    this.holdThroughMs = -Infinity;
  }

  /** Requests a cancel of the live child, if any. */
  cancel(sink: OrderSink, nowMs: number): void {
    if (this.child !== null) this.book.cancel(this.child, sink, nowMs);
  }

  /** Takes note of a report about `c` (already applied to the book). */
  onChildUpdate(c: ChildOrder, nowMs: number): void {
    if (c !== this.child || c.end === '') return;
    this.child = null;
    if (c.end !== 'rejected') return;
    this.holdThroughMs = nowMs;
    if (c.rejectReason === 'would-cross') this.stats.wouldCrossRetries++;
    else this.stats.rejects++;
  }

  /** Works `wantLots` on `side` for parent `parentSeq`. */
  tick(m: MarketView, sink: OrderSink, side: Side, wantLots: number, decisionMid: number, parentSeq: number): void {
    const c = this.child;
    if (!m.valid) {
      if (!this.invalid) this.stats.staleOrInvalid++;
      this.invalid = true;
      if (c !== null) this.book.cancel(c, sink, m.nowMs);
      return;
    }
    this.invalid = false;
    const spreadHigh = m.spreadBps > this.cfg.maxSpreadBps;
    const volHigh = m.volBps > this.cfg.maxVolBps;
    if (spreadHigh && !this.spreadPaused) this.stats.pausedSpread++;
    if (volHigh && !this.volPaused) this.stats.pausedVol++;
    this.spreadPaused = spreadHigh;
    this.volPaused = volHigh;
    if (spreadHigh || volHigh) {
      if (c !== null) this.book.cancel(c, sink, m.nowMs);
      return;
    }
    if (c !== null) {
      this.follow(c, m, sink, wantLots);
      return;
    }
    if (wantLots <= 0 || m.nowMs <= this.holdThroughMs) return;
    const pxTicks = side === 'buy' ? m.bestBidTicks : m.bestAskTicks;
    this.child = this.book.submit(sink, {
      clientId: sink.nextId(this.tag), side, qtyLots: wantLots, pxTicks, tif: 'post-only', strategy: this.tag, decisionMid,
    }, parentSeq, m.nowMs);
    if (this.child !== null) this.stats.quotes++;
    else this.holdThroughMs = m.nowMs;
  }

  private follow(c: ChildOrder, m: MarketView, sink: OrderSink, wantLots: number): void {
    if (c.cancelWanted) return; // the venue has not confirmed it gone yet
    if (c.leavesLots > wantLots) {
      this.book.cancel(c, sink, m.nowMs);
      return;
    }
    const awayTicks = c.side === 'buy' ? m.bestBidTicks - c.pxTicks : c.pxTicks - m.bestAskTicks;
    if (awayTicks < this.cfg.requoteTicks) return;
    if (!this.limiter.allows(m.nowMs)) {
      if (!this.limited) this.stats.requoteLimited++;
      this.limited = true;
      return;
    }
    this.limited = false;
    this.limiter.record(m.nowMs);
    this.stats.requotes++;
    this.book.cancel(c, sink, m.nowMs);
  }
}
