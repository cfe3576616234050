/**
 * Taker matching of IOC and market orders against the venue's replayed book.
 *
 * The book is recorded data: our fills do not remove its liquidity, because the
 * next message from the real exchange will restate the level anyway. To keep two
 * of our own orders from both taking the same displayed size, the lots we take at
 * a price are remembered per side and subtracted from what that level offers,
 * until the data changes that level's size (or the book is rebuilt), which is when
 * the remembered amount is forgotten.
 */
import type { SideView } from '../../book/types.js';

export class TakerBook {
  /** Lots we have taken at each price since the data last changed that level. */
  private readonly usedBid = new Map<number, number>();
  private readonly usedAsk = new Map<number, number>();

  /** Whether anything taken is remembered (else level changes need not be reported). */
  get holding(): boolean {
    return this.usedBid.size > 0 || this.usedAsk.size > 0;
  }

  /** A level's size changed in the data: what we took there is forgotten. */
  onLevel(isBid: boolean, pxTicks: number, oldLots: number, newLots: number): void {
    if (oldLots !== newLots) (isBid ? this.usedBid : this.usedAsk).delete(pxTicks);
  }

  /** The book was cleared (gap) or replaced (snapshot). */
  clear(): void {
    this.usedBid.clear();
    this.usedAsk.clear();
  }

  /**
   * Walks `side` from its touch while prices are within `limitPx` (asks: px <=
   * limit; bids: px >= limit; pass Infinity / 0 for a market order), taking up to
   * `qtyLots`. Writes one (price, lots) pair per level into `outPx`/`outQty` (cleared
   * first) and returns how many levels were hit.
   */
  take(side: SideView, sideIsBid: boolean, qtyLots: number, limitPx: number, outPx: number[], outQty: number[]): number {
    outPx.length = 0;
    outQty.length = 0;
    const used = sideIsBid ? this.usedBid : this.usedAsk;
    let remaining = qtyLots;
    for (let px = side.best(); px > 0 && remaining > 0; px = side.next(px)) {
      if (sideIsBid ? px < limitPx : px > limitPx) break;
      const taken = used.get(px) ?? 0;
      const lots = Math.min(side.qty(px) - taken, remaining);
      if (lots <= 0) continue;
      used.set(px, taken + lots);
      outPx.push(px);
      outQty.push(lots);
      remaining -= lots;
    }
    return outPx.length;
  }
}
