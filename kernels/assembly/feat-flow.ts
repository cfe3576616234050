/**
 * Order-flow columns: the port of src/features/flow.ts (with flow-ofi.ts,
 * flow-window.ts, flow-lambda.ts): ofi_1_1s, ofi_1_1s_norm, mlofi_2..5_1s,
 * iofi_10_1s, iofi_10_10s, ofi_lambda_5m, and FLAG_OFI_RESET.
 *
 * State (units: ticks, lots, exchange ms):
 *   snapshots  prev / cur top K levels per side (K = max(5, iOFI levels) ≤ 32)
 *   windows    ring of (t, e^1..e^K) entries, FLOW_CAP of them (absolute sequence
 *              numbers, one eviction pointer and K running sums per window 1 s /
 *              10 s); entries whose e is all 0 are not stored. The reference ring
 *              grows without bound; here a full ring is E_CAPACITY (FLOW_CAP =
 *              262144 messages with non-zero OFI inside 10 s: 26k/s, far above
 *              any feed).
 *   EMAs       AD_1 and ĀD_M (EMA_last, τ = 60 s)
 *   λ bars     300-bar ring of (k, x, y), the open bar's Σ e^1 and start mid
 * Everything is summed in the reference's order, so lot sums are bit-identical.
 */
import { E_CAPACITY } from './errors';
import {
  COL_IOFI_LONG, COL_IOFI_SHORT, COL_MLOFI, COL_OFI, COL_OFI_LAMBDA, COL_OFI_NORM, FLAG_OFI_RESET,
  FLOW_BAR_MS, FLOW_LAMBDA_BARS, FLOW_LAMBDA_MIN_BARS, FLOW_LONG_WINDOW_MS, FLOW_TAU_AD_MS, FLOW_WINDOW_MS,
} from './feat-cols';
import { carve, iofiLevels, iofiWeight, lotsBtc, ofiLevels } from './feat-params';
import { topCount, topLots, topTicks } from './feat-walk';
import { olsSlopeRing } from './ols';
import { hostLog } from './host-math';

const FLOW_CAP: i32 = 1 << 18;
const MAXK: i32 = 32;
// A snapshot: bidPx, bidQty, askPx, askQty, MAXK f64 each.
const SNAP_BYTES: usize = 4 * MAXK * 8;
const SNAP_A = memory.data(4 * MAXK * 8);
const SNAP_B = memory.data(4 * MAXK * 8);
const E = memory.data(MAXK * 8);
const SUMS = memory.data(2 * MAXK * 8);

let prev: usize = 0;
let cur: usize = 0;
let hasPrev = false;
let winT: usize = 0; // f64[FLOW_CAP]
let winE: usize = 0; // f64[FLOW_CAP × K]
let tail: i64 = 0;
let head0: i64 = 0;
let head1: i64 = 0;
// EMA_last AD_1 and ĀD_M (lots).
let ad1: f64 = NaN;
let ad1Prev: f64 = NaN;
let ad1T: f64 = NaN;
let adM: f64 = NaN;
let adMPrev: f64 = NaN;
let adMT: f64 = NaN;
// λ bars.
let barK: usize = 0;
let barX: usize = 0;
let barY: usize = 0;
let lHead: i32 = 0;
let lCount: i32 = 0;
let barEnd: f64 = NaN;
let barOfi: f64 = 0;
let mStart: f64 = NaN;
let lambda: f64 = NaN;

export function flowCarve(): void {
  winT = carve(<usize>FLOW_CAP << 3);
  winE = carve(<usize>FLOW_CAP * <usize>ofiLevels << 3);
  barK = carve(<usize>FLOW_LAMBDA_BARS << 3);
  barX = carve(<usize>FLOW_LAMBDA_BARS << 3);
  barY = carve(<usize>FLOW_LAMBDA_BARS << 3);
}

export function flowReset(): void {
  prev = SNAP_A;
  cur = SNAP_B;
  memory.fill(SNAP_A, 0, SNAP_BYTES);
  memory.fill(SNAP_B, 0, SNAP_BYTES);
  memory.fill(SUMS, 0, 2 * MAXK * 8);
  hasPrev = false;
  tail = 0; head0 = 0; head1 = 0;
  ad1 = NaN; ad1Prev = NaN; ad1T = NaN;
  adM = NaN; adMPrev = NaN; adMT = NaN;
  lHead = 0; lCount = 0;
  barEnd = NaN; barOfi = 0; mStart = NaN; lambda = NaN;
}

@inline function snap(p: usize, part: i32, i: i32): f64 { return load<f64>(p + (<usize>(part * MAXK + i) << 3)); }
@inline function sum(w: i32, m: i32): f64 { return load<f64>(SUMS + (<usize>(w * MAXK + m) << 3)); }
@inline function addSum(w: i32, m: i32, v: f64): void {
  const a = SUMS + (<usize>(w * MAXK + m) << 3);
  store<f64>(a, load<f64>(a) + v);
}

// ---- λ bars (flow-lambda.ts OfiLambda) ----

/** Closes every bar whose end g < t, with the mid and AD_1 as of before the event at t. */
export function flowAdvance(t: f64, mid: f64): void {
  const B = FLOW_BAR_MS;
  if (isNaN(barEnd)) { barEnd = Math.ceil(t / B) * B; return; }
  if (!(barEnd < t)) return;
  closeBar(mid, ad1);
  const last = (Math.ceil(t / B) - 1) * B;
  const firstKept = last - <f64>(FLOW_LAMBDA_BARS - 1) * B;
  if (barEnd < firstKept) barEnd = firstKept;
  while (barEnd < t) closeBar(mid, ad1);
}

function closeBar(mEnd: f64, ad: f64): void {
  const bars = FLOW_LAMBDA_BARS;
  const kNow = Math.round(barEnd / FLOW_BAR_MS);
  if (isFinite(mStart) && isFinite(mEnd) && ad > 0 && isFinite(ad)) {
    const i = (lHead + lCount) % bars;
    if (lCount == bars) { lHead = (lHead + 1) % bars; lCount--; }
    store<f64>(barK + (<usize>i << 3), kNow);
    store<f64>(barX + (<usize>i << 3), barOfi / ad);
    store<f64>(barY + (<usize>i << 3), 1e4 * hostLog(mEnd / mStart));
    lCount++;
  }
  while (lCount > 0 && load<f64>(barK + (<usize>lHead << 3)) <= kNow - <f64>bars) { lHead = (lHead + 1) % bars; lCount--; }
  mStart = mEnd;
  barOfi = 0;
  barEnd += FLOW_BAR_MS;
  lambda = lCount < FLOW_LAMBDA_MIN_BARS ? NaN : olsSlopeRing(barX, barY, 0, bars, lHead, lCount);
}

/** A sequence gap (after flowAdvance): the next flow starts afresh. */
export function flowGap(): void {
  hasPrev = false;
}

// ---- per message ----

/** One EMA_last step (flow.ts EmaLast.update, value already started): a·x̄ + (1−a)·x_prev. */
@inline function emaNext(value: f64, prevX: f64, tPrev: f64, t: f64): f64 {
  const a = Math.exp(-max<f64>(0, t - tPrev) / FLOW_TAU_AD_MS);
  return a * value + (1 - a) * prevX;
}

/** Windows sums: evicts entries with t_entry <= now − W from each window. */
function evict(now: f64): void {
  const K = ofiLevels;
  let limit = now - FLOW_WINDOW_MS;
  while (head0 < tail && load<f64>(winT + (<usize>(head0 & (FLOW_CAP - 1)) << 3)) <= limit) {
    const o = winE + (<usize>((head0 & (FLOW_CAP - 1)) * K) << 3);
    for (let m = 0; m < K; m++) addSum(0, m, -load<f64>(o + (<usize>m << 3)));
    head0++;
  }
  limit = now - FLOW_LONG_WINDOW_MS;
  while (head1 < tail && load<f64>(winT + (<usize>(head1 & (FLOW_CAP - 1)) << 3)) <= limit) {
    const o = winE + (<usize>((head1 & (FLOW_CAP - 1)) * K) << 3);
    for (let m = 0; m < K; m++) addSum(1, m, -load<f64>(o + (<usize>m << 3)));
    head1++;
  }
}

/** Appends e (K values at E) at time t; false when the ring is full. */
function push(t: f64): bool {
  const K = ofiLevels;
  const oldest = head0 < head1 ? head0 : head1;
  if (tail - oldest >= <i64>FLOW_CAP) return false;
  const slot = <i32>(tail & (FLOW_CAP - 1));
  store<f64>(winT + (<usize>slot << 3), t);
  memory.copy(winE + (<usize>(slot * K) << 3), E, <usize>K << 3);
  for (let w = 0; w < 2; w++) {
    for (let m = 0; m < K; m++) addSum(w, m, load<f64>(E + (<usize>m << 3)));
  }
  tail++;
  return true;
}

/** CKS e^m for m = 1..K into E (flow-ofi.ts cksLevels); true if any is non-zero. */
function cks(): bool {
  let any = false;
  for (let i = 0; i < ofiLevels; i++) {
    let e = 0.0;
    const pbPrev = snap(prev, 0, i);
    const pbCur = snap(cur, 0, i);
    if (pbPrev > 0 && pbCur > 0) {
      if (pbCur >= pbPrev) e += snap(cur, 1, i);
      if (pbCur <= pbPrev) e -= snap(prev, 1, i);
    }
    const paPrev = snap(prev, 2, i);
    const paCur = snap(cur, 2, i);
    if (paPrev > 0 && paCur > 0) {
      if (paCur <= paPrev) e -= snap(cur, 3, i);
      if (paCur >= paPrev) e += snap(prev, 3, i);
    }
    store<f64>(E + (<usize>i << 3), e);
    if (e != 0) any = true;
  }
  return any;
}

/** Reads the top K levels of both sides from the fused walk into `cur` (0 beyond a side's count). */
function readSnapshot(): void {
  for (let s = 0; s < 2; s++) {
    const n = topCount(s);
    for (let i = 0; i < ofiLevels; i++) {
      const px: f64 = i < n ? <f64>topTicks(s, i) : 0;
      const q: f64 = i < n ? topLots(s, i) : 0;
      store<f64>(cur + (<usize>((2 * s) * MAXK + i) << 3), px);
      store<f64>(cur + (<usize>((2 * s + 1) * MAXK + i) << 3), q);
    }
  }
}

/** Σ of the first k sizes of a side of `prev`, in lots (LevelSnapshot.topLots). */
function prevTopLots(s: i32, k: i32): f64 {
  let v = 0.0;
  for (let i = 0; i < k && i < ofiLevels; i++) v += snap(prev, 2 * s + 1, i);
  return v;
}

/** flow.ts afterBook: writes the 9 columns at `f`; returns FLAG_OFI_RESET, 0, or E_CAPACITY. */
export function flowAfter(f: usize, t: f64, valid: bool, resync: bool): i32 {
  // The reference advances the bars here too; featBefore already did it at the same
  // t, so that second call never closes a bar and is left out.
  evict(t);
  if (!valid) {
    hasPrev = false;
    return 0; // the columns stay NaN
  }
  readSnapshot();
  let flags = 0;
  if (hasPrev && !resync) {
    if (cks() && !push(t)) return E_CAPACITY;
    barOfi += load<f64>(E);
  } else {
    flags = FLAG_OFI_RESET;
  }
  const swap = prev;
  prev = cur;
  cur = swap;
  hasPrev = true;

  const M = iofiLevels;
  const x1 = (prevTopLots(0, 1) + prevTopLots(1, 1)) / 2;
  const xM = (prevTopLots(0, M) + prevTopLots(1, M)) / <f64>(2 * M);
  ad1 = isNaN(ad1) ? x1 : emaNext(ad1, ad1Prev, ad1T, t);
  ad1Prev = x1;
  ad1T = t;
  adM = isNaN(adM) ? xM : emaNext(adM, adMPrev, adMT, t);
  adMPrev = xM;
  adMT = t;

  store<f64>(f + (<usize>COL_OFI << 3), lotsBtc(sum(0, 0)));
  store<f64>(f + (<usize>COL_OFI_NORM << 3), ad1 > 0 ? sum(0, 0) / ad1 : NaN);
  for (let m = 2; m <= 5; m++) store<f64>(f + (<usize>(COL_MLOFI + m - 2) << 3), lotsBtc(sum(0, m - 1)));
  store<f64>(f + (<usize>COL_IOFI_SHORT << 3), integrated(0));
  store<f64>(f + (<usize>COL_IOFI_LONG << 3), integrated(1));
  store<f64>(f + (<usize>COL_OFI_LAMBDA << 3), lambda);
  return flags;
}

/** (Σ_m w_m·OFI^m_W)/ĀD_M over window w (unit-free lot ratio). */
function integrated(w: i32): f64 {
  if (!(adM > 0)) return NaN;
  let s = 0.0;
  for (let m = 0; m < iofiLevels; m++) s += iofiWeight(m) * sum(w, m);
  return s / adM;
}
