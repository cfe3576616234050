// Frame scanner, ladder fast path: a canonical decimal string ("<digits>[.<digits>]",
// at most 15 significant digits) → the (mant, frac) pair toGridUnits would reach,
// without a loop per digit, then → grid units. Used by Scanner::fastLevel
// (scanner.cc) for every [price, size] pair of an order-book ladder.
//   SSE2 (BTC_SCANNER_SSE2): digitMask16 / eqMask16 classify a 16-byte window,
//     windowDecimal reads one string of it with the SWAR digits8 (8 digits per
//     multiply-shift);
//   otherwise: fastDecimal, a scalar loop over at most 20 bytes.
//   gridFast: gridFromDecimal (scan_decimal.h) with its common case inline.
// All O(1) (bounded windows); anything unusual returns false / nullptr and the
// caller takes the general path (toGridUnits), which handles every input.
// Inline on purpose: they run per level in the phase-1 ladder loop.
#pragma once

#include <cstdint>

#include "scan_decimal.h"
#include "scan_simd.h"

namespace btc {
namespace scan_detail {

/**
 * A canonical decimal string body `[0-9]+(\.[0-9]+)?"` of at most 20 characters and
 * 19 digits, read from q (20 readable bytes + 1 guaranteed by the caller):
 * *mant = digits up to the last non-zero fraction digit (leading zeros add nothing),
 * *frac = fraction digits up to the last non-zero one. Returns the byte after the
 * closing quote's position (the quote itself), or nullptr when not canonical.
 */
[[maybe_unused]] inline const uint8_t* fastDecimal(const uint8_t* q, uint64_t* mant, uint64_t* frac) {
  const uint8_t* const s = q;
  const uint8_t* const lim = q + 20;
  uint64_t v = 0;
  while (q < lim && isDigit(*q)) v = v * 10 + (*q++ - '0');
  if (q == s) return nullptr;
  uint64_t vnz = v, fnz = 0;
  if (*q == '.') {
    q++;
    const uint8_t* const t = q;
    uint64_t fr = 0;
    while (q < lim && isDigit(*q)) {
      const unsigned d = *q++ - '0';
      v = v * 10 + d;
      fr++;
      if (d != 0) {
        vnz = v;
        fnz = fr;
      }
    }
    if (q == t) return nullptr;
    if (*q != '"') return nullptr;
  } else if (*q != '"' || q - s > 19) {
    return nullptr;
  }
  if (vnz >= POW10[MAX_SIGNIFICANT_DIGITS]) return nullptr;  // more than 15 significant digits
  *mant = vnz;
  *frac = fnz;
  return q + 1;
}

#ifdef BTC_SCANNER_SSE2
/** The value of 8 ASCII digits (zero bytes count as leading zeros); p[0] is the low byte. */
BTC_INLINE uint64_t digits8(uint64_t w) {
  uint64_t v = w & 0x0F0F0F0F0F0F0F0FULL;
  v = v * 10 + (v >> 8);
  return (((v & 0x000000FF000000FFULL) * 0x000F424000000064ULL) +
          (((v >> 16) & 0x000000FF000000FFULL) * 0x0000271000000001ULL)) >> 32;
}
/** The value of the n ASCII digits at s (1 <= n <= 16; s[0, max(8, n)) readable). */
BTC_INLINE uint64_t digitsValue(const uint8_t* s, unsigned n) {
  if (n <= 8) return digits8(load8(s) << (8 * (8 - n)));
  return digits8(load8(s) << (8 * (16 - n))) * 100000000ULL + digits8(load8(s + n - 8));
}
inline unsigned digitMask16(__m128i v) {  // '0' <= c <= '9' (signed: bytes >= 0x80 are negative)
  return static_cast<unsigned>(_mm_movemask_epi8(
      _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)), _mm_cmplt_epi8(v, _mm_set1_epi8('9' + 1)))));
}
inline unsigned eqMask16(__m128i v, char c) {
  return static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(c))));
}

/**
 * The canonical decimal string body p[s0, s1) (only digits and dots, 1 <= length),
 * given the dot and '0' masks of the window at p (bit i = p[i]). Sets the value
 * as toGridUnits sees it: mant = its digits up to the last non-zero fraction digit,
 * frac = fraction digits up to that one. Returns false for anything unusual (two
 * dots, a dot first or last, more than 15 digits): the caller then takes the
 * generic path, which handles every case. p[s0, s0 + 16) must be readable.
 */
BTC_INLINE bool windowDecimal(const uint8_t* p, unsigned s0, unsigned s1, uint32_t dots, uint32_t zeros, uint64_t* mant,
                          uint64_t* frac) {
  const unsigned L = s1 - s0;
  const uint32_t range = ((1u << L) - 1) << s0;
  const uint32_t dot = dots & range;
  if (dot == 0) {  // an integer: every digit counts
    if (L > 15) return false;
    *mant = L <= 8 ? digits8(load8(p + s0) << (8 * (8 - L))) : digitsValue(p + s0, L);
    *frac = 0;
    return true;
  }
  if (dot & (dot - 1)) return false;
  const unsigned dp = ctz32(dot) - s0;
  if (dp == 0 || dp == L - 1) return false;
  // Trailing fraction zeros do not count: `end` is one past the last character that
  // is not a '0' (the dot at the latest).
  const unsigned end = log2u32(range & ~zeros) + 1 - s0;
  const unsigned fnz = end - dp - 1;
  const unsigned nd = dp + fnz;
  if (nd > 15) return false;
  if (end <= 9) {  // the digits before `end` with the dot deleted, in one word
    const uint64_t low = ~0ULL >> (64 - 8 * dp);  // bytes [0, dp); 1 <= dp <= 8
    const uint64_t c = (load8(p + s0) & low) | (load8(p + s0 + 1) & ~low);
    *mant = digits8(c << (8 * (8 - nd)));
  } else {
    uint64_t m = digitsValue(p + s0, dp);
    if (fnz != 0) m = m * POW10[fnz] + digitsValue(p + s0 + dp + 1, fnz);
    *mant = m;
  }
  *frac = fnz;
  return true;
}
#endif

/** gridFromDecimal with its common case (on the grid's decimals, unit step) inline. */
BTC_INLINE int64_t gridFast(uint64_t mant, uint64_t frac, const Grid& g) {
  // mant < 10^15 here (at most 15 digits), so sig <= 15
  const uint64_t k = static_cast<uint64_t>(g.decimals) - frac;  // wraps when frac > decimals
  if (k < 16 && g.units == 1 && mant <= MAX_MANT[k]) return static_cast<int64_t>(mant * POW10[k]);
  return gridFromDecimal(mant, frac, g);
}

}  // namespace scan_detail
}  // namespace btc
