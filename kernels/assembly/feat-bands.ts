/**
 * Band membership as integer tick thresholds, and the per-mid cache of the
 * book-pressure weights (src/features/depth.ts semantics).
 *
 * A level is in band β iff its distance from the mid, evaluated as exactly
 *   bids: 1e4 * (m - p) / m        asks: 1e4 * (p - m) / m        (p = pxUsd(ticks))
 * is <= β. Each float step is monotone in the tick, so the band is an interval of
 * ticks: bids t >= thrBid[b], asks t <= thrAsk[b]. The thresholds are found with
 * the SAME float predicate (estimate, check the neighbours, binary search if the
 * estimate was off), so membership is bit-identical to the reference's walk, and
 * they depend on m only: recomputed when the mid changes (≈2% of BTC updates).
 *
 * Bands: every distinct β the row needs (core: vamp, near, far, pressure, shape
 * near/far, and the dynamics rates' 25 bps; extended: the extra depth and VAMP
 * bands), sorted ascending, so the bands are nested and the walk closes them in
 * order (feat-walk.ts).
 *
 * Pressure weights exp(−d/κ) are cached per tick, in blocks of 32 ticks aligned
 * like trie leaves (W_CAP ticks per side, counted from the block of the pressure
 * band's edge): per block a generation stamp (changes with m) and the mask of the
 * slots computed for it, so a leaf's weights are computed once per mid, only for
 * its occupied slots, and read as a contiguous array (feat-walk.ts). Slots never
 * computed hold some earlier weight or 0: finite, and only ever multiplied by an
 * empty level's size 0. Same d as the reference; AssemblyScript's exp, within an
 * ulp or two of V8's (the pressure column is made exact where that matters, see
 * feat-pressure.ts). Leaves more than W_CAP ticks past the band's edge (very fine
 * ticks) are weighted level by level without the cache.
 */
import { MAX_PX_TICKS } from './layout';
import { DYN_BAND_BPS, extraBandBps, extraVampBandBps, EXTRA_BANDS, EXTRA_VAMP_BANDS } from './feat-cols';
import {
  carve, extended, farBandBps, nearBandBps, pressureBandBps, pressureKappaBps, pxUsd, shapeFarBps,
  shapeNearBps, tickPow, tickUnits, vampBandBps,
} from './feat-params';

const MAX_BANDS: i32 = 16;
/** Cached pressure weights per side, in ticks and in 32-tick blocks. */
const W_CAP: i32 = 1 << 16;
export const W_BLOCKS: i32 = W_CAP >> 5;

const BETA = memory.data(MAX_BANDS * 8);
export const THR_BID = memory.data(MAX_BANDS * 4);
export const THR_ASK = memory.data(MAX_BANDS * 4);
export let nBands: i32 = 0;
/** Band indices of each feature's β. */
export let bandVamp: i32 = 0;
export let bandNear: i32 = 0;
export let bandFar: i32 = 0;
export let bandPress: i32 = 0;
export let bandShapeNear: i32 = 0;
export let bandShapeFar: i32 = 0;
export let bandVampMax: i32 = 0;
/** The add / cancel rates' band (DYN_BAND_BPS), for feat-dyn.ts. */
export let bandDyn: i32 = 0;
export const BAND_EXTRA = memory.data(EXTRA_BANDS * 4);
export const BAND_EXTRA_VAMP = memory.data(EXTRA_VAMP_BANDS * 4);

/** The mid the thresholds and weights are for (NaN: none yet). */
let cacheMid: f64 = NaN;
let gen: u32 = 1;
/** Block (tick >> 5) of the pressure band's edge: block 0 of each side's cache. */
export let anchorBlockBid: i32 = 0;
export let anchorBlockAsk: i32 = 0;
let wBid: usize = 0; // f64[W_CAP]
let gBid: usize = 0; // u32[W_BLOCKS] stamps, then u32[W_BLOCKS] computed-slot masks
let wAsk: usize = 0;
let gAsk: usize = 0;

/** Reserves the weight caches in the state region. */
export function bandsCarve(): void {
  wBid = carve(<usize>W_CAP << 3);
  gBid = carve(<usize>W_BLOCKS << 3);
  wAsk = carve(<usize>W_CAP << 3);
  gAsk = carve(<usize>W_BLOCKS << 3);
}

/** Builds the sorted band list from the parameters and forgets every cached mid. */
export function bandsReset(): void {
  nBands = 0;
  addBand(vampBandBps);
  addBand(nearBandBps);
  addBand(farBandBps);
  addBand(pressureBandBps);
  addBand(shapeNearBps);
  addBand(shapeFarBps);
  addBand(DYN_BAND_BPS);
  if (extended) {
    for (let i = 0; i < EXTRA_BANDS; i++) addBand(extraBandBps(i));
    for (let i = 0; i < EXTRA_VAMP_BANDS; i++) addBand(extraVampBandBps(i));
  }
  // Indices are taken after the list is complete (insertion keeps it sorted).
  bandVamp = bandOf(vampBandBps);
  bandNear = bandOf(nearBandBps);
  bandFar = bandOf(farBandBps);
  bandPress = bandOf(pressureBandBps);
  bandShapeNear = bandOf(shapeNearBps);
  bandShapeFar = bandOf(shapeFarBps);
  bandDyn = bandOf(DYN_BAND_BPS);
  bandVampMax = bandVamp;
  if (extended) {
    for (let i = 0; i < EXTRA_BANDS; i++) store<i32>(BAND_EXTRA + (<usize>i << 2), bandOf(extraBandBps(i)));
    for (let i = 0; i < EXTRA_VAMP_BANDS; i++) {
      const b = bandOf(extraVampBandBps(i));
      store<i32>(BAND_EXTRA_VAMP + (<usize>i << 2), b);
      if (b > bandVampMax) bandVampMax = b;
    }
  }
  cacheMid = NaN;
  gen = 1;
  memory.fill(gBid, 0, <usize>W_BLOCKS << 3);
  memory.fill(gAsk, 0, <usize>W_BLOCKS << 3);
}

@inline function beta(b: i32): f64 { return load<f64>(BETA + (<usize>b << 3)); }

/** Inserts β into the sorted list (no duplicates). */
function addBand(v: f64): void {
  let i = 0;
  while (i < nBands && beta(i) < v) i++;
  if ((i < nBands && beta(i) == v) || nBands == MAX_BANDS) return; // at most 13 distinct β
  for (let j = nBands; j > i; j--) store<f64>(BETA + (<usize>j << 3), beta(j - 1));
  store<f64>(BETA + (<usize>i << 3), v);
  nBands++;
}

function bandOf(v: f64): i32 {
  for (let i = 0; i < nBands; i++) if (beta(i) == v) return i;
  return nBands - 1;
}

// ---- the reference's band predicates (depth.ts distanceBps <= β) ----
@inline function inBid(t: i32, m: f64, b: f64): bool { const p = pxUsd(<f64>t); return 1e4 * (m - p) / m <= b; }
@inline function inAsk(t: i32, m: f64, b: f64): bool { const p = pxUsd(<f64>t); return 1e4 * (p - m) / m <= b; }

/** Smallest bid tick in band (MAX_PX_TICKS + 1 when none): the predicate is false … true as t grows. */
function thresholdBid(m: f64, b: f64): i32 {
  const end = MAX_PX_TICKS + 1;
  let est = Math.ceil(m * (1 - b / 1e4) * tickPow / tickUnits);
  if (!(est >= 1)) est = 1;
  if (est > <f64>end) est = <f64>end;
  const e = <i32>est;
  let lo: i32;
  let hi: i32;
  if (e == end || inBid(e, m, b)) {
    if (e == 1 || !inBid(e - 1, m, b)) return e;
    lo = 1;
    hi = e - 1;
  } else {
    if (e + 1 == end || inBid(e + 1, m, b)) return e + 1;
    lo = e + 2;
    hi = end;
  }
  // The answer is in [lo, hi] and hi is in band (or the end).
  while (lo < hi) {
    const mid = lo + ((hi - lo) >> 1);
    if (inBid(mid, m, b)) hi = mid; else lo = mid + 1;
  }
  return lo;
}

/** Largest ask tick in band (0 when none): the predicate is true … false as t grows. */
function thresholdAsk(m: f64, b: f64): i32 {
  let est = Math.floor(m * (1 + b / 1e4) * tickPow / tickUnits);
  if (!(est >= 0)) est = 0;
  if (est > <f64>MAX_PX_TICKS) est = <f64>MAX_PX_TICKS;
  const e = <i32>est;
  let lo: i32;
  let hi: i32;
  if (e == 0 || inAsk(e, m, b)) {
    if (e == MAX_PX_TICKS || !inAsk(e + 1, m, b)) return e;
    lo = e + 1;
    hi = MAX_PX_TICKS;
  } else {
    if (e - 1 == 0 || inAsk(e - 1, m, b)) return e - 1;
    lo = 0;
    hi = e - 2;
  }
  // The answer is in [lo, hi] and lo is in band (or 0).
  while (lo < hi) {
    const mid = lo + ((hi - lo + 1) >> 1);
    if (inAsk(mid, m, b)) lo = mid; else hi = mid - 1;
  }
  return lo;
}

/** The mid the thresholds are for (NaN before the first valid book). */
@inline export function bandsMid(): f64 { return cacheMid; }

/** Makes the thresholds and the weight cache those of mid `m`. */
export function bandsForMid(m: f64): void {
  if (m == cacheMid) return;
  cacheMid = m;
  for (let i = 0; i < nBands; i++) {
    store<i32>(THR_BID + (<usize>i << 2), thresholdBid(m, beta(i)));
    store<i32>(THR_ASK + (<usize>i << 2), thresholdAsk(m, beta(i)));
  }
  anchorBlockBid = load<i32>(THR_BID + (<usize>bandPress << 2)) >> 5;
  anchorBlockAsk = load<i32>(THR_ASK + (<usize>bandPress << 2)) >> 5;
  gen++;
  if (gen == 0) { // wrapped: old stamps could match again
    memory.fill(gBid, 0, <usize>W_BLOCKS << 3);
    memory.fill(gAsk, 0, <usize>W_BLOCKS << 3);
    gen = 1;
  }
}

/** The exponent −d/κ of a level at `t` ticks, d its distance from `m` (depth.ts bandPressureLots). */
@inline export function pressureExponent(isBid: bool, t: i32, m: f64): f64 {
  const p = pxUsd(<f64>t);
  const d = isBid ? 1e4 * (m - p) / m : 1e4 * (p - m) / m;
  return -d / pressureKappaBps;
}

/** exp(−d/κ) with AssemblyScript's exp: the fast weight (feat-pressure.ts makes it exact where it matters). */
export function pressureWeight(isBid: bool, t: i32, m: f64): f64 {
  return Math.exp(pressureExponent(isBid, t, m));
}

/**
 * The cached weights of the leaf whose slot 0 is `base`, with the slots `occ`
 * computed for the current mid; returns the address of its slot-0 weight (f64 per
 * slot), or 0 when the leaf lies outside the cache (the caller computes directly).
 * Inline fast path: the block is current and has every slot of `occ`.
 */
@inline export function leafWeights(isBid: bool, base: i32, occ: u32, m: f64): usize {
  const blk = isBid ? (base >> 5) - anchorBlockBid : anchorBlockAsk - (base >> 5);
  if (<u32>blk >= <u32>W_BLOCKS) return 0;
  const st = (isBid ? gBid : gAsk) + (<usize>blk << 2);
  if (load<u32>(st) == gen && (occ & ~load<u32>(st + (<usize>W_BLOCKS << 2))) == 0) {
    return (isBid ? wBid : wAsk) + (<usize>blk << 8);
  }
  return fillWeights(isBid, base, occ, m, blk);
}

/** Computes the missing weights of `occ` in block `blk`. */
function fillWeights(isBid: bool, base: i32, occ: u32, m: f64, blk: i32): usize {
  const w = (isBid ? wBid : wAsk) + (<usize>blk << 8);
  const st = (isBid ? gBid : gAsk) + (<usize>blk << 2);
  const mk = st + (<usize>W_BLOCKS << 2);
  const have: u32 = load<u32>(st) == gen ? load<u32>(mk) : 0;
  let need = occ & ~have;
  while (need != 0) {
    const b = ctz<u32>(need);
    need ^= <u32>1 << b;
    store<f64>(w + (<usize>b << 3), pressureWeight(isBid, base + <i32>b, m));
  }
  store<u32>(st, gen);
  store<u32>(mk, have | occ);
  return w;
}
