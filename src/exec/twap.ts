/**
 * TWAP: the parent is cut into `slices` equal slices over `windowMs` from the
 * parent's createdMs. Slice i starts at createdMs + i·windowMs/slices and ends
 * at the next slice's start (the last at createdMs + windowMs).
 *
 *   lots    as even as integers allow, remainders to the earliest slices
 *           (10 lots / 3 slices = 4, 3, 3); a slice may get 0 lots.
 *   passive until its end, a slice is worked by the PASSIVE quoter (tagged 'twap',
 *           same re-quote rules and pauses; the slice end replaces max rest).
 *   deadline the quoter's child is cancelled and, once the venue confirms it gone,
 *           what is left goes out through the AGGRESSIVE taker (tagged 'twap',
 *           MAX_IOC_ATTEMPTS per slice, 'sliceEscalations').
 *
 * Targets are cumulative: slice i aims at lots(0..i) − filled, so a slice whose
 * IOCs gave up hands its remainder to the next slice; if the last slice gives up
 * the parent is dropped. Slices run strictly in order: a slice's IOC phase ends
 * before the next slice quotes, so at most one child per parent is ever live.
 */
import type { ExecutionConfig } from '../config/trading-section.js';
import { QuoteTakeStrategy } from './quote-take-base.js';
import type { MarketView, OrderSink, ParentOrder } from './types.js';

/** Lots per slice: floor(qty/slices) each, one more for the first qty mod slices slices. */
export function sliceLots(qtyLots: number, slices: number): number[] {
  const baseLots = Math.floor(qtyLots / slices);
  const extra = qtyLots - baseLots * slices;
  const out = new Array<number>(slices);
  for (let i = 0; i < slices; i++) out[i] = baseLots + (i < extra ? 1 : 0);
  return out;
}

/** The TWAP execution strategy. */
export class TwapStrategy extends QuoteTakeStrategy {
  readonly name = 'twap' as const;
  /** Cumulative lots due by the end of each slice. */
  private cumLots: number[] = [];
  private sliceIdx = 0;
  private sliceBegun = false;
  private escalated = false;

  constructor(cfg: ExecutionConfig) {
    super(cfg, 'twap');
  }

  /** Index of the slice being worked (slices when idle or done). */
  get currentSlice(): number {
    return this.parent === null ? this.cfg.twap.slices : this.sliceIdx;
  }

  /** Start time (ms) of slice `i` of the current parent; slice `slices` is the window's end. */
  sliceStartMs(i: number): number {
    const createdMs = this.parent?.createdMs ?? 0;
    return createdMs + (i * this.cfg.twap.windowMs) / this.cfg.twap.slices;
  }

  protected override work(p: ParentOrder, m: MarketView, sink: OrderSink): void {
    while (this.workSlice(p, m, sink)) {
      // the slice is done: the next one may start on this same tick
    }
  }

  /** One step of the current slice; true when it is done and the next slice is current. */
  private workSlice(p: ParentOrder, m: MarketView, sink: OrderSink): boolean {
    const i = this.sliceIdx;
    if (m.nowMs < this.sliceStartMs(i)) return false;
    if (!this.sliceBegun) {
      this.sliceBegun = true;
      this.counters.slices++;
    }
    if (!this.escalated) {
      if (m.nowMs < this.sliceStartMs(i + 1)) {
        this.quoter.tick(m, sink, p.side, this.dueLots(i), p.decisionMid, this.parentSeq);
        return false;
      }
      this.escalated = true;
      if (this.dueLots(i) > 0) this.counters.sliceEscalations++;
      this.quoter.cancel(sink, m.nowMs);
    }
    if (this.quoter.live) return false; // deadline passed; wait for the venue to confirm the quote gone
    if (this.dueLots(i) > 0) {
      this.taker.tick(m, sink, p.side, this.dueLots(i), p.decisionMid, this.parentSeq);
      if (!this.taker.gaveUp) return false;
      if (i === this.cumLots.length - 1) {
        this.drop(m, sink);
        return false;
      }
    }
    this.sliceIdx = i + 1;
    this.sliceBegun = this.escalated = false;
    this.taker.reset(); // a fresh IOC budget per slice; the quoter has no child here and keeps its pause states
    return true;
  }

  protected override onStart(p: ParentOrder): void {
    const lots = sliceLots(p.qtyLots, this.cfg.twap.slices);
    let cum = 0;
    this.cumLots = lots.map((l) => (cum += l));
    this.sliceIdx = 0;
    this.sliceBegun = this.escalated = false;
    this.onIdle();
  }


  /** Lots slice `i` still has to get done (its own plus any earlier slice's leftover). */
  private dueLots(i: number): number {
    return this.cumLots[i]! - this.filledLots;
  }
}
