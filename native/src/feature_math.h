// Small numeric helpers of the native feature kernel, each the C++ spelling of
// one JS expression the TS reference (src/features/*.ts) evaluates, so that the
// same doubles go through the same IEEE operations in the same order.
//
// Build without -ffast-math and with -ffp-contract=off: a fused multiply-add
// would round once where the reference rounds twice.
#pragma once

#include <cmath>
#include <cstdint>

namespace btc {
namespace feat {

constexpr double NaN = __builtin_nan("");
/** Largest integer a double holds exactly with its neighbours (Number.MAX_SAFE_INTEGER). */
constexpr double MAX_SAFE_INTEGER = 9007199254740991.0;

/**
 * An instrument grid (src/features/units.ts): `count` steps are worth
 * (count × units) / 10^decimals — one product, one division by an exact power
 * of ten, so the result is the correctly rounded decimal.
 */
struct Grid {
  double units = 1;
  double pow10 = 1;

  double value(double count) const { return (count * units) / pow10; }
  /** The step itself (tick size δ in USD, lot size in BTC). */
  double step() const { return units / pow10; }
};

/** JS Math.max(a, b): NaN when either is NaN, +0 over -0. */
inline double jsMax(double a, double b) {
  if (a != a || b != b) return NaN;
  if (a > b) return a;
  if (b > a) return b;
  return std::signbit(a) ? b : a;  // equal: only ±0 can differ
}

/** JS Math.min(a, b): NaN when either is NaN, -0 over +0. */
inline double jsMin(double a, double b) {
  if (a != a || b != b) return NaN;
  if (a < b) return a;
  if (b < a) return b;
  return std::signbit(a) ? a : b;
}

/** Number.isSafeInteger(x). */
inline bool isSafeInteger(double x) {
  return std::isfinite(x) && std::trunc(x) == x && std::fabs(x) <= MAX_SAFE_INTEGER;
}

/** (a − b)/(a + b), NaN when the sum is 0 (depth.ts imbalance). */
inline double imbalance(double a, double b) {
  const double s = a + b;
  return s == 0 ? NaN : (a - b) / s;
}

/** Distance of price p (USD) from mid m in bps, on the bid side (depth.ts distanceBps). */
inline double distanceBidBps(double m, double p) { return 1e4 * (m - p) / m; }
/** Same on the ask side. */
inline double distanceAskBps(double m, double p) { return 1e4 * (p - m) / m; }

/**
 * Exchange time of an event in ms keeping sub-ms digits, as engine.ts tMs does
 * with BigInt: Number(ns / 1e6) + Number(ns % 1e6) / 1e6, truncating division.
 */
inline double eventMs(int64_t ns) {
  return static_cast<double>(ns / 1000000) + static_cast<double>(ns % 1000000) / 1e6;
}

/** Column-wide NaN fill. */
inline void fillNaN(double* p, uint32_t n) {
  for (uint32_t i = 0; i < n; i++) p[i] = NaN;
}

}  // namespace feat
}  // namespace btc
