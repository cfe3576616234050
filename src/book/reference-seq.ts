/**
 * The update-id rules of the TS reference book (src/book/reference.ts), on their
 * own so that the paper venue's book (src/venue/paper/venue-book.ts) follows the
 * very same rules without the reference's output records and counters:
 *
 *   snapshot  → replaces the book, valid; the next diff must bridge: stale diffs (u
 *               older than the snapshot) are dropped, the first applied one must
 *               span it (Binance spot / Bybit: U <= last+1 <= u; Binance futures:
 *               U <= last <= u).
 *   diff      → applied when continuous (futures: pu == last and u > last;
 *               otherwise U == last + 1); otherwise a gap: invalid until the next
 *               snapshot, and diffs are skipped meanwhile.
 *
 * The sequencer only decides; the caller clears its book on a snapshot and a gap.
 */
import { OUTF_RESYNC, OUTF_SNAPSHOT } from '../layout/book-out.js';
import { DEPTH_SEQ_PREV, DEPTH_SNAPSHOT } from '../layout/event.js';

/** Not applied: before the first snapshot, or after a gap until the next one. */
export const SEQ_SKIPPED = -1;
/** Not applied: a diff older than the snapshot being bridged. */
export const SEQ_STALE = -2;
/** Not applied: the sequence broke here; the book must be cleared and is invalid. */
export const SEQ_GAP = -3;

export class DepthSequencer {
  /** From a snapshot until a gap. */
  valid = false;
  private bridging = false;
  private hadGap = false;
  private lastId = -1;

  /**
   * What the depth header with record flags `flags`, update id `id` (u), first id
   * `first` (U) and previous id `prev` (pu) does: output flags (>= 0: OUTF_SNAPSHOT,
   * OUTF_RESYNC) when it is applied, else SEQ_SKIPPED, SEQ_STALE or SEQ_GAP.
   */
  admit(flags: number, id: number, first: number, prev: number): number {
    if ((flags & DEPTH_SNAPSHOT) !== 0) {
      let outFlags = OUTF_SNAPSHOT;
      if (this.hadGap) { outFlags |= OUTF_RESYNC; this.hadGap = false; }
      this.valid = true;
      this.bridging = true;
      this.lastId = id;
      return outFlags;
    }
    if (!this.valid) return SEQ_SKIPPED;
    const usePrev = (flags & DEPTH_SEQ_PREV) !== 0;
    if (this.bridging) {
      if (usePrev ? id < this.lastId : id <= this.lastId) return SEQ_STALE;
      const target = usePrev ? this.lastId : this.lastId + 1;
      if (first <= target && target <= id) {
        this.bridging = false;
        this.lastId = id;
        return 0;
      }
    } else if (usePrev ? prev === this.lastId && id > this.lastId : first === this.lastId + 1) {
      this.lastId = id;
      return 0;
    }
    this.valid = false;
    this.hadGap = true;
    return SEQ_GAP;
  }

  reset(): void {
    this.valid = false;
    this.bridging = false;
    this.hadGap = false;
    this.lastId = -1;
  }
}
