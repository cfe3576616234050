// Frame scanner, platform layer: the byte / bit primitives the JSON and decimal
// fast paths share (scan_json.h, scan_digits.h).
//   BTC_SCANNER_SSE2  defined when SSE2 is available (x86-64 always) and the
//                     build did not ask for -DBTC_SCANNER_NO_SIMD; the scanner
//                     then takes its 16-byte SSE2 paths, else the 8-byte SWAR and
//                     scalar ones (same results either way).
//   BTC_INLINE        force-inlined: the per-byte / per-level helpers must not
//                     turn into calls. BTC_LIKELY: a branch hint (the usual case).
// Everything here is O(1): a few instructions, no memory beyond the 8 bytes read.
// nonDigits8: 8-byte SWAR digit test (number tokens, isCount).
#pragma once

#include <cstdint>
#include <cstring>

#if defined(_MSC_VER)
#include <intrin.h>
#endif
#if (defined(__SSE2__) || defined(_M_X64)) && !defined(BTC_SCANNER_NO_SIMD)
#include <emmintrin.h>
#define BTC_SCANNER_SSE2 1
#endif

#if defined(_MSC_VER)
#define BTC_INLINE __forceinline
#define BTC_LIKELY(x) (x)
#else
#define BTC_INLINE inline __attribute__((always_inline))
#define BTC_LIKELY(x) __builtin_expect(!!(x), 1)
#endif

namespace btc {
namespace scan_detail {

inline bool isDigit(uint8_t c) { return static_cast<uint8_t>(c - '0') <= 9; }

#if defined(_MSC_VER)
inline unsigned ctz64(uint64_t x) { unsigned long i; _BitScanForward64(&i, x); return i; }
inline unsigned ctz32(uint32_t x) { unsigned long i; _BitScanForward(&i, x); return i; }
inline unsigned log2u32(uint32_t x) { unsigned long i; _BitScanReverse(&i, x); return i; }
#else
inline unsigned ctz64(uint64_t x) { return static_cast<unsigned>(__builtin_ctzll(x)); }
inline unsigned ctz32(uint32_t x) { return static_cast<unsigned>(__builtin_ctz(x)); }
inline unsigned log2u32(uint32_t x) { return 31u - static_cast<unsigned>(__builtin_clz(x)); }
#endif

/** 8 bytes at p as a word whose low byte is p[0] (what the SWAR code assumes). */
inline uint64_t load8(const uint8_t* p) {
  uint64_t w;
  std::memcpy(&w, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  w = __builtin_bswap64(w);
#endif
  return w;
}

/**
 * SWAR digit test of a word from load8: the high bit of each byte that is not an
 * ASCII digit. Zero iff all 8 bytes are digits; the lowest flagged byte is always
 * the first non-digit (carries only run upward, so bytes above it may be flagged
 * spuriously, never bytes below it).
 */
inline uint64_t nonDigits8(uint64_t w) {
  constexpr uint64_t hiNib = 0xF0F0F0F0F0F0F0F0ULL, d0 = 0x3030303030303030ULL;
  const uint64_t t = ((w & hiNib) ^ d0) | (((w + 0x0606060606060606ULL) & hiNib) ^ d0);
  return (((t & 0x7F7F7F7F7F7F7F7FULL) + 0x7F7F7F7F7F7F7F7FULL) | t) & 0x8080808080808080ULL;
}

}  // namespace scan_detail
}  // namespace btc
