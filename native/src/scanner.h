// Native frame scanner: raw bytes of a recording (one exchange frame per line)
// → 64-byte event records (layout.h), with exactly the semantics of the TS
// reference parser (src/feed/frame-parser.ts, bybit.ts, binance.ts, levels.ts,
// frame-context.ts, decimal.ts). No JSON.parse, no allocation per frame once the
// scratch vectors have grown to the largest line seen.
//
// Contract (held by the differential checks against TsFrameParser): for any input
// bytes the scanner writes the same records (all 64 bytes), consumes the same
// lines, rejects the same lines with the same kind and keeps the same counters.
//
// How a line is decoded:
//   phase 1 validates the line as strict JSON (RFC 8259, the grammar JSON.parse
//           accepts) without recursion and without a depth limit (JSON.parse has
//           none either: containers that are not read cost one bit of stack each),
//           and records type and byte range of the values the decoders read, at
//           the paths they read them, last duplicate key winning, keys compared
//           after unescaping. Ladder pairs in the canonical shape
//           ["<digits>.<digits>","<digits>.<digits>"] are converted on the spot
//           (SSE2 when available); anything else takes the generic path;
//   phase 2 runs the decoder of bybit.ts / binance.ts over those values in the same
//           order of checks, so the same reject kind wins.
// Numbers: a JSON number "counts" (isCount) when its double value (strtod in the C
// locale, correctly rounded like JSON.parse) is an integer in [0, 2^53 - 1]; -0
// counts and is written as -0 like the TS code does.
// Strings are compared as the UTF-16 text JSON.parse would produce, represented as
// generalized UTF-8 (WTF-8): escapes decoded, surrogate pairs combined, lone
// surrogates as 3-byte sequences, invalid raw UTF-8 replaced by U+FFFD per maximal
// subpart (what Buffer#toString('utf8') does before JSON.parse).
//
// Files: scanner.h / scanner.cc (this class: line loop, phase 1), scan_decode.cc
// (phase 2), scan_json.h/.cc (JSON tokens, key hash, string decoding),
// scan_decimal.h/.cc (toGridUnits), scan_digits.h (ladder fast path),
// scan_simd.h (SSE2 / bit primitives), scan_context.h (result codes).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "layout.h"
#include "scan_decimal.h"  // Grid, DEC_* codes, toGridUnits, gridFromDecimal

namespace btc {

// ---- src/feed/reject.ts: reject kinds (numeric codes shared with the TS side) ----
constexpr int R_MALFORMED_JSON = 0;
constexpr int R_UNKNOWN_MESSAGE = 1;
constexpr int R_BAD_FIELD = 2;
constexpr int R_BAD_PRICE = 3;
constexpr int R_OFF_GRID_PRICE = 4;
constexpr int R_BAD_SIZE = 5;
constexpr int R_OFF_GRID_SIZE = 6;
constexpr int R_BAD_PREFIX = 7;
constexpr int R_TOO_LARGE = 8;
constexpr int R_OTHER_SYMBOL = 9;
constexpr int R_TRUNCATED = 10;
constexpr int REJECT_KIND_COUNT = 11;

enum class Exchange : int { Bybit = 0, Binance = 1 };

/** Cumulative counters, the ParseStats of reject.ts. */
struct ScanStats {
  uint64_t lines = 0;
  uint64_t accepted = 0;
  uint64_t depthMessages = 0;
  uint64_t trades = 0;
  uint64_t tickers = 0;
  uint64_t ignored = 0;
  uint64_t rejected = 0;
  uint64_t rejectedByKind[REJECT_KIND_COUNT] = {};
};

namespace scan_detail {
// JSON value types recorded for a field (ABSENT: key not present = `undefined`).
enum : uint8_t { J_ABSENT = 0, J_NULL, J_FALSE, J_TRUE, J_NUMBER, J_STRING, J_ARRAY, J_OBJECT };

/** One recorded value: type plus what phase 2 needs of it. */
struct Field {
  const uint8_t* p = nullptr;  // string: first content byte; number: token start
  uint32_t len = 0;            // string: raw content bytes; number: token bytes
  uint8_t type = J_ABSENT;
  uint8_t plain = 0;           // string: ASCII only, no escapes (raw bytes = text);
                               // number: plain digits (no sign, fraction, exponent)
  uint32_t count = 0;          // ladder / trades array: elements
  uint32_t seg = 0;            // ladder: first LevelRec index
};

/** One element of a `[[price, size], …]` ladder. */
struct LevelRec {
  uint8_t isArr = 0;
  uint8_t fast = 0;    // canonical pair converted during phase 1: px / qty hold the results
                       // (isArr / count are then not necessarily set: a 2-element array)
  uint32_t count = 0;  // elements, when an array
  int64_t px = 0;      // fast: price() result (ticks or -(kind+1))
  int64_t qty = 0;     // fast: size() result (lots or -(kind+1))
  Field f0, f1;        // generic: the first two elements
};

/** One element of a Bybit publicTrade `data` array. */
struct TradeRec {
  uint8_t isObj = 0;
  Field T, S, p, v, seq;
};

// Keys the decoders read (any object level); -1 = not tracked.
enum Key : int {
  K_topic, K_op, K_type, K_ts, K_data, K_stream, K_e, K_E, K_U, K_u, K_pu, K_b, K_a, K_s, K_T,
  K_t, K_p, K_q, K_m, K_B, K_A, K_lastUpdateId, K_bids, K_asks, K_result, K_id, K_S, K_v, K_seq,
  K_COUNT
};

/** A field absent from its object (`undefined`). */
inline const Field kAbsentField{};

/** One tracked object's fields: field k is present iff bit k of `set` is. */
struct Obj {
  const Field* f;
  uint32_t set;
  const Field& operator[](int k) const { return (set >> k) & 1 ? f[k] : kAbsentField; }
};
static_assert(K_COUNT <= 32, "presence bits");

/**
 * The byte layout of a recent canonical ladder pair fastLevel converted
 * (scan_digits.h buildShape / matchShape): a pair with the same non-digit bytes
 * at the same places is converted with constant masks and shifts. Pure cache: it
 * depends only on the bytes matched and the (fixed) grids. nonDigit = ~0: none.
 */
struct PairShape {
  uint8_t tmpl[32] = {};     // the window it was built from ('0' at drop): bytes at `fixed` count
  uint32_t win = 0;          // bytes [0, end) of the window: the pair
  uint32_t nonDigit = ~0u;   // non-digit bytes in win: brackets, quotes, comma, dots
  uint32_t drop = 0;         // fraction digits past the grid's decimals: must be '0'
  uint32_t fixed = 0;        // nonDigit | drop: the bytes that must equal tmpl
  uint32_t end = 0;          // bytes of the pair
  uint32_t qs0 = 0;          // first byte of the size string
  uint32_t pShift = 0, qShift = 0;
  uint64_t pLow = 0, qLow = 0;    // bytes before the dot
  uint64_t pMax = 0, qMax = 0;    // largest mantissa that stays <= 2^53 - 1 once scaled
  uint64_t pScale = 1, qScale = 1;
};
constexpr int PAIR_SHAPES = 3;  // the cache: the most recently built first

struct Frame {
  uint8_t ctx;
  uint8_t isObj;
  uint32_t count;  // array elements seen
  uint32_t idx;    // LevelRec / TradeRec index
  Field* f;        // the container's own field (ladders, trades)
};
}  // namespace scan_detail

class Scanner {
 public:
  /** symbol: the instrument symbol as WTF-8 of its UTF-16 code units. */
  Scanner(Exchange exchange, std::string symbol, Grid tick, Grid lot);

  /**
   * Parses whole lines of bytes[pos, end) into a new batch written to out[0..);
   * returns where it stopped (exactly TsFrameParser#parse). A line whose records
   * do not fit is left for the next call (NO_ROOM), or rejected as too large
   * when it is the first of the batch. At most outputCapacity depth messages
   * are accepted per call.
   */
  size_t parse(const uint8_t* bytes, size_t pos, size_t end, Event* out, uint32_t recordCapacity,
               uint32_t outputCapacity);

  /** Starts line numbering for a new file; state (clock, counters) carries over. */
  void beginFile() { lineNo = 0; }

  /** Records written by the last parse call. */
  uint32_t records = 0;
  /** Lines consumed in the current file (every physical line, empty ones too). */
  uint64_t lineNo = 0;
  ScanStats stats;
  /**
   * Per parse call: the first rejected line of each kind in that call (0 = none):
   * its 1-based line number in the file and the byte range [start, end) of the
   * physical line (without its newline) in the bytes passed to parse.
   */
  uint64_t firstRejectLine[REJECT_KIND_COUNT] = {};
  size_t firstRejectStart[REJECT_KIND_COUNT] = {};
  size_t firstRejectEnd[REJECT_KIND_COUNT] = {};

 private:
  using Field = scan_detail::Field;

  int line(const uint8_t* bytes, size_t ls, size_t le);
  int fail(int kind, uint64_t lineNo, size_t ls, size_t le, uint32_t rollbackTo);
  bool scanJson(const uint8_t* p, const uint8_t* e);

  int decodeBybit();
  int bybitDepth();
  int bybitTrades();
  int decodeBinance();
  int binanceSnapshot(const scan_detail::Obj& P);
  int binanceDiff(const scan_detail::Obj& P);
  int binanceTrade(const scan_detail::Obj& P, const Field& id);
  int binanceTicker(const scan_detail::Obj& P);
  scan_detail::Obj top() const { return scan_detail::Obj{topF_, topSet_}; }
  scan_detail::Obj data() const { return scan_detail::Obj{dataF_, dataSet_}; }
  int writeLevels(const Field& ladder, uint32_t side, int64_t exchTsNs);
  scan_detail::LevelRec& newLevel();
  void growLevels();
  scan_detail::TradeRec& newTrade();
  scan_detail::Frame& push(uint8_t ctx, uint8_t isObj, uint32_t idx, Field* f);
  const uint8_t* cachedLevel(const uint8_t* p, const uint8_t* e);
  const uint8_t* fastLevel(const uint8_t* p, const uint8_t* e);
  void pushIgnored(bool isObj);
  int64_t gridOf(const Field& f, const Grid& g);

  /** price(): ticks >= 1, or -(kind+1). */
  int64_t price(const Field& f);
  /** size(): lots >= 0, or -(kind+1). */
  int64_t size(const Field& f);
  /** isCount(): a JSON number whose double is an integer in [0, 2^53-1] (−0 included). */
  bool isCount(const Field& f, double* v);
  /** The text of a string field (WTF-8); non-plain strings are decoded into `buf`. */
  void text(const Field& f, std::string& buf, const uint8_t** p, size_t* n);
  bool textEquals(const Field& f, const char* lit, size_t n);
  bool isSymbol(const uint8_t* p, size_t n) const {
    return n == symbol_.size() && (n == 0 || std::memcmp(p, symbol_.data(), n) == 0);
  }
  int64_t eventTsNs(const Field& E);

  void put(uint32_t flags, uint32_t aux, int64_t exchTsNs, double px, double qty, double id, double ival,
           double fval) {
    Event& ev = out_[count_++];
    ev.flags = flags;
    ev.aux = aux;
    ev.exchTsNs = exchTsNs;
    ev.localTsNs = localTsNs_;
    ev.px = px;
    ev.qty = qty;
    ev.id = id;
    ev.ival = ival;
    ev.fval = fval;
  }
  bool room(uint64_t n) const { return uint64_t{count_} + n <= uint64_t{cap_}; }

  // configuration
  Exchange exchange_;
  std::string symbol_;
  bool symbolHasDot_;  // symbol_ contains a '.' (decodeBybit's topic check)
  uint64_t symbolTail_;  // symbol_ (<= 7 bytes) as the last bytes of a load8 word
  Grid tick_, lot_;

  // parser state (FrameContext)
  int64_t localTsNs_ = 0;
  double curLine_ = 0;  // 1-based line number of the line being decoded (DEPTH header px)
  bool haveExchTs_ = false;  // lastExchTsNs >= 0
  int64_t lastExchTsNs_ = 0;  // ns mod 2^64 (what the i64 record slot holds)

  // batch
  Event* out_ = nullptr;
  uint32_t count_ = 0;
  uint32_t cap_ = 0;

  // phase 1 results (reused line after line)
  uint8_t topType_ = 0;
  Field topF_[scan_detail::K_COUNT];   // top-level fields (present: topSet_)
  Field dataF_[scan_detail::K_COUNT];  // fields of the top-level "data" object (dataSet_)
  uint32_t topSet_ = 0, dataSet_ = 0;
  std::vector<scan_detail::LevelRec> levels_;  // [0, nLev_) in use
  std::vector<scan_detail::TradeRec> trades_;  // [0, nTrades_) in use
  std::vector<scan_detail::Frame> stack_;      // [0, sp_) in use: the containers that are read
  std::vector<uint64_t> ignBits_;              // containers not read, innermost last: 1 = object
  size_t ignDepth_ = 0;                        // how many of those are open
  uint32_t nLev_ = 0, nTrades_ = 0;
  uint32_t levCap_ = 0, tradeCap_ = 0;  // sizes of levels_ / trades_
  size_t stackCap_ = 0;                 // size of stack_
  uint32_t rejectKinds_ = 0;  // kinds with a firstReject* entry in this call
  size_t sp_ = 0;
  std::string sbuf_, sbuf2_, nbuf_;
  scan_detail::PairShape shape_[scan_detail::PAIR_SHAPES];  // fastLevel's cache (scan_digits.h)
};

}  // namespace btc
