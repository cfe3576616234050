/**
 * PASSIVE: a post-only child at the touch for the parent's remaining lots,
 * following the touch (src/exec/passive-quoter.ts has the quoting rules and
 * circuit breakers).
 *
 * Max rest: measured from when the parent was started (not from the current
 * child), because every re-quote places a new child and a per-child clock would
 * let a parent that keeps chasing the touch rest forever. When it runs out:
 *   escalate → the resting child is cancelled and, once the venue confirms it
 *              gone, the remainder goes out as AGGRESSIVE IOCs (tagged 'passive',
 *              counted in 'escalations'; up to MAX_IOC_ATTEMPTS, then the parent
 *              is dropped). The IOC waits for a valid book but not for a spread or
 *              volatility pause to end: max rest is a hard bound.
 *   cancel   → the resting child is cancelled and, once confirmed, the parent is
 *              dropped ('maxRestCancels'). A fill racing the cancel still counts.
 */
import type { ExecutionConfig } from '../config/trading-section.js';
import { QuoteTakeStrategy } from './quote-take-base.js';
import type { MarketView, OrderSink, ParentOrder } from './types.js';

type PassiveMode = 'quote' | 'escalate' | 'cancel';

/** The PASSIVE execution strategy. */
export class PassiveStrategy extends QuoteTakeStrategy {
  readonly name = 'passive' as const;
  private mode: PassiveMode = 'quote';

  constructor(cfg: ExecutionConfig) {
    super(cfg, 'passive');
  }

  protected override work(p: ParentOrder, m: MarketView, sink: OrderSink): void {
    if (this.mode === 'quote' && m.nowMs - this.startedMs >= this.cfg.passive.maxRestMs) {
      this.mode = this.cfg.passive.onMaxRest;
      if (this.mode === 'escalate') this.counters.escalations++;
      else this.counters.maxRestCancels++;
      this.quoter.cancel(sink, m.nowMs);
    }
    if (this.mode === 'quote') {
      this.quoter.tick(m, sink, p.side, this.remainingLots, p.decisionMid, this.parentSeq);
      return;
    }
    if (this.quoter.live) return; // the resting child is not confirmed gone yet
    if (this.mode === 'cancel') {
      this.drop(m, sink);
      return;
    }
    this.taker.tick(m, sink, p.side, this.remainingLots, p.decisionMid, this.parentSeq);
    if (this.taker.gaveUp) this.drop(m, sink);
  }

  protected override onStart(): void {
    this.mode = 'quote';
    this.onIdle();
  }

}
