/**
 * Watches the orderbook topic's update id `u` on one subscription. Bybit sends a
 * snapshot first, then deltas whose u grows by exactly 1; a snapshot (or a delta
 * with u == 1) restarts the count. Anything else is a gap: the book is invalid
 * until the next snapshot, and the deltas in between are not checked again.
 */
export const SEQ_OK = 0, SEQ_SNAPSHOT = 1, SEQ_GAP = 2, SEQ_WAITING = 3;

export class BookSequence {
  /** A snapshot arrived and no gap since. */
  valid = false;
  /** u of the last accepted message, -1 before the first snapshot. */
  lastU = -1;

  /** Advances over one book message; returns one of the SEQ_* codes. */
  admit(snapshot: boolean, u: number): number {
    if (snapshot) {
      this.valid = true;
      this.lastU = u;
      return SEQ_SNAPSHOT;
    }
    if (!this.valid) return SEQ_WAITING;
    if (u !== this.lastU + 1) {
      this.valid = false;
      return SEQ_GAP;
    }
    this.lastU = u;
    return SEQ_OK;
  }

  /** Forget everything (new connection or resubscription). */
  reset(): void {
    this.valid = false;
    this.lastU = -1;
  }
}
