/**
 * Boundary knots for the envelopes: PyEMD `_prepare_points_simple` (HHT.md §1
 * step 3), reproduced case by case. Times are sample indices (T = 0..n−1), so
 * every knot time is an exact integer held in a float64.
 *
 * Per side, nbsym extrema of each kind are mirrored either about the edge
 * extremum or about the end sample, which then becomes a knot itself:
 *
 *   left edge extremum is a max:  s[0] > s[first min] → mirror about that max
 *                                 else                → about t = 0, s[0] joins the minima
 *   left edge extremum is a min:  s[0] < s[first max] → mirror about that min
 *                                 else                → about t = 0, s[0] joins the maxima
 *   (right edge: the same with the last extrema and t = n−1)
 *
 * If a mirrored knot still lies inside [0, n−1] the side falls back to mirroring
 * about the end sample, without adding it as a knot. Each mirrored list is a
 * reversed slice of the extrema plus at most one end sample, so it is described by
 * (lo, hi, withEnd) instead of being built; an empty slice falls back to the whole
 * extrema array, which for nbsym ≥ 1 always has exactly one element. Finally a knot
 * whose time equals the next knot's is deleted (the later one is kept).
 */
import { COUNT_MAX, COUNT_MIN } from './extrema.js';

/** Knot arrays filled by prepareKnots; capacity ≥ n + 2·nbsym + 2 each. */
export interface KnotBuffers {
  readonly maxT: Float64Array;
  readonly maxV: Float64Array;
  readonly minT: Float64Array;
  readonly minV: Float64Array;
  /** [COUNT_MAX] = number of max knots, [COUNT_MIN] = number of min knots. */
  readonly counts: Int32Array;
}

/**
 * Mirrored + inner knots of both envelopes of s[0..n−1], from its extrema
 * (ascending indices, nMax ≥ 1 and nMin ≥ 1). Throws where PyEMD raises.
 */
export function prepareKnots(
  s: Float64Array, n: number,
  maxIdx: Int32Array, nMax: number, minIdx: Int32Array, nMin: number,
  nbsym: number, out: KnotBuffers,
): void {
  if (nMax < 1 || nMin < 1) throw new RangeError(`mirroring needs a maximum and a minimum, was ${nMax} maxima and ${nMin} minima`);
  if (!(nbsym >= 1)) throw new RangeError(`nbsym must be at least 1, was ${nbsym}`);
  const last = n - 1;

  // Left side: lists are ind[hi−1], …, ind[lo] (then 0 when withEnd).
  let lMaxLo: number, lMaxHi: number, lMaxEnd = false;
  let lMinLo: number, lMinHi: number, lMinEnd = false;
  let lSym: number;
  if (maxIdx[0]! < minIdx[0]!) {
    if (s[0]! > s[minIdx[0]!]!) {
      lMaxLo = 1; lMaxHi = Math.min(nMax, nbsym + 1);
      lMinLo = 0; lMinHi = Math.min(nMin, nbsym);
      lSym = maxIdx[0]!;
    } else {
      lMaxLo = 0; lMaxHi = Math.min(nMax, nbsym);
      lMinLo = 0; lMinHi = Math.min(nMin, nbsym - 1); lMinEnd = true;
      lSym = 0;
    }
  } else {
    if (s[0]! < s[maxIdx[0]!]!) {
      lMaxLo = 0; lMaxHi = Math.min(nMax, nbsym);
      lMinLo = 1; lMinHi = Math.min(nMin, nbsym + 1);
      lSym = minIdx[0]!;
    } else {
      lMaxLo = 0; lMaxHi = Math.min(nMax, nbsym - 1); lMaxEnd = true;
      lMinLo = 0; lMinHi = Math.min(nMin, nbsym);
      lSym = 0;
    }
  }

  // Right side: lists are (n−1 when withEnd, then) ind[hi−1], …, ind[lo].
  let rMaxLo: number, rMaxHi: number, rMaxEnd = false;
  let rMinLo: number, rMinHi: number, rMinEnd = false;
  let rSym: number;
  if (maxIdx[nMax - 1]! < minIdx[nMin - 1]!) {
    if (s[last]! < s[maxIdx[nMax - 1]!]!) {
      rMaxLo = Math.max(nMax - nbsym, 0); rMaxHi = nMax;
      rMinLo = Math.max(nMin - nbsym - 1, 0); rMinHi = nMin - 1;
      rSym = minIdx[nMin - 1]!;
    } else {
      rMaxLo = Math.max(nMax - nbsym + 1, 0); rMaxHi = nMax; rMaxEnd = true;
      rMinLo = Math.max(nMin - nbsym, 0); rMinHi = nMin;
      rSym = last;
    }
  } else {
    if (s[last]! > s[minIdx[nMin - 1]!]!) {
      rMaxLo = Math.max(nMax - nbsym - 1, 0); rMaxHi = nMax - 1;
      rMinLo = Math.max(nMin - nbsym, 0); rMinHi = nMin;
      rSym = maxIdx[nMax - 1]!;
    } else {
      rMaxLo = Math.max(nMax - nbsym, 0); rMaxHi = nMax;
      rMinLo = Math.max(nMin - nbsym + 1, 0); rMinHi = nMin; rMinEnd = true;
      rSym = last;
    }
  }

  // "In case any array missing": an empty list becomes the whole extrema array.
  if (lMinHi <= lMinLo && !lMinEnd) { lMinLo = 0; lMinHi = nMin; }
  if (rMinHi <= rMinLo && !rMinEnd) { rMinLo = 0; rMinHi = nMin; }
  if (lMaxHi <= lMaxLo && !lMaxEnd) { lMaxLo = 0; lMaxHi = nMax; }
  if (rMaxHi <= rMaxLo && !rMaxEnd) { rMaxLo = 0; rMaxHi = nMax; }

  // The leftmost mirrored time must not lie right of t = 0.
  const lMinFirst = lMinHi > lMinLo ? minIdx[lMinHi - 1]! : 0;
  const lMaxFirst = lMaxHi > lMaxLo ? maxIdx[lMaxHi - 1]! : 0;
  if (2 * lSym - lMinFirst > 0 || 2 * lSym - lMaxFirst > 0) {
    if (lSym === maxIdx[0]!) { lMaxLo = 0; lMaxHi = Math.min(nMax, nbsym); lMaxEnd = false; }
    else { lMinLo = 0; lMinHi = Math.min(nMin, nbsym); lMinEnd = false; }
    if (lSym === 0) throw new Error('EMD mirroring: left edge case PyEMD reports as "Left edge BUG"');
    lSym = 0;
  }
  // The rightmost mirrored time must not lie left of t = n−1.
  const rMinLast = rMinHi > rMinLo ? minIdx[rMinLo]! : last;
  const rMaxLast = rMaxHi > rMaxLo ? maxIdx[rMaxLo]! : last;
  if (2 * rSym - rMinLast < last || 2 * rSym - rMaxLast < last) {
    if (rSym === maxIdx[nMax - 1]!) { rMaxLo = Math.max(nMax - nbsym, 0); rMaxHi = nMax; rMaxEnd = false; }
    else { rMinLo = Math.max(nMin - nbsym, 0); rMinHi = nMin; rMinEnd = false; }
    if (rSym === last) throw new Error('EMD mirroring: right edge case PyEMD reports as "Right edge BUG"');
    rSym = last;
  }

  let k = emitMirrored(s, maxIdx, lMaxLo, lMaxHi, lMaxEnd, false, 0, lSym, out.maxT, out.maxV, 0);
  k = emitInner(s, maxIdx, nMax, out.maxT, out.maxV, k);
  k = emitMirrored(s, maxIdx, rMaxLo, rMaxHi, rMaxEnd, true, last, rSym, out.maxT, out.maxV, k);
  out.counts[COUNT_MAX] = dropRepeatedTimes(out.maxT, out.maxV, k);

  k = emitMirrored(s, minIdx, lMinLo, lMinHi, lMinEnd, false, 0, lSym, out.minT, out.minV, 0);
  k = emitInner(s, minIdx, nMin, out.minT, out.minV, k);
  k = emitMirrored(s, minIdx, rMinLo, rMinHi, rMinEnd, true, last, rSym, out.minT, out.minV, k);
  out.counts[COUNT_MIN] = dropRepeatedTimes(out.minT, out.minV, k);
}

/** Writes the mirror images about `sym` of ind[hi−1], …, ind[lo], with the end sample first or last. */
function emitMirrored(
  s: Float64Array, ind: Int32Array, lo: number, hi: number,
  withEnd: boolean, endFirst: boolean, endIdx: number, sym: number,
  t: Float64Array, v: Float64Array, k: number,
): number {
  if (withEnd && endFirst) { t[k] = 2 * sym - endIdx; v[k] = s[endIdx]!; k++; }
  for (let j = hi - 1; j >= lo; j--) {
    const i = ind[j]!;
    t[k] = 2 * sym - i; v[k] = s[i]!; k++;
  }
  if (withEnd && !endFirst) { t[k] = 2 * sym - endIdx; v[k] = s[endIdx]!; k++; }
  return k;
}

function emitInner(s: Float64Array, ind: Int32Array, count: number, t: Float64Array, v: Float64Array, k: number): number {
  for (let j = 0; j < count; j++) {
    const i = ind[j]!;
    t[k] = i; v[k] = s[i]!; k++;
  }
  return k;
}

/** Deletes knot j when t[j+1] == t[j] (numpy.delete on that mask), in place; returns the new count. */
function dropRepeatedTimes(t: Float64Array, v: Float64Array, count: number): number {
  let w = 0;
  for (let j = 0; j < count; j++) {
    if (j + 1 < count && t[j + 1] === t[j]) continue;
    t[w] = t[j]!; v[w] = v[j]!; w++;
  }
  return w;
}
