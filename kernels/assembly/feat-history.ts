/**
 * The two histories of the dynamics columns: the port of
 * src/features/dynamics-history.ts (as-of ring of valid rows) and
 * src/features/dynamics-grid.ts (the 100 ms RV grid).
 *
 * As-of ring: (t ms, mid USD, spread bps) of every valid row, HIST_CAP entries
 * with absolute sequence numbers; one monotone pointer per lag (100 ms, 1 s, 10 s,
 * 60 s returns, 1 s spread). Rows older than every pointer are dropped, so it holds
 * the rows of the last 60 s (plus the warm-up). The reference grows without bound;
 * a full ring here is E_CAPACITY (HIST_CAP = 524288 valid rows inside 60 s: 8.7k/s).
 *
 * RV grid: ring of the last 600 squared returns r_j² (bps²) and invalid flags; the
 * sums are recomputed from the ring whenever a boundary was pushed (no drift). The
 * reference adds oldest → newest in one chain; here four interleaved partial sums
 * (4× fewer dependent additions). The terms are all >= 0, so any order is within
 * (n − 1)·2^-53 ≈ 7e-14 relative of the reference's sum.
 */
import { DYN_GRID_MS, DYN_LAGS, DYN_RV_LONG, DYN_RV_SHORT, dynLagMs } from './feat-cols';
import { carve } from './feat-params';
import { hostLog } from './host-math';

const HIST_CAP: i32 = 1 << 19;
const HIST_MASK: i64 = HIST_CAP - 1;
const PTR = memory.data(DYN_LAGS * 8);
let histT: usize = 0;
let histMidUsd: usize = 0;
let histSpread: usize = 0;
let start: i64 = 0;
let end: i64 = 0;

const RV_CAP: i32 = DYN_RV_LONG;
const RV_SQ = memory.data(DYN_RV_LONG * 8);
const RV_BAD = memory.data(DYN_RV_LONG);
let rvN: i64 = 0;
let rvNext: f64 = NaN;
let rvPrevMid: f64 = NaN;
let rvDirty = true;
let rvShort: f64 = NaN;
let rvLong: f64 = NaN;

export function historyCarve(): void {
  histT = carve(<usize>HIST_CAP << 3);
  histMidUsd = carve(<usize>HIST_CAP << 3);
  histSpread = carve(<usize>HIST_CAP << 3);
}

export function historyReset(): void {
  start = 0;
  end = 0;
  for (let k = 0; k < DYN_LAGS; k++) store<i64>(PTR + (<usize>k << 3), -1);
  memory.fill(RV_SQ, 0, <usize>RV_CAP << 3);
  memory.fill(RV_BAD, 0, <usize>RV_CAP);
  rvN = 0;
  rvNext = NaN;
  rvPrevMid = NaN;
  rvDirty = true;
  rvShort = NaN;
  rvLong = NaN;
}

// ---- as-of ring ----

/** Appends a valid row; false when the ring is full. */
export function historyPush(t: f64, mid: f64, spreadBps: f64): bool {
  if (end - start >= <i64>HIST_CAP) return false;
  const i = <usize>(end & HIST_MASK) << 3;
  store<f64>(histT + i, t);
  store<f64>(histMidUsd + i, mid);
  store<f64>(histSpread + i, spreadBps);
  end++;
  return true;
}

/** Moves lag k's pointer to the last row with t_i <= t − L_k; returns it, or −1. */
export function historySeek(k: i32, t: f64): i64 {
  const target = t - dynLagMs(k);
  const a = PTR + (<usize>k << 3);
  let p = load<i64>(a);
  while (p + 1 < end && load<f64>(histT + (<usize>((p + 1) & HIST_MASK) << 3)) <= target) p++;
  store<i64>(a, p);
  return p;
}

@inline export function historyMid(abs: i64): f64 { return load<f64>(histMidUsd + (<usize>(abs & HIST_MASK) << 3)); }
@inline export function historySpread(abs: i64): f64 { return load<f64>(histSpread + (<usize>(abs & HIST_MASK) << 3)); }

/** Drops the rows no pointer can reach again. */
export function historyTrim(): void {
  let lo = load<i64>(PTR);
  for (let k = 1; k < DYN_LAGS; k++) { const p = load<i64>(PTR + (<usize>k << 3)); if (p < lo) lo = p; }
  if (lo > start) start = lo;
}

// ---- RV grid ----

/**
 * An event at t arrives; `mid` is the mid before it (NaN if invalid). Processes every
 * boundary g < t not yet processed; the first event only fixes the grid start.
 */
export function gridAdvance(t: f64, mid: f64): void {
  const step = DYN_GRID_MS;
  let kEnd = Math.ceil(t / step);
  while ((kEnd - 1) * step >= t) kEnd--;
  while (kEnd * step < t) kEnd++;
  if (isNaN(rvNext)) { rvNext = kEnd; return; }
  let count = kEnd - rvNext;
  if (count <= 0) return;
  rvNext = kEnd;
  if (count > <f64>RV_CAP) {
    rvN += <i64>(count - <f64>RV_CAP); // only the last RV_CAP returns can stay in the ring
    rvPrevMid = mid;
    count = <f64>RV_CAP;
  }
  const c = <i32>count;
  for (let i = 0; i < c; i++) gridPush(mid);
  rvDirty = true;
}

function gridPush(mid: f64): void {
  const slot = <usize>(rvN % <i64>RV_CAP);
  if (rvN > 0 && !isNaN(mid) && !isNaN(rvPrevMid)) {
    const r = 1e4 * hostLog(mid / rvPrevMid);
    store<f64>(RV_SQ + (slot << 3), r * r);
    store<u8>(RV_BAD + slot, 0);
  } else {
    store<f64>(RV_SQ + (slot << 3), 0);
    store<u8>(RV_BAD + slot, 1);
  }
  rvPrevMid = mid;
  rvN++;
}

/** rv over the short (k = 0) or long (k = 1) window, bps; NaN while not full or spoiled. */
export function gridValue(k: i32): f64 {
  if (rvDirty) {
    rvDirty = false;
    // The short window is the newest DYN_RV_SHORT returns of the long one.
    const sumShort = rvSum(rvN - <i64>DYN_RV_SHORT, rvN);
    const badShort = rvBad;
    const sumLong = sumShort + rvSum(rvN - <i64>DYN_RV_LONG, rvN - <i64>DYN_RV_SHORT);
    const badLong = badShort + rvBad;
    rvShort = rvN < <i64>DYN_RV_SHORT || badShort > 0 ? NaN : Math.sqrt(max<f64>(0, sumShort));
    rvLong = rvN < <i64>DYN_RV_LONG || badLong > 0 ? NaN : Math.sqrt(max<f64>(0, sumLong));
  }
  return k == 0 ? rvShort : rvLong;
}

let rvBad: i32 = 0;

/** Σ r² over the returns with absolute indices [from, to) (from clamped at 0); invalid count in rvBad. */
function rvSum(from: i64, to: i64): f64 {
  if (from < 0) from = 0;
  let s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
  let bad = 0;
  let j = from;
  while (j < to) {
    // one contiguous run of the ring
    const slot = <i32>(j % <i64>RV_CAP);
    const run = <i32>min<i64>(to - j, <i64>(RV_CAP - slot));
    const sq = RV_SQ + (<usize>slot << 3);
    const bf = RV_BAD + <usize>slot;
    let i = 0;
    for (; i + 4 <= run; i += 4) {
      const a = sq + (<usize>i << 3);
      s0 += load<f64>(a);
      s1 += load<f64>(a, 8);
      s2 += load<f64>(a, 16);
      s3 += load<f64>(a, 24);
      bad += load<u8>(bf + <usize>i) + load<u8>(bf + <usize>i, 1) + load<u8>(bf + <usize>i, 2) + load<u8>(bf + <usize>i, 3);
    }
    for (; i < run; i++) {
      s0 += load<f64>(sq + (<usize>i << 3));
      bad += load<u8>(bf + <usize>i);
    }
    j += <i64>run;
  }
  rvBad = bad;
  return (s0 + s1) + (s2 + s3);
}
