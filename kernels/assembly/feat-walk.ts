/**
 * The fused walk over one book side, from the touch outward, computing everything
 * the row needs from that side's levels:
 *   - the first `topWanted` levels (ticks, lots): touch queue, imb_cum, NS slope,
 *     OFI snapshot, ladder;
 *   - the impact VWAP of the notional (shape.ts impactVwap, same float steps; the
 *     last row's cumulative sums are reused over the levels that did not change);
 *   - D(β) in lots for every band and Σ ticks·lots for the VAMP bands (prefix sums
 *     recorded where each band ends);
 *   - Σ exp(−d/κ)·lots over the pressure band and its level count (weights from
 *     feat-bands.ts; feat-pressure.ts redoes it exactly when the imbalance is tiny).
 *
 * Two passes over the trie's leaves (trie-iter.ts): the first reads levels one by
 * one (slot masks) until the top levels are read and the impact order is filled;
 * the second sums the bands leaf by leaf, per segment of slots sharing the same
 * innermost band. A dense segment is summed over all its slots, empty ones
 * included: they hold size 0 (trie.ts), and adding 0 or w·0 leaves a sum
 * unchanged, so every sum is the reference's sequence of f64 additions in walk
 * order: lot sums bit-identical, pressure up to the exp ulps of its weights. A
 * sparse segment, or a sparse leaf inside one band, is summed level by level.
 * Cost: ~1.3 ns per slot of dense leaves in the widest band (the sequential sums'
 * latency), ~10–20 ns per leaf of very sparse books (Binance spot, tick 0.01).
 *
 * Outputs per side s (0 = bids, 1 = asks) in static buffers, valid until the next walk.
 */
import { iterBase, iterDone, iterLeaf, iterNextLeaf, iterRest, iterStart } from './trie-iter';
import {
  bandPress, bandVampMax, leafWeights, nBands, pressureWeight, THR_ASK, THR_BID,
} from './feat-bands';
import { impactNotionalUsd, lotPow, lotUnits, tickPow, tickUnits, TOP_CAP } from './feat-params';

const MAX_BANDS: i32 = 16;
const TOP_T = memory.data(2 * TOP_CAP * 4);
const TOP_Q = memory.data(2 * TOP_CAP * 8);
const LOTS_AT = memory.data(2 * MAX_BANDS * 8);
const TQ_AT = memory.data(2 * MAX_BANDS * 8);
const TOP_N = memory.data(2 * 4);
const PRESS = memory.data(2 * 8);
const PRESS_N = memory.data(2 * 4);
const IMPACT = memory.data(2 * 8);

/** Levels to keep per side (set at init, ≤ TOP_CAP). */
export let topWanted: i32 = 10;
export function setTopWanted(n: i32): void { topWanted = min(TOP_CAP, max(1, n)); }

@inline export function topCount(s: i32): i32 { return load<i32>(TOP_N + (<usize>s << 2)); }
@inline export function topTicks(s: i32, i: i32): i32 { return load<i32>(TOP_T + (<usize>(s * TOP_CAP + i) << 2)); }
@inline export function topLots(s: i32, i: i32): f64 { return load<f64>(TOP_Q + (<usize>(s * TOP_CAP + i) << 3)); }
/** D(β_b) in lots. */
@inline export function bandLots(s: i32, b: i32): f64 { return load<f64>(LOTS_AT + (<usize>(s * MAX_BANDS + b) << 3)); }
/** Σ ticks·lots over band b (VAMP bands only). */
@inline export function bandTickLots(s: i32, b: i32): f64 { return load<f64>(TQ_AT + (<usize>(s * MAX_BANDS + b) << 3)); }
@inline export function pressureLots(s: i32): f64 { return load<f64>(PRESS + (<usize>s << 3)); }
/** Levels in the pressure band (how many weights went into pressureLots). */
@inline export function pressureLevels(s: i32): i32 { return load<i32>(PRESS_N + (<usize>s << 2)); }
/** Impact VWAP in USD, NaN when the side is worth less than the notional. */
@inline export function impactVwap(s: i32): f64 { return load<f64>(IMPACT + (<usize>s << 3)); }

/** Walks both sides of a valid book (thresholds already set for `m`). */
export function walkBook(bids: usize, bestBid: i32, asks: usize, bestAsk: i32, m: f64): void {
  topAndImpact(bids, bestBid, true);
  topAndImpact(asks, bestAsk, false);
  bandSums(bids, bestBid, true, m);
  bandSums(asks, bestAsk, false, m);
}

// Both passes are @inline with a constant isBid: each side gets its own loops.

// Impact walk of the last row, per side: the levels it took whole (ticks, lots, and
// the cumulative USD / lots after each), and the level that filled the order.
const IMPACT_CAP: i32 = 256;
const IM_T = memory.data(2 * IMPACT_CAP * 4);
const IM_Q = memory.data(2 * IMPACT_CAP * 8);
const IM_CUM = memory.data(2 * IMPACT_CAP * 8);
const IM_FULL = memory.data(2 * IMPACT_CAP * 8);
const IM_N = memory.data(2 * 4); // whole levels cached
const IM_FILL = memory.data(2 * 4); // index of the filling level, −1: none cached
const IM_FILL_T = memory.data(2 * 4);
const IM_FILL_Q = memory.data(2 * 8);
const IM_VWAP = memory.data(2 * 8);

/** Forgets the cached impact walks. */
export function walkReset(): void {
  for (let s = 0; s < 2; s++) {
    store<i32>(IM_N + (<usize>s << 2), 0);
    store<i32>(IM_FILL + (<usize>s << 2), -1);
  }
}

/**
 * Pass 1: the first levels one by one, until the top levels are read and the impact
 * order is filled. While the levels are those of the last row's impact walk, its
 * cumulative sums are taken over instead of recomputed (two divisions per level
 * saved); from the first changed level on, the walk is the reference's.
 */
@inline function topAndImpact(root: usize, best: i32, isBid: bool): void {
  const s = isBid ? 0 : 1;
  const tT = TOP_T + (<usize>(s * TOP_CAP) << 2);
  const tQ = TOP_Q + (<usize>(s * TOP_CAP) << 3);
  const imT = IM_T + (<usize>(s * IMPACT_CAP) << 2);
  const imQ = IM_Q + (<usize>(s * IMPACT_CAP) << 3);
  const imCum = IM_CUM + (<usize>(s * IMPACT_CAP) << 3);
  const imFull = IM_FULL + (<usize>(s * IMPACT_CAP) << 3);
  const cachedN = load<i32>(IM_N + (<usize>s << 2));
  const fillAt = load<i32>(IM_FILL + (<usize>s << 2));
  const want = topWanted;
  const notional = impactNotionalUsd;
  const tu = tickUnits; // pxUsd / lotsBtc with the grids in locals
  const tp = tickPow;
  const lu = lotUnits;
  const lp = lotPow;
  let n = 0;
  let i = 0; // impact level index
  let same = true; // levels 0 … i−1 are the cached walk's
  let cumUsd = 0.0;
  let fullLots = 0.0;
  let vwap = NaN;
  let open = true;
  iterStart(root, best, isBid);
  while (!iterDone && (open || n < want)) {
    const leaf = iterLeaf();
    const base = iterBase();
    let r = iterRest();
    while (r != 0) {
      const b: u32 = isBid ? 31 - clz<u32>(r) : ctz<u32>(r);
      r ^= <u32>1 << b;
      const t = base + <i32>b;
      const q = load<f64>(leaf + 8 + (<usize>b << 3));
      if (n < want) {
        store<i32>(tT + (<usize>n << 2), t);
        store<f64>(tQ + (<usize>n << 3), q);
        n++;
      }
      if (open) {
        if (same && i < cachedN && load<i32>(imT + (<usize>i << 2)) == t && load<f64>(imQ + (<usize>i << 3)) == q) {
          cumUsd = load<f64>(imCum + (<usize>i << 3));
          fullLots = load<f64>(imFull + (<usize>i << 3));
        } else if (same && i == fillAt && load<i32>(IM_FILL_T + (<usize>s << 2)) == t &&
                   load<f64>(IM_FILL_Q + (<usize>s << 3)) == q) {
          vwap = load<f64>(IM_VWAP + (<usize>s << 3));
          open = false;
        } else {
          same = false;
          const p = (<f64>t * tu) / tp;
          const levelUsd = p * ((q * lu) / lp);
          if (cumUsd + levelUsd >= notional) {
            vwap = notional / ((fullLots * lu) / lp + (notional - cumUsd) / p);
            open = false;
            store<i32>(IM_FILL + (<usize>s << 2), i < IMPACT_CAP ? i : -1);
            store<i32>(IM_FILL_T + (<usize>s << 2), t);
            store<f64>(IM_FILL_Q + (<usize>s << 3), q);
            store<f64>(IM_VWAP + (<usize>s << 3), vwap);
          } else {
            cumUsd += levelUsd;
            fullLots += q;
            if (i < IMPACT_CAP) {
              store<i32>(imT + (<usize>i << 2), t);
              store<f64>(imQ + (<usize>i << 3), q);
              store<f64>(imCum + (<usize>i << 3), cumUsd);
              store<f64>(imFull + (<usize>i << 3), fullLots);
            }
          }
        }
        if (open) i++;
      } else if (n >= want) {
        break;
      }
    }
    iterNextLeaf(isBid);
  }
  if (!same || open) {
    // The cache now describes this walk: its whole levels (up to the cap) and its fill.
    store<i32>(IM_N + (<usize>s << 2), min(i, IMPACT_CAP));
    if (open) store<i32>(IM_FILL + (<usize>s << 2), -1);
  }
  store<i32>(TOP_N + (<usize>s << 2), n);
  store<f64>(IMPACT + (<usize>s << 3), vwap);
}

/** Pass 2: band depths, VAMP tick sums and pressure, leaf by leaf, segment by segment. */
@inline function bandSums(root: usize, best: i32, isBid: bool, m: f64): void {
  const s = isBid ? 0 : 1;
  const thr = isBid ? THR_BID : THR_ASK;
  const lotsAt = LOTS_AT + (<usize>(s * MAX_BANDS) << 3);
  const tqAt = TQ_AT + (<usize>(s * MAX_BANDS) << 3);
  const nb = nBands;
  const vMax = bandVampMax;
  const pIdx = bandPress;
  const widest = load<i32>(thr + (<usize>(nb - 1) << 2));
  let bi = 0;
  let lots = 0.0;
  let tickLots = 0.0;
  let press = 0.0;
  let pressN = 0;
  let edge = load<i32>(thr); // threshold of band bi
  iterStart(root, best, isBid);
  while (!iterDone) {
    const leaf = iterLeaf();
    const base = iterBase();
    const occ = iterRest();
    // Sparse books: a leaf lying wholly inside the current band, with a few levels,
    // is summed level by level at once (no segments, no dense loop).
    if ((isBid ? base >= edge : base + 31 <= edge) && popcnt<u32>(occ) <= 4) {
      const w = bi <= pIdx ? leafWeights(isBid, base, occ, m) : 0;
      if (bi > pIdx || w != 0) {
        const withTq = bi <= vMax;
        if (w != 0) pressN += <i32>popcnt<u32>(occ);
        let r = occ;
        do {
          const b = isBid ? 31 - clz<u32>(r) : ctz<u32>(r);
          r ^= <u32>1 << b;
          const q = load<f64>(leaf + 8 + (<usize>b << 3));
          lots += q;
          if (withTq) tickLots += <f64>(base + <i32>b) * q;
          if (w != 0) press += load<f64>(w + (<usize>b << 3)) * q;
        } while (r != 0);
        iterNextLeaf(isBid);
        continue;
      }
    }
    // Slots of this leaf inside the widest band, in walk order: bids hi → lo, asks lo → hi.
    const first: i32 = isBid ? 31 - <i32>clz<u32>(occ) : <i32>ctz<u32>(occ);
    const last: i32 = isBid ? max(0, widest - base) : min(31, widest - base);
    if (isBid ? first < last : first > last) break; // the leaf starts beyond the widest band
    let cur = first;
    while (isBid ? cur >= last : cur <= last) {
      // Close the bands the slot at `cur` lies outside of (nested: smallest first).
      while (isBid ? base + cur < edge : base + cur > edge) {
        store<f64>(lotsAt + (<usize>bi << 3), lots);
        store<f64>(tqAt + (<usize>bi << 3), tickLots);
        bi++;
        edge = load<i32>(thr + (<usize>bi << 2)); // bi < nb: cur is inside the widest band
      }
      // Segment [lo, hi] of slots whose innermost band is bi.
      const lo = isBid ? max(last, edge - base) : cur;
      const hi = isBid ? cur : min(last, edge - base);
      const segMask = (<u32>0xffffffff >> <u32>(31 - hi)) & (<u32>0xffffffff << <u32>lo);
      const segOcc = occ & segMask;
      if (segOcc != 0) {
        const withPress = bi <= pIdx;
        const withTq = bi <= vMax;
        if (withPress) pressN += <i32>popcnt<u32>(segOcc);
        const w = withPress ? leafWeights(isBid, base, segOcc, m) : 0;
        if (withPress && w == 0) {
          // Outside the weight cache (very fine ticks): level by level, weights computed here.
          let r = segOcc;
          while (r != 0) {
            const b = isBid ? 31 - clz<u32>(r) : ctz<u32>(r);
            r ^= <u32>1 << b;
            const q = load<f64>(leaf + 8 + (<usize>b << 3));
            lots += q;
            if (withTq) tickLots += <f64>(base + <i32>b) * q;
            press += pressureWeight(isBid, base + <i32>b, m) * q;
          }
        } else if (<i32>popcnt<u32>(segOcc) * 3 >= hi - lo + 1) {
          // Dense: every slot, empty ones adding 0.
          const qa = leaf + 8;
          if (withPress && withTq) {
            for (let k = 0; k <= hi - lo; k++) {
              const b = isBid ? hi - k : lo + k;
              const q = load<f64>(qa + (<usize>b << 3));
              lots += q;
              tickLots += <f64>(base + b) * q;
              press += load<f64>(w + (<usize>b << 3)) * q;
            }
          } else if (withPress) {
            for (let k = 0; k <= hi - lo; k++) {
              const b = isBid ? hi - k : lo + k;
              const q = load<f64>(qa + (<usize>b << 3));
              lots += q;
              press += load<f64>(w + (<usize>b << 3)) * q;
            }
          } else if (withTq) {
            for (let k = 0; k <= hi - lo; k++) {
              const b = isBid ? hi - k : lo + k;
              const q = load<f64>(qa + (<usize>b << 3));
              lots += q;
              tickLots += <f64>(base + b) * q;
            }
          } else {
            for (let k = 0; k <= hi - lo; k++) lots += load<f64>(qa + (<usize>(isBid ? hi - k : lo + k) << 3));
          }
        } else {
          // Sparse: the occupied slots only.
          let r = segOcc;
          while (r != 0) {
            const b = isBid ? 31 - clz<u32>(r) : ctz<u32>(r);
            r ^= <u32>1 << b;
            const q = load<f64>(leaf + 8 + (<usize>b << 3));
            lots += q;
            if (withTq) tickLots += <f64>(base + <i32>b) * q;
            if (withPress) press += load<f64>(w + (<usize>b << 3)) * q;
          }
        }
      }
      cur = isBid ? lo - 1 : hi + 1;
    }
    if (last != (isBid ? 0 : 31)) break; // the widest band ends inside this leaf
    iterNextLeaf(isBid);
  }
  for (; bi < nb; bi++) {
    store<f64>(lotsAt + (<usize>bi << 3), lots);
    store<f64>(tqAt + (<usize>bi << 3), tickLots);
  }
  store<f64>(PRESS + (<usize>s << 3), press);
  store<i32>(PRESS_N + (<usize>s << 2), pressN);
}
