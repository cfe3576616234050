// Frame scanner, phase 2: the decoders of src/feed/bybit.ts and binance.ts over
// the fields phase 1 (scanner.cc) recorded, and the field accessors they share
// (frame-context.ts isCount / price / size, levels.ts writeLevels). Each decoder
// keeps the TS order of checks, because the first failing check decides the
// reject kind, and writes 64-byte records (layout.h): prices in ticks, sizes in
// lots, times in ns. O(fields + levels) per line; strings with escapes are decoded
// into the Scanner's scratch strings (scan_json.cc), plain ones read in place.
// Returns: 0 accepted / ignored, NO_ROOM, or rej(kind) (scan_context.h).
#include "scanner.h"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>

#include "scan_context.h"
#include "scan_decimal.h"
#include "scan_digits.h"
#include "scan_json.h"
#include "scan_simd.h"

namespace btc {

using namespace scan_detail;

namespace {

/** BigInt(ms) * 1_000_000n stored into a BigInt64Array slot (mod 2^64). */
inline int64_t msToNs(double ms) {
  uint64_t v = static_cast<uint64_t>(ms) * 1000000ULL;
  int64_t r;
  std::memcpy(&r, &v, 8);
  return r;
}

}  // namespace

void Scanner::text(const Field& f, std::string& buf, const uint8_t** p, size_t* n) {
  if (f.plain) {
    *p = f.p;
    *n = f.len;
    return;
  }
  decodeString(f.p, f.len, buf);
  *p = reinterpret_cast<const uint8_t*>(buf.data());
  *n = buf.size();
}

bool Scanner::textEquals(const Field& f, const char* lit, size_t n) {
  if (f.type != J_STRING) return false;
  if (f.plain) return f.len == n && std::memcmp(f.p, lit, n) == 0;
  const uint8_t* p;
  size_t m;
  text(f, sbuf2_, &p, &m);
  return m == n && std::memcmp(p, lit, n) == 0;
}

// frame-context.ts isCount: typeof number && Number.isSafeInteger && >= 0.
bool Scanner::isCount(const Field& f, double* v) {
  if (f.type != J_NUMBER) return false;
  const uint8_t* p = f.p;
  const size_t n = f.len;
  if (f.plain && n <= 15) {  // plain digits (phase 1 says so): exact
    if (n >= 8) {
      *v = static_cast<double>(digitsValue(p, static_cast<unsigned>(n)));
      return true;
    }
    uint64_t x = 0;
    for (size_t i = 0; i < n; i++) x = x * 10 + (p[i] - '0');
    *v = static_cast<double>(x);
    return true;
  }
  nbuf_.assign(reinterpret_cast<const char*>(p), n);
  const double d = strtodC(nbuf_.c_str());
  if (!(d >= 0) || !(d <= static_cast<double>(MAX_SAFE)) || d != std::trunc(d)) return false;
  *v = d;
  return true;
}

int64_t Scanner::eventTsNs(const Field& E) {  // binance.ts eventTsNs
  double ms;
  if (isCount(E, &ms)) return msToNs(ms);
  return haveExchTs_ ? lastExchTsNs_ : localTsNs_;
}

int64_t Scanner::gridOf(const Field& f, const Grid& g) {
  if (f.plain) {
    bool ok;
    const int64_t r = shortDecimal(f.p, f.len, g, &ok);
    return ok ? r : toGridUnits(f.p, f.len, g);
  }
  decodeString(f.p, f.len, sbuf2_);
  return toGridUnits(reinterpret_cast<const uint8_t*>(sbuf2_.data()), sbuf2_.size(), g);
}

// frame-context.ts price()
int64_t Scanner::price(const Field& f) {
  if (f.type != J_STRING) return rej(R_BAD_PRICE);
  return priceResult(gridOf(f, tick_));
}

// frame-context.ts size()
int64_t Scanner::size(const Field& f) {
  if (f.type != J_STRING) return rej(R_BAD_SIZE);
  return sizeResult(gridOf(f, lot_));
}

// levels.ts writeLevels
int Scanner::writeLevels(const Field& ladder, uint32_t side, int64_t exchTsNs) {
  // Records are written in place and counted at the end (a reject rolls the
  // whole line back anyway); fast levels are always two-element arrays.
  const LevelRec* lv = levels_.data() + ladder.seg;
  Event* o = out_ + count_;
  const uint32_t n = ladder.count;
  const int64_t local = localTsNs_;
  const uint32_t flags = KIND_LEVEL | side;
  for (uint32_t i = 0; i < n; i++, o++) {
    const LevelRec& L = lv[i];
    int64_t px, qty;
    if (L.fast) {
      px = L.px;
      qty = L.qty;
      if ((px | qty) < 0) return static_cast<int>(px < 0 ? px : qty);
    } else {
      if (!L.isArr || L.count != 2) return static_cast<int>(rej(R_BAD_FIELD));
      px = price(L.f0);
      if (px < 0) return static_cast<int>(px);
      qty = size(L.f1);
      if (qty < 0) return static_cast<int>(qty);
    }
    o->flags = flags;
    o->aux = 0;
    o->exchTsNs = exchTsNs;
    o->localTsNs = local;
    o->px = static_cast<double>(px);
    o->qty = static_cast<double>(qty);
    o->id = 0;
    o->ival = 0;
    o->fval = 0;
  }
  count_ += n;
  return 0;
}

// bybit.ts decodeBybit
int Scanner::decodeBybit() {
  const Field& topic = top()[K_topic];
  if (topic.type != J_STRING) {
    if (top()[K_op].type == J_STRING) {
      stats.ignored++;
      return 0;
    }
    return static_cast<int>(rej(R_UNKNOWN_MESSAGE));
  }
  const uint8_t* t;
  size_t n;
  text(topic, sbuf_, &t, &n);
  const bool isDepth = n >= 10 && std::memcmp(t, "orderbook.", 10) == 0;
  if (!isDepth && !(n >= 12 && std::memcmp(t, "publicTrade.", 12) == 0)) {
    return static_cast<int>(rej(R_UNKNOWN_MESSAGE));
  }
  const size_t m = symbol_.size();
  if (!symbolHasDot_ && n > m && t[n - m - 1] == '.') {
    // the text after the last '.' is the symbol iff the last m bytes are (it has no '.');
    // m <= 7: one word ending at t + n (n >= 10 here), the bytes before the symbol masked off
    const bool same = m <= 7 ? ((load8(t + n - 8) ^ symbolTail_) & ~(~0ULL >> (8 * m))) == 0
                             : std::memcmp(t + n - m, symbol_.data(), m) == 0;
    if (!same) return static_cast<int>(rej(R_OTHER_SYMBOL));
  } else {
    size_t dot = n;
    while (t[dot - 1] != '.') dot--;  // a '.' exists: the prefix ends with one
    if (!isSymbol(t + dot, n - dot)) return static_cast<int>(rej(R_OTHER_SYMBOL));
  }
  return isDepth ? bybitDepth() : bybitTrades();
}

int Scanner::bybitDepth() {
  const Field& type = top()[K_type];
  const bool snapshot = textEquals(type, "snapshot", 8);
  if (!snapshot && !textEquals(type, "delta", 5)) return static_cast<int>(rej(R_BAD_FIELD));
  double ts, u;
  if (!isCount(top()[K_ts], &ts)) return static_cast<int>(rej(R_BAD_FIELD));
  if (top()[K_data].type != J_OBJECT) return static_cast<int>(rej(R_BAD_FIELD));
  if (!isCount(data()[K_u], &u)) return static_cast<int>(rej(R_BAD_FIELD));
  const Field& b = data()[K_b];
  const Field& a = data()[K_a];
  if (b.type != J_ARRAY || a.type != J_ARRAY) return static_cast<int>(rej(R_BAD_FIELD));
  const uint64_t n = uint64_t{b.count} + a.count;
  if (!room(1 + n)) return static_cast<int>(NO_ROOM);
  const int64_t ns = msToNs(ts);
  const uint32_t flags = KIND_DEPTH | (snapshot || u == 1 ? DEPTH_SNAPSHOT : 0);
  put(flags, static_cast<uint32_t>(n), ns, curLine_, 0, u, u, -1);
  int rc = writeLevels(b, SIDE_BID, ns);
  if (rc < 0) return rc;
  rc = writeLevels(a, SIDE_ASK, ns);
  if (rc < 0) return rc;
  lastExchTsNs_ = ns;
  haveExchTs_ = true;
  stats.depthMessages++;
  return 0;
}

int Scanner::bybitTrades() {
  const Field& data = top()[K_data];
  if (data.type != J_ARRAY) return static_cast<int>(rej(R_BAD_FIELD));
  if (!room(data.count)) return static_cast<int>(NO_ROOM);
  int64_t lastTs = lastExchTsNs_;
  bool have = haveExchTs_;
  for (uint32_t i = 0; i < data.count; i++) {
    const TradeRec& t = trades_[i];
    if (!t.isObj) return static_cast<int>(rej(R_BAD_FIELD));
    double T;
    if (!isCount(t.T, &T)) return static_cast<int>(rej(R_BAD_FIELD));
    const bool buy = textEquals(t.S, "Buy", 3);
    if (!buy && !textEquals(t.S, "Sell", 4)) return static_cast<int>(rej(R_BAD_FIELD));
    const int64_t px = price(t.p);
    if (px < 0) return static_cast<int>(px);
    const int64_t qty = size(t.v);
    if (qty < 0) return static_cast<int>(qty);
    if (qty == 0) return static_cast<int>(rej(R_BAD_SIZE));
    const int64_t ns = msToNs(T);
    double id;
    if (!isCount(t.seq, &id)) id = 0;
    put(KIND_TRADE | (buy ? SIDE_BUY : SIDE_SELL), 0, ns, static_cast<double>(px), static_cast<double>(qty), id,
        0, 0);
    lastTs = ns;
    have = true;
  }
  lastExchTsNs_ = lastTs;  // only once the whole frame is accepted
  haveExchTs_ = have;
  stats.trades += data.count;
  return 0;
}

// binance.ts decodeBinance
int Scanner::decodeBinance() {
  Obj P = top();
  bool streamBookTicker = false;
  if (top()[K_stream].type == J_STRING && top()[K_data].type == J_OBJECT) {
    P = data();
    const uint8_t* t;
    size_t n;
    text(top()[K_stream], sbuf_, &t, &n);
    streamBookTicker = n >= 11 && std::memcmp(t + n - 11, "@bookTicker", 11) == 0;
  }
  const Field& e = P[K_e];
  if (e.type == J_ABSENT && P[K_lastUpdateId].type != J_ABSENT) return binanceSnapshot(P);
  if (P[K_s].type == J_STRING) {
    const uint8_t* t;
    size_t n;
    text(P[K_s], sbuf_, &t, &n);
    if (!isSymbol(t, n)) return static_cast<int>(rej(R_OTHER_SYMBOL));
  }
  if (e.type == J_STRING) {
    const uint8_t* t;
    size_t n;
    text(e, sbuf_, &t, &n);
    auto is = [&](const char* lit, size_t m) { return n == m && std::memcmp(t, lit, m) == 0; };
    if (is("depthUpdate", 11)) return binanceDiff(P);
    if (is("trade", 5)) return binanceTrade(P, P[K_t]);
    if (is("aggTrade", 8)) return binanceTrade(P, P[K_a]);
    if (is("bookTicker", 10)) return binanceTicker(P);
    if (is("markPriceUpdate", 15)) {
      stats.ignored++;
      return 0;
    }
    return static_cast<int>(rej(R_UNKNOWN_MESSAGE));
  }
  if (e.type == J_ABSENT) {
    if (streamBookTicker || (P[K_u].type != J_ABSENT && P[K_b].type != J_ABSENT && P[K_B].type != J_ABSENT &&
                             P[K_a].type != J_ABSENT && P[K_A].type != J_ABSENT)) {
      return binanceTicker(P);
    }
    if (P[K_result].type != J_ABSENT || P[K_id].type != J_ABSENT) {
      stats.ignored++;
      return 0;
    }
  }
  return static_cast<int>(rej(R_UNKNOWN_MESSAGE));
}

int Scanner::binanceSnapshot(const Obj& P) {
  double id;
  if (!isCount(P[K_lastUpdateId], &id)) return static_cast<int>(rej(R_BAD_FIELD));
  const Field& bids = P[K_bids];
  const Field& asks = P[K_asks];
  if (bids.type != J_ARRAY || asks.type != J_ARRAY) return static_cast<int>(rej(R_BAD_FIELD));
  const uint64_t n = uint64_t{bids.count} + asks.count;
  if (!room(1 + n)) return static_cast<int>(NO_ROOM);
  const int64_t ts = eventTsNs(P[K_E]);
  put(KIND_DEPTH | DEPTH_SNAPSHOT, static_cast<uint32_t>(n), ts, curLine_, 0, id, id, -1);
  int rc = writeLevels(bids, SIDE_BID, ts);
  if (rc < 0) return rc;
  rc = writeLevels(asks, SIDE_ASK, ts);
  if (rc < 0) return rc;
  double E;
  if (isCount(P[K_E], &E)) {
    lastExchTsNs_ = ts;
    haveExchTs_ = true;
  }
  stats.depthMessages++;
  return 0;
}

int Scanner::binanceDiff(const Obj& P) {
  double E, U, u, pu = -1;
  if (!isCount(P[K_E], &E)) return static_cast<int>(rej(R_BAD_FIELD));
  if (!isCount(P[K_U], &U) || !isCount(P[K_u], &u) || U > u) return static_cast<int>(rej(R_BAD_FIELD));
  const bool hasPu = P[K_pu].type != J_ABSENT;
  if (hasPu && !isCount(P[K_pu], &pu)) return static_cast<int>(rej(R_BAD_FIELD));
  const Field& b = P[K_b];
  const Field& a = P[K_a];
  if (b.type != J_ARRAY || a.type != J_ARRAY) return static_cast<int>(rej(R_BAD_FIELD));
  const uint64_t n = uint64_t{b.count} + a.count;
  if (!room(1 + n)) return static_cast<int>(NO_ROOM);
  const int64_t ts = msToNs(E);
  put(KIND_DEPTH | (hasPu ? DEPTH_SEQ_PREV : 0), static_cast<uint32_t>(n), ts, curLine_, 0, u, U, hasPu ? pu : -1);
  int rc = writeLevels(b, SIDE_BID, ts);
  if (rc < 0) return rc;
  rc = writeLevels(a, SIDE_ASK, ts);
  if (rc < 0) return rc;
  lastExchTsNs_ = ts;
  haveExchTs_ = true;
  stats.depthMessages++;
  return 0;
}

int Scanner::binanceTrade(const Obj& P, const Field& idf) {
  double T, id;
  if (!isCount(P[K_T], &T)) return static_cast<int>(rej(R_BAD_FIELD));
  const uint8_t m = P[K_m].type;
  if (m != J_TRUE && m != J_FALSE) return static_cast<int>(rej(R_BAD_FIELD));
  if (!isCount(idf, &id)) return static_cast<int>(rej(R_BAD_FIELD));
  const int64_t px = price(P[K_p]);
  if (px < 0) return static_cast<int>(px);
  const int64_t qty = size(P[K_q]);
  if (qty < 0) return static_cast<int>(qty);
  if (qty == 0) return static_cast<int>(rej(R_BAD_SIZE));
  if (!room(1)) return static_cast<int>(NO_ROOM);
  const int64_t ts = msToNs(T);
  // m = true: the buyer was the maker, so the seller took liquidity.
  put(KIND_TRADE | (m == J_TRUE ? SIDE_SELL : SIDE_BUY), 0, ts, static_cast<double>(px),
      static_cast<double>(qty), id, 0, 0);
  lastExchTsNs_ = ts;
  haveExchTs_ = true;
  stats.trades++;
  return 0;
}

int Scanner::binanceTicker(const Obj& P) {
  double u;
  if (!isCount(P[K_u], &u)) return static_cast<int>(rej(R_BAD_FIELD));
  const int64_t bidPx = price(P[K_b]);
  if (bidPx < 0) return static_cast<int>(bidPx);
  const int64_t bidQty = size(P[K_B]);
  if (bidQty < 0) return static_cast<int>(bidQty);
  const int64_t askPx = price(P[K_a]);
  if (askPx < 0) return static_cast<int>(askPx);
  const int64_t askQty = size(P[K_A]);
  if (askQty < 0) return static_cast<int>(askQty);
  if (!room(1)) return static_cast<int>(NO_ROOM);
  const int64_t ts = eventTsNs(P[K_E]);
  put(KIND_TICKER, 0, ts, static_cast<double>(bidPx), static_cast<double>(bidQty), u, static_cast<double>(askPx),
      static_cast<double>(askQty));
  double E;
  if (isCount(P[K_E], &E)) {
    lastExchTsNs_ = ts;
    haveExchTs_ = true;
  }
  stats.tickers++;
  return 0;
}

}  // namespace btc
