/**
 * numpy's float64 summation order (src/hht/numpy-sum.ts explains it) for sums
 * whose terms are computed on the fly from one or two arrays, so no temporary
 * array is written: below 8 terms sequential; up to 128 eight running lane sums
 * combined as ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)) plus a sequential tail; above
 * that split at ⌊n/2⌋ rounded down to a multiple of 8. The eight lanes are kept as
 * four f64x2 vectors: each lane still adds its own terms in order, so the result
 * is bit-identical to the scalar reference. O(n), recursion depth log2(n/128).
 */

/** Term kinds, by what they sum. */
export const SUM_SQUARE: i32 = 0; // a[i]²
export const SUM_DIFF_SQUARE: i32 = 1; // (a[i] − b[i])²
export const SUM_REL_SQUARE: i32 = 2; // ((a[i] − b[i]) / a[i])²
export const SUM_ABS_DIFF: i32 = 3; // |a[i] − b[i]|
export const SUM_ABS: i32 = 4; // |a[i]|

@inline function term(kind: i32, a: usize, b: usize, i: i32): f64 {
  const x = load<f64>(a + (<usize>i << 3));
  if (kind == SUM_SQUARE) return x * x;
  if (kind == SUM_ABS) return Math.abs(x);
  const d = x - load<f64>(b + (<usize>i << 3));
  if (kind == SUM_DIFF_SQUARE) return d * d;
  if (kind == SUM_REL_SQUARE) { const q = d / x; return q * q; }
  return Math.abs(d);
}

@inline function termV(kind: i32, a: usize, b: usize, p: usize): v128 {
  const x = v128.load(a + p);
  if (kind == SUM_SQUARE) return f64x2.mul(x, x);
  if (kind == SUM_ABS) return f64x2.abs(x);
  const d = f64x2.sub(x, v128.load(b + p));
  if (kind == SUM_DIFF_SQUARE) return f64x2.mul(d, d);
  if (kind == SUM_REL_SQUARE) { const q = f64x2.div(d, x); return f64x2.mul(q, q); }
  return f64x2.abs(d);
}

/** Σ term(kind, a, b, i) for i in [start, start + count), in numpy's pairwise order. */
export function pairwiseSum(kind: i32, a: usize, b: usize, start: i32, count: i32): f64 {
  if (count < 8) {
    let res = 0.0;
    for (let i = 0; i < count; i++) res += term(kind, a, b, start + i);
    return res;
  }
  if (count <= 128) {
    const p0 = <usize>start << 3;
    let r01 = termV(kind, a, b, p0), r23 = termV(kind, a, b, p0 + 16);
    let r45 = termV(kind, a, b, p0 + 32), r67 = termV(kind, a, b, p0 + 48);
    const whole = count & ~7;
    let i = 8;
    for (; i < whole; i += 8) {
      const p = <usize>(start + i) << 3;
      r01 = f64x2.add(r01, termV(kind, a, b, p));
      r23 = f64x2.add(r23, termV(kind, a, b, p + 16));
      r45 = f64x2.add(r45, termV(kind, a, b, p + 32));
      r67 = f64x2.add(r67, termV(kind, a, b, p + 48));
    }
    let res = ((f64x2.extract_lane(r01, 0) + f64x2.extract_lane(r01, 1)) + (f64x2.extract_lane(r23, 0) + f64x2.extract_lane(r23, 1)))
      + ((f64x2.extract_lane(r45, 0) + f64x2.extract_lane(r45, 1)) + (f64x2.extract_lane(r67, 0) + f64x2.extract_lane(r67, 1)));
    for (; i < count; i++) res += term(kind, a, b, start + i);
    return res;
  }
  const half = (count >> 1) & ~7;
  return pairwiseSum(kind, a, b, start, half) + pairwiseSum(kind, a, b, start + half, count - half);
}

/** Σh², Σ(h − hOld)² and Σh_old² of the last siftSums call, and the largest / smallest hOld it saw. */
export let sumHH: f64 = 0, sumDD: f64 = 0, sumOO: f64 = 0;
export let oldHi: f64 = 0, oldLo: f64 = 0;

/**
 * The IMF test's three sums without a division, Σh², Σ(h − hOld)² and Σh_old²
 * over [start, start + count), each in numpy's pairwise order (the recursion and
 * lanes of pairwiseSum), in one pass; results in sumHH / sumDD / sumOO. Also
 * folds every hOld into oldHi / oldLo with `>` / `<` (the caller seeds them).
 */
export function siftSums(h: usize, hOld: usize, start: i32, count: i32): void {
  if (count < 8) {
    sumHH = 0; sumDD = 0; sumOO = 0;
    siftSumsScalar(h, hOld, start, 0, count);
    return;
  }
  if (count <= 128) {
    const p0 = <usize>start << 3;
    let hi = f64x2.splat(oldHi), lo = f64x2.splat(oldLo);
    let a01 = f64x2.splat(0), a23 = a01, a45 = a01, a67 = a01;
    let b01 = a01, b23 = a01, b45 = a01, b67 = a01;
    let c01 = a01, c23 = a01, c45 = a01, c67 = a01;
    const whole = count & ~7;
    for (let i = 0; i < whole; i += 8) {
      const p = p0 + (<usize>i << 3);
      // Lane sums start from their first term (0 + t = t exactly, also for t = −0: squares are never −0).
      let x = v128.load(h + p), o = v128.load(hOld + p), d = f64x2.sub(x, o);
      a01 = f64x2.add(a01, f64x2.mul(x, x)); b01 = f64x2.add(b01, f64x2.mul(d, d)); c01 = f64x2.add(c01, f64x2.mul(o, o));
      hi = v128.bitselect(o, hi, f64x2.gt(o, hi)); lo = v128.bitselect(o, lo, f64x2.lt(o, lo));
      x = v128.load(h + p, 16); o = v128.load(hOld + p, 16); d = f64x2.sub(x, o);
      a23 = f64x2.add(a23, f64x2.mul(x, x)); b23 = f64x2.add(b23, f64x2.mul(d, d)); c23 = f64x2.add(c23, f64x2.mul(o, o));
      hi = v128.bitselect(o, hi, f64x2.gt(o, hi)); lo = v128.bitselect(o, lo, f64x2.lt(o, lo));
      x = v128.load(h + p, 32); o = v128.load(hOld + p, 32); d = f64x2.sub(x, o);
      a45 = f64x2.add(a45, f64x2.mul(x, x)); b45 = f64x2.add(b45, f64x2.mul(d, d)); c45 = f64x2.add(c45, f64x2.mul(o, o));
      hi = v128.bitselect(o, hi, f64x2.gt(o, hi)); lo = v128.bitselect(o, lo, f64x2.lt(o, lo));
      x = v128.load(h + p, 48); o = v128.load(hOld + p, 48); d = f64x2.sub(x, o);
      a67 = f64x2.add(a67, f64x2.mul(x, x)); b67 = f64x2.add(b67, f64x2.mul(d, d)); c67 = f64x2.add(c67, f64x2.mul(o, o));
      hi = v128.bitselect(o, hi, f64x2.gt(o, hi)); lo = v128.bitselect(o, lo, f64x2.lt(o, lo));
    }
    sumHH = combine8(a01, a23, a45, a67); sumDD = combine8(b01, b23, b45, b67); sumOO = combine8(c01, c23, c45, c67);
    let hs = oldHi, ls = oldLo;
    hs = select<f64>(f64x2.extract_lane(hi, 0), hs, f64x2.extract_lane(hi, 0) > hs);
    hs = select<f64>(f64x2.extract_lane(hi, 1), hs, f64x2.extract_lane(hi, 1) > hs);
    ls = select<f64>(f64x2.extract_lane(lo, 0), ls, f64x2.extract_lane(lo, 0) < ls);
    ls = select<f64>(f64x2.extract_lane(lo, 1), ls, f64x2.extract_lane(lo, 1) < ls);
    oldHi = hs; oldLo = ls;
    siftSumsScalar(h, hOld, start, whole, count);
    return;
  }
  const half = (count >> 1) & ~7;
  siftSums(h, hOld, start, half);
  const a = sumHH, b = sumDD, c = sumOO;
  siftSums(h, hOld, start + half, count - half);
  sumHH = a + sumHH; sumDD = b + sumDD; sumOO = c + sumOO;
}

/**
 * Samples [from, count) of a siftSums block, one at a time, added onto the sums
 * and range in the globals (pairwiseSum's scalar head and tail, in its order).
 */
@inline function siftSumsScalar(h: usize, hOld: usize, start: i32, from: i32, count: i32): void {
  let a = sumHH, b = sumDD, c = sumOO;
  let hi = oldHi, lo = oldLo;
  for (let i = from; i < count; i++) {
    const p = <usize>(start + i) << 3;
    const x = load<f64>(h + p), o = load<f64>(hOld + p);
    const d = x - o;
    a += x * x; b += d * d; c += o * o;
    hi = select<f64>(o, hi, o > hi);
    lo = select<f64>(o, lo, o < lo);
  }
  sumHH = a; sumDD = b; sumOO = c; oldHi = hi; oldLo = lo;
}

/** ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7)) of eight lane sums held in four vectors. */
@inline function combine8(r01: v128, r23: v128, r45: v128, r67: v128): f64 {
  return ((f64x2.extract_lane(r01, 0) + f64x2.extract_lane(r01, 1)) + (f64x2.extract_lane(r23, 0) + f64x2.extract_lane(r23, 1)))
    + ((f64x2.extract_lane(r45, 0) + f64x2.extract_lane(r45, 1)) + (f64x2.extract_lane(r67, 0) + f64x2.extract_lane(r67, 1)));
}
