// Frame scanner, exact decimals: decimal text → integer grid units with exactly
// the accepted set and results of toGridUnits in src/feed/decimal.ts, in integer
// arithmetic (no doubles). Prices become ticks, sizes lots: a grid step is
// units × 10^-decimals. Part of the public scanner API (scanner.h includes this).
//   toGridUnits      O(length of the text), no allocation (scan_decimal.cc);
//   gridFromDecimal  O(1): the grid step once the digits are read (mant, frac);
//   POW10 / MAX_MANT the tables both use, and the inline fast path gridFast
//                    (scan_digits.h) uses.
#pragma once

#include <cstddef>
#include <cstdint>

namespace btc {

// ---- src/feed/decimal.ts: toGridUnits status codes ----
constexpr int64_t DEC_NOT_DECIMAL = -1;
constexpr int64_t DEC_TOO_MANY_DIGITS = -2;
constexpr int64_t DEC_OFF_GRID = -3;
constexpr int64_t DEC_TOO_LARGE = -4;
constexpr int MAX_SIGNIFICANT_DIGITS = 15;

/** A grid step: units × 10^-decimals (0.1 = {1, 1}). units in [1, 2^53-1]. */
struct Grid {
  uint64_t units = 1;
  uint32_t decimals = 0;
};

/** Decimal text → grid units, or a DEC_* status: exactly toGridUnits of decimal.ts. */
int64_t toGridUnits(const uint8_t* s, size_t n, const Grid& g);
/** The grid step of toGridUnits for value mant × 10^-frac (mant without leading zeros). */
int64_t gridFromDecimal(uint64_t mant, uint64_t frac, const Grid& g);

namespace scan_detail {

constexpr uint64_t MAX_SAFE = 9007199254740991ULL;  // Number.MAX_SAFE_INTEGER

constexpr uint64_t POW10[20] = {
    1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL, 10000000ULL, 100000000ULL,
    1000000000ULL, 10000000000ULL, 100000000000ULL, 1000000000000ULL, 10000000000000ULL,
    100000000000000ULL, 1000000000000000ULL, 10000000000000000ULL, 100000000000000000ULL,
    1000000000000000000ULL, 10000000000000000000ULL};

/** MAX_SAFE / 10^k: the largest mantissa that scales by 10^k without passing 2^53 - 1. */
constexpr uint64_t MAX_MANT[16] = {
    MAX_SAFE / POW10[0], MAX_SAFE / POW10[1], MAX_SAFE / POW10[2], MAX_SAFE / POW10[3],
    MAX_SAFE / POW10[4], MAX_SAFE / POW10[5], MAX_SAFE / POW10[6], MAX_SAFE / POW10[7],
    MAX_SAFE / POW10[8], MAX_SAFE / POW10[9], MAX_SAFE / POW10[10], MAX_SAFE / POW10[11],
    MAX_SAFE / POW10[12], MAX_SAFE / POW10[13], MAX_SAFE / POW10[14], MAX_SAFE / POW10[15]};

}  // namespace scan_detail
}  // namespace btc
