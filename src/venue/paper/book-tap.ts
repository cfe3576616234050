/**
 * The simulated exchange's own order book: a ReferenceBook fed, one item at a
 * time, the same event records the engine's kernel applies, with its hooks turned
 * into calls on a TapListener (the paper venue). One item per applyBatch keeps
 * the listener's view exact: before each record it may act on the book as it stood
 * (order arrivals), and it sees every level change and trade in stream order.
 *
 * A depth message is never split: an item whose LEVEL records have not all been
 * enqueued waits for the next `enqueue`.
 */
import { ReferenceBook } from '../../book/reference.js';
import type { SideView } from '../../book/types.js';
import { OUTF_SNAPSHOT } from '../../layout/book-out.js';
import { EV_FLAGS, EV_PX, EV_QTY, EVENT_F64, EVENT_U32, SIDE_BUY, SIDE_SELL } from '../../layout/event.js';
import { paperErrors } from './errors.js';
import { RecordQueue } from './record-queue.js';

/** What the venue hears from its book. Prices in ticks, sizes in lots, times in ms. */
export interface TapListener {
  /** The next record (exchange time `tsMs`) is about to be applied; the book is as before it. */
  beforeRecord(tsMs: number): void;
  /** A trade; `buyAggressor` = the buyer lifted the ask (else a seller hit the bid). */
  onTrade(buyAggressor: boolean, pxTicks: number, qtyLots: number): void;
  /** One level of an applied message changed (old size 0 during a snapshot: the book was cleared first). */
  onLevel(isBid: boolean, pxTicks: number, oldLots: number, newLots: number): void;
  /** A depth message has been applied. */
  afterMessage(snapshot: boolean): void;
  /** A depth message broke the sequence: the book is cleared and invalid until the next snapshot. */
  onGap(): void;
}

export class BookTap {
  /** Valid from a snapshot until a gap (mirrors the reference book's own flag). */
  valid = false;
  /** Depth messages applied so far (skipped and stale ones excluded). */
  appliedMessages = 0;
  readonly bids: SideView;
  readonly asks: SideView;
  private readonly book: ReferenceBook;
  private readonly pending = new RecordQueue();

  constructor(recordCapacity: number, private readonly listener: TapListener) {
    // One message per applyBatch: one output record of depth 1 is all it writes.
    this.book = new ReferenceBook({ depth: 1, recordCapacity, outputCapacity: 1 });
    this.bids = this.book.bidView;
    this.asks = this.book.askView;
    const input = this.book.input;
    const u32 = this.book.inputU32;
    this.book.hooks = {
      trade: (rec) => {
        const flags = u32[rec * EVENT_U32 + EV_FLAGS];
        const px = input[rec * EVENT_F64 + EV_PX];
        const qty = input[rec * EVENT_F64 + EV_QTY];
        // Malformed trades (no aggressor side, non-positive price or size) are passed over.
        if (!(px > 0 && qty > 0 && Number.isFinite(px + qty))) return;
        if ((flags & SIDE_BUY) !== 0) listener.onTrade(true, px, qty);
        else if ((flags & SIDE_SELL) !== 0) listener.onTrade(false, px, qty);
      },
      level: (isBid, px, oldLots, newLots) => listener.onLevel(isBid, px, oldLots, newLots),
      gap: () => { this.valid = false; listener.onGap(); },
      afterMessage: (_hdr, outFlags) => {
        const snapshot = (outFlags & OUTF_SNAPSHOT) !== 0;
        if (snapshot) this.valid = true;
        this.appliedMessages++;
        listener.afterMessage(snapshot);
      },
    };
  }

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
    const span = this.pending.headSpan();
    if (span === 0) return -1;
    if (span > this.book.recordCapacity) throw paperErrors.messageTooLarge(span, this.book.recordCapacity);
    this.listener.beforeRecord(this.pending.headTsMs());
    this.pending.shiftInto(this.book.input, span);
    const before = this.appliedMessages;
    this.book.applyBatch(span);
    return this.appliedMessages - before;
  }
}
