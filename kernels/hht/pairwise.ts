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

@inline function term(kind: i32, a: usize, b: usize, i: i32): f64 {
  const x = load<f64>(a + (<usize>i << 3));
  if (kind == SUM_SQUARE) return x * x;
  const d = x - load<f64>(b + (<usize>i << 3));
  if (kind == SUM_DIFF_SQUARE) return d * d;
  if (kind == SUM_REL_SQUARE) { const q = d / x; return q * q; }
  return Math.abs(d);
}

@inline function termV(kind: i32, a: usize, b: usize, p: usize): v128 {
  const x = v128.load(a + p);
  if (kind == SUM_SQUARE) return f64x2.mul(x, x);
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
