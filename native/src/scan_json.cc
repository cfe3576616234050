// Frame scanner, JSON slow paths (declared in scan_json.h): decoding a string
// that has escapes or non-ASCII bytes to the WTF-8 of the UTF-16 text JSON.parse
// would produce (O(length), appends to a reused std::string), and locale-
// independent strtod for numbers that are not plain digits. Both run only for
// unusual input (keys / values with escapes, numbers with a sign, fraction or
// exponent), never for the canonical Bybit / Binance frames.
#include "scan_json.h"

#include <clocale>
#include <cstdlib>
#include <locale.h>

#if defined(__APPLE__) && !defined(_MSC_VER)
#include <xlocale.h>
#endif

namespace btc {
namespace scan_detail {

namespace {

void putCodeUnit(std::string& out, uint32_t cu) {  // BMP code unit (surrogates as 3 bytes: WTF-8)
  if (cu < 0x80) {
    out += static_cast<char>(cu);
  } else if (cu < 0x800) {
    out += static_cast<char>(0xC0 | (cu >> 6));
    out += static_cast<char>(0x80 | (cu & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (cu >> 12));
    out += static_cast<char>(0x80 | ((cu >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cu & 0x3F));
  }
}
void putCodePoint4(std::string& out, uint32_t cp) {
  out += static_cast<char>(0xF0 | (cp >> 18));
  out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
  out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
  out += static_cast<char>(0x80 | (cp & 0x3F));
}

}  // namespace

void decodeString(const uint8_t* s, size_t n, std::string& out) {
  out.clear();
  size_t i = 0;
  while (i < n) {
    const uint8_t c = s[i];
    if (c == '\\') {
      const uint8_t x = s[i + 1];
      if (x == 'u') {
        uint32_t cu = hex4(s + i + 2);
        i += 6;
        if (cu >= 0xD800 && cu <= 0xDBFF && i + 6 <= n && s[i] == '\\' && s[i + 1] == 'u') {
          uint32_t lo = hex4(s + i + 2);
          if (lo >= 0xDC00 && lo <= 0xDFFF) {
            putCodePoint4(out, 0x10000 + ((cu - 0xD800) << 10) + (lo - 0xDC00));
            i += 6;
            continue;
          }
        }
        putCodeUnit(out, cu);
        continue;
      }
      char ch;
      switch (x) {
        case 'b': ch = '\b'; break;
        case 'f': ch = '\f'; break;
        case 'n': ch = '\n'; break;
        case 'r': ch = '\r'; break;
        case 't': ch = '\t'; break;
        default: ch = static_cast<char>(x); break;  // " \ /
      }
      out += ch;
      i += 2;
      continue;
    }
    if (c < 0x80) {
      out += static_cast<char>(c);
      i++;
      continue;
    }
    // UTF-8 → code points, invalid sequences → U+FFFD per maximal subpart (WHATWG).
    size_t need;
    uint8_t lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      need = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      need = 2;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      need = 3;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      out += "\xEF\xBF\xBD";
      i++;
      continue;
    }
    size_t j = i + 1, k = 0;
    for (; k < need && j < n; k++, j++) {
      if (s[j] < lo || s[j] > hi) break;
      lo = 0x80;
      hi = 0xBF;
    }
    if (k == need) {
      out.append(reinterpret_cast<const char*>(s + i), j - i);
    } else {
      out += "\xEF\xBF\xBD";  // the offending byte (if any) is looked at again
    }
    i = j;
  }
}

double strtodC(const char* s) {
#if defined(_MSC_VER)
  static _locale_t loc = _create_locale(LC_ALL, "C");
  return _strtod_l(s, nullptr, loc);
#else
  static locale_t loc = newlocale(LC_ALL_MASK, "C", static_cast<locale_t>(0));
  return strtod_l(s, nullptr, loc);
#endif
}

}  // namespace scan_detail
}  // namespace btc
