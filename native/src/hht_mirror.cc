// PyEMD `_prepare_points_simple`, case by case as in src/hht/mirror.ts. Each
// mirrored list is a reversed slice ind[hi−1], …, ind[lo] of the extrema plus at
// most one end sample, kept as (lo, hi, withEnd) instead of being built; an empty
// slice falls back to the whole extrema array ("in case any array missing").
#include "hht_mirror.h"

#include <algorithm>

#include "hht_simd.h"

namespace btc {
namespace hht {
namespace {

/** One mirrored list: ind[hi−1], …, ind[lo], plus the end sample when withEnd. */
struct Slice {
  int32_t lo;
  int32_t hi;
  bool withEnd;
};

/** Writes the mirror images about `sym` of the slice, with the end sample first or last. */
int32_t emitMirrored(const double* s, const int32_t* ind, Slice sl, bool endFirst, int32_t endIdx, int32_t sym,
                     double* t, double* v, int32_t k) {
  if (sl.withEnd && endFirst) {
    t[k] = 2.0 * sym - endIdx;
    v[k] = s[endIdx];
    k++;
  }
  for (int32_t j = sl.hi - 1; j >= sl.lo; j--) {
    const int32_t i = ind[j];
    t[k] = 2.0 * sym - i;
    v[k] = s[i];
    k++;
  }
  if (sl.withEnd && !endFirst) {
    t[k] = 2.0 * sym - endIdx;
    v[k] = s[endIdx];
    k++;
  }
  return k;
}

int32_t emitInner(const double* s, const int32_t* HHT_RESTRICT ind, int32_t count, double* HHT_RESTRICT t,
                  double* HHT_RESTRICT v, int32_t k) {
  for (int32_t j = 0; j < count; j++) t[k + j] = ind[j];
  for (int32_t j = 0; j < count; j++) v[k + j] = s[ind[j]];
  return k + count;
}

/** Whether t[j+1] == t[j] for some j in [from, to − 1). */
bool repeatsIn(const double* t, int32_t from, int32_t to) {
  for (int32_t j = from; j + 1 < to; j++) {
    if (t[j + 1] == t[j]) return true;
  }
  return false;
}

/**
 * Deletes knot j when t[j+1] == t[j] (numpy.delete on that mask), in place;
 * returns the new count. Knots [leftEnd, innerEnd) are the inner extrema, whose
 * times strictly increase, as do those of each mirrored list; so a repeat can
 * only sit where the parts meet, and when none does there is nothing to move.
 */
int32_t dropRepeatedTimes(double* t, double* v, int32_t count, int32_t leftEnd, int32_t innerEnd) {
  const int32_t lo = leftEnd + 1 < count ? leftEnd + 1 : count;
  const int32_t hi = innerEnd > 0 ? innerEnd - 1 : 0;
  if (!repeatsIn(t, 0, lo) && !repeatsIn(t, hi, count)) return count;
  int32_t w = 0;
  for (int32_t j = 0; j < count; j++) {
    if (j + 1 < count && t[j + 1] == t[j]) continue;
    t[w] = t[j];
    v[w] = v[j];
    w++;
  }
  return w;
}

}  // namespace

KnotStatus prepareKnots(const double* s, int32_t n, const Extrema& ext, int32_t nbsymIn, Knots* out) {
  const int32_t nMax = ext.nMax, nMin = ext.nMin;
  const int32_t* maxIdx = ext.maxIdx;
  const int32_t* minIdx = ext.minIdx;
  if (nMax < 1 || nMin < 1) return KNOTS_NO_EXTREMUM;
  // Every use below saturates once nbsym exceeds the extrema counts (≤ n), so a
  // larger nbsym is clamped to keep the index arithmetic in range.
  const int32_t nbsym = std::min(nbsymIn, n + 2);
  const int32_t last = n - 1;

  Slice lMax, lMin;
  int32_t lSym;
  if (maxIdx[0] < minIdx[0]) {
    if (s[0] > s[minIdx[0]]) {
      lMax = {1, std::min(nMax, nbsym + 1), false};
      lMin = {0, std::min(nMin, nbsym), false};
      lSym = maxIdx[0];
    } else {
      lMax = {0, std::min(nMax, nbsym), false};
      lMin = {0, std::min(nMin, nbsym - 1), true};
      lSym = 0;
    }
  } else {
    if (s[0] < s[maxIdx[0]]) {
      lMax = {0, std::min(nMax, nbsym), false};
      lMin = {1, std::min(nMin, nbsym + 1), false};
      lSym = minIdx[0];
    } else {
      lMax = {0, std::min(nMax, nbsym - 1), true};
      lMin = {0, std::min(nMin, nbsym), false};
      lSym = 0;
    }
  }

  Slice rMax, rMin;
  int32_t rSym;
  if (maxIdx[nMax - 1] < minIdx[nMin - 1]) {
    if (s[last] < s[maxIdx[nMax - 1]]) {
      rMax = {std::max(nMax - nbsym, 0), nMax, false};
      rMin = {std::max(nMin - nbsym - 1, 0), nMin - 1, false};
      rSym = minIdx[nMin - 1];
    } else {
      rMax = {std::max(nMax - nbsym + 1, 0), nMax, true};
      rMin = {std::max(nMin - nbsym, 0), nMin, false};
      rSym = last;
    }
  } else {
    if (s[last] > s[minIdx[nMin - 1]]) {
      rMax = {std::max(nMax - nbsym - 1, 0), nMax - 1, false};
      rMin = {std::max(nMin - nbsym, 0), nMin, false};
      rSym = maxIdx[nMax - 1];
    } else {
      rMax = {std::max(nMax - nbsym, 0), nMax, false};
      rMin = {std::max(nMin - nbsym + 1, 0), nMin, true};
      rSym = last;
    }
  }

  // "In case any array missing": an empty list becomes the whole extrema array.
  if (lMin.hi <= lMin.lo && !lMin.withEnd) lMin = {0, nMin, false};
  if (rMin.hi <= rMin.lo && !rMin.withEnd) rMin = {0, nMin, false};
  if (lMax.hi <= lMax.lo && !lMax.withEnd) lMax = {0, nMax, false};
  if (rMax.hi <= rMax.lo && !rMax.withEnd) rMax = {0, nMax, false};

  // The leftmost mirrored time must not lie right of t = 0.
  const int32_t lMinFirst = lMin.hi > lMin.lo ? minIdx[lMin.hi - 1] : 0;
  const int32_t lMaxFirst = lMax.hi > lMax.lo ? maxIdx[lMax.hi - 1] : 0;
  if (2 * lSym - lMinFirst > 0 || 2 * lSym - lMaxFirst > 0) {
    if (lSym == maxIdx[0]) {
      lMax = {0, std::min(nMax, nbsym), false};
    } else {
      lMin = {0, std::min(nMin, nbsym), false};
    }
    if (lSym == 0) return KNOTS_LEFT_EDGE;
    lSym = 0;
  }
  // The rightmost mirrored time must not lie left of t = n−1.
  const int32_t rMinLast = rMin.hi > rMin.lo ? minIdx[rMin.lo] : last;
  const int32_t rMaxLast = rMax.hi > rMax.lo ? maxIdx[rMax.lo] : last;
  if (2 * rSym - rMinLast < last || 2 * rSym - rMaxLast < last) {
    if (rSym == maxIdx[nMax - 1]) {
      rMax = {std::max(nMax - nbsym, 0), nMax, false};
    } else {
      rMin = {std::max(nMin - nbsym, 0), nMin, false};
    }
    if (rSym == last) return KNOTS_RIGHT_EDGE;
    rSym = last;
  }

  const int32_t kMaxLeft = emitMirrored(s, maxIdx, lMax, false, 0, lSym, out->maxT, out->maxV, 0);
  const int32_t kMaxInner = emitInner(s, maxIdx, nMax, out->maxT, out->maxV, kMaxLeft);
  const int32_t kMax = emitMirrored(s, maxIdx, rMax, true, last, rSym, out->maxT, out->maxV, kMaxInner);
  out->nMax = dropRepeatedTimes(out->maxT, out->maxV, kMax, kMaxLeft, kMaxInner);

  const int32_t kMinLeft = emitMirrored(s, minIdx, lMin, false, 0, lSym, out->minT, out->minV, 0);
  const int32_t kMinInner = emitInner(s, minIdx, nMin, out->minT, out->minV, kMinLeft);
  const int32_t kMin = emitMirrored(s, minIdx, rMin, true, last, rSym, out->minT, out->minV, kMinInner);
  out->nMin = dropRepeatedTimes(out->minT, out->minV, kMin, kMinLeft, kMinInner);
  return KNOTS_OK;
}

}  // namespace hht
}  // namespace btc
