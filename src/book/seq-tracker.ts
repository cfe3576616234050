/**
 * The book kernels' sequencing decision (admit() in reference.ts and its WASM /
 * native twins), replayed in the pipeline on the records of a batch before they
 * are applied, to find where the first gap will fall. The Binance path uses it to
 * cut the batch right after that gap, so the diffs behind it are held for the
 * resync snapshot instead of being skipped by the kernel: without the cut, how a
 * resync went depended on where the batch boundaries fell.
 *
 * Must decide exactly as the kernels do (test/book/pipeline tests hold them together).
 */
import {
  DEPTH_SEQ_PREV, DEPTH_SNAPSHOT, EV_AUX_U32, EV_FLAGS, EV_FVAL, EV_ID, EV_IVAL, EVENT_F64, EVENT_U32, KIND_DEPTH, KIND_MASK,
} from '../layout/event.js';

export class SeqTracker {
  private valid = false;
  private bridging = false;
  private lastId = -1;

  /** The records seen so far leave the kernel waiting for a snapshot (none yet, or after a gap). */
  get awaitingSnapshot(): boolean {
    return !this.valid;
  }

  /**
   * Advances over records [0, count) as the kernel will, and returns the index just
   * past the first message that is a gap (the records up to it may be applied), or
   * `count` when none is.
   */
  cutAfterGap(f64: Float64Array, u32: Uint32Array, count: number): number {
    let i = 0;
    while (i < count) {
      const flags = u32[i * EVENT_U32 + EV_FLAGS];
      if ((flags & KIND_MASK) !== KIND_DEPTH) { i++; continue; }
      const end = i + 1 + u32[i * EVENT_U32 + EV_AUX_U32];
      if (this.admitGap(flags, f64, i * EVENT_F64)) return Math.min(end, count);
      i = end;
    }
    return count;
  }

  /** One depth header: updates the state; true when the kernel will see a gap here. */
  private admitGap(flags: number, f64: Float64Array, o: number): boolean {
    const id = f64[o + EV_ID];
    if ((flags & DEPTH_SNAPSHOT) !== 0) {
      this.valid = true;
      this.bridging = true;
      this.lastId = id;
      return false;
    }
    if (!this.valid) return false;
    const first = f64[o + EV_IVAL];
    const prev = f64[o + EV_FVAL];
    const usePrev = (flags & DEPTH_SEQ_PREV) !== 0;
    if (this.bridging) {
      if (usePrev ? id < this.lastId : id <= this.lastId) return false; // stale
      const target = usePrev ? this.lastId : this.lastId + 1;
      if (first <= target && target <= id) {
        this.bridging = false;
        this.lastId = id;
        return false;
      }
    } else if (usePrev ? prev === this.lastId && id > this.lastId : first === this.lastId + 1) {
      this.lastId = id;
      return false;
    }
    this.valid = false;
    return true;
  }
}
