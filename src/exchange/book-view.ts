/**
 * What the depth topics read a book through, and the book a replay keeps: per
 * side a price-sorted array of levels (ticks, lots), best first. A few hundred
 * levels, so binary search plus splice is cheap.
 */
export const BID = 0;
export const ASK = 1;

export interface L2View {
  /** Writes up to n occupied levels of a side, best first; returns how many. */
  top(side: number, n: number, pxOut: number[], qtyOut: number[]): number;
}

export class SortedBook implements L2View {
  private readonly px: [number[], number[]] = [[], []];
  private readonly qty: [number[], number[]] = [[], []];

  clear(): void {
    for (const s of [BID, ASK]) { this.px[s].length = 0; this.qty[s].length = 0; }
  }

  /** Sets a level's absolute size; 0 deletes it. */
  set(side: number, pxTicks: number, qtyLots: number): void {
    const p = this.px[side];
    const key = side === BID ? -pxTicks : pxTicks; // best first: bids descending
    let lo = 0, hi = p.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((side === BID ? -p[mid] : p[mid]) < key) lo = mid + 1; else hi = mid;
    }
    const found = lo < p.length && p[lo] === pxTicks;
    if (qtyLots === 0) {
      if (found) { p.splice(lo, 1); this.qty[side].splice(lo, 1); }
    } else if (found) {
      this.qty[side][lo] = qtyLots;
    } else {
      p.splice(lo, 0, pxTicks); this.qty[side].splice(lo, 0, qtyLots);
    }
  }

  levels(side: number): number {
    return this.px[side].length;
  }

  top(side: number, n: number, pxOut: number[], qtyOut: number[]): number {
    const m = Math.min(n, this.px[side].length);
    for (let i = 0; i < m; i++) { pxOut[i] = this.px[side][i]; qtyOut[i] = this.qty[side][i]; }
    return m;
  }
}
