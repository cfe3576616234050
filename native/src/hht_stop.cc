// PyEMD's stopping rules; see hht_stop.h. Each sum is numpy's pairwise sum of
// the same float64 terms the TS reference writes to its temporary.
#include "hht_stop.h"

#include <cmath>
#include <limits>

#include "hht_simd.h"
#include "hht_sum.h"

namespace btc {
namespace hht {
namespace {

/**
 * Largest elem(i), i < n, starting from hiInit, and smallest, starting from
 * loInit, skipping NaN as the reference's `if (v > max) max = v` does. Four
 * running lanes let it vectorize; max and min are exact, so the lane order
 * cannot change the result.
 */
template <class Elem>
HHT_INLINE void extremesOf(const Elem& elem, int32_t n, double hiInit, double loInit, double* maxOut,
                           double* minOut) {
  double hi[4] = {hiInit, hiInit, hiInit, hiInit}, lo[4] = {loInit, loInit, loInit, loInit};
  int32_t i = 0;
  for (; i + 4 <= n; i += 4) {
    for (int32_t k = 0; k < 4; k++) {
      const double v = elem(i + k);
      hi[k] = v > hi[k] ? v : hi[k];
      lo[k] = v < lo[k] ? v : lo[k];
    }
  }
  for (; i < n; i++) {
    const double v = elem(i);
    hi[0] = v > hi[0] ? v : hi[0];
    lo[0] = v < lo[0] ? v : lo[0];
  }
  for (int32_t k = 1; k < 4; k++) {
    hi[0] = hi[k] > hi[0] ? hi[k] : hi[0];
    lo[0] = lo[k] < lo[0] ? lo[k] : lo[0];
  }
  *maxOut = hi[0];
  *minOut = lo[0];
}

}  // namespace

bool knotSignsOk(const Knots& knots) {
  // Early exits pay: while sifting, a wrong-signed knot usually comes early.
  for (int32_t j = 0; j < knots.nMax; j++) {
    if (knots.maxV[j] < 0) return false;
  }
  for (int32_t j = 0; j < knots.nMin; j++) {
    if (knots.minV[j] > 0) return false;
  }
  return true;
}

bool imfSumsOk(const double* h, const double* hOld, int32_t n, const ImfThresholds& thr) {
  if (pairwiseSum([h](int32_t i) { return h[i] * h[i]; }, 0, n) < 1e-10) return false;

  double oldMax, oldMin;
  extremesOf([hOld](int32_t i) { return hOld[i]; }, n, hOld[0], hOld[0], &oldMax, &oldMin);
  const double diffSq = pairwiseSum(
      [h, hOld](int32_t i) {
        const double d = h[i] - hOld[i];
        return d * d;
      },
      0, n);
  if (diffSq / (oldMax - oldMin) < thr.svar) return true;

  const double stdSum = pairwiseSum(
      [h, hOld](int32_t i) {
        const double q = (h[i] - hOld[i]) / h[i];
        return q * q;
      },
      0, n);
  if (stdSum < thr.std) return true;

  return diffSq / pairwiseSum([hOld](int32_t i) { return hOld[i] * hOld[i]; }, 0, n) < thr.energyRatio;
}

bool decompositionDone(const double* x, const double* sumImfs, int32_t n, double rangeThreshold,
                       double totalPowerThreshold) {
  double rMax, rMin;
  extremesOf([x, sumImfs](int32_t i) { return x[i] - sumImfs[i]; }, n, -std::numeric_limits<double>::infinity(),
             std::numeric_limits<double>::infinity(), &rMax, &rMin);
  if (rMax - rMin < rangeThreshold) return true;
  return pairwiseSum([x, sumImfs](int32_t i) { return std::fabs(x[i] - sumImfs[i]); }, 0, n) < totalPowerThreshold;
}

}  // namespace hht
}  // namespace btc
