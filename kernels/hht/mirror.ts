/**
 * Boundary knots of both envelopes: the port of src/hht/mirror.ts (PyEMD
 * `_prepare_points_simple`, HHT.md §1 step 3), case for case; that file explains
 * the four cases per side and the (lo, hi, withEnd) description of each mirrored
 * list. Reads the extrema scanExtrema left in maxIdxPtr/minIdxPtr; writes knot
 * times (exact integers as f64) and values to maxT/maxV and minT/minV, counts to
 * knotMaxCount/knotMinCount. O(number of extrema).
 */
import { E_LEFT_EDGE, E_NBSYM, E_NO_EXTREMUM_PAIR, E_OK, E_RIGHT_EDGE } from './errors';
import { maxIdxPtr, maxTPtr, maxVPtr, minIdxPtr, minTPtr, minVPtr, setInfo } from './layout';

export let knotMaxCount: i32 = 0;
export let knotMinCount: i32 = 0;

@inline function idx(p: usize, j: i32): i32 {
  return load<i32>(p + (<usize>j << 2));
}

@inline function at(s: usize, i: i32): f64 {
  return load<f64>(s + (<usize>i << 3));
}

/** Mirrored and inner knots of s[0..n−1] from nMax maxima and nMin minima; a status code. */
export function prepareKnots(s: usize, n: i32, nMax: i32, nMin: i32, nbsym: i32): i32 {
  if (nMax < 1 || nMin < 1) { setInfo(<f64>nMax, <f64>nMin, 0); return E_NO_EXTREMUM_PAIR; }
  if (nbsym < 1) { setInfo(<f64>nbsym, 0, 0); return E_NBSYM; }
  const maxIdx = maxIdxPtr, minIdx = minIdxPtr;
  const last = n - 1;
  const max0 = idx(maxIdx, 0), min0 = idx(minIdx, 0);
  const maxL = idx(maxIdx, nMax - 1), minL = idx(minIdx, nMin - 1);

  // Left side: lists are ind[hi−1], …, ind[lo] (then 0 when withEnd).
  let lMaxLo: i32, lMaxHi: i32, lMaxEnd = false;
  let lMinLo: i32, lMinHi: i32, lMinEnd = false;
  let lSym: i32;
  if (max0 < min0) {
    if (at(s, 0) > at(s, min0)) {
      lMaxLo = 1; lMaxHi = min(nMax, nbsym + 1);
      lMinLo = 0; lMinHi = min(nMin, nbsym);
      lSym = max0;
    } else {
      lMaxLo = 0; lMaxHi = min(nMax, nbsym);
      lMinLo = 0; lMinHi = min(nMin, nbsym - 1); lMinEnd = true;
      lSym = 0;
    }
  } else {
    if (at(s, 0) < at(s, max0)) {
      lMaxLo = 0; lMaxHi = min(nMax, nbsym);
      lMinLo = 1; lMinHi = min(nMin, nbsym + 1);
      lSym = min0;
    } else {
      lMaxLo = 0; lMaxHi = min(nMax, nbsym - 1); lMaxEnd = true;
      lMinLo = 0; lMinHi = min(nMin, nbsym);
      lSym = 0;
    }
  }

  // Right side: lists are (n−1 when withEnd, then) ind[hi−1], …, ind[lo].
  let rMaxLo: i32, rMaxHi: i32, rMaxEnd = false;
  let rMinLo: i32, rMinHi: i32, rMinEnd = false;
  let rSym: i32;
  if (maxL < minL) {
    if (at(s, last) < at(s, maxL)) {
      rMaxLo = max(nMax - nbsym, 0); rMaxHi = nMax;
      rMinLo = max(nMin - nbsym - 1, 0); rMinHi = nMin - 1;
      rSym = minL;
    } else {
      rMaxLo = max(nMax - nbsym + 1, 0); rMaxHi = nMax; rMaxEnd = true;
      rMinLo = max(nMin - nbsym, 0); rMinHi = nMin;
      rSym = last;
    }
  } else {
    if (at(s, last) > at(s, minL)) {
      rMaxLo = max(nMax - nbsym - 1, 0); rMaxHi = nMax - 1;
      rMinLo = max(nMin - nbsym, 0); rMinHi = nMin;
      rSym = maxL;
    } else {
      rMaxLo = max(nMax - nbsym, 0); rMaxHi = nMax;
      rMinLo = max(nMin - nbsym + 1, 0); rMinHi = nMin; rMinEnd = true;
      rSym = last;
    }
  }

  // "In case any array missing": an empty list becomes the whole extrema array.
  if (lMinHi <= lMinLo && !lMinEnd) { lMinLo = 0; lMinHi = nMin; }
  if (rMinHi <= rMinLo && !rMinEnd) { rMinLo = 0; rMinHi = nMin; }
  if (lMaxHi <= lMaxLo && !lMaxEnd) { lMaxLo = 0; lMaxHi = nMax; }
  if (rMaxHi <= rMaxLo && !rMaxEnd) { rMaxLo = 0; rMaxHi = nMax; }

  // The leftmost mirrored time must not lie right of t = 0.
  const lMinFirst = lMinHi > lMinLo ? idx(minIdx, lMinHi - 1) : 0;
  const lMaxFirst = lMaxHi > lMaxLo ? idx(maxIdx, lMaxHi - 1) : 0;
  if (2 * lSym - lMinFirst > 0 || 2 * lSym - lMaxFirst > 0) {
    if (lSym == max0) { lMaxLo = 0; lMaxHi = min(nMax, nbsym); lMaxEnd = false; }
    else { lMinLo = 0; lMinHi = min(nMin, nbsym); lMinEnd = false; }
    if (lSym == 0) return E_LEFT_EDGE;
    lSym = 0;
  }
  // The rightmost mirrored time must not lie left of t = n−1.
  const rMinLast = rMinHi > rMinLo ? idx(minIdx, rMinLo) : last;
  const rMaxLast = rMaxHi > rMaxLo ? idx(maxIdx, rMaxLo) : last;
  if (2 * rSym - rMinLast < last || 2 * rSym - rMaxLast < last) {
    if (rSym == maxL) { rMaxLo = max(nMax - nbsym, 0); rMaxHi = nMax; rMaxEnd = false; }
    else { rMinLo = max(nMin - nbsym, 0); rMinHi = nMin; rMinEnd = false; }
    if (rSym == last) return E_RIGHT_EDGE;
    rSym = last;
  }

  // Inner extrema are strictly increasing, so only pairs touching a mirrored list can repeat a time.
  let left = emitMirrored(s, maxIdx, lMaxLo, lMaxHi, lMaxEnd, false, 0, lSym, maxTPtr, maxVPtr, 0);
  let k = emitInner(s, maxIdx, nMax, maxTPtr, maxVPtr, left);
  k = emitMirrored(s, maxIdx, rMaxLo, rMaxHi, rMaxEnd, true, last, rSym, maxTPtr, maxVPtr, k);
  knotMaxCount = dropRepeatedTimes(maxTPtr, maxVPtr, k, left, left + nMax - 1);

  left = emitMirrored(s, minIdx, lMinLo, lMinHi, lMinEnd, false, 0, lSym, minTPtr, minVPtr, 0);
  k = emitInner(s, minIdx, nMin, minTPtr, minVPtr, left);
  k = emitMirrored(s, minIdx, rMinLo, rMinHi, rMinEnd, true, last, rSym, minTPtr, minVPtr, k);
  knotMinCount = dropRepeatedTimes(minTPtr, minVPtr, k, left, left + nMin - 1);
  return E_OK;
}

/** Mirror images about `sym` of ind[hi−1], …, ind[lo], the end sample first or last. */
function emitMirrored(
  s: usize, ind: usize, lo: i32, hi: i32, withEnd: bool, endFirst: bool, endIdx: i32, sym: i32,
  t: usize, v: usize, k: i32,
): i32 {
  if (withEnd && endFirst) { store<f64>(t + (<usize>k << 3), <f64>(2 * sym - endIdx)); store<f64>(v + (<usize>k << 3), at(s, endIdx)); k++; }
  for (let j = hi - 1; j >= lo; j--) {
    const i = idx(ind, j);
    store<f64>(t + (<usize>k << 3), <f64>(2 * sym - i));
    store<f64>(v + (<usize>k << 3), at(s, i));
    k++;
  }
  if (withEnd && !endFirst) { store<f64>(t + (<usize>k << 3), <f64>(2 * sym - endIdx)); store<f64>(v + (<usize>k << 3), at(s, endIdx)); k++; }
  return k;
}

function emitInner(s: usize, ind: usize, count: i32, t: usize, v: usize, k: i32): i32 {
  for (let j = 0; j < count; j++) {
    const i = idx(ind, j);
    store<f64>(t + (<usize>(k + j) << 3), <f64>i);
    store<f64>(v + (<usize>(k + j) << 3), at(s, i));
  }
  return k + count;
}

/**
 * Deletes knot j when t[j+1] == t[j] (numpy.delete on that mask), in place;
 * returns the new count. Knots j in [safeFrom, safeTo) have t[j+1] > t[j] and
 * are moved as a block without comparing.
 */
function dropRepeatedTimes(t: usize, v: usize, count: i32, safeFrom: i32, safeTo: i32): i32 {
  let w = dropRange(t, v, count, 0, safeFrom, 0);
  if (safeTo > safeFrom) {
    const bytes = <usize>(safeTo - safeFrom) << 3;
    if (w != safeFrom) {
      memory.copy(t + (<usize>w << 3), t + (<usize>safeFrom << 3), bytes);
      memory.copy(v + (<usize>w << 3), v + (<usize>safeFrom << 3), bytes);
    }
    w += safeTo - safeFrom;
  }
  return dropRange(t, v, count, max(safeTo, safeFrom), count, w);
}

/** The checked part of dropRepeatedTimes: knots j in [from, to), written from w on; the new w. */
function dropRange(t: usize, v: usize, count: i32, from: i32, to: i32, w: i32): i32 {
  for (let j = from; j < to; j++) {
    const tj = load<f64>(t + (<usize>j << 3));
    if (j + 1 < count && load<f64>(t + (<usize>(j + 1) << 3)) == tj) continue;
    store<f64>(t + (<usize>w << 3), tj);
    store<f64>(v + (<usize>w << 3), load<f64>(v + (<usize>j << 3)));
    w++;
  }
  return w;
}
