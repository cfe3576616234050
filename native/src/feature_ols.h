// OLS slope with intercept over a ring of observations: the C++ twin of
// src/features/ols.ts olsSlopeRing, shared by ofi_lambda_5m (feature_flow.cc)
// and kyle_lambda_5m (feature_trades.cc). Two passes in ring order from `head`
// (mean first, then the centred Σdx², Σdx·dy), the reference's order of
// operations, so only the inputs' own last-bit differences (log) can differ.
#pragma once

#include <cmath>
#include <cstdint>

#include "feature_math.h"

namespace btc {
namespace feat {

/**
 * Slope of y on x over `n` entries of rings of size `cap` from `head`, skipping
 * entries whose ok[i] is 0 when `ok` is given. NaN with fewer than 2 points,
 * when every x is exactly equal, or when the slope is not finite.
 */
inline double olsSlopeRing(const double* x, const double* y, uint32_t cap, uint32_t head, uint32_t n,
                           const uint8_t* ok = nullptr) {
  uint32_t m = 0;
  double sx = 0, sy = 0;
  double xMin = INFINITY, xMax = -INFINITY;
  for (uint32_t j = 0; j < n; j++) {
    const uint32_t i = (head + j) % cap;
    if (ok != nullptr && ok[i] == 0) continue;
    const double xi = x[i];
    m++;
    sx += xi;
    sy += y[i];
    if (xi < xMin) xMin = xi;
    if (xi > xMax) xMax = xi;
  }
  if (m < 2 || xMin == xMax) return NaN;
  const double mx = sx / m;
  const double my = sy / m;
  double sxx = 0, sxy = 0;
  for (uint32_t j = 0; j < n; j++) {
    const uint32_t i = (head + j) % cap;
    if (ok != nullptr && ok[i] == 0) continue;
    const double dx = x[i] - mx;
    sxx += dx * dx;
    sxy += dx * (y[i] - my);
  }
  const double slope = sxy / sxx;
  return std::isfinite(slope) ? slope : NaN;
}

}  // namespace feat
}  // namespace btc
