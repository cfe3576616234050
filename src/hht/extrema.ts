/**
 * PyEMD "simple" extrema and zero-crossing counts (HHT.md §1 steps 1–2), exact
 * to the index, including its plateau and edge quirks. One O(n) pass each, no
 * allocation: indices go to caller-owned Int32Arrays of length ≥ n.
 *
 * d[i] = s[i+1] − s[i]. Strict extremum at i when d[i−1]·d[i] < 0 (the product,
 * not a sign test: a product that underflows to ±0 is not an extremum, as in
 * numpy). A run of exact zeros d[a..b−1] is one extremum at roundHalfEven((a+b)/2)
 * when d[a−1] > 0 > d[b] (max) or d[a−1] ≤ 0 < d[b] (min; the ≤ is PyEMD's
 * `else` branch). Quirks kept on purpose: a run with a = 1 is dropped (PyEMD
 * tests `debs[0] == 1` where it meant the first sample), a run with a = 0 reads
 * d[−1], numpy's last difference, and a run reaching b = n−1 is dropped.
 */

/** Slots of the `counts` array that findExtrema fills. */
export const COUNT_MAX = 0, COUNT_MIN = 1;

/** numpy.round((a+b)/2) for integers a+b = sum: halves go to the even neighbour. */
export function roundHalfEvenHalf(sum: number): number {
  if (sum % 2 === 0) return sum / 2;
  const lo = (sum - 1) / 2;
  return lo % 2 === 0 ? lo : lo + 1;
}

/**
 * Indices of the maxima and minima of s[0..n−1], ascending, into maxIdx/minIdx;
 * their counts into counts[COUNT_MAX] and counts[COUNT_MIN].
 */
export function findExtrema(s: Float64Array, n: number, maxIdx: Int32Array, minIdx: Int32Array, counts: Int32Array): void {
  let nMax = 0, nMin = 0;
  // d[−1] in numpy is the last difference; only a run starting at a = 0 reads it.
  const dWrap = n >= 2 ? s[n - 1]! - s[n - 2]! : 0;
  let runStart = -1;
  let dPrev = 0;
  for (let i = 0; i < n - 1; i++) {
    const d = s[i + 1]! - s[i]!;
    if (d === 0) {
      if (runStart < 0) runStart = i;
      dPrev = d;
      continue;
    }
    if (runStart >= 0) {
      // The run d[a..b−1] ended at b = i; its extremum lies in [a, b], before any
      // strict extremum found from here on, so the output stays sorted.
      const a = runStart;
      runStart = -1;
      if (a !== 1) {
        const before = a === 0 ? dWrap : s[a]! - s[a - 1]!;
        const at = roundHalfEvenHalf(a + i);
        if (before > 0) {
          if (d < 0) maxIdx[nMax++] = at;
        } else if (d > 0) {
          minIdx[nMin++] = at;
        }
      }
    } else if (i >= 1 && dPrev * d < 0) {
      if (dPrev > 0) maxIdx[nMax++] = i;
      else minIdx[nMin++] = i;
    }
    dPrev = d;
  }
  // A run still open here ends at b = n − 1 and is dropped.
  counts[COUNT_MAX] = nMax;
  counts[COUNT_MIN] = nMin;
}

/**
 * PyEMD's zero-crossing count: pairs with s[i]·s[i+1] < 0 plus one per run of
 * consecutive exact zeros (an isolated zero is a run of one).
 */
export function countZeroCrossings(s: Float64Array, n: number): number {
  let count = 0;
  let inZeroRun = false;
  for (let i = 0; i < n; i++) {
    const v = s[i]!;
    if (v === 0) {
      if (!inZeroRun) count++;
      inZeroRun = true;
    } else {
      inZeroRun = false;
    }
    if (i + 1 < n && v * s[i + 1]! < 0) count++;
  }
  return count;
}
