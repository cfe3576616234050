/**
 * Book shape and impact (FEATURES.md §2.4): Næs–Skjeltorp slope, the depth-curve
 * exponent between two bands, and the VWAP of a market order of fixed USD notional
 * walked through the visible book.
 */
import type { Grid } from '../feed/decimal.js';
import type { SideView } from '../book/types.js';
import { gridValue } from './units.js';

/**
 * Næs–Skjeltorp slope of one side over its first n = min(N, occupied levels) levels:
 *
 *   (1/n)·[ v_1/|p_1/m − 1| + Σ_{τ=1}^{n−1} (v_{τ+1}/v_τ − 1)/|p_{τ+1}/p_τ − 1| ]
 *
 * with v_τ = ln(Σ_{j≤τ} p_j·q_j), the log cumulative USD notional (p in USD, q in
 * BTC). With a single level only the first term remains (n = 1). NaN for an empty
 * side and whenever a term is not finite (locked book: p_1 = m; or a cumulative
 * notional of exactly 1 USD, v_τ = 0).
 */
export function slopeNs(side: SideView, m: number, levels: number, tick: Grid, lot: Grid): number {
  let n = 0;
  let cumUsd = 0;
  let vPrev = 0;
  let pPrev = 0;
  let sum = 0;
  for (let t = side.best(); t !== 0 && n < levels; t = side.next(t)) {
    const p = gridValue(t, tick);
    cumUsd += p * gridValue(side.qty(t), lot);
    const v = Math.log(cumUsd);
    sum += n === 0 ? v / Math.abs(p / m - 1) : (v / vPrev - 1) / Math.abs(p / pPrev - 1);
    vPrev = v;
    pPrev = p;
    n++;
  }
  if (n === 0) return NaN;
  const r = sum / n;
  return Number.isFinite(r) ? r : NaN;
}

/**
 * Depth-curve exponent γ = ln(D(far)/D(near)) / ln(far/near) from two band depths
 * of the same side (any common size unit). NaN when D(near) = 0.
 */
export function shapeExp(nearDepth: number, farDepth: number, nearBps: number, farBps: number): number {
  if (nearDepth === 0) return NaN;
  return Math.log(farDepth / nearDepth) / Math.log(farBps / nearBps);
}

/**
 * VWAP (USD per BTC) of spending `notionalUsd` on `side`, walked from the touch:
 * whole levels while their cumulative notional Σ p·q stays below the target, then
 * the last level fractionally (remaining USD / p BTC). VWAP = notional / BTC filled.
 * NaN when the whole visible side is worth less than the notional.
 */
export function impactVwap(side: SideView, notionalUsd: number, tick: Grid, lot: Grid): number {
  let cumUsd = 0;
  let fullLots = 0;
  for (let t = side.best(); t !== 0; t = side.next(t)) {
    const p = gridValue(t, tick);
    const lots = side.qty(t);
    const levelUsd = p * gridValue(lots, lot);
    if (cumUsd + levelUsd >= notionalUsd) {
      const filledBtc = gridValue(fullLots, lot) + (notionalUsd - cumUsd) / p;
      return notionalUsd / filledBtc;
    }
    cumUsd += levelUsd;
    fullLots += lots;
  }
  return NaN;
}
