// PyEMD "simple" extrema and zero-crossing counts (HHT.md §1 steps 1–2), the
// C++ port of src/hht/extrema.ts, exact to the index including its plateau and
// edge quirks (see the header of that file). Indices go to caller-owned int32
// arrays of length ≥ n + EXTREMA_PAD; one O(n) pass each, no allocation.
#pragma once

#include <cstdint>

#include "hht_simd.h"

namespace btc {
namespace hht {

/** Extra entries the index arrays need beyond n (the AVX2 scan stores 8 indices at a time). */
constexpr int32_t EXTREMA_PAD = 8;

/** Extremum indices of one signal, ascending; the arrays hold ≥ n + EXTREMA_PAD entries. */
struct Extrema {
  int32_t* maxIdx;
  int32_t* minIdx;
  int32_t nMax;
  int32_t nMin;
  /** nMax + nMin, PyEMD's extNo. */
  int32_t total() const { return nMax + nMin; }
};

/** numpy.round((a+b)/2) for an integer sum a+b: halves go to the even neighbour. */
inline int32_t roundHalfEvenHalf(int32_t sum) {
  if (sum % 2 == 0) return sum / 2;
  const int32_t lo = (sum - 1) / 2;
  return lo % 2 == 0 ? lo : lo + 1;
}

/**
 * Maxima and minima of s[0..n−1] into ext (its index arrays are written, the
 * counts set). A branch-free scan handles signals without a zero difference;
 * an exact zero anywhere sends the whole signal through the plateau-aware scan.
 */
void findExtrema(const double* s, int32_t n, Extrema* ext, Isa isa);

/** The plateau-aware scan alone (findExtrema's slow path; exposed for tests). */
void findExtremaExact(const double* s, int32_t n, Extrema* ext);

/**
 * The end of a fast scan that has listed nMax / nMin extrema among candidates
 * 1..i−1: scans the rest, then keeps the result or, when a difference was zero,
 * redoes the whole signal with findExtremaExact.
 */
void finishScan(const double* s, int32_t n, int32_t i, Extrema* ext, int32_t nMax, int32_t nMin, bool sawZero);

/** Pairs with s[i]·s[i+1] < 0 plus one per run of consecutive exact zeros. */
int32_t countZeroCrossings(const double* s, int32_t n, Isa isa);

}  // namespace hht
}  // namespace btc
