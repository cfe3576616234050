// Frame scanner, ladder fast path: a canonical decimal string ("<digits>[.<digits>]",
// at most 15 significant digits) → the (mant, frac) pair toGridUnits would reach,
// without a loop per digit, then → grid units. Used by Scanner::cachedLevel /
// fastLevel (scan_ladder.h) for every [price, size] pair of an order-book ladder.
//   PairShape cache (scanner.h): buildShape records the byte layout of a pair
//     (shapeNumber per string: digits, dot, grid scale), matchShape converts a
//     pair with the same layout using those constants (unit-step grids only).
//   SSE2 (BTC_SCANNER_SSE2): digitMask16 / eqMask16 classify a 16-byte window,
//     windowDecimal reads one string of it with the SWAR digits8 (8 digits per
//     multiply-shift);
//   otherwise: fastDecimal, a scalar loop over at most 20 bytes.
//   gridFast: gridFromDecimal (scan_decimal.h) with its common case inline;
//   shortDecimal: a short plain decimal string of known length → grid units in
//     one scalar pass (Bybit trade prices / sizes, scan_decode.cc gridOf).
// All O(1) (bounded windows); anything unusual returns false / nullptr and the
// caller takes the general path (toGridUnits), which handles every input.
// Inline on purpose: they run per level in the phase-1 ladder loop.
#pragma once

#include <cstdint>
#include <cstring>

#include "scan_decimal.h"
#include "scanner.h"
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

#ifdef BTC_SCANNER_SSE2
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

/**
 * One string of a PairShape: the body p[s0, s1) (digits and dots only, the
 * window masks say so), 1..8 digits, at most one dot, neither first nor last, on
 * a unit-step grid of D decimals. Its grid units are then m × 10^k with
 * m = the digits up to D fraction digits (at most 8: <= 15 significant), as one
 * word (bytes before the dot: *low; the rest shifted down one byte), and the
 * fraction digits past D must be '0' (else off grid: not cached). Exactly what
 * toGridUnits yields. False: not cacheable (the generic paths handle it).
 */
BTC_INLINE bool shapeNumber(unsigned s0, unsigned s1, uint32_t dots, unsigned D, uint64_t* low, uint32_t* shift,
                            uint32_t* drop, uint64_t* max, uint64_t* scale) {
  const unsigned L = s1 - s0;
  if (L < 1 || L > 9) return false;
  const uint32_t dot = dots & (((1u << L) - 1) << s0);
  unsigned dp = L, fd = 0;  // integer and fraction digits
  if (dot != 0) {
    if ((dot & (dot - 1)) != 0) return false;
    dp = ctz32(dot) - s0;
    fd = L - dp - 1;
    if (dp == 0 || fd == 0) return false;
  } else if (L > 8) {
    return false;
  }
  const unsigned keep = fd < D ? fd : D;
  const unsigned dr = fd - keep;
  const unsigned k = D - keep;
  if (k >= 16) return false;
  *drop |= dr != 0 ? ((1u << dr) - 1) << (s1 - dr) : 0;
  *low = ~0ULL >> (64 - 8 * dp);
  *shift = 8 * (8 - (dp + keep));
  *max = MAX_MANT[k];
  *scale = POW10[k];
  return true;
}

/**
 * Builds the shape of the pair in window p[0, 32) (quotes at q1, q1 + 2, q4) into
 * the first of the cache's entries, the older ones moving down; false: none.
 */
inline bool buildShape(PairShape* sh, const uint8_t* p, unsigned q1, unsigned q4, uint32_t digits, uint32_t dots,
                       const Grid& tick, const Grid& lot) {
  if (tick.units != 1 || lot.units != 1 || q4 + 2 > 32) return false;
  PairShape n;
  if (!shapeNumber(2, q1, dots, tick.decimals, &n.pLow, &n.pShift, &n.drop, &n.pMax, &n.pScale) ||
      !shapeNumber(q1 + 3, q4, dots, lot.decimals, &n.qLow, &n.qShift, &n.drop, &n.qMax, &n.qScale)) {
    return false;
  }
  n.end = q4 + 2;
  n.win = n.end == 32 ? ~0u : (1u << n.end) - 1;
  n.nonDigit = ~digits & n.win;
  n.fixed = n.nonDigit | n.drop;
  n.qs0 = q1 + 3;
  std::memcpy(n.tmpl, p, 32);
  for (unsigned i = 0; i < 32; i++) {
    if ((n.drop >> i) & 1) n.tmpl[i] = '0';  // the dropped fraction digits must be '0'
  }
  for (int i = PAIR_SHAPES - 1; i > 0; i--) sh[i] = sh[i - 1];
  sh[0] = n;
  return true;
}

/**
 * The pair in window (lo, hi) at p, if it has the cached shape: its price and
 * size grid units (before the price / size range checks); false otherwise.
 * Same non-digit bytes at the same places, digits everywhere else in the pair.
 */
BTC_INLINE bool matchShape(const PairShape& sh, const uint8_t* p, __m128i lo, __m128i hi, uint32_t digits,
                           int64_t* px, int64_t* qty) {
  if ((~digits & sh.win) != sh.nonDigit) return false;
  const __m128i tl = _mm_loadu_si128(reinterpret_cast<const __m128i*>(sh.tmpl));
  const __m128i th = _mm_loadu_si128(reinterpret_cast<const __m128i*>(sh.tmpl + 16));
  const uint32_t eq = static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(lo, tl))) |
                      static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(hi, th))) << 16;
  if ((eq & sh.fixed) != sh.fixed) return false;  // the same non-digits, '0' where dropped
  const uint64_t cp = (load8(p + 2) & sh.pLow) | (load8(p + 3) & ~sh.pLow);
  const uint64_t cq = (load8(p + sh.qs0) & sh.qLow) | (load8(p + sh.qs0 + 1) & ~sh.qLow);
  const uint64_t mp = digits8(cp << sh.pShift);
  const uint64_t mq = digits8(cq << sh.qShift);
  if (mp > sh.pMax || mq > sh.qMax) return false;
  *px = static_cast<int64_t>(mp * sh.pScale);
  *qty = static_cast<int64_t>(mq * sh.qScale);
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

/**
 * A plain decimal string `<digits>[.<digits>]` of at most 16 bytes and at most 15
 * significant digits → grid units, in one pass (the (mant, frac) of toGridUnits,
 * then gridFast); *ok = false for anything else (toGridUnits then decides).
 */
inline int64_t shortDecimal(const uint8_t* s, size_t n, const Grid& g, bool* ok) {
  *ok = false;
  if (n == 0 || n > 16) return 0;
  uint64_t v = 0;
  size_t i = 0;
  for (; i < n; i++) {
    const unsigned d = static_cast<unsigned>(s[i]) - '0';
    if (d > 9) break;
    v = v * 10 + d;
  }
  if (i == 0) return 0;
  uint64_t vnz = v, fnz = 0;
  if (i < n) {
    if (s[i] != '.' || i + 1 == n) return 0;
    uint64_t fr = 0;
    for (i++; i < n; i++) {
      const unsigned d = static_cast<unsigned>(s[i]) - '0';
      if (d > 9) return 0;
      v = v * 10 + d;
      fr++;
      if (d != 0) {
        vnz = v;
        fnz = fr;
      }
    }
  }
  if (vnz >= POW10[MAX_SIGNIFICANT_DIGITS]) return 0;  // more than 15 significant digits
  *ok = true;
  return gridFast(vnz, fnz, g);
}

}  // namespace scan_detail
}  // namespace btc
