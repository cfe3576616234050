/**
 * Signed position with average-cost accounting, in integer lots.
 *
 * The open position's cost is kept as one signed number, openCostUsd =
 * positionBtc × avgEntryUsd, instead of the average itself. Adding to the
 * position adds the fill's signed notional; reducing it removes the closed
 * share of the cost (closedLots / |positionLots|) and realizes the difference.
 * That way cash + openCost changes by exactly the realized PnL on every fill,
 * which keeps equity = initialCash + realized + unrealized − fees to rounding,
 * and a full close removes the cost exactly (share = 1), so flat is exactly 0.
 */
import type { Side } from '../venue/types.js';
import { sideSign } from './ledger.js';

/** Position state as stored in a snapshot. */
export interface PositionJson {
  readonly positionLots: number;
  readonly openCostUsd: number;
  readonly realizedPnlUsd: number;
}

/** Position, average entry and realized PnL (gross of fees). */
export class Position {
  private lots = 0;
  private costUsd = 0;
  private realizedUsd = 0;

  constructor(private readonly lotBtc: number) {}

  /** Signed lots (+ long, − short). */
  get positionLots(): number { return this.lots; }
  /** Signed BTC. */
  get positionBtc(): number { return this.lots * this.lotBtc; }
  /** Signed entry notional of the open position, USD (0 when flat). */
  get openCostUsd(): number { return this.costUsd; }
  /** Average entry price of the open position, USD; NaN when flat. */
  get avgEntryUsd(): number { return this.lots === 0 ? NaN : this.costUsd / this.positionBtc; }
  /** Realized PnL, USD, gross of fees. */
  get realizedPnlUsd(): number { return this.realizedUsd; }

  /** Unrealized PnL at `markUsd`: positionBtc × (mark − avgEntry); 0 when flat. */
  unrealizedAt(markUsd: number): number {
    return this.lots === 0 ? 0 : this.positionBtc * markUsd - this.costUsd;
  }

  /**
   * Books a fill of `qtyLots` (> 0) at `pxUsd`. The part that reduces the open
   * position realizes PnL against the average entry; any remainder (a flip, or
   * a fill that only adds) opens at the fill price.
   */
  apply(side: Side, qtyLots: number, pxUsd: number): void {
    const sign = sideSign(side);
    let addLots = qtyLots;
    if (this.lots !== 0 && Math.sign(this.lots) !== sign) {
      const openLots = Math.abs(this.lots);
      const closeLots = Math.min(qtyLots, openLots);
      // closeLots === openLots gives share 1: the whole cost goes, exactly.
      const removedCostUsd = closeLots === openLots ? this.costUsd : (this.costUsd * closeLots) / openLots;
      // Closing a long sells (+px·qty), closing a short buys (−px·qty).
      this.realizedUsd += -sign * closeLots * this.lotBtc * pxUsd - removedCostUsd;
      this.costUsd -= removedCostUsd;
      this.lots += sign * closeLots;
      if (this.lots === 0) this.costUsd = 0;
      addLots = qtyLots - closeLots;
    }
    if (addLots > 0) {
      this.costUsd += sign * addLots * this.lotBtc * pxUsd;
      this.lots += sign * addLots;
    }
  }

  /** JSON-safe state. */
  toJson(): PositionJson {
    return { positionLots: this.lots, openCostUsd: this.costUsd, realizedPnlUsd: this.realizedUsd };
  }

  /** Rebuilds a position from `toJson()` output. */
  static fromJson(j: PositionJson, lotBtc: number): Position {
    const p = new Position(lotBtc);
    p.lots = j.positionLots;
    p.costUsd = j.openCostUsd;
    p.realizedUsd = j.realizedPnlUsd;
    return p;
  }
}
