/**
 * AGGRESSIVE: the parent's remaining lots as an IOC limit order at the far touch
 * ± maxSlippageBps (iocLimitTicks); an unfilled remainder gets another IOC at
 * the touch of a later tick, up to MAX_IOC_ATTEMPTS per parent, then the parent
 * is dropped ('gaveUp', 'parentsDropped'). The IOC walks the book up to its
 * limit; a plain market order is never sent.
 */
import type { ExecutionConfig } from '../config/trading-section.js';
import { AggressiveTaker } from './aggressive-taker.js';
import type { ChildOrder } from './child-book.js';
import { StrategyBase } from './strategy-base.js';
import type { MarketView, OrderSink, ParentOrder } from './types.js';

/** The AGGRESSIVE execution strategy. */
export class AggressiveStrategy extends StrategyBase {
  readonly name = 'aggressive' as const;
  private readonly taker: AggressiveTaker;

  constructor(cfg: ExecutionConfig) {
    super();
    this.taker = new AggressiveTaker(cfg.aggressive.maxSlippageBps, 'aggressive', this.book, this.counters);
  }

  protected override work(p: ParentOrder, m: MarketView, sink: OrderSink): void {
    this.taker.tick(m, sink, p.side, this.remainingLots, p.decisionMid, this.parentSeq);
    if (this.taker.gaveUp) this.drop(m, sink);
  }

  protected override onStart(): void {
    this.taker.reset();
  }

  protected override onIdle(): void {
    this.taker.reset();
  }

  protected override onChild(c: ChildOrder, m: MarketView): void {
    this.taker.onChildUpdate(c, m.nowMs);
  }
}
