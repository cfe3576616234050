/**
 * Feeds the simulated exchange's own book (venue-book.ts), one item at a time, the
 * same event records the engine's kernel applies, and tells a TapListener (the
 * paper venue) what happened. One item at a time keeps the listener's view exact:
 * before each record it may act on the book as it stood (order arrivals), and it
 * sees every level change and trade in stream order.
 *
 * A depth message is never split: an item whose LEVEL records have not all been
 * enqueued waits for the next `enqueue`.
 */
import { SEQ_GAP } from '../../book/reference-seq.js';
import type { SideView } from '../../book/types.js';
import { OUTF_SNAPSHOT } from '../../layout/book-out.js';
import {
  EV_PX, EV_QTY, EVENT_F64, EVENT_U32, KIND_DEPTH, KIND_MASK, KIND_TICKER, KIND_TRADE, SIDE_BUY, SIDE_SELL,
} from '../../layout/event.js';
import { RecordQueue } from './record-queue.js';
import { VenueBook, type LevelWatcher } from './venue-book.js';

/** What the venue hears from its book. Prices in ticks, sizes in lots, times in ms. */
export interface TapListener extends LevelWatcher {
  /** The next record (exchange time `tsMs`) is about to be applied; the book is as before it. */
  beforeRecord(tsMs: number): void;
  /**
   * Whether the next message's level changes matter (orders resting, liquidity
   * taken): when not, onLevel is not called for it (the old sizes are not looked up).
   */
  watchesLevels(): boolean;
  /** A trade; `buyAggressor` = the buyer lifted the ask (else a seller hit the bid). */
  onTrade(buyAggressor: boolean, pxTicks: number, qtyLots: number): void;
  /** A depth message has been applied. */
  afterMessage(snapshot: boolean): void;
  /** A depth message broke the sequence: the book is cleared and invalid until the next snapshot. */
  onGap(): void;
}

export class BookTap {
  /** Depth messages applied so far (skipped and stale ones excluded). */
  appliedMessages = 0;
  readonly bids: SideView;
  readonly asks: SideView;
  private readonly book = new VenueBook();
  private readonly pending = new RecordQueue();

  constructor(private readonly listener: TapListener) {
    this.bids = this.book.bids;
    this.asks = this.book.asks;
  }

  /** Valid from a snapshot until a gap. */
  get valid(): boolean { return this.book.valid; }
  get bestBidTicks(): number { return this.book.bestBidTicks; }
  get bestAskTicks(): number { return this.book.bestAskTicks; }

  /** Records waiting to be applied. */
  get pendingRecords(): number {
    return this.pending.length;
  }

  /** Copies `count` records from `records` into the pending queue. */
  enqueue(records: Float64Array, count: number): void {
    this.pending.push(records, count);
  }

  /**
   * Applies the next whole item: returns 1 when it was an applied depth message,
   * 0 for anything else (trade, ticker, skipped message), -1 when nothing is ready.
   */
  step(): number {
    const q = this.pending;
    const span = q.headSpan();
    if (span === 0) return -1;
    const l = this.listener;
    l.beforeRecord(q.headTsMs());
    // Read in place; beforeRecord cannot enqueue, so the views stay valid.
    const at = q.head;
    const f64 = q.f64;
    const flags = q.u32[at * EVENT_U32];
    const kind = flags & KIND_MASK;
    let applied = 0;
    if (kind === KIND_DEPTH) {
      const r = this.book.applyMessage(f64, q.u32, at, l.watchesLevels() ? l : null);
      if (r >= 0) {
        applied = 1;
        this.appliedMessages++;
        l.afterMessage((r & OUTF_SNAPSHOT) !== 0);
      } else if (r === SEQ_GAP) {
        l.onGap();
      }
    } else if (kind === KIND_TRADE) {
      const px = f64[at * EVENT_F64 + EV_PX];
      const qty = f64[at * EVENT_F64 + EV_QTY];
      // Malformed trades (no aggressor side, non-positive price or size) are passed over.
      if (px > 0 && qty > 0 && Number.isFinite(px + qty)) {
        if ((flags & SIDE_BUY) !== 0) l.onTrade(true, px, qty);
        else if ((flags & SIDE_SELL) !== 0) l.onTrade(false, px, qty);
      }
    } else if (kind !== KIND_TICKER) {
      throw new RangeError(`the paper venue cannot apply a record of kind ${kind} outside a depth message`);
    }
    q.drop(span);
    return applied;
  }
}
