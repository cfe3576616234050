/**
 * Per-message order-flow imbalance, level by level (spec §2.3, CKS form, C4/C5):
 * the top K occupied levels of each side are read into a LevelSnapshot after
 * every message, and e^m_n is formed from the previous and the current snapshot.
 * Prices in ticks, sizes in lots; e is an integer number of lots.
 */
import type { SideView } from '../book/types.js';

/** The first `levels` occupied levels of both sides, best first; price 0 = no such level. */
export class LevelSnapshot {
  readonly bidPx: Float64Array;
  readonly bidQty: Float64Array;
  readonly askPx: Float64Array;
  readonly askQty: Float64Array;

  constructor(readonly levels: number) {
    this.bidPx = new Float64Array(levels);
    this.bidQty = new Float64Array(levels);
    this.askPx = new Float64Array(levels);
    this.askQty = new Float64Array(levels);
  }

  /** Reads the top levels of both sides (levels beyond the side's count are 0). */
  read(bids: SideView, asks: SideView): void {
    readSide(bids, this.bidPx, this.bidQty);
    readSide(asks, this.askPx, this.askQty);
  }

  copyFrom(o: LevelSnapshot): void {
    this.bidPx.set(o.bidPx);
    this.bidQty.set(o.bidQty);
    this.askPx.set(o.askPx);
    this.askQty.set(o.askQty);
  }

  /** Σ of the sizes of the first k levels of a side, in lots (the levels that exist). */
  topLots(isBid: boolean, k: number): number {
    const q = isBid ? this.bidQty : this.askQty;
    let s = 0;
    for (let i = 0; i < k && i < q.length; i++) s += q[i];
    return s;
  }
}

function readSide(side: SideView, px: Float64Array, qty: Float64Array): void {
  let p = side.best();
  for (let i = 0; i < px.length; i++) {
    px[i] = p;
    qty[i] = p > 0 ? side.qty(p) : 0;
    if (p > 0) p = side.next(p);
  }
}

/**
 * e^m_n of one level (spec §2.3), in lots:
 *   1{pb ≥ pb'}·qb − 1{pb ≤ pb'}·qb' − 1{pa ≤ pa'}·qa + 1{pa ≥ pa'}·qa'
 * (primed = previous message). A side whose level is missing (price 0) now or
 * before contributes 0.
 */
export function cksLevel(pbPrev: number, qbPrev: number, pbCur: number, qbCur: number,
                         paPrev: number, qaPrev: number, paCur: number, qaCur: number): number {
  let e = 0;
  if (pbPrev > 0 && pbCur > 0) {
    if (pbCur >= pbPrev) e += qbCur;
    if (pbCur <= pbPrev) e -= qbPrev;
  }
  if (paPrev > 0 && paCur > 0) {
    if (paCur <= paPrev) e -= qaCur;
    if (paCur >= paPrev) e += qaPrev;
  }
  return e;
}

/** e^m for m = 1..levels into `out[m−1]`; returns true if any is non-zero. */
export function cksLevels(prev: LevelSnapshot, cur: LevelSnapshot, out: Float64Array): boolean {
  let any = false;
  for (let i = 0; i < out.length; i++) {
    const e = cksLevel(prev.bidPx[i], prev.bidQty[i], cur.bidPx[i], cur.bidQty[i],
      prev.askPx[i], prev.askQty[i], cur.askPx[i], cur.askQty[i]);
    out[i] = e;
    if (e !== 0) any = true;
  }
  return any;
}
