/**
 * One side of the synthetic book: a window of `windowTicks` price levels counted
 * from the side's best (level 0 = best, level i = i ticks away from the spread),
 * stored in a ring indexed by absolute price so moving the best shifts nothing.
 * Sizes in integer lots; 0 = empty level. Prices outside the window are always 0.
 */
export class SideBook {
  /** Best price in ticks (the level-0 price). */
  bestPx: number;
  private readonly ring: Float64Array;
  private readonly mask: number;

  /** dir = -1 for bids (level i at best - i), +1 for asks (best + i). */
  constructor(readonly dir: -1 | 1, readonly windowTicks: number, bestPx: number) {
    let cap = 1;
    while (cap < windowTicks * 2 + 8) cap *= 2;
    this.ring = new Float64Array(cap);
    this.mask = cap - 1;
    this.bestPx = bestPx;
  }

  pxOf(level: number): number {
    return this.bestPx + this.dir * level;
  }

  /** Level index of a price (may be negative: inside the spread, or >= windowTicks). */
  levelOf(pxTicks: number): number {
    return (pxTicks - this.bestPx) * this.dir;
  }

  qtyAt(level: number): number {
    return this.ring[(this.bestPx + this.dir * level) & this.mask];
  }

  setAt(level: number, qtyLots: number): void {
    this.ring[(this.bestPx + this.dir * level) & this.mask] = qtyLots;
  }

  /** First occupied level at or after `from`, or -1. */
  nextOccupied(from: number): number {
    for (let i = from; i < this.windowTicks; i++) if (this.qtyAt(i) > 0) return i;
    return -1;
  }

  /**
   * Makes level `j` the new level 0 (the best moved away from the spread; levels
   * 0..j-1 must be empty). Levels windowTicks-j..windowTicks-1 are new to the
   * window and empty: the caller fills them.
   */
  retreat(j: number): void {
    this.bestPx += this.dir * j;
  }

  /**
   * Moves the best `k` ticks toward the spread (a new level placed inside it). The
   * k deepest levels leave the window: `onDrop(px, qty)` is called for occupied ones.
   */
  advance(k: number, onDrop: (pxTicks: number, qtyLots: number) => void): void {
    for (let i = this.windowTicks - k; i < this.windowTicks; i++) {
      const q = this.qtyAt(i);
      if (q > 0) { onDrop(this.pxOf(i), q); this.setAt(i, 0); }
    }
    this.bestPx -= this.dir * k;
  }

  /**
   * Writes up to n occupied levels from the best outward as px/qty pairs; returns
   * how many. (The L2View contract of src/exchange/book-view.ts.)
   */
  top(n: number, pxOut: number[], qtyOut: number[]): number {
    let m = 0;
    for (let i = 0; i < this.windowTicks && m < n; i++) {
      const q = this.qtyAt(i);
      if (q > 0) { pxOut[m] = this.pxOf(i); qtyOut[m] = q; m++; }
    }
    return m;
  }
}
