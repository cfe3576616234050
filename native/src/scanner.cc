// Frame scanner, the Scanner class's line loop and phase 1 (see scanner.h for the
// contract; the decoders of phase 2 are in scan_decode.cc):
//   parse / line / fail  frame-parser.ts TsFrameParser#parse / #line: splits the
//     bytes into lines, reads the optional receive-time prefix, runs phase 1 and
//     the exchange's decoder, counts and rolls back rejected lines. O(bytes).
//   scanJson             phase 1: validates the line as strict JSON in one pass
//     without recursion (a goto state machine over an explicit stack; containers
//     that are not read cost one bit each) and records the fields the decoders
//     read (scanner.h scan_detail::Field, LevelRec, TradeRec). O(line bytes);
//     no allocation once the scratch vectors have grown to the largest line.
//   cachedLevel / fastLevel  canonical ladder pairs converted on the spot
//     (scan_ladder.h, scan_digits.h): a pair laid out like a recent one with that
//     layout's constants, else classified in a 32-byte window (which caches its
//     layout); anything else takes the generic path.
// Each function names the TS code it mirrors; the order of checks is the TS order,
// because the first failing check decides the reject kind.
#include "scanner.h"

#include <cstdint>
#include <cstring>
#include <string>
#include <utility>

#include "scan_context.h"
#include "scan_digits.h"
#include "scan_json.h"
#include "scan_ladder.h"
#include "scan_simd.h"

namespace btc {

using namespace scan_detail;

namespace {

constexpr int64_t I64_MAX = INT64_MAX;

// Containers on the phase-1 stack: what the decoders read inside them.
enum : uint8_t {
  CX_IGN_OBJ, CX_IGN_ARR,          // contents not read
  CX_TOP, CX_DATA, CX_TRADE,        // objects: top level, top-level "data", a Bybit trade
  CX_LADDER, CX_LEVEL, CX_TRADES,   // arrays: [[p, s], …], one [p, s], Bybit trade list
};
// What the value about to be parsed is.
enum : uint8_t {
  RO_NONE,    // not read
  RO_FIELD,   // a field (record type and range); contents of containers not read
  RO_LADDER,  // a field that may be a ladder (b, a, bids, asks)
  RO_DATA,    // the top-level "data" value
  RO_LEVEL,   // an element of a ladder
  RO_TRADE,   // an element of the Bybit trade list
  RO_TOP,     // the whole frame
};

/** Role of a tracked key's value in the top-level object (top) or in "data" (!top). */
struct KeyRoles {
  uint8_t top[K_COUNT];
  uint8_t data[K_COUNT];
  constexpr KeyRoles() : top(), data() {
    for (int k = 0; k < K_COUNT; k++) {
      data[k] = static_cast<uint8_t>(isLadderKey(k) ? RO_LADDER : RO_FIELD);
      top[k] = k == K_data ? static_cast<uint8_t>(RO_DATA) : data[k];
    }
  }
};
constexpr KeyRoles kRoles;

}  // namespace

Scanner::Scanner(Exchange exchange, std::string symbol, Grid tick, Grid lot)
    : exchange_(exchange), symbol_(std::move(symbol)), tick_(tick), lot_(lot) {
  symbolHasDot_ = symbol_.find('.') != std::string::npos;
  uint8_t tail[8] = {};
  if (symbol_.size() <= 7) std::memcpy(tail + 8 - symbol_.size(), symbol_.data(), symbol_.size());
  symbolTail_ = load8(tail);
  levels_.resize(1024);
  trades_.resize(64);
  stack_.resize(64);
  levCap_ = static_cast<uint32_t>(levels_.size());
  tradeCap_ = static_cast<uint32_t>(trades_.size());
  stackCap_ = stack_.size();
  strtodC("0");
}

// frame-parser.ts TsFrameParser#parse
size_t Scanner::parse(const uint8_t* bytes, size_t pos, size_t end, Event* out, uint32_t recordCapacity,
                      uint32_t outputCapacity) {
  out_ = out;
  cap_ = recordCapacity;
  count_ = 0;
  if (rejectKinds_ != 0) {
    for (int k = 0; k < REJECT_KIND_COUNT; k++) {
      firstRejectLine[k] = 0;
      firstRejectStart[k] = 0;
      firstRejectEnd[k] = 0;
    }
    rejectKinds_ = 0;
  }
  const uint64_t depthAtStart = stats.depthMessages;
  while (pos < end) {
    if (stats.depthMessages - depthAtStart >= outputCapacity) break;
    const void* nlp = std::memchr(bytes + pos, '\n', end - pos);
    const size_t nl = nlp ? static_cast<size_t>(static_cast<const uint8_t*>(nlp) - bytes) : end;
    if (line(bytes, pos, nl) == NO_ROOM) break;
    lineNo++;
    pos = nl + 1;
  }
  records = count_;
  return pos < end ? pos : end;
}

// frame-parser.ts TsFrameParser#line
int Scanner::line(const uint8_t* bytes, size_t ls, size_t le) {
  size_t s = ls, e = le;
  if (e > s && bytes[e - 1] == 13) e--;
  if (!BTC_LIKELY(s < e && bytes[s] > 32)) {  // leading blanks (rare)
    while (s < e && (bytes[s] == 32 || bytes[s] == 9)) s++;
    if (s == e) return 0;
  }
  const uint32_t start = count_;
  const uint64_t ln = lineNo + 1;
  stats.lines++;
  int64_t localTsNs = 0;
  if (isDigit(bytes[s])) {
    size_t j = s;
    while (j < e && isDigit(bytes[j])) j++;
    const size_t digits = j - s;
    if (digits < 12 || digits > 19 || j == e || (bytes[j] != 32 && bytes[j] != 9)) {
      return fail(R_BAD_PREFIX, ln, ls, le, start);
    }
    uint64_t v = 0;  // at most 19 digits: < 10^19 < 2^64
    for (size_t q = s; q < j; q++) v = v * 10 + (bytes[q] - '0');
    const uint64_t scale = digits >= 18 ? 1 : digits >= 15 ? 1000 : 1000000;
    if (v > static_cast<uint64_t>(I64_MAX) / scale) return fail(R_BAD_PREFIX, ln, ls, le, start);
    localTsNs = static_cast<int64_t>(v * scale);
    s = j;
    while (s < e && (bytes[s] == 32 || bytes[s] == 9)) s++;
  }
  if (!scanJson(bytes + s, bytes + e)) return fail(R_MALFORMED_JSON, ln, ls, le, start);
  if (topType_ != J_OBJECT) return fail(R_UNKNOWN_MESSAGE, ln, ls, le, start);
  localTsNs_ = localTsNs;
  curLine_ = static_cast<double>(ln);
  const int64_t rc = exchange_ == Exchange::Bybit ? decodeBybit() : decodeBinance();
  if (rc == NO_ROOM) {
    count_ = start;
    if (start > 0) {  // retried in the next batch
      stats.lines--;
      return static_cast<int>(NO_ROOM);
    }
    return fail(R_TOO_LARGE, ln, ls, le, start);
  }
  if (rc < 0) return fail(static_cast<int>(-rc - 1), ln, ls, le, start);
  stats.accepted++;
  return 0;
}

int Scanner::fail(int kind, uint64_t ln, size_t ls, size_t le, uint32_t rollbackTo) {
  count_ = rollbackTo;
  stats.rejected++;
  stats.rejectedByKind[kind]++;
  if (firstRejectLine[kind] == 0) {
    rejectKinds_ |= 1u << kind;
    firstRejectLine[kind] = ln;
    firstRejectStart[kind] = ls;
    firstRejectEnd[kind] = le;
  }
  return -(kind + 1);
}

// ---- phase 1: strict JSON validation + field capture ------------------------

void Scanner::growLevels() {
  levels_.resize(levels_.size() * 2 + 256);
  levCap_ = static_cast<uint32_t>(levels_.size());
}

inline LevelRec& Scanner::newLevel() {
  if (nLev_ == levCap_) growLevels();
  LevelRec& L = levels_[nLev_++];
  L.isArr = 0;
  L.fast = 0;
  return L;
}

TradeRec& Scanner::newTrade() {
  if (nTrades_ == tradeCap_) {
    trades_.resize(trades_.size() * 2 + 16);
    tradeCap_ = static_cast<uint32_t>(trades_.size());
  }
  TradeRec& t = trades_[nTrades_++];
  t.isObj = 0;
  return t;
}

BTC_INLINE Frame& Scanner::push(uint8_t ctx, uint8_t isObj, uint32_t idx, Field* f) {
  if (sp_ == stackCap_) {
    stack_.resize(stack_.size() * 2 + 64);
    stackCap_ = stack_.size();
  }
  Frame& fr = stack_[sp_++];
  fr.ctx = ctx;
  fr.isObj = isObj;
  fr.count = 0;
  fr.idx = idx;
  fr.f = f;
  return fr;
}

/** Opens a container whose contents are not read: one bit (object?) per level. */
inline void Scanner::pushIgnored(bool isObj) {
  const size_t w = ignDepth_ >> 6;
  if (w == ignBits_.size()) ignBits_.push_back(0);
  const uint64_t bit = uint64_t{1} << (ignDepth_ & 63);
  ignBits_[w] = isObj ? ignBits_[w] | bit : ignBits_[w] & ~bit;
  ignDepth_++;
}

bool Scanner::scanJson(const uint8_t* p, const uint8_t* e) {
  sp_ = 0;
  ignDepth_ = 0;
  nLev_ = 0;
  nTrades_ = 0;
  topSet_ = 0;
  topType_ = J_ABSENT;
  const bool bybit = exchange_ == Exchange::Bybit;

  uint8_t role = RO_TOP;
  Field* f = nullptr;
  const uint8_t* s;
  uint8_t plain;
  Field* d;
  uint8_t kctx;  // at `key`: the context of the object the key is in

value:
  if (!BTC_LIKELY(p < e && *p > ' ')) {  // whitespace first (rare)
    p = skipWs(p, e);
    if (p >= e) return false;
  }
  // Where the value goes (scalars and containers alike).
  if (role <= RO_LADDER) {
    d = role == RO_NONE ? nullptr : f;
  } else if (role == RO_LEVEL) {
    newLevel();
    d = nullptr;
  } else if (role == RO_DATA) {
    dataSet_ = 0;
    d = f;
  } else if (role == RO_TRADE) {
    newTrade();
    d = nullptr;
  } else {  // RO_TOP
    d = nullptr;
  }
  if (*p == '"') {
    s = ++p;
    p = scanString(p, e, &plain);
    if (!p) return false;
    if (d) {
      d->type = J_STRING;
      d->p = s;
      d->len = static_cast<uint32_t>(p - 1 - s);
      d->plain = plain;
    } else if (role == RO_TOP) {
      topType_ = J_STRING;
    }
    goto after;
  }
  if (*p == '-' || isDigit(*p)) {
    s = p;
    p = scanNumber(p, e, &plain);
    if (!p) return false;
    if (d) {
      d->type = J_NUMBER;
      d->p = s;
      d->len = static_cast<uint32_t>(p - s);
      d->plain = plain;
    } else if (role == RO_TOP) {
      topType_ = J_NUMBER;
    }
    goto after;
  }
  if (*p == '{') {
    if (d) d->type = J_OBJECT;
    uint8_t ctx = CX_IGN_OBJ;
    uint32_t idx = 0;
    if (role == RO_TOP) {
      ctx = CX_TOP;
      topType_ = J_OBJECT;
    } else if (role == RO_DATA) {
      ctx = CX_DATA;
    } else if (role == RO_TRADE) {
      TradeRec& t = trades_[nTrades_ - 1];
      t.isObj = 1;
      t.T.type = t.S.type = t.p.type = t.v.type = t.seq.type = J_ABSENT;
      ctx = CX_TRADE;
      idx = nTrades_ - 1;
    }
    if (ctx == CX_IGN_OBJ) {
      pushIgnored(true);
    } else {
      push(ctx, 1, idx, d);
    }
    p = skipWs(p + 1, e);
    if (p >= e) return false;
    if (*p == '}') {
      p++;
      if (ctx == CX_IGN_OBJ) {
        ignDepth_--;
      } else {
        sp_--;
      }
      goto after;
    }
    kctx = ctx;
    goto key;
  }
  if (*p == '[') {
    if (d) d->type = J_ARRAY;
    uint8_t ctx = CX_IGN_ARR;
    uint32_t idx = 0;
    if (role == RO_LADDER) {
      ctx = CX_LADDER;
      d->seg = nLev_;
      d->count = 0;
    } else if (role == RO_LEVEL) {
      levels_[nLev_ - 1].isArr = 1;
      ctx = CX_LEVEL;
      idx = nLev_ - 1;
    } else if (role == RO_TOP) {
      topType_ = J_ARRAY;
    } else if (role == RO_DATA && bybit) {
      ctx = CX_TRADES;
      nTrades_ = 0;
      d->count = 0;
    }
    if (ctx == CX_IGN_ARR) {
      pushIgnored(false);
      p = skipWs(p + 1, e);
      if (p >= e) return false;
      if (*p == ']') {
        p++;
        ignDepth_--;
        goto after;
      }
      role = RO_NONE;
      goto value;
    }
    push(ctx, 0, idx, d);
    p = skipWs(p + 1, e);
    if (p >= e) return false;
    if (*p == ']') {
      p++;
      goto close;
    }
    if (ctx == CX_LADDER) goto ladder;
    goto element;
  }
  if (*p == 't') {
    if (e - p < 4 || std::memcmp(p, "true", 4) != 0) return false;
    p += 4;
    if (d) d->type = J_TRUE; else if (role == RO_TOP) topType_ = J_TRUE;
    goto after;
  }
  if (*p == 'f') {
    if (e - p < 5 || std::memcmp(p, "false", 5) != 0) return false;
    p += 5;
    if (d) d->type = J_FALSE; else if (role == RO_TOP) topType_ = J_FALSE;
    goto after;
  }
  if (*p == 'n') {
    if (e - p < 4 || std::memcmp(p, "null", 4) != 0) return false;
    p += 4;
    if (d) d->type = J_NULL; else if (role == RO_TOP) topType_ = J_NULL;
    goto after;
  }
  return false;

ladder:  // p at an element of the ladder on top of the stack: canonical pairs in a tight loop
  for (;;) {
    const uint8_t* q = cachedLevel(p, e);
    if (!q) q = fastLevel(p, e);
    if (!q) goto element;  // anything else: the generic path for this element
    p = q;
    if (p < e && *p == ',') {
      p++;
      continue;
    }
    if (p < e && *p == ']') {
      p++;
      goto close;
    }
    goto after;
  }

after:
  if (ignDepth_ > 0) {  // inside a container that is not read
    p = skipWs(p, e);
    if (p >= e) return false;
    const size_t top = ignDepth_ - 1;
    const bool isObj = (ignBits_[top >> 6] >> (top & 63)) & 1;
    const uint8_t c = *p++;
    if (c == ',') {
      if (isObj) {
        kctx = CX_IGN_OBJ;
        goto key;
      }
      role = RO_NONE;
      goto value;
    }
    if (c != (isObj ? '}' : ']')) return false;
    ignDepth_--;
    goto after;
  }
  if (sp_ == 0) {
    p = skipWs(p, e);
    return p == e;
  }
  if (!BTC_LIKELY(p < e && *p > ' ')) {  // whitespace first (rare)
    p = skipWs(p, e);
    if (p >= e) return false;
  }
  {
    Frame& fr = stack_[sp_ - 1];
    const uint8_t c = *p++;
    if (c == ',') {
      if (fr.isObj) {
        kctx = fr.ctx;
        goto key;
      }
      if (fr.ctx == CX_LADDER) {
        p = skipWs(p, e);
        goto ladder;
      }
      goto element;
    }
    if (fr.isObj) {
      if (c != '}') return false;
      sp_--;
      goto after;
    }
    if (c != ']') return false;
    goto close;
  }

close: {  // end of the array on top of the stack
  Frame& fr = stack_[sp_ - 1];
  if (fr.ctx == CX_LADDER) {
    fr.f->count = nLev_ - fr.f->seg;
  } else if (fr.ctx == CX_LEVEL) {
    levels_[fr.idx].count = fr.count;
  } else if (fr.ctx == CX_TRADES) {
    fr.f->count = nTrades_;
  }
  sp_--;
  goto after;
}

element: {  // the next element of the (read) array on top of the stack
  Frame& fr = stack_[sp_ - 1];
  const uint32_t i = fr.count++;
  if (fr.ctx == CX_LADDER) {
    role = RO_LEVEL;
  } else if (fr.ctx == CX_LEVEL) {
    if (i < 2) {
      role = RO_FIELD;
      f = i == 0 ? &levels_[fr.idx].f0 : &levels_[fr.idx].f1;
    } else {
      role = RO_NONE;
    }
  } else {  // CX_TRADES
    role = RO_TRADE;
  }
  goto value;
}

key: {
  if (!BTC_LIKELY(p < e && *p == '"')) {  // whitespace first (rare)
    p = skipWs(p, e);
    if (p >= e || *p != '"') return false;
  }
  s = ++p;
  p = scanString(p, e, &plain);
  if (!p) return false;
  const uint8_t ctx = kctx;
  int id = -1;
  if (ctx != CX_IGN_OBJ) {
    const size_t kn = static_cast<size_t>(p - 1 - s);
    if (plain) {
      id = keyId(s, kn, e);
    } else {
      decodeString(s, kn, sbuf_);
      const uint8_t* k = reinterpret_cast<const uint8_t*>(sbuf_.data());
      id = keyId(k, sbuf_.size(), k + sbuf_.size());
    }
  }
  if (p < e && *p == ':') {  // the usual `"key":`
    p++;
  } else {
    p = skipWs(p, e);
    if (p >= e || *p != ':') return false;
    p++;
  }
  role = RO_NONE;
  if (id >= 0) {
    if (ctx == CX_TOP) {
      f = &topF_[id];
      topSet_ |= 1u << id;
      role = kRoles.top[id];
    } else if (ctx == CX_DATA) {
      f = &dataF_[id];
      dataSet_ |= 1u << id;
      role = kRoles.data[id];
    } else {  // CX_TRADE
      TradeRec& t = trades_[stack_[sp_ - 1].idx];
      role = RO_FIELD;
      switch (id) {
        case K_T: f = &t.T; break;
        case K_S: f = &t.S; break;
        case K_p: f = &t.p; break;
        case K_v: f = &t.v; break;
        case K_seq: f = &t.seq; break;
        default: role = RO_NONE; break;
      }
    }
  }
  goto value;
}
}

}  // namespace btc
