/**
 * Band walks over one side of the book (FEATURES.md §1 band depth, §2.1 VAMP, §2.2
 * book pressure). Every walk starts at the touch and moves away from the mid; a
 * level belongs to band β iff its distance from the mid, evaluated as exactly
 *
 *   bids: 1e4 * (m - p) / m        asks: 1e4 * (p - m) / m
 *
 * (p = the level's USD price from units.ts, m = mid_px), is <= β. The distance is
 * non-decreasing along the walk (each float step is monotone), so the walk stops at
 * the first level outside the band. Sizes are summed in integer lots.
 */
import type { Grid } from '../feed/decimal.js';
import type { SideView } from '../book/types.js';
import { gridValue } from './units.js';

/** Distance of price `p` from mid `m` in bps, on the side given by `isBid` (>= 0 on a valid book). */
export function distanceBps(isBid: boolean, m: number, p: number): number {
  return isBid ? 1e4 * (m - p) / m : 1e4 * (p - m) / m;
}

/** D(β) in lots: the summed size of the levels within β bps of the mid (inclusive). */
export function bandLots(side: SideView, isBid: boolean, m: number, beta: number, tick: Grid): number {
  let lots = 0;
  for (let t = side.best(); t !== 0; t = side.next(t)) {
    if (!(distanceBps(isBid, m, gridValue(t, tick)) <= beta)) break;
    lots += side.qty(t);
  }
  return lots;
}

/** D(β) in lots and Σ p·lots over the same levels (p in USD), for the side VWAP of VAMP. */
export function bandNotional(side: SideView, isBid: boolean, m: number, beta: number, tick: Grid): { lots: number; pxLots: number } {
  let lots = 0;
  let pxLots = 0;
  for (let t = side.best(); t !== 0; t = side.next(t)) {
    const p = gridValue(t, tick);
    if (!(distanceBps(isBid, m, p) <= beta)) break;
    const q = side.qty(t);
    lots += q;
    pxLots += p * q;
  }
  return { lots, pxLots };
}

/** Σ exp(−d/κ)·lots over the levels with d <= β (the same d as the bands). */
export function bandPressureLots(side: SideView, isBid: boolean, m: number, beta: number, kappa: number, tick: Grid): number {
  let w = 0;
  for (let t = side.best(); t !== 0; t = side.next(t)) {
    const d = distanceBps(isBid, m, gridValue(t, tick));
    if (!(d <= beta)) break;
    w += Math.exp(-d / kappa) * side.qty(t);
  }
  return w;
}

/** Q_k in lots: the summed size of the first k occupied levels (fewer if the side has fewer). */
export function topLots(side: SideView, k: number): number {
  let lots = 0;
  let n = 0;
  for (let t = side.best(); t !== 0 && n < k; t = side.next(t), n++) lots += side.qty(t);
  return lots;
}

/** (a − b)/(a + b), NaN when both are 0: every signed imbalance in the feature set. */
export function imbalance(a: number, b: number): number {
  const s = a + b;
  return s === 0 ? NaN : (a - b) / s;
}

/**
 * Effective VAMP in band β: P̄^b = Σp^b·q^b / D^b and P̄^a likewise, then
 * (P̄^b·D^a + P̄^a·D^b)/(D^b + D^a) — cross-weighted, so it leans toward the side
 * with less depth. NaN when either side has no size in the band.
 */
export function vampPx(bids: SideView, asks: SideView, m: number, beta: number, tick: Grid): number {
  const b = bandNotional(bids, true, m, beta, tick);
  const a = bandNotional(asks, false, m, beta, tick);
  if (b.lots === 0 || a.lots === 0) return NaN;
  const pb = b.pxLots / b.lots;
  const pa = a.pxLots / a.lots;
  return (pb * a.lots + pa * b.lots) / (b.lots + a.lots);
}
