// Frame scanner, exact decimals (scan_decimal.h): toGridUnits of decimal.ts in
// integers. The digit scan is O(length of the text); the grid step check
// (gridFromDecimal) is O(1) with the 10^k tables. This is the general path: the
// canonical ladder strings take gridFast (scan_digits.h), which ends in
// gridFromDecimal for anything but the common case.
#include "scan_decimal.h"

namespace btc {

using scan_detail::MAX_MANT;
using scan_detail::POW10;

// decimal.ts toGridUnits, in integers: the same accepted set and results.
int64_t toGridUnits(const uint8_t* s, size_t n, const Grid& g) {
  size_t i = 0;
  uint64_t mant = 0;  // exact while sig <= 16
  uint64_t sig = 0;   // significant digits so far
  while (i < n) {
    const unsigned d = static_cast<unsigned>(s[i]) - '0';
    if (d > 9) break;
    if (sig > 0 || d != 0) {
      if (sig < 16) mant = mant * 10 + d;
      sig++;
    }
    i++;
  }
  if (i == 0) return DEC_NOT_DECIMAL;
  uint64_t frac = 0;  // fraction digits up to the last non-zero one
  if (i < n) {
    if (s[i] != '.' || i + 1 == n) return DEC_NOT_DECIMAL;
    i++;
    uint64_t pending = 0;
    for (; i < n; i++) {
      const unsigned d = static_cast<unsigned>(s[i]) - '0';
      if (d > 9) return DEC_NOT_DECIMAL;
      if (d == 0) {
        pending++;
        continue;
      }
      if (pending > 0) {
        if (sig > 0) {  // zeros between non-zero digits are significant
          uint64_t z = pending;
          for (; z > 0 && sig < 16; z--, sig++) mant *= 10;
          sig += z;
        }
        frac += pending;
        pending = 0;
      }
      if (sig < 16) mant = mant * 10 + d;
      sig++;
      frac++;
    }
  }
  if (sig > static_cast<uint64_t>(MAX_SIGNIFICANT_DIGITS)) return DEC_TOO_MANY_DIGITS;
  return gridFromDecimal(mant, frac, g);
}

// decimal.ts toGridUnits after the digit scan: value = mant × 10^-frac, mant < 10^19
// without leading zeros (so sig = its digit count), frac = fraction digits up to the
// last non-zero one.
int64_t gridFromDecimal(uint64_t mant, uint64_t frac, const Grid& g) {
  if (mant >= POW10[MAX_SIGNIFICANT_DIGITS]) return DEC_TOO_MANY_DIGITS;
  if (mant == 0) return 0;
  // grid = units × 10^-decimals.
  if (frac > g.decimals) {
    const uint64_t k = frac - g.decimals;
    // step = units × 10^k > mant → mant % step = mant ≠ 0 (TS: also for k ≥ 40, step = NaN)
    if (k >= 16) return DEC_OFF_GRID;
    if (g.units > mant / POW10[k]) return DEC_OFF_GRID;  // step > mant
    const uint64_t st = g.units * POW10[k];
    if (mant % st != 0) return DEC_OFF_GRID;
    return static_cast<int64_t>(mant / st);
  }
  const uint64_t k = g.decimals - frac;
  if (k >= 40) return DEC_OFF_GRID;    // TS: POW10[k] undefined → NaN → "off grid"
  if (k >= 16) return DEC_TOO_LARGE;   // mant ≥ 1, 10^16 > 2^53 - 1
  if (mant > MAX_MANT[k]) return DEC_TOO_LARGE;  // mant × 10^k > 2^53 - 1
  const uint64_t sc = mant * POW10[k];
  if (g.units == 1) return static_cast<int64_t>(sc);
  if (sc % g.units != 0) return DEC_OFF_GRID;
  return static_cast<int64_t>(sc / g.units);
}

}  // namespace btc
