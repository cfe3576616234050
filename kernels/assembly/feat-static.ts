/**
 * The stateless columns: the port of src/features/static.ts computeStatic (23
 * core S0/SC columns) and src/features/extended.ts computeExtended (ladder, extra
 * bands, extra VAMP bands), from the fused walk's per-side results (feat-walk.ts).
 * Same formulas, same order of float operations, same NaN and flag rules
 * (docs/FEATURES.md "Stateless features"); VAMP's Σ p·q is taken as
 * (Σ ticks·lots)·tick/10^d, a few ulps from the reference's Σ (p·q).
 *
 * `f` is the address of a row's first feature column (f64); the row is NaN-filled
 * by the caller, so an invalid book only returns its flag.
 */
import {
  bandFar, bandNear, bandShapeFar, bandShapeNear, bandsForMid, bandVamp, BAND_EXTRA, BAND_EXTRA_VAMP,
} from './feat-bands';
import {
  COL_ASK_QTY_1, COL_BID_QTY_1, COL_DEPTH_ASK_FAR, COL_DEPTH_ASK_NEAR, COL_DEPTH_BID_FAR, COL_DEPTH_BID_NEAR,
  COL_EXTRA_BANDS, COL_EXTRA_VAMP, COL_IMB_1, COL_IMB_CUM, COL_IMB_FAR, COL_IMB_NEAR, COL_IMPACT_BUY,
  COL_IMPACT_SELL, COL_LADDER, COL_MICRO, COL_MID, COL_PRESSURE, COL_SHAPE_ASK, COL_SHAPE_BID, COL_SLOPE_ASK,
  COL_SLOPE_BID, COL_SPREAD_ABS, COL_SPREAD_BPS, COL_VAMP, COL_WMID, EXTRA_BANDS, EXTRA_VAMP_BANDS,
  FLAG_CROSSED, FLAG_EMPTY_SIDE, FLAG_IMPACT_UNFILLED, FLAG_LOCKED, LADDER_LEVELS,
} from './feat-cols';
import {
  extended, imbCumLevels, lotsBtc, mpAdjustment, mpEdge, mpEdges, mpState, mpStates, pxUsd, shapeLogRatio,
  slopeLevels, tickUsd, TOP_CAP,
} from './feat-params';
import {
  bandLots, bandTickLots, impactVwap, pressureLevels, pressureLots, topCount, topLots, topTicks, walkBook,
} from './feat-walk';
import { exactPressure, pressureNeedsExact } from './feat-pressure';

@inline function put(f: usize, col: i32, v: f64): void { store<f64>(f + (<usize>col << 3), v); }

/** (a − b)/(a + b), NaN when the sum is 0 (depth.ts imbalance). */
@inline export function imbalance(a: f64, b: f64): f64 {
  const s = a + b;
  return s == 0 ? NaN : (a - b) / s;
}

/** Writes the stateless columns of a book (both sides non-empty or not) and returns its flags. */
export function computeStatic(f: usize, bids: usize, bb: i32, asks: usize, ba: i32): i32 {
  if (bb == 0 || ba == 0 || bb > ba) return bb == 0 || ba == 0 ? FLAG_EMPTY_SIDE : FLAG_CROSSED;
  let flags = bb == ba ? FLAG_LOCKED : 0;
  const pb = pxUsd(<f64>bb);
  const pa = pxUsd(<f64>ba);
  const m = (pb + pa) / 2;
  bandsForMid(m);
  walkBook(bids, bb, asks, ba, m);

  // --- price ---
  const spreadTicks = ba - bb;
  const s = pxUsd(<f64>spreadTicks);
  const qb1 = topLots(0, 0);
  const qa1 = topLots(1, 0);
  const imb1 = imbalance(qb1, qa1);
  put(f, COL_MID, m);
  put(f, COL_WMID, (pb * qa1 + pa * qb1) / (qb1 + qa1));
  put(f, COL_MICRO, micropricePx(m, spreadTicks, imb1));
  put(f, COL_VAMP, vampPx(bandVamp));
  put(f, COL_SPREAD_ABS, s);
  put(f, COL_SPREAD_BPS, 1e4 * s / m);

  // --- depth and imbalance ---
  put(f, COL_BID_QTY_1, lotsBtc(qb1));
  put(f, COL_ASK_QTY_1, lotsBtc(qa1));
  put(f, COL_IMB_1, imb1);
  put(f, COL_IMB_CUM, imbalance(sumTop(0, imbCumLevels), sumTop(1, imbCumLevels)));
  const dbNear = bandLots(0, bandNear);
  const daNear = bandLots(1, bandNear);
  const dbFar = bandLots(0, bandFar);
  const daFar = bandLots(1, bandFar);
  put(f, COL_DEPTH_BID_NEAR, lotsBtc(dbNear));
  put(f, COL_DEPTH_ASK_NEAR, lotsBtc(daNear));
  put(f, COL_DEPTH_BID_FAR, lotsBtc(dbFar));
  put(f, COL_DEPTH_ASK_FAR, lotsBtc(daFar));
  put(f, COL_IMB_NEAR, imbalance(dbNear, daNear));
  put(f, COL_IMB_FAR, imbalance(dbFar, daFar));
  let pressure = imbalance(pressureLots(0), pressureLots(1));
  if (pressureNeedsExact(pressure, pressureLevels(0) + pressureLevels(1))) {
    pressure = imbalance(exactPressure(bids, bb, true, m), exactPressure(asks, ba, false, m));
  }
  put(f, COL_PRESSURE, pressure);

  // --- shape and impact ---
  const locked = (flags & FLAG_LOCKED) != 0;
  put(f, COL_SLOPE_BID, locked ? NaN : slopeNs(0, m));
  put(f, COL_SLOPE_ASK, locked ? NaN : slopeNs(1, m));
  put(f, COL_SHAPE_BID, shapeExp(bandLots(0, bandShapeNear), bandLots(0, bandShapeFar)));
  put(f, COL_SHAPE_ASK, shapeExp(bandLots(1, bandShapeNear), bandLots(1, bandShapeFar)));
  const vwapBuy = impactVwap(1);
  const vwapSell = impactVwap(0);
  put(f, COL_IMPACT_BUY, 1e4 * (vwapBuy / m - 1));
  put(f, COL_IMPACT_SELL, 1e4 * (1 - vwapSell / m));
  if (isNaN(vwapBuy) || isNaN(vwapSell)) flags |= FLAG_IMPACT_UNFILLED;

  if (extended) writeExtended(f);
  return flags;
}

/** Q_k in lots: the first k levels (fewer when the side has fewer). */
function sumTop(s: i32, k: i32): f64 {
  const n = min(k, topCount(s));
  let lots = 0.0;
  for (let i = 0; i < n; i++) lots += topLots(s, i);
  return lots;
}

/** VAMP over band b (depth.ts vampPx); NaN when a side has no size in it. */
function vampPx(b: i32): f64 {
  const lb = bandLots(0, b);
  const la = bandLots(1, b);
  if (lb == 0 || la == 0) return NaN;
  const pb = pxUsd(bandTickLots(0, b)) / lb;
  const pa = pxUsd(bandTickLots(1, b)) / la;
  return (pb * la + pa * lb) / (lb + la);
}

/** microprice.ts micropricePx: m + g*(ρ, S)·δ, m itself on a locked book. */
function micropricePx(m: f64, spreadTicks: i32, imb1: f64): f64 {
  if (spreadTicks <= 0) return m;
  const rho = (1 + imb1) / 2;
  const sp = <f64>spreadTicks;
  let st = 0;
  for (let i = 1; i < mpStates; i++) {
    if (Math.abs(mpState(i) - sp) < Math.abs(mpState(st) - sp)) st = i;
  }
  let k = 0;
  while (k < mpEdges && mpEdge(k) <= rho) k++;
  return m + mpAdjustment(st, k) * tickUsd;
}

// NS slope terms of the last row, per side: the levels they were computed from and,
// per level, p (USD), the cumulative notional (USD), v = ln(cum) and the ratio term.
const SL_T = memory.data(2 * TOP_CAP * 4);
const SL_Q = memory.data(2 * TOP_CAP * 8);
const SL_P = memory.data(2 * TOP_CAP * 8);
const SL_CUM = memory.data(2 * TOP_CAP * 8);
const SL_V = memory.data(2 * TOP_CAP * 8);
const SL_TERM = memory.data(2 * TOP_CAP * 8);
const SL_N = memory.data(2 * 4);

/** Forgets the cached slope terms. */
export function staticReset(): void {
  store<i32>(SL_N, 0);
  store<i32>(SL_N, 0, 4);
}

@inline function sl(a: usize, s: i32, i: i32): f64 { return load<f64>(a + (<usize>(s * TOP_CAP + i) << 3)); }
@inline function setSl(a: usize, s: i32, i: i32, v: f64): void { store<f64>(a + (<usize>(s * TOP_CAP + i) << 3), v); }

/**
 * shape.ts slopeNs over the first min(N, levels) levels of side s:
 *   (1/n)·[ v_1/|p_1/m − 1| + Σ_{τ=1}^{n−1} (v_{τ+1}/v_τ − 1)/|p_{τ+1}/p_τ − 1| ]
 * The per-level values of the levels unchanged since the last row (the common
 * prefix) are reused: only the changed suffix needs its logs again. The sum is
 * then formed in the reference's order from the same doubles.
 */
function slopeNs(s: i32, m: f64): f64 {
  const n = min(slopeLevels, topCount(s));
  if (n == 0) return NaN;
  const cached = load<i32>(SL_N + (<usize>s << 2));
  let j = 0;
  while (j < n && j < cached && load<i32>(SL_T + (<usize>(s * TOP_CAP + j) << 2)) == topTicks(s, j) &&
         sl(SL_Q, s, j) == topLots(s, j)) j++;
  for (let i = j; i < n; i++) {
    const t = topTicks(s, i);
    const q = topLots(s, i);
    const p = pxUsd(<f64>t);
    const cum = (i == 0 ? 0 : sl(SL_CUM, s, i - 1)) + p * lotsBtc(q);
    const v = Math.log(cum);
    if (i > 0) setSl(SL_TERM, s, i, (v / sl(SL_V, s, i - 1) - 1) / Math.abs(p / sl(SL_P, s, i - 1) - 1));
    store<i32>(SL_T + (<usize>(s * TOP_CAP + i) << 2), t);
    setSl(SL_Q, s, i, q);
    setSl(SL_P, s, i, p);
    setSl(SL_CUM, s, i, cum);
    setSl(SL_V, s, i, v);
  }
  store<i32>(SL_N + (<usize>s << 2), n);
  let sum = sl(SL_V, s, 0) / Math.abs(sl(SL_P, s, 0) / m - 1);
  for (let i = 1; i < n; i++) sum += sl(SL_TERM, s, i);
  const r = sum / <f64>n;
  return isFinite(r) ? r : NaN;
}

/** shape.ts shapeExp: ln(D_far/D_near)/ln(far/near); NaN when D_near = 0. */
function shapeExp(near: f64, far: f64): f64 {
  if (near == 0) return NaN;
  return Math.log(far / near) / shapeLogRatio;
}

/** extended.ts computeExtended for a valid book. */
function writeExtended(f: usize): void {
  const nb = topCount(0);
  const na = topCount(1);
  for (let k = 0; k < LADDER_LEVELS; k++) {
    const o = COL_LADDER + 4 * k;
    put(f, o, k < na ? pxUsd(<f64>topTicks(1, k)) : NaN);
    put(f, o + 1, k < na ? lotsBtc(topLots(1, k)) : NaN);
    put(f, o + 2, k < nb ? pxUsd(<f64>topTicks(0, k)) : NaN);
    put(f, o + 3, k < nb ? lotsBtc(topLots(0, k)) : NaN);
  }
  for (let i = 0; i < EXTRA_BANDS; i++) {
    const b = load<i32>(BAND_EXTRA + (<usize>i << 2));
    const db = bandLots(0, b);
    const da = bandLots(1, b);
    put(f, COL_EXTRA_BANDS + 3 * i, lotsBtc(db));
    put(f, COL_EXTRA_BANDS + 3 * i + 1, lotsBtc(da));
    put(f, COL_EXTRA_BANDS + 3 * i + 2, imbalance(db, da));
  }
  for (let i = 0; i < EXTRA_VAMP_BANDS; i++) put(f, COL_EXTRA_VAMP + i, vampPx(load<i32>(BAND_EXTRA_VAMP + (<usize>i << 2))));
}
