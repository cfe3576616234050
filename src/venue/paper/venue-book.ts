/**
 * The simulated exchange's own order book: the book the TS reference builds
 * (same update-id rules, src/book/reference-seq.ts; same level checks and touch
 * tracking as src/book/reference.ts applyLevels), without what the venue never
 * reads: no output records, no counters, no hook object. It applies one depth
 * message where its records already are (the venue's record queue), so nothing is
 * copied per message, and it reports old and new size of a level only to a watcher
 * that wants them (the venue has resting orders or taken liquidity to update),
 * so a message with nothing to watch costs one trie update per level.
 */
import { OUTF_SNAPSHOT } from '../../layout/book-out.js';
import {
  EV_AUX_U32, EV_FVAL, EV_ID, EV_IVAL, EV_PX, EV_QTY, EVENT_F64, EVENT_U32, KIND_LEVEL, KIND_MASK, MAX_PX_TICKS, SIDE_BID,
} from '../../layout/event.js';
import { DepthSequencer, SEQ_GAP } from '../../book/reference-seq.js';
import { TickTrie } from '../../book/tick-trie.js';
import type { SideView } from '../../book/types.js';

/** Hears every level change of an applied message, in stream order (sizes in lots). */
export interface LevelWatcher {
  onLevel(isBid: boolean, pxTicks: number, oldLots: number, newLots: number): void;
}

export class VenueBook {
  readonly bids: SideView;
  readonly asks: SideView;
  private readonly seq = new DepthSequencer();
  private readonly bidTrie = new TickTrie();
  private readonly askTrie = new TickTrie();
  private bestBid = 0; // ticks, 0 = side empty
  private bestAsk = 0;

  constructor() {
    const b = this.bidTrie;
    const a = this.askTrie;
    this.bids = {
      get count() { return b.count; },
      best: () => this.bestBid,
      next: (px) => Math.max(0, b.findLE(px - 1)),
      qty: (px) => b.get(px),
    };
    this.asks = {
      get count() { return a.count; },
      best: () => this.bestAsk,
      next: (px) => Math.max(0, a.findGE(px + 1)),
      qty: (px) => a.get(px),
    };
  }

  /** From a snapshot until a gap. */
  get valid(): boolean { return this.seq.valid; }
  get bestBidTicks(): number { return this.bestBid; }
  get bestAskTicks(): number { return this.bestAsk; }

  /**
   * Applies the depth message whose header is record `hdr` of `f64` / `u32` (its
   * levels follow it). Returns its output flags (>= 0, OUTF_SNAPSHOT for a
   * snapshot) when applied; SEQ_GAP when the sequence broke (the book is cleared);
   * another negative SEQ_ code when it was passed over.
   */
  applyMessage(f64: Float64Array, u32: Uint32Array, hdr: number, watcher: LevelWatcher | null): number {
    const o = hdr * EVENT_F64;
    const a = this.seq.admit(u32[hdr * EVENT_U32], f64[o + EV_ID], f64[o + EV_IVAL], f64[o + EV_FVAL]);
    if (a === SEQ_GAP || (a >= 0 && (a & OUTF_SNAPSHOT) !== 0)) this.clear();
    if (a >= 0) this.applyLevels(f64, u32, hdr + 1, u32[hdr * EVENT_U32 + EV_AUX_U32], watcher);
    return a;
  }

  private applyLevels(f64: Float64Array, u32: Uint32Array, start: number, n: number, watcher: LevelWatcher | null): void {
    let bidDirty = false;
    let askDirty = false;
    for (let k = start; k < start + n; k++) {
      const flags = u32[k * EVENT_U32];
      const px = f64[k * EVENT_F64 + EV_PX];
      const qty = f64[k * EVENT_F64 + EV_QTY];
      // The reference book's rejects: passed over the same way.
      if ((flags & KIND_MASK) !== KIND_LEVEL || !(px >= 1 && px <= MAX_PX_TICKS) ||
          !Number.isInteger(px) || !(qty >= 0) || !Number.isInteger(qty)) continue;
      if ((flags & SIDE_BID) !== 0) {
        if (watcher !== null) watcher.onLevel(true, px, this.bidTrie.get(px), qty);
        this.bidTrie.set(px, qty);
        if (qty > 0) { if (px > this.bestBid) this.bestBid = px; } else if (px === this.bestBid) bidDirty = true;
      } else {
        if (watcher !== null) watcher.onLevel(false, px, this.askTrie.get(px), qty);
        this.askTrie.set(px, qty);
        if (qty > 0) { if (this.bestAsk === 0 || px < this.bestAsk) this.bestAsk = px; } else if (px === this.bestAsk) askDirty = true;
      }
    }
    // A deleted best is looked up once per message, after all its levels.
    if (bidDirty && this.bidTrie.get(this.bestBid) === 0) this.bestBid = Math.max(0, this.bidTrie.findLE(this.bestBid));
    if (askDirty && this.askTrie.get(this.bestAsk) === 0) this.bestAsk = Math.max(0, this.askTrie.findGE(this.bestAsk));
  }

  private clear(): void {
    this.bidTrie.clear();
    this.askTrie.clear();
    this.bestBid = 0;
    this.bestAsk = 0;
  }
}
