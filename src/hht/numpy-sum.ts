/**
 * numpy's float64 summation order, so that EMD stopping thresholds are compared
 * against the same rounded sums the reference (PyEMD on numpy) computes.
 *
 * `np.sum(a)` on a contiguous float64 array is not a left-to-right sum: below 8
 * elements it is sequential; up to 128 it keeps 8 running partial sums (lanes
 * i mod 8) combined as ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)) and then adds the
 * tail sequentially; above 128 it splits at n/2 rounded down to a multiple of 8
 * and recurses. A threshold test like Σ(h−h_old)²/Σh_old² < 0.2 that sits within
 * rounding of the limit then flips the same way in both implementations.
 * Cost O(n), recursion depth log2(n/128).
 */

/** numpy's pairwise block size (PW_BLOCKSIZE). */
const PW_BLOCK = 128;

/** Σ a[start .. start+count-1] in numpy's pairwise order. */
export function pairwiseSum(a: Float64Array, start: number, count: number): number {
  if (count < 8) {
    let res = 0;
    for (let i = 0; i < count; i++) res += a[start + i]!;
    return res;
  }
  if (count <= PW_BLOCK) {
    let r0 = a[start]!, r1 = a[start + 1]!, r2 = a[start + 2]!, r3 = a[start + 3]!;
    let r4 = a[start + 4]!, r5 = a[start + 5]!, r6 = a[start + 6]!, r7 = a[start + 7]!;
    const whole = count - (count % 8);
    let i = 8;
    for (; i < whole; i += 8) {
      const p = start + i;
      r0 += a[p]!; r1 += a[p + 1]!; r2 += a[p + 2]!; r3 += a[p + 3]!;
      r4 += a[p + 4]!; r5 += a[p + 5]!; r6 += a[p + 6]!; r7 += a[p + 7]!;
    }
    let res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
    for (; i < count; i++) res += a[start + i]!;
    return res;
  }
  let half = Math.floor(count / 2);
  half -= half % 8;
  return pairwiseSum(a, start, half) + pairwiseSum(a, start + half, count - half);
}
