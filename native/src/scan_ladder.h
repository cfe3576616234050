// Frame scanner, ladder pairs in phase 1: the Scanner members that convert one
// `[price, size]` element of an order-book ladder on the spot (included once, by
// scanner.cc, where the ladder loop of scanJson calls them):
//   cachedLevel  a pair laid out like a recent one (Scanner::shape_, see
//                scan_digits.h matchShape): constant masks and shifts, O(1);
//   fastLevel    a canonical pair `["<digits>[.<digits>]","<digits>[.<digits>]"]`
//                classified in a 32-byte window (SSE2; scalar fastDecimal
//                otherwise), which also caches its layout for cachedLevel. O(1).
// Both return the byte after the pair, or nullptr: the generic path of scanJson
// then reads the element (it handles every input, with the same results).
#pragma once

#include <cstdint>

#include "scan_context.h"
#include "scan_digits.h"
#include "scan_simd.h"
#include "scanner.h"

namespace btc {

/**
 * Fastest path for one ladder element: a pair laid out like a recent one
 * (shape_, scan_digits.h matchShape), converted with that layout's constants.
 * nullptr: not such a pair (fastLevel then looks at it).
 */
BTC_INLINE const uint8_t* Scanner::cachedLevel(const uint8_t* p, const uint8_t* e) {
  using namespace scan_detail;
#ifdef BTC_SCANNER_SSE2
  if (e - p < 48) return nullptr;
  const __m128i lo = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const __m128i hi = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16));
  const uint32_t digits = digitMask16(lo) | digitMask16(hi) << 16;
  int64_t px, qty;
  for (int i = 0; i < PAIR_SHAPES; i++) {
    if (matchShape(shape_[i], p, lo, hi, digits, &px, &qty)) {
      if (nLev_ == levCap_) growLevels();
      LevelRec& L = levels_[nLev_++];
      L.fast = 1;  // (isArr / count are only read when not fast)
      L.px = priceResult(px);
      L.qty = sizeResult(qty);
      return p + shape_[i].end;
    }
  }
#else
  (void)p;
  (void)e;
#endif
  return nullptr;
}

/**
 * Fast path for one canonical ladder element `["<digits>[.<digits>]","<digits>[.<digits>]"]`
 * (no whitespace, no escapes, at most 19 digits per string): converts both strings
 * at once. Anything else returns nullptr and takes the generic path.
 */
inline const uint8_t* Scanner::fastLevel(const uint8_t* p, const uint8_t* e) {
  using namespace scan_detail;
  if (e - p < 48) return nullptr;
  uint64_t m0, f0, m1, f1;
#ifdef BTC_SCANNER_SSE2
  // The whole pair in a 32-byte window: `["` price `","` size `"]`.
  const __m128i lo = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const __m128i hi = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16));
  const uint32_t digits = digitMask16(lo) | digitMask16(hi) << 16;
  if (p[0] != '[' || p[1] != '"') return nullptr;
  const uint32_t dots = eqMask16(lo, '.') | eqMask16(hi, '.') << 16;
  uint32_t other = ~(digits | dots) & ~3u;  // neither digit nor dot, after `["`
  if (other == 0) return nullptr;
  const unsigned q1 = ctz32(other);  // the price's closing quote
  if (q1 < 3 || q1 > 26 || p[q1] != '"' || p[q1 + 1] != ',' || p[q1 + 2] != '"') return nullptr;
  other &= ~(7u << q1);
  if (other == 0) return nullptr;
  const unsigned q4 = ctz32(other);  // the size's closing quote
  if (q4 == q1 + 3 || p[q4] != '"' || p[q4 + 1] != ']') return nullptr;
  buildShape(shape_, p, q1, q4, digits, dots, tick_, lot_);  // for the next pairs
  const uint32_t zeros = eqMask16(lo, '0') | eqMask16(hi, '0') << 16;
  if (!windowDecimal(p, 2, q1, dots, zeros, &m0, &f0) || !windowDecimal(p, q1 + 3, q4, dots, zeros, &m1, &f1)) {
    return nullptr;
  }
  const uint8_t* q = p + q4 + 2;
#else
  if (p[0] != '[' || p[1] != '"') return nullptr;
  const uint8_t* q = fastDecimal(p + 2, &m0, &f0);
  if (!q || q[0] != ',' || q[1] != '"') return nullptr;
  q = fastDecimal(q + 2, &m1, &f1);
  if (!q || q[0] != ']') return nullptr;
  q++;
#endif
  LevelRec& L = newLevel();
  L.isArr = 1;
  L.count = 2;
  L.fast = 1;
  L.px = priceResult(gridFast(m0, f0, tick_));
  L.qty = sizeResult(gridFast(m1, f1, lot_));
  return q;
}

}  // namespace btc
