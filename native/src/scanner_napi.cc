// N-API bindings of the frame scanner (scanner.h): class Scanner, registered on
// the module exports by InitScanner (called from addon.cc's module init).
//
//   const sc = new Scanner(
//     config: { exchange: 'bybit' | 'binance', symbol: string,
//               tickUnits: number, tickDecimals: number, lotUnits: number, lotDecimals: number },
//     records: Float64Array,   // the kernel input buffer: >= recordCapacity * 8 f64 (64-byte records)
//     recordCapacity: number,  // records per batch, integer in [0, 2^31 - 1]
//     outputCapacity: number,  // depth messages per batch, integer in [0, 2^31 - 1]
//     stats: Float64Array)     // out: >= Scanner.STATS_SLOTS f64, layout below
//   sc.parse(bytes: Uint8Array, pos: number, end: number): number
//       parses whole lines of bytes[pos, end) into records[0..), returns the new
//       position (exactly TsFrameParser#parse) and refreshes `stats`
//   sc.beginFile(): void   // line numbers restart at 1; clock state and counters carry over
//   Scanner.STATS_SLOTS    // length of the stats layout (53)
//
// stats layout (f64 slots; mirrored by src/feed/native-parser.ts):
//   0  records written by the last parse call
//   1  lineNo: lines consumed in the current file
//   2  lines      3 accepted   4 depthMessages   5 trades   6 tickers   7 ignored   8 rejected
//   9 + k   (k = 0..10)  rejectedByKind[k], cumulative (reject codes of src/feed/reject.ts)
//   20 + k  first line of kind k rejected in the last parse call (1-based line in the file; 0 = none)
//   31 + k  byte offset in `bytes` where that line starts
//   42 + k  byte offset in `bytes` where that line ends (its '\n' or `end`)
//
// tickUnits / lotUnits: integers in [1, 2^53 - 1]; tickDecimals / lotDecimals:
// integers in [0, 2^32 - 1] (parseGrid always yields these). The symbol is taken
// as UTF-16 code units so it compares exactly like the TS string comparison.
//
// Ownership: `records` and `stats` belong to the JS caller; the Scanner keeps a
// strong reference to each and re-reads their data pointers on every parse, so a
// detached buffer is reported as a TypeError instead of being written to.
// Errors: argument errors throw TypeError / RangeError naming the argument (built
// with NAPI_DISABLE_CPP_EXCEPTIONS: pending JS exceptions, no C++ exceptions cross
// the boundary).
#include <napi.h>

#include <cmath>
#include <cstdint>
#include <memory>
#include <string>

#include "scanner.h"

namespace {

constexpr uint32_t ST_RECORDS = 0;
constexpr uint32_t ST_LINE_NO = 1;
constexpr uint32_t ST_LINES = 2;
constexpr uint32_t ST_ACCEPTED = 3;
constexpr uint32_t ST_DEPTH = 4;
constexpr uint32_t ST_TRADES = 5;
constexpr uint32_t ST_TICKERS = 6;
constexpr uint32_t ST_IGNORED = 7;
constexpr uint32_t ST_REJECTED = 8;
constexpr uint32_t ST_BY_KIND = 9;
constexpr uint32_t ST_FIRST_LINE = ST_BY_KIND + btc::REJECT_KIND_COUNT;       // 20
constexpr uint32_t ST_FIRST_START = ST_FIRST_LINE + btc::REJECT_KIND_COUNT;   // 31
constexpr uint32_t ST_FIRST_END = ST_FIRST_START + btc::REJECT_KIND_COUNT;    // 42
constexpr uint32_t STATS_SLOTS = ST_FIRST_END + btc::REJECT_KIND_COUNT;       // 53
static_assert(STATS_SLOTS == 53, "stats layout is mirrored in src/feed/native-parser.ts");

constexpr double MAX_CAPACITY = 2147483647.0;
constexpr double MAX_SAFE = 9007199254740991.0;

bool Fail(Napi::Env env, bool range, const std::string& msg) {
  if (range) {
    Napi::RangeError::New(env, msg).ThrowAsJavaScriptException();
  } else {
    Napi::TypeError::New(env, msg).ThrowAsJavaScriptException();
  }
  return false;
}

bool GetInteger(Napi::Env env, const Napi::Value& v, const std::string& name, double lo, double hi, double* out) {
  if (!v.IsNumber()) return Fail(env, false, name + " must be a number");
  const double d = v.As<Napi::Number>().DoubleValue();
  if (!(d >= lo && d <= hi) || std::floor(d) != d) {
    return Fail(env, true, name + " must be an integer in [" + std::to_string(static_cast<int64_t>(lo)) + ", " +
                               std::to_string(static_cast<int64_t>(hi)) + "]");
  }
  *out = d;
  return true;
}

bool GetF64Array(Napi::Env env, const Napi::Value& v, const char* name, Napi::Float64Array* out) {
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_float64_array) {
    return Fail(env, false, std::string(name) + " must be a Float64Array");
  }
  *out = v.As<Napi::Float64Array>();
  return true;
}

/** A JS string as WTF-8 of its UTF-16 code units (pairs combined, lone surrogates kept). */
bool GetWtf8(Napi::Env env, const Napi::Value& v, const char* name, std::string* out) {
  if (!v.IsString()) return Fail(env, false, std::string(name) + " must be a string");
  size_t len = 0;
  if (napi_get_value_string_utf16(env, v, nullptr, 0, &len) != napi_ok) return Fail(env, false, name);
  std::u16string u(len, u'\0');
  size_t got = 0;
  if (napi_get_value_string_utf16(env, v, &u[0], len + 1, &got) != napi_ok) return Fail(env, false, name);
  u.resize(got);
  out->clear();
  for (size_t i = 0; i < u.size(); i++) {
    uint32_t c = u[i];
    if (c >= 0xD800 && c <= 0xDBFF && i + 1 < u.size() && u[i + 1] >= 0xDC00 && u[i + 1] <= 0xDFFF) {
      c = 0x10000 + ((c - 0xD800) << 10) + (u[i + 1] - 0xDC00);
      i++;
      *out += static_cast<char>(0xF0 | (c >> 18));
      *out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
      *out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      *out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x80) {
      *out += static_cast<char>(c);
    } else if (c < 0x800) {
      *out += static_cast<char>(0xC0 | (c >> 6));
      *out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
      *out += static_cast<char>(0xE0 | (c >> 12));
      *out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      *out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return true;
}

/** The data of a referenced typed array holding at least `need` elements, or a TypeError. */
void* RefData(Napi::Env env, Napi::Reference<Napi::Float64Array>& ref, size_t need, const char* name) {
  napi_value v = nullptr;
  napi_typedarray_type type;
  size_t length = 0;
  void* data = nullptr;
  if (napi_get_reference_value(env, static_cast<napi_ref>(ref), &v) != napi_ok || v == nullptr ||
      napi_get_typedarray_info(env, v, &type, &length, &data, nullptr, nullptr) != napi_ok || length < need ||
      (need != 0 && data == nullptr)) {
    if (!env.IsExceptionPending()) Fail(env, false, std::string(name) + " was detached or resized");
    return nullptr;
  }
  return data;
}

class ScannerWrap : public Napi::ObjectWrap<ScannerWrap> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "Scanner",
                       {
                           InstanceMethod<&ScannerWrap::Parse>("parse"),
                           InstanceMethod<&ScannerWrap::BeginFile>("beginFile"),
                           StaticValue("STATS_SLOTS", Napi::Number::New(env, STATS_SLOTS)),
                       });
  }

  explicit ScannerWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<ScannerWrap>(info) {
    Napi::Env env = info.Env();
    if (!info[0].IsObject()) {
      Fail(env, false, "config must be an object");
      return;
    }
    Napi::Object cfg = info[0].As<Napi::Object>();
    Napi::Value ex = cfg.Get("exchange");
    if (env.IsExceptionPending()) return;
    btc::Exchange exchange;
    if (ex.IsString() && ex.As<Napi::String>().Utf8Value() == "bybit") {
      exchange = btc::Exchange::Bybit;
    } else if (ex.IsString() && ex.As<Napi::String>().Utf8Value() == "binance") {
      exchange = btc::Exchange::Binance;
    } else {
      Fail(env, false, "config.exchange must be 'bybit' or 'binance'");
      return;
    }
    std::string symbol;
    double tu = 0, td = 0, lu = 0, ld = 0, recCap = 0, outCap = 0;
    Napi::Float64Array records, stats;
    if (!GetWtf8(env, cfg.Get("symbol"), "config.symbol", &symbol) ||
        !GetInteger(env, cfg.Get("tickUnits"), "config.tickUnits", 1, MAX_SAFE, &tu) ||
        !GetInteger(env, cfg.Get("tickDecimals"), "config.tickDecimals", 0, 4294967295.0, &td) ||
        !GetInteger(env, cfg.Get("lotUnits"), "config.lotUnits", 1, MAX_SAFE, &lu) ||
        !GetInteger(env, cfg.Get("lotDecimals"), "config.lotDecimals", 0, 4294967295.0, &ld) ||
        !GetF64Array(env, info[1], "records", &records) ||
        !GetInteger(env, info[2], "recordCapacity", 0, MAX_CAPACITY, &recCap) ||
        !GetInteger(env, info[3], "outputCapacity", 0, MAX_CAPACITY, &outCap) ||
        !GetF64Array(env, info[4], "stats", &stats)) {
      return;
    }
    recordCapacity_ = static_cast<uint32_t>(recCap);
    outputCapacity_ = static_cast<uint32_t>(outCap);
    if (records.ElementLength() < size_t{recordCapacity_} * btc::EVENT_F64) {
      Fail(env, true, "records must hold recordCapacity * 8 = " +
                          std::to_string(size_t{recordCapacity_} * btc::EVENT_F64) + " f64, has " +
                          std::to_string(records.ElementLength()));
      return;
    }
    if (stats.ElementLength() < STATS_SLOTS) {
      Fail(env, true, "stats must hold Scanner.STATS_SLOTS = " + std::to_string(STATS_SLOTS) + " f64");
      return;
    }
    const uintptr_t r0 = reinterpret_cast<uintptr_t>(records.Data());
    const uintptr_t s0 = reinterpret_cast<uintptr_t>(stats.Data());
    const size_t rBytes = size_t{recordCapacity_} * btc::EVENT_BYTES, sBytes = STATS_SLOTS * 8;
    if (rBytes != 0 && r0 < s0 + sBytes && s0 < r0 + rBytes) {
      Fail(env, true, "records and stats must not overlap");
      return;
    }
    btc::Grid tick{static_cast<uint64_t>(tu), static_cast<uint32_t>(td)};
    btc::Grid lot{static_cast<uint64_t>(lu), static_cast<uint32_t>(ld)};
#if defined(__cpp_exceptions) || defined(_CPPUNWIND)
    try {
      sc_.reset(new btc::Scanner(exchange, symbol, tick, lot));
    } catch (...) {
      Napi::Error::New(env, "out of memory allocating the frame scanner").ThrowAsJavaScriptException();
      return;
    }
#else
    sc_.reset(new btc::Scanner(exchange, symbol, tick, lot));
#endif
    records_ = Napi::Persistent(records);
    stats_ = Napi::Persistent(stats);
    WriteStats(static_cast<double*>(stats.Data()));
  }

 private:
  void WriteStats(double* st) const {
    const btc::Scanner& sc = *sc_;
    st[ST_RECORDS] = sc.records;
    st[ST_LINE_NO] = static_cast<double>(sc.lineNo);
    st[ST_LINES] = static_cast<double>(sc.stats.lines);
    st[ST_ACCEPTED] = static_cast<double>(sc.stats.accepted);
    st[ST_DEPTH] = static_cast<double>(sc.stats.depthMessages);
    st[ST_TRADES] = static_cast<double>(sc.stats.trades);
    st[ST_TICKERS] = static_cast<double>(sc.stats.tickers);
    st[ST_IGNORED] = static_cast<double>(sc.stats.ignored);
    st[ST_REJECTED] = static_cast<double>(sc.stats.rejected);
    for (int k = 0; k < btc::REJECT_KIND_COUNT; k++) {
      st[ST_BY_KIND + k] = static_cast<double>(sc.stats.rejectedByKind[k]);
      st[ST_FIRST_LINE + k] = static_cast<double>(sc.firstRejectLine[k]);
      st[ST_FIRST_START + k] = static_cast<double>(sc.firstRejectStart[k]);
      st[ST_FIRST_END + k] = static_cast<double>(sc.firstRejectEnd[k]);
    }
  }

  Napi::Value Parse(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (!sc_) {
      Fail(env, false, "Scanner was not constructed");
      return env.Undefined();
    }
    if (!info[0].IsTypedArray() || info[0].As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) {
      Fail(env, false, "bytes must be a Uint8Array");
      return env.Undefined();
    }
    Napi::Uint8Array bytes = info[0].As<Napi::Uint8Array>();
    const double len = static_cast<double>(bytes.ElementLength());
    double pos = 0, end = 0;
    if (!GetInteger(env, info[1], "pos", 0, len, &pos) || !GetInteger(env, info[2], "end", 0, len, &end)) {
      return env.Undefined();
    }
    auto* out = static_cast<btc::Event*>(RefData(env, records_, size_t{recordCapacity_} * btc::EVENT_F64, "records"));
    if (!out) return env.Undefined();
    auto* st = static_cast<double*>(RefData(env, stats_, STATS_SLOTS, "stats"));
    if (!st) return env.Undefined();
    const uint8_t* data = bytes.ElementLength() != 0 ? bytes.Data() : nullptr;
    size_t next;
#if defined(__cpp_exceptions) || defined(_CPPUNWIND)
    try {
      next = sc_->parse(data, static_cast<size_t>(pos), static_cast<size_t>(end), out, recordCapacity_,
                        outputCapacity_);
    } catch (...) {
      Napi::Error::New(env, "frame scanner ran out of memory").ThrowAsJavaScriptException();
      return env.Undefined();
    }
#else
    next = sc_->parse(data, static_cast<size_t>(pos), static_cast<size_t>(end), out, recordCapacity_,
                      outputCapacity_);
#endif
    WriteStats(st);
    return Napi::Number::New(env, static_cast<double>(next));
  }

  Napi::Value BeginFile(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (!sc_) return env.Undefined();
    sc_->beginFile();
    if (auto* st = static_cast<double*>(RefData(env, stats_, STATS_SLOTS, "stats"))) st[ST_LINE_NO] = 0;
    return env.Undefined();
  }

  std::unique_ptr<btc::Scanner> sc_;
  Napi::Reference<Napi::Float64Array> records_;
  Napi::Reference<Napi::Float64Array> stats_;
  uint32_t recordCapacity_ = 0;
  uint32_t outputCapacity_ = 0;
};

}  // namespace

void InitScanner(Napi::Env env, Napi::Object exports) {
  exports.Set("Scanner", ScannerWrap::Define(env));
}
