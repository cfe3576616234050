/**
 * The base of the strategies that quote passively and may finish by taking
 * (PASSIVE, TWAP): one PassiveQuoter and one AggressiveTaker over the strategy's
 * child book, both tagged with the strategy's name, both reset when the strategy
 * goes idle and both told of every child update.
 */
import type { ExecutionConfig } from '../config/trading-section.js';
import { AggressiveTaker } from './aggressive-taker.js';
import type { ChildOrder } from './child-book.js';
import { PassiveQuoter } from './passive-quoter.js';
import { StrategyBase } from './strategy-base.js';
import type { MarketView } from './types.js';

export abstract class QuoteTakeStrategy extends StrategyBase {
  protected readonly quoter: PassiveQuoter;
  protected readonly taker: AggressiveTaker;

  constructor(protected readonly cfg: ExecutionConfig, tag: 'passive' | 'twap') {
    super();
    this.quoter = new PassiveQuoter(cfg.passive, tag, this.book, this.counters);
    this.taker = new AggressiveTaker(cfg.aggressive.maxSlippageBps, tag, this.book, this.counters);
  }

  protected override onIdle(): void {
    this.quoter.reset();
    this.taker.reset();
  }

  protected override onChild(c: ChildOrder, m: MarketView): void {
    this.quoter.onChildUpdate(c, m.nowMs);
    this.taker.onChildUpdate(c, m.nowMs);
  }
}
