// Frame scanner, JSON byte layer: the strict-JSON (RFC 8259, what JSON.parse
// accepts) token scanners phase 1 (scanner.cc) runs over a line, the perfect hash
// of the keys the decoders read, and the text of a string as JSON.parse yields it.
//   skipWs / scanString / scanNumber: validate one token from p, return the byte
//     after it (nullptr = not valid JSON); O(token length), no allocation.
//     scanString jumps over plain bytes 16 at a time (SSE2) or 8 at a time (SWAR),
//     with a scalar tail; escapes are checked here, decoded only on demand.
//   keyId: a tracked key → Key id (scanner.h) in O(1): hash + one compare.
//   decodeString / strtodC (scan_json.cc): the slow paths, for escaped or
//     non-ASCII strings and numbers that are not plain digits.
// Positions are byte pointers into the line; `e` is one past its last byte.
// The scanners are inline (called per token in the phase-1 loop).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

#include "scan_simd.h"
#include "scanner.h"

namespace btc {
namespace scan_detail {

inline bool isWs(uint8_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
inline const uint8_t* skipWs(const uint8_t* p, const uint8_t* e) {
  if (BTC_LIKELY(p < e && *p > ' ')) return p;  // the usual: no whitespace
  while (p < e && *p <= ' ' && isWs(*p)) p++;
  return p;
}

inline int hexVal(uint8_t c) {
  if (isDigit(c)) return c - '0';
  uint8_t l = c | 0x20;
  if (l >= 'a' && l <= 'f') return l - 'a' + 10;
  return -1;
}
inline uint32_t hex4(const uint8_t* p) {
  return (hexVal(p[0]) << 12) | (hexVal(p[1]) << 8) | (hexVal(p[2]) << 4) | hexVal(p[3]);
}

/**
 * Scans a JSON string body from p (just after the opening quote); returns the
 * byte after the closing quote, or nullptr when the string is not valid JSON.
 * *plain = ASCII only and no escapes.
 */
inline const uint8_t* scanString(const uint8_t* p, const uint8_t* e, uint8_t* plain) {
  uint8_t pl = 1;
  for (;;) {
    // Jump to the first byte that is '"', '\\', < 0x20 or >= 0x80.
#ifdef BTC_SCANNER_SSE2
    while (e - p >= 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
      // signed compare: bytes >= 0x80 are negative, so "< 0x20" also flags them
      const __m128i hit = _mm_or_si128(
          _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))),
          _mm_cmplt_epi8(v, _mm_set1_epi8(0x20)));
      const unsigned m = static_cast<unsigned>(_mm_movemask_epi8(hit));
      if (m == 0) {
        p += 16;
        continue;
      }
      p += ctz32(m);
      break;
    }
#else
    // 8 bytes at a time; the SWAR tests can flag bytes above a true hit (borrows),
    // never below one.
    while (e - p >= 8) {
      const uint64_t w = load8(p);
      constexpr uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
      const uint64_t q = w ^ (ones * 0x22);
      const uint64_t b = w ^ (ones * 0x5c);
      const uint64_t hit = (((w - ones * 0x20) & ~w) | ((q - ones) & ~q) | ((b - ones) & ~b) | w) & high;
      if (hit == 0) {
        p += 8;
        continue;
      }
      p += ctz64(hit) >> 3;
      break;
    }
#endif
    if (p >= e) return nullptr;
    const uint8_t c = *p;
    if (c == '"') {
      *plain = pl;
      return p + 1;
    }
    if (c == '\\') {
      pl = 0;
      if (e - p < 2) return nullptr;
      switch (p[1]) {
        case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
          p += 2;
          continue;
        case 'u':
          if (e - p < 6) return nullptr;
          if (hexVal(p[2]) < 0 || hexVal(p[3]) < 0 || hexVal(p[4]) < 0 || hexVal(p[5]) < 0) return nullptr;
          p += 6;
          continue;
        default:
          return nullptr;
      }
    }
    if (c >= 0x80) {  // non-ASCII: any byte is valid JSON inside a string (invalid UTF-8 → U+FFFD)
      pl = 0;
      p++;
      continue;
    }
    if (c < 0x20) return nullptr;
    p++;  // plain ASCII (only reached in the short tail)
  }
}

/** The first byte at or after p that is not an ASCII digit (or e); 8 bytes at a time. */
inline const uint8_t* skipDigits(const uint8_t* p, const uint8_t* e) {
  while (e - p >= 8) {
    const uint64_t m = nonDigits8(load8(p));
    if (m != 0) return p + (ctz64(m) >> 3);
    p += 8;
  }
  while (p < e && isDigit(*p)) p++;
  return p;
}

/**
 * Scans a JSON number token at p; returns the byte after it, or nullptr.
 * *digitsOnly = the token is plain digits (no sign, fraction or exponent).
 */
inline const uint8_t* scanNumber(const uint8_t* p, const uint8_t* e, uint8_t* digitsOnly) {
  *digitsOnly = *p != '-';
  if (*p == '-') {
    p++;
    if (p >= e) return nullptr;
  }
  if (*p == '0') {
    p++;
  } else if (*p >= '1' && *p <= '9') {
    p++;
    p = skipDigits(p, e);
  } else {
    return nullptr;
  }
  if (p < e && *p == '.') {
    *digitsOnly = 0;
    p++;
    if (p >= e || !isDigit(*p)) return nullptr;
    p = skipDigits(p, e);
  }
  if (p < e && (*p | 0x20) == 'e') {
    *digitsOnly = 0;
    p++;
    if (p < e && (*p == '+' || *p == '-')) p++;
    if (p >= e || !isDigit(*p)) return nullptr;
    p = skipDigits(p, e);
  }
  return p;
}

// Perfect hash of the tracked keys: slot = ((first * 24) ^ (last * 25) ^ length) & 63
// (collision-free for these 29 keys; checked by a static_assert below).
constexpr const char* kKeyNames[K_COUNT] = {
    "topic", "op", "type", "ts", "data", "stream", "e", "E", "U", "u", "pu", "b", "a", "s", "T",
    "t", "p", "q", "m", "B", "A", "lastUpdateId", "bids", "asks", "result", "id", "S", "v", "seq"};
constexpr unsigned keyHash(unsigned first, unsigned last, size_t n) {
  return ((first * 24u) ^ (last * 25u) ^ static_cast<unsigned>(n)) & 63u;
}
constexpr size_t cLen(const char* s) { return *s ? 1 + cLen(s + 1) : 0; }
struct KeyTable {
  uint8_t bytes[64][16];
  uint8_t len[64];
  int8_t id[64];
  bool collision;
  constexpr KeyTable() : bytes(), len(), id(), collision(false) {
    for (int i = 0; i < 64; i++) id[i] = -1;
    for (int k = 0; k < K_COUNT; k++) {
      const char* name = kKeyNames[k];
      const size_t n = cLen(name);
      const unsigned h = keyHash(static_cast<uint8_t>(name[0]), static_cast<uint8_t>(name[n - 1]), n);
      if (id[h] != -1) collision = true;
      id[h] = static_cast<int8_t>(k);
      len[h] = static_cast<uint8_t>(n);
      for (size_t j = 0; j < n; j++) bytes[h][j] = static_cast<uint8_t>(name[j]);
    }
  }
};
constexpr KeyTable kKeys;
static_assert(!kKeys.collision, "key hash collision: pick other multipliers");

/** Tracked key → Key id, or -1; k[0, n) is the key text, readable up to `e`. */
inline int keyId(const uint8_t* k, size_t n, const uint8_t* e) {
  if (n == 0 || n > 12) return -1;
  const unsigned h = keyHash(k[0], k[n - 1], n);
  if (kKeys.len[h] != n) return -1;
#ifdef BTC_SCANNER_SSE2
  if (e - k >= 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(k));
    const __m128i w = _mm_loadu_si128(reinterpret_cast<const __m128i*>(kKeys.bytes[h]));
    const unsigned eq = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, w)));
    const unsigned want = (1u << n) - 1;
    return (eq & want) == want ? kKeys.id[h] : -1;
  }
#else
  (void)e;
#endif
  return std::memcmp(k, kKeys.bytes[h], n) == 0 ? kKeys.id[h] : -1;
}

constexpr bool isLadderKey(int id) { return id == K_b || id == K_a || id == K_bids || id == K_asks; }

/**
 * The text of a (validated) JSON string body s[0, n) as WTF-8 into `out`: what
 * JSON.parse of the UTF-8-decoded line yields, one UTF-16 code unit sequence ↔ one
 * byte sequence. O(n).
 */
void decodeString(const uint8_t* s, size_t n, std::string& out);

/** strtod in the "C" locale (JSON numbers always use '.'): correctly rounded, like JSON.parse. */
double strtodC(const char* s);

}  // namespace scan_detail
}  // namespace btc
