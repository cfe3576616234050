/**
 * PyEMD "simple" extrema and the zero-crossing count in one O(n) pass: the port
 * of src/hht/extrema.ts (findExtrema + countZeroCrossings), index for index,
 * plateau quirks included (see that file for why each one is there).
 *
 * In: s = n f64 (n ≥ 3). Out: ascending indices into maxIdxPtr/minIdxPtr (i32,
 * capacity ≥ n), counts in extMaxCount/extMinCount, zero crossings in
 * zeroCrossings.
 *
 * Four samples per step with f64x2: d = [d_i, d_{i+1}], [d_{i+2}, d_{i+3}] and
 * the same shifted by one give the strict-extremum tests of samples i … i+3 as
 * lane masks (the same product-below-zero tests as the reference, lane by lane).
 * The indices are stored unconditionally and the counts bumped by the number
 * found, so the buffers need two spare slots, which nMax, nMin ≤ n/2 leave. A
 * step where a difference is exactly 0 leaves that loop for one running the
 * scalar reference logic (plateauStep) until the plateau closes; plateaus are
 * common only in the first sifts of tick-rounded prices.
 */
import { maxIdxPtr, minIdxPtr } from './layout';

export let extMaxCount: i32 = 0;
export let extMinCount: i32 = 0;
export let zeroCrossings: i32 = 0;

// State of the scalar path: counts, the open plateau's first difference (−1: none), d[−1].
let nMax: i32 = 0, nMin: i32 = 0, runStart: i32 = -1;
let dWrap: f64 = 0;

/** numpy.round(sum / 2) for an integer sum: a half goes to the even neighbour. */
@inline function roundHalfEvenHalf(sum: i32): i32 {
  if ((sum & 1) == 0) return sum >> 1;
  const lo = (sum - 1) >> 1;
  return (lo & 1) == 0 ? lo : lo + 1;
}

/** The reference's loop body for sample i, d = d_i, dPrev = d_{i−1}, on the module state. */
function plateauStep(s: usize, i: i32, d: f64, dPrev: f64): void {
  if (d != 0 && runStart < 0) {
    // A product below zero (an underflow to ±0 is no extremum, as in numpy).
    if (dPrev * d < 0) {
      if (dPrev > 0) { store<i32>(maxIdxPtr + (<usize>nMax << 2), i); nMax++; }
      else { store<i32>(minIdxPtr + (<usize>nMin << 2), i); nMin++; }
    }
  } else if (d == 0) {
    if (runStart < 0) runStart = i;
  } else {
    // The plateau d[a..i−1] ends here; a = 1 is PyEMD's dropped case, a = 0 reads d[−1].
    const a = runStart;
    runStart = -1;
    if (a == 1) return;
    const at = roundHalfEvenHalf(a + i);
    const before = a == 0 ? dWrap : load<f64>(s + (<usize>a << 3)) - load<f64>(s + (<usize>(a - 1) << 3));
    if (before > 0) {
      if (d < 0) { store<i32>(maxIdxPtr + (<usize>nMax << 2), at); nMax++; }
    } else if (d > 0) {
      store<i32>(minIdxPtr + (<usize>nMin << 2), at); nMin++;
    }
  }
}

/** Extrema and zero crossings of s[0..n−1]; returns the number of extrema. */
export function scanExtrema(s: usize, n: i32): i32 {
  const maxIdx = maxIdxPtr, minIdx = minIdxPtr;
  const zero = f64x2.splat(0);
  // d[−1] in numpy is the last difference; only a plateau starting at a = 0 reads it.
  dWrap = load<f64>(s + (<usize>(n - 1) << 3)) - load<f64>(s + (<usize>(n - 2) << 3));
  nMax = 0; nMin = 0; runStart = -1;
  let mx = 0, mn = 0, zc = 0, prevZero = 0;
  let dLast = zero; // [d_{i−2}, d_{i−1}]; d_{−1} = 0 makes sample 0 no strict extremum
  let i = 0;
  while (i + 2 < n) {
    // Fast loop, four samples a step: no open plateau and no zero difference. It has no calls,
    // so V8 keeps its state in registers.
    for (; i + 4 < n; i += 4) {
      const p = <usize>i << 3;
      const a0 = v128.load(s + p), a1 = v128.load(s + p, 16);
      const b0 = v128.load(s + p, 8), b1 = v128.load(s + p, 24);
      const d0 = f64x2.sub(b0, a0), d1 = f64x2.sub(b1, a1); // [d_i, d_{i+1}], [d_{i+2}, d_{i+3}]
      if (v128.any_true(v128.or(f64x2.eq(d0, zero), f64x2.eq(d1, zero)))) break;
      // Zero crossings: products below zero, plus one per run of exact zeros in s (bit k: sample i + k).
      const z = i64x2.bitmask(f64x2.eq(a0, zero)) | (i64x2.bitmask(f64x2.eq(a1, zero)) << 2);
      const sign = i64x2.bitmask(f64x2.lt(f64x2.mul(a0, b0), zero)) | (i64x2.bitmask(f64x2.lt(f64x2.mul(a1, b1), zero)) << 2);
      zc += popcnt<i32>(z & ~((z << 1) | prevZero)) + popcnt<i32>(sign);
      prevZero = z >> 3;
      const p0 = v128.shuffle<f64>(dLast, d0, 1, 2), p1 = v128.shuffle<f64>(d0, d1, 1, 2);
      const e0 = f64x2.lt(f64x2.mul(p0, d0), zero), u0 = f64x2.gt(p0, zero);
      const e1 = f64x2.lt(f64x2.mul(p1, d1), zero), u1 = f64x2.gt(p1, zero);
      // Maxima and minima alternate, so four samples hold at most two of each: the lowest and
      // highest set bit. Both are stored, the count says which to keep (ctz(0) = 32 stores junk
      // one past the count, overwritten later; two spare slots suffice).
      const isMax = i64x2.bitmask(v128.and(e0, u0)) | (i64x2.bitmask(v128.and(e1, u1)) << 2);
      const isMin = i64x2.bitmask(v128.andnot(e0, u0)) | (i64x2.bitmask(v128.andnot(e1, u1)) << 2);
      store<i32>(maxIdx + (<usize>mx << 2), i + ctz<i32>(isMax));
      store<i32>(maxIdx + (<usize>mx << 2), i + 31 - clz<i32>(isMax), 4);
      mx += popcnt<i32>(isMax);
      store<i32>(minIdx + (<usize>mn << 2), i + ctz<i32>(isMin));
      store<i32>(minIdx + (<usize>mn << 2), i + 31 - clz<i32>(isMin), 4);
      mn += popcnt<i32>(isMin);
      dLast = d1;
    }
    // Slow loop: the reference's steps, two samples at a time, until no plateau is open.
    nMax = mx; nMin = mn;
    for (; i + 2 < n; i += 2) {
      const p = <usize>i << 3;
      const a = v128.load(s + p), b = v128.load(s + p, 8);
      const d = f64x2.sub(b, a);
      const z = i64x2.bitmask(f64x2.eq(a, zero));
      zc += popcnt<i32>(z & ~((z << 1) | prevZero)) + popcnt<i32>(i64x2.bitmask(f64x2.lt(f64x2.mul(a, b), zero)));
      prevZero = z >> 1;
      const d0 = f64x2.extract_lane(d, 0);
      plateauStep(s, i, d0, f64x2.extract_lane(dLast, 1));
      plateauStep(s, i + 1, f64x2.extract_lane(d, 1), d0);
      dLast = d;
      if (runStart < 0) { i += 2; break; }
    }
    mx = nMax; mn = nMin;
  }
  nMax = mx; nMin = mn;
  // The last one or two steps, scalar.
  let dPrev = f64x2.extract_lane(dLast, 1);
  for (; i < n - 1; i++) {
    const a = load<f64>(s + (<usize>i << 3)), b = load<f64>(s + (<usize>(i + 1) << 3));
    const z = <i32>(a == 0);
    zc += (z & (prevZero ^ 1)) + <i32>(a * b < 0);
    prevZero = z;
    const d = b - a;
    plateauStep(s, i, d, dPrev);
    dPrev = d;
  }
  // A plateau still open ends at b = n − 1 and is dropped; the last sample may start a zero run.
  zc += <i32>(load<f64>(s + (<usize>(n - 1) << 3)) == 0) & (prevZero ^ 1);
  extMaxCount = nMax;
  extMinCount = nMin;
  zeroCrossings = zc;
  return nMax + nMin;
}
