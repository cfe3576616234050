/**
 * The AGGRESSIVE taking leg, shared by the aggressive strategy, the passive
 * strategy's max-rest escalation and TWAP's slice deadlines: an IOC limit order
 * for the lots its owner wants, at most MAX_IOC_ATTEMPTS per reset.
 *
 * An IOC ends by itself (filled, or its remainder cancelled by the venue); the
 * next attempt goes out on a later tick than the one that reported the end, at
 * the touch of that tick. After the last attempt `gaveUp` is set and counted.
 * A refusal by the risk gate counts as an attempt (it would otherwise retry
 * every tick forever); an invalid book waits without using one.
 */
import type { Side } from '../venue/types.js';
import type { ChildBook, ChildOrder } from './child-book.js';
import type { ExecStats } from './exec-stats.js';
import type { MarketView, OrderSink, StrategyName } from './types.js';

/** IOC attempts per parent (per TWAP slice, per passive escalation) before giving up. */
export const MAX_IOC_ATTEMPTS = 3;

/**
 * IOC limit in ticks: the far touch moved against us by at most `maxSlippageBps`.
 * The budget in ticks is mid·bps/1e4 / tickUsd, floored so the limit never lies
 * more than maxSlippageBps beyond the touch (0 bps, or a budget under one tick,
 * gives a limit at the touch); the 1e-9 absorbs float noise in exact cases such
 * as 60 000 USD · 5 bps / 0.1 USD = 300 ticks. A sell limit stays ≥ 1 tick.
 */
export function iocLimitTicks(side: Side, m: MarketView, maxSlippageBps: number): number {
  const budgetTicks = Math.floor((m.mid * maxSlippageBps) / 1e4 / m.tickUsd + 1e-9);
  const offsetTicks = Number.isFinite(budgetTicks) && budgetTicks > 0 ? budgetTicks : 0;
  return side === 'buy' ? m.bestAskTicks + offsetTicks : Math.max(1, m.bestBidTicks - offsetTicks);
}

/** Takes liquidity with IOCs for an owner that supplies side, lots and parent. */
export class AggressiveTaker {
  private child: ChildOrder | null = null;
  private attempts = 0;
  private holdThroughMs = -Infinity;
  /** True once the attempts are used up with lots still wanted. */
  gaveUp = false;

  constructor(
    private readonly maxSlippageBps: number,
    private readonly tag: StrategyName,
    private readonly book: ChildBook,
    private readonly stats: ExecStats,
  ) {}

  /** True while our IOC is live at the venue. */
  get live(): boolean {
    return this.child !== null;
  }

  /** Attempts used since the last reset. */
  get attemptsUsed(): number {
    return this.attempts;
  }

  /** A fresh budget of attempts (new parent, new TWAP slice). */
  reset(): void {
    this.child = null;
    this.attempts = 0;
    this.gaveUp = false;
    this.holdThroughMs = -Infinity;
  }

  /** Takes note of a report about `c` (already applied to the book). */
  onChildUpdate(c: ChildOrder, nowMs: number): void {
    if (c !== this.child || c.end === '') return;
    this.child = null;
    this.holdThroughMs = nowMs;
    if (c.end === 'rejected') this.stats.rejects++;
  }

  /** Works `wantLots` on `side` for parent `parentSeq`. */
  tick(m: MarketView, sink: OrderSink, side: Side, wantLots: number, decisionMid: number, parentSeq: number): void {
    if (this.child !== null || this.gaveUp || wantLots <= 0) return;
    if (this.attempts >= MAX_IOC_ATTEMPTS) {
      this.gaveUp = true;
      this.stats.gaveUp++;
      return;
    }
    if (!m.valid || m.nowMs <= this.holdThroughMs) return;
    const pxTicks = iocLimitTicks(side, m, this.maxSlippageBps);
    this.attempts++;
    if (this.attempts > 1) this.stats.iocRetries++;
    this.child = this.book.submit(sink, {
      clientId: sink.nextId(this.tag), side, qtyLots: wantLots, pxTicks, tif: 'ioc', strategy: this.tag, decisionMid,
    }, parentSeq, m.nowMs);
    if (this.child !== null) this.stats.iocSent++;
    else this.holdThroughMs = m.nowMs;
  }
}
