// Kernel-native tests of the feature kernel (native/src/feature_*.cc), built
// standalone with AddressSanitizer + UBSan by native/test/run.sh. The row-for-row
// agreement with the TS reference engine is the JS differential test's job; these
// pin the C++ pieces on hand-built books and trade sequences whose expected
// values are worked out here from the definitions (docs/FEATURES.md), and check
// that malformed input never crashes.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <random>
#include <tuple>
#include <utility>
#include <vector>

#include "check.h"
#include "feature_book.h"
#include "feature_columns.h"
#include "feature_dynamics.h"
#include "feature_ols.h"
#include "feature_params.h"
#include "layout.h"
#include "wide_int.h"

using namespace btc;
using namespace btc::feat;

#define CHECK_NEAR(a, b, rel)                                                                         \
  do {                                                                                                \
    g_checks++;                                                                                       \
    const double va_ = (a), vb_ = (b);                                                                \
    if (!(std::fabs(va_ - vb_) <= (rel) * std::fmax(std::fabs(va_), std::fabs(vb_)))) {               \
      std::fprintf(stderr, "%s:%d: CHECK_NEAR failed: %s = %.17g, %s = %.17g\n", __FILE__, __LINE__, #a, \
                   va_, #b, vb_);                                                                     \
      std::abort();                                                                                   \
    }                                                                                                 \
  } while (0)
#define CHECK_NAN(a) CHECK(std::isnan(a))

// ------------------------------------------------------------- params ----

/** The block packFeatureParams writes for BTCUSDT (tick 0.1, lot 0.001) without a calibration. */
static std::vector<double> defaultBlock(bool extended = false, double vpinLots = 2000) {
  std::vector<double> b(FP_SLOTS, 0.0);
  b[FP_TICK_UNITS] = 1;
  b[FP_TICK_DECIMALS] = 1;
  b[FP_LOT_UNITS] = 1;
  b[FP_LOT_DECIMALS] = 3;
  b[FP_EXTENDED] = extended ? 1 : 0;
  b[FP_VAMP_BAND_BPS] = 5;
  b[FP_NEAR_BAND_BPS] = 5;
  b[FP_FAR_BAND_BPS] = 25;
  b[FP_PRESSURE_BAND_BPS] = 25;
  b[FP_PRESSURE_KAPPA_BPS] = 5;
  b[FP_IMB_CUM_LEVELS] = 5;
  b[FP_SLOPE_LEVELS] = 10;
  b[FP_SHAPE_NEAR_BPS] = 5;
  b[FP_SHAPE_FAR_BPS] = 25;
  b[FP_IMPACT_NOTIONAL_USD] = 1e6;
  b[FP_VPIN_BUCKET_LOTS] = vpinLots;
  b[FP_IOFI_LEVELS] = 10;
  for (int i = 0; i < 10; i++) b[FP_IOFI_WEIGHTS + i] = 0.1;
  b[FP_MP_N_EDGES] = 9;
  b[FP_MP_N_STATES] = 2;
  for (int i = 0; i < 9; i++) b[FP_MP_EDGES + i] = (i + 1) / 10.0;
  b[FP_MP_STATES] = 1;
  b[FP_MP_STATES + 1] = 2;
  return b;
}

static FeatureParams params(bool extended = false, double vpinLots = 2000) {
  FeatureParams p;
  const std::vector<double> b = defaultBlock(extended, vpinLots);
  CHECK(decodeFeatureParams(b.data(), &p) == nullptr);
  return p;
}

static void testParams() {
  FeatureParams p;
  std::vector<double> b = defaultBlock();
  CHECK(decodeFeatureParams(b.data(), &p) == nullptr);
  CHECK_EQ(p.rowStride(), ROW_STRIDE);
  CHECK_EQ(p.tick.value(651142), 65114.2);  // one product, one division: parseFloat's double
  b[FP_IOFI_LEVELS] = 33;
  CHECK(decodeFeatureParams(b.data(), &p) != nullptr);
  b = defaultBlock();
  b[FP_SHAPE_FAR_BPS] = 5;  // must exceed the near band
  CHECK(decodeFeatureParams(b.data(), &p) != nullptr);
  b = defaultBlock();
  b[FP_MP_EDGES + 3] = b[FP_MP_EDGES + 2];  // not strictly increasing
  CHECK(decodeFeatureParams(b.data(), &p) != nullptr);
  b = defaultBlock();
  b[FP_VPIN_BUCKET_LOTS] = 2.5;
  CHECK(decodeFeatureParams(b.data(), &p) != nullptr);
  b = defaultBlock();
  b[FP_TICK_DECIMALS] = std::nan("");
  CHECK(decodeFeatureParams(b.data(), &p) != nullptr);
}

// ----------------------------------------------------------- wide int ----

static void testWideInt() {
  const double two53 = 9007199254740992.0;
  auto of = [](u128 v) {
    WideInt w;
    w.add(v);
    return w.toDouble();
  };
  CHECK_EQ(of(0), 0);
  CHECK_EQ(of((u128{1} << 53) + 1), two53);                   // tie → even (down)
  CHECK_EQ(of((u128{1} << 53) + 3), two53 + 4);               // tie → even (up)
  CHECK_EQ(of((u128{1} << 53) + 2), two53 + 2);               // exact
  CHECK_EQ(of((u128{1} << 100) + (u128{1} << 47)), std::ldexp(1.0, 100));       // tie → even
  CHECK_EQ(of((u128{1} << 100) + (u128{1} << 47) + 1), std::ldexp(1.0, 100) + std::ldexp(1.0, 48));
  // hi·2^64 + lo in doubles rounds twice: 2^116 + 2^63 + 1 is above the midpoint
  // between 2^116 and 2^116 + 2^64, but (double)lo drops the +1 and the sum ties to even.
  const u128 tricky = (u128{1} << 116) + (u128{1} << 63) + 1;
  CHECK_EQ(of(tricky), std::ldexp(1.0, 116) + std::ldexp(1.0, 64));
  CHECK(std::ldexp(1.0, 116) + static_cast<double>((uint64_t{1} << 63) + 1) == std::ldexp(1.0, 116));
  // Carries into the third limb, negatives, and back to zero.
  WideInt w;
  const u128 big = ~u128{0};
  w.add(big);
  w.add(big);  // 2^129 − 2
  CHECK_EQ(w.toDouble(), std::ldexp(1.0, 129));
  w.sub(big);
  w.sub(big);
  CHECK(w.isZero());
  w.sub(5);
  CHECK(w.negative());
  CHECK_EQ(w.toDouble(), -5);
  w.sub((u128{1} << 53) + 1);
  CHECK_EQ(w.toDouble(), -(two53 + 6));
  // Random 128-bit values against the compiler's (libgcc) conversion, also round-to-nearest-even.
  std::mt19937_64 rng(7);
  for (int i = 0; i < 20000; i++) {
    u128 v = (static_cast<u128>(rng()) << 64) | rng();
    v >>= rng() % 127;
    CHECK_EQ(of(v), static_cast<double>(v));
  }
  CHECK(exactProduct(9007199254740991.0, 4294967296.0) == static_cast<u128>(9007199254740991ull) << 32);
}

// ---------------------------------------------------------------- ols ----

static void testOls() {
  // y = 2x + 1 exactly: slope 2.
  const double x[5] = {1, 2, 3, 4, 5}, y[5] = {3, 5, 7, 9, 11};
  CHECK_EQ(olsSlopeRing(x, y, 5, 0, 5), 2);
  CHECK_EQ(olsSlopeRing(x, y, 5, 3, 5), 2);  // ring order does not change a linear fit
  const double same[3] = {4, 4, 4};
  CHECK_NAN(olsSlopeRing(same, y, 3, 0, 3));  // Var(x) = 0
  const uint8_t ok[5] = {1, 0, 0, 0, 1};       // two points: (1, 3), (5, 11)
  CHECK_EQ(olsSlopeRing(x, y, 5, 0, 5, ok), 2);
  const uint8_t one[5] = {0, 0, 1, 0, 0};
  CHECK_NAN(olsSlopeRing(x, y, 5, 0, 5, one));
}

// ------------------------------------------------------------- harness ---

struct Stream {
  std::vector<Event> ev;
  int64_t tsNs = 1700000000000000000;
  double u = 0;
  void header(uint32_t flags, uint32_t n, double id, double first) {
    Event e{};
    e.flags = flags;
    e.aux = n;
    e.exchTsNs = tsNs;
    e.id = id;
    e.ival = first;
    e.fval = -1;
    ev.push_back(e);
  }
  void snapshot(const std::vector<std::pair<double, double>>& bids, const std::vector<std::pair<double, double>>& asks) {
    u++;
    header(SNAPSHOT_EVENT, static_cast<uint32_t>(bids.size() + asks.size()), u, u);
    for (auto& l : bids) level(SIDE_BID, l.first, l.second);
    for (auto& l : asks) level(SIDE_ASK, l.first, l.second);
  }
  /** A continuous diff (id = last + 1) with the given levels. */
  void diff(const std::vector<std::tuple<uint32_t, double, double>>& levels) {
    u++;
    header(DEPTH_EVENT, static_cast<uint32_t>(levels.size()), u, u);
    for (auto& l : levels) level(std::get<0>(l), std::get<1>(l), std::get<2>(l));
  }
  void level(uint32_t side, double px, double qty) {
    Event e{};
    e.flags = KIND_LEVEL | side;
    e.px = px;
    e.qty = qty;
    ev.push_back(e);
  }
  void trade(bool buy, double px, double qty) {
    Event e{};
    e.flags = buy ? BUY_TRADE_EVENT : SELL_TRADE_EVENT;
    e.exchTsNs = tsNs;
    e.px = px;
    e.qty = qty;
    ev.push_back(e);
  }
  void advanceMs(double ms) { tsNs += static_cast<int64_t>(ms * 1e6); }
};

struct Kernel {
  explicit Kernel(const FeatureParams& p, uint32_t cap = 4096)
      : k(p), stride(p.rowStride()), rowCap(cap), rows(cap * p.rowStride(), -7), c(COUNTER_SLOTS, 0) {}
  /** Applies the stream's pending records; returns the rows written. */
  int32_t run(Stream& s) {
    const int32_t n = k.applyBatch(s.ev.data(), static_cast<uint32_t>(s.ev.size()), rows.data(), rowCap, c.data());
    s.ev.clear();
    return n;
  }
  const double* row(uint32_t i) const { return rows.data() + i * stride; }
  double f(uint32_t i, uint32_t column) const { return row(i)[ROW_FEATURES + column]; }
  uint32_t flags(uint32_t i) const { return static_cast<uint32_t>(row(i)[ROW_FLAGS]); }
  FeatureBook k;
  uint32_t stride;
  uint32_t rowCap;
  std::vector<double> rows;
  std::vector<double> c;
};

// ------------------------------------------------------- static columns ----

/** bids 100.0 × 2 BTC, 99.9 × 1 BTC; asks 100.1 × 1 BTC, 100.2 × 3 BTC. */
static void testStaticTinyBook() {
  Kernel k(params(true));
  Stream s;
  s.snapshot({{1000, 2000}, {999, 1000}}, {{1001, 1000}, {1002, 3000}});
  CHECK_EQ(k.run(s), 1);
  const double m = (100.0 + 100.1) / 2;
  CHECK_EQ(k.f(0, col::MID), m);
  CHECK_EQ(k.f(0, col::SPREAD_ABS), 0.1);  // from the tick difference, not 100.1 − 100.0
  CHECK_NEAR(k.f(0, col::SPREAD_BPS), 1e3 / m, 1e-15);
  CHECK_NEAR(k.f(0, col::WMID), (100.0 * 1000 + 100.1 * 2000) / 3000, 1e-15);
  CHECK_EQ(k.f(0, col::MICRO), m);  // uncalibrated table: all adjustments 0
  CHECK_EQ(k.f(0, col::BID_QTY_1), 2);
  CHECK_EQ(k.f(0, col::ASK_QTY_1), 1);
  CHECK_NEAR(k.f(0, col::IMB_1), 1.0 / 3, 1e-15);
  CHECK_NEAR(k.f(0, col::IMB_CUM), -1.0 / 7, 1e-15);
  // 5 bps of 100.05 is 0.050025 USD: the touches (4.9975 bps) are in, the next levels (14.99 bps) out.
  CHECK_EQ(k.f(0, col::DEPTH_BID_NEAR), 2);
  CHECK_EQ(k.f(0, col::DEPTH_ASK_NEAR), 1);
  CHECK_EQ(k.f(0, col::DEPTH_BID_FAR), 3);
  CHECK_EQ(k.f(0, col::DEPTH_ASK_FAR), 4);
  CHECK_NEAR(k.f(0, col::IMB_NEAR), 1.0 / 3, 1e-15);
  CHECK_NEAR(k.f(0, col::IMB_FAR), -1.0 / 7, 1e-15);
  CHECK_NEAR(k.f(0, col::VAMP), (100.0 * 1000 + 100.1 * 2000) / 3000, 1e-14);  // one level a side: = wmid
  const double wb = 2000 * std::exp(-(1e4 * (m - 100.0) / m) / 5) + 1000 * std::exp(-(1e4 * (m - 99.9) / m) / 5);
  const double wa = 1000 * std::exp(-(1e4 * (100.1 - m) / m) / 5) + 3000 * std::exp(-(1e4 * (100.2 - m) / m) / 5);
  CHECK_NEAR(k.f(0, col::PRESSURE), (wb - wa) / (wb + wa), 1e-12);
  CHECK_NEAR(k.f(0, col::SHAPE_BID), std::log(3.0 / 2) / std::log(5.0), 1e-15);
  CHECK_NEAR(k.f(0, col::SHAPE_ASK), std::log(4.0) / std::log(5.0), 1e-15);
  // NS slope of the bids: v1 = ln(200), v2 = ln(200 + 99.9).
  const double v1 = std::log(200.0), v2 = std::log(299.9);
  CHECK_NEAR(k.f(0, col::SLOPE_BID), (v1 / (1 - 100.0 / m) + (v2 / v1 - 1) / (1 - 99.9 / 100.0)) / 2, 1e-12);
  // The whole book is worth ~700 USD, far below the 1M impact notional.
  CHECK_NAN(k.f(0, col::IMPACT_BUY));
  CHECK_NAN(k.f(0, col::IMPACT_SELL));
  CHECK_EQ(k.flags(0), FLAG_IMPACT_UNFILLED | FLAG_OFI_RESET | FLAG_WARMUP);
  // Extended: ladder (ask px, ask qty, bid px, bid qty), level 3 missing; the 1 bps band is empty.
  CHECK_EQ(k.f(0, col::LADDER_FIRST), 100.1);
  CHECK_EQ(k.f(0, col::LADDER_FIRST + 3), 2);
  CHECK_EQ(k.f(0, col::LADDER_FIRST + 4 + 1), 3);
  CHECK_NAN(k.f(0, col::LADDER_FIRST + 8));
  CHECK_EQ(k.f(0, col::EXTRA_BANDS_FIRST), 0);
  CHECK_NAN(k.f(0, col::EXTRA_BANDS_FIRST + 2));
  CHECK_NAN(k.f(0, col::EXTRA_VAMP_FIRST));
  CHECK_EQ(k.row(0)[ROW_U], 1);
  CHECK_EQ(k.row(0)[ROW_TS_MS], 1700000000000.0);
}

static void testImpactFill() {
  // Asks: 10 BTC at 100000.0 and 10 BTC at 100010.0 = 2.0001M USD; a 1M buy takes 10 BTC.
  Kernel k(params());
  Stream s;
  s.snapshot({{999990, 20000}}, {{1000000, 10000}, {1000100, 10000}});
  CHECK_EQ(k.run(s), 1);
  const double m = (99999.0 + 100000.0) / 2;
  CHECK_NEAR(k.f(0, col::IMPACT_BUY), 1e4 * (100000.0 / m - 1), 1e-12);  // exactly the first level's worth
  // Sell: 20 BTC at 99999.0 (1.99998M); 1M USD is 10.0001 BTC, all at the touch.
  CHECK_NEAR(k.f(0, col::IMPACT_SELL), 1e4 * (1 - (1e6 / (1e6 / 99999.0)) / m), 1e-9);
  CHECK_EQ(k.flags(0) & FLAG_IMPACT_UNFILLED, 0);
}

static void testInvalidLockedCrossed() {
  Kernel k(params());
  Stream s;
  s.snapshot({{1000, 1000}}, {});  // ask side empty
  s.advanceMs(1);
  s.diff({{SIDE_ASK, 1000, 500}});  // locked
  s.advanceMs(1);
  s.diff({{SIDE_BID, 1001, 100}});  // crossed
  CHECK_EQ(k.run(s), 3);
  CHECK_EQ(k.flags(0) & (FLAG_EMPTY_SIDE | FLAG_CROSSED | FLAG_LOCKED), FLAG_EMPTY_SIDE);
  for (uint32_t c = 0; c <= col::PRESSURE; c++) CHECK_NAN(k.f(0, c));
  CHECK_NAN(k.f(0, col::OFI));
  CHECK_EQ(k.f(0, col::UPD_RATE), 1);  // rates run on invalid books
  CHECK_EQ(k.flags(1) & FLAG_LOCKED, FLAG_LOCKED);
  CHECK_EQ(k.f(1, col::SPREAD_ABS), 0);
  CHECK_EQ(k.f(1, col::WMID), 100);
  CHECK_NAN(k.f(1, col::SLOPE_BID));
  CHECK_EQ(k.flags(1) & FLAG_OFI_RESET, FLAG_OFI_RESET);  // first valid book after an invalid one
  CHECK_EQ(k.flags(2) & (FLAG_CROSSED | FLAG_LOCKED), FLAG_CROSSED);
  CHECK_NAN(k.f(2, col::MID));
  CHECK_NAN(k.f(2, col::RET_FIRST + 1));
}

/**
 * Rows carried over from the last row's sums (mid unchanged) against a fresh
 * kernel fed a snapshot of the same book: every static column must agree, the
 * lot sums exactly.
 */
static void testCarriedOverSums() {
  std::mt19937 rng(11);
  FeatureParams p = params(true);
  Kernel k(p);
  Stream s;
  std::vector<std::pair<double, double>> bids, asks;
  for (int i = 0; i < 120; i++) {
    bids.push_back({1000000.0 - i - (i > 60 ? 40 : 0), 1.0 + rng() % 5000});
    asks.push_back({1000001.0 + i + (i > 60 ? 40 : 0), 1.0 + rng() % 5000});
  }
  s.snapshot(bids, asks);
  CHECK_EQ(k.run(s), 1);
  for (int msg = 0; msg < 300; msg++) {
    std::vector<std::tuple<uint32_t, double, double>> lv;
    const int n = 1 + static_cast<int>(rng() % 12);
    for (int j = 0; j < n; j++) {
      const bool bid = rng() % 2 == 0;
      // Never touch the touches: the mid stays, so the sums are carried over.
      const double px = bid ? 999999.0 - rng() % 300 : 1000002.0 + rng() % 300;
      const double qty = rng() % 3 == 0 ? 0 : 1.0 + rng() % 9000;
      lv.push_back({bid ? SIDE_BID : SIDE_ASK, px, qty});
    }
    s.advanceMs(7);
    s.diff(lv);
    CHECK_EQ(k.run(s), 1);
    // A fresh kernel on a snapshot of the same book.
    Kernel fresh(p);
    Stream f;
    std::vector<std::pair<double, double>> fb, fa;
    for (int32_t t = k.k.book().bids().findLE(MAX_PX_TICKS); t > 0; t = k.k.book().bids().findLE(static_cast<uint32_t>(t) - 1))
      fb.push_back({t, k.k.book().bids().get(static_cast<uint32_t>(t))});
    for (int32_t t = k.k.book().asks().findGE(1); t > 0; t = k.k.book().asks().findGE(static_cast<uint32_t>(t) + 1))
      fa.push_back({t, k.k.book().asks().get(static_cast<uint32_t>(t))});
    f.snapshot(fb, fa);
    CHECK_EQ(fresh.run(f), 1);
    const uint32_t staticCols[] = {col::MID, col::WMID, col::SPREAD_ABS, col::BID_QTY_1, col::ASK_QTY_1, col::IMB_1,
                                   col::IMB_CUM, col::DEPTH_BID_NEAR, col::DEPTH_ASK_NEAR, col::DEPTH_BID_FAR,
                                   col::DEPTH_ASK_FAR, col::IMB_NEAR, col::IMB_FAR, col::SLOPE_BID, col::SLOPE_ASK,
                                   col::SHAPE_BID, col::SHAPE_ASK, col::IMPACT_BUY, col::IMPACT_SELL};
    for (uint32_t c : staticCols) {
      const double a = k.f(0, c), b = fresh.f(0, c);
      CHECK((std::isnan(a) && std::isnan(b)) || a == b);
    }
    for (uint32_t c = col::LADDER_FIRST; c < EXTENDED_COLUMNS; c++) {
      const double a = k.f(0, c), b = fresh.f(0, c);
      if (c >= col::EXTRA_VAMP_FIRST) CHECK_NEAR(a, b, 1e-14);
      else CHECK((std::isnan(a) && std::isnan(b)) || a == b);
    }
    CHECK_NEAR(k.f(0, col::VAMP), fresh.f(0, col::VAMP), 1e-14);
    CHECK(std::fabs(k.f(0, col::PRESSURE) - fresh.f(0, col::PRESSURE)) <= 1e-13);
  }
  CHECK(k.k.incrementalRows() >= 290);
}

/** Asks up to the largest tick: a carried-over row whose cached levels run out there must not wrap around. */
static void testTopOfTickRange() {
  FeatureParams p = params(true);
  Kernel k(p);
  Stream s;
  std::vector<std::pair<double, double>> asks;
  for (int i = 9; i >= 0; i--) asks.push_back({static_cast<double>(MAX_PX_TICKS) - i, 4e9});  // fills the impact at once
  s.snapshot({{MAX_PX_TICKS - 20.0, 5}}, asks);
  s.advanceMs(5);
  s.diff({{SIDE_ASK, MAX_PX_TICKS - 5.0, 0}});  // 9 ask levels left: fewer than the 10 wanted
  s.advanceMs(5);
  s.diff({{SIDE_ASK, MAX_PX_TICKS - 4.0, 7}});
  CHECK_EQ(k.run(s), 3);
  CHECK(k.k.incrementalRows() == 2);
  CHECK_EQ(k.f(1, col::LADDER_FIRST + 4 * 8), (MAX_PX_TICKS) / 10.0);  // the 9th ask is the top tick
  CHECK_NAN(k.f(1, col::LADDER_FIRST + 4 * 9));                        // no 10th
  CHECK_EQ(k.f(2, col::LADDER_FIRST + 4 * 4 + 1), 0.007);              // level 5 now holds 7 lots
  CHECK_EQ(k.f(2, col::DEPTH_ASK_FAR), 8 * 4e6 + 0.007);
}

// -------------------------------------------------------------- trades ----

static void testTradeWindowsAndVwap() {
  Kernel k(params());
  Stream s;
  s.snapshot({{1000, 1000}}, {{1001, 1000}});
  s.trade(true, 1000, 3);
  s.advanceMs(500);
  s.trade(false, 1002, 1);
  s.advanceMs(400);  // t = 900 ms: both trades in the 1 s window
  s.diff({});
  s.advanceMs(300);  // t = 1200 ms: the first trade is 1.2 s old, out of the 1 s window
  s.diff({});
  s.advanceMs(10000);  // t = 11.2 s: both out of the 10 s window
  s.diff({});
  CHECK_EQ(k.run(s), 4);
  CHECK_NAN(k.f(0, col::TRADE_IMB_1S));  // the snapshot row precedes the trades
  CHECK_EQ(k.f(0, col::TRADE_VOL_10S), 0);
  CHECK_EQ(k.f(1, col::TRADE_IMB_1S), 0.5);  // (3 − 1) / 4
  CHECK_EQ(k.f(1, col::TRADE_VOL_10S), 0.004);
  // VWAP = (1000·3 + 1002·1)/4 = 1000.5 ticks = 100.05 USD = the mid: 0 bps.
  CHECK_EQ(k.f(1, col::VWAP_DEV_10S), 0);
  CHECK_EQ(k.f(2, col::TRADE_IMB_1S), -1);
  CHECK_EQ(k.f(2, col::TRADE_IMB_10S), 0.5);
  CHECK_NAN(k.f(3, col::TRADE_IMB_10S));
  CHECK_NAN(k.f(3, col::VWAP_DEV_10S));
  CHECK_NEAR(k.f(3, col::VWAP_DEV_60S), 0, 1e-300);
}

static void testVpin() {
  Kernel k(params(false, 10));  // V_b = 10 lots
  Stream s;
  s.snapshot({{1000, 1000}}, {{1001, 1000}});
  for (int i = 0; i < 49; i++) s.trade(true, 1001, 10);  // 49 buckets, |B − S| = 10 each
  s.diff({});
  s.trade(true, 1001, 4);
  s.trade(false, 1000, 6);  // bucket 50: |4 − 6| = 2
  s.trade(false, 1000, 25);  // two whole sell buckets (only the last 50 count) and 5 lots open
  s.diff({});
  CHECK_EQ(k.run(s), 3);
  CHECK_NAN(k.f(1, col::VPIN));
  // Last 50 buckets: 47 × 10 + 2 + 10 + 10 = 492 of 500.
  CHECK_EQ(k.f(2, col::VPIN), 492.0 / 500);
}

static void testSkippedTradesAndBursts() {
  Kernel k(params());
  Stream s;
  s.snapshot({{1000, 1000}}, {{1001, 1000}});
  s.trade(true, std::nan(""), 1);
  s.trade(true, 1000, -1);
  s.trade(true, 1000, 4294967297.0);  // above MAX_TRADE_LOTS
  s.trade(true, 0, 1);
  s.trade(true, 1000.5, 1);
  s.trade(false, INFINITY, INFINITY);
  s.trade(true, 1000, 2);  // the only valid one
  s.diff({});
  CHECK_EQ(k.run(s), 2);
  CHECK_EQ(k.k.skippedTrades(), 6);
  CHECK_EQ(k.f(1, col::TRADE_VOL_10S), 0.002);
  CHECK_EQ(k.c[C_TRADES], 7);

  // More than 2^20 trades inside 60 s and no book row: the reference throws; the
  // kernel stops with E_CAPACITY, then refuses every batch.
  Kernel burst(params());
  Stream b;
  b.snapshot({{1000, 1000}}, {{1001, 1000}});
  CHECK_EQ(burst.run(b), 1);
  std::vector<Event> trades((uint64_t{1} << 20) + 5);
  for (Event& e : trades) {
    e = Event{};
    e.flags = BUY_TRADE_EVENT;
    e.exchTsNs = b.tsNs;
    e.px = 1000;
    e.qty = 1;
  }
  const int32_t rc = burst.k.applyBatch(trades.data(), static_cast<uint32_t>(trades.size()), burst.rows.data(),
                                        burst.rowCap, burst.c.data());
  CHECK_EQ(rc, E_CAPACITY);
  b.diff({});
  CHECK_EQ(burst.run(b), E_CAPACITY);
}

// ---------------------------------------------------------- dynamics ----

static void testNettingAndRates() {
  LevelNetting n;
  n.record(true, 1000, 5, 8);
  n.record(false, 1000, 1, 0);  // the same price on the other side is another level
  n.record(true, 1000, 8, 2);   // netted: first old 5, last new 2
  CHECK_EQ(n.changes().size(), 2);
  CHECK_EQ(n.changes()[0].old, 5);
  CHECK_EQ(n.changes()[0].now, 2);
  for (uint32_t px = 1; px <= 5000; px++) n.record(px % 2 == 0, px, 0, px);  // forces rehashes
  CHECK_EQ(n.changes().size(), 5001);
  n.clear();
  CHECK_EQ(n.changes().size(), 0);
  n.record(true, 1000, 3, 4);
  CHECK_EQ(n.changes()[0].old, 3);

  // Rates: a message 1 s after the first: upd = e^-1·1 + 1. Additions in band:
  // +500 lots on the bid touch (0.5 BTC) → add_rate_bid = 0.5; a sell of 200 lots
  // and −300 lots at the ask: cxl_ask = max(0, 300 − 0) (sells hit bids), cxl_bid = 0.
  Kernel k(params());
  Stream s;
  s.snapshot({{1000, 1000}}, {{1001, 1000}});
  s.advanceMs(1000);
  s.trade(false, 1000, 200);
  s.diff({{SIDE_BID, 1000, 1500}, {SIDE_ASK, 1001, 700}});
  CHECK_EQ(k.run(s), 2);
  CHECK_EQ(k.f(0, col::UPD_RATE), 1);
  CHECK_EQ(k.f(0, col::ADD_BID), 0);  // a snapshot never counts as additions
  CHECK_NEAR(k.f(1, col::UPD_RATE), std::exp(-1.0) + 1, 1e-15);
  CHECK_EQ(k.f(1, col::ADD_BID), 0.5);
  CHECK_EQ(k.f(1, col::CXL_ASK), 0.3);
  CHECK_EQ(k.f(1, col::CXL_BID), 0);
}

static void testReturnsAndTime() {
  Kernel k(params());
  Stream s;
  s.tsNs = -1500000;  // −1.5 ms: truncating division gives −1 ms and −0.5 ms
  s.snapshot({{1000, 1000}}, {{1002, 1000}});
  s.tsNs = 100 * 1000000 - 1500000;  // 100 ms later
  s.diff({{SIDE_ASK, 1004, 10}, {SIDE_ASK, 1002, 0}});
  CHECK_EQ(k.run(s), 2);
  CHECK_EQ(k.row(0)[ROW_TS_MS], -2);  // floor(−1.5)
  CHECK_NAN(k.f(0, col::RET_FIRST));
  // ret_100ms: the as-of row is exactly 100 ms earlier (inclusive): 1e4·ln(100.2/100.1).
  CHECK_NEAR(k.f(1, col::RET_FIRST), 1e4 * std::log(((1000 + 1004) / 20.0) / ((1000 + 1002) / 20.0)), 1e-12);
  CHECK_NAN(k.f(1, col::RET_FIRST + 1));
  CHECK_EQ(k.flags(1) & FLAG_WARMUP, FLAG_WARMUP);
}

static void testGapAndResync() {
  Kernel k(params());
  Stream s;
  s.snapshot({{1000, 1000}}, {{1001, 1000}});
  s.advanceMs(10);
  s.diff({{SIDE_BID, 1000, 900}});
  s.u += 5;  // a gap: the next diff does not continue
  s.advanceMs(10);
  s.diff({{SIDE_BID, 1000, 800}});
  s.advanceMs(10);
  s.snapshot({{1000, 700}}, {{1001, 1000}});
  CHECK_EQ(k.run(s), 3);
  CHECK_EQ(k.c[C_GAPS], 1);
  CHECK_EQ(k.c[C_RESYNCS], 1);
  CHECK_EQ(k.f(1, col::OFI), -0.1);  // bid touch 1000 → 900 lots
  CHECK_EQ(k.flags(2) & FLAG_OFI_RESET, FLAG_OFI_RESET);
  CHECK_EQ(k.f(2, col::OFI), -0.1);  // the window keeps its history; the resync adds 0
  CHECK_EQ(k.f(2, col::DEPTH_BID_NEAR), 0.7);
}

// ------------------------------------------------------------ malformed ----

/** Random records of every kind, including NaN / negative / huge values: never a crash, sane ranges. */
static void testFuzz() {
  std::mt19937_64 rng(3);
  const double weird[] = {std::nan(""), INFINITY, -INFINITY, -1, 0, 0.5, 1, 2, 1e300, 9007199254740993.0,
                          4294967296.0, 1073741823, 1073741824, -0.0};
  for (int round = 0; round < 40; round++) {
    Kernel k(params(round % 2 == 0, 1 + rng() % 50), 256);
    std::vector<Event> ev;
    double id = 0;
    int64_t ts = static_cast<int64_t>(rng() % 1000000000);
    for (int n = 0; n < 2000; n++) {
      Event e{};
      const uint32_t r = static_cast<uint32_t>(rng() % 100);
      ts += static_cast<int64_t>(rng() % 50000000) - (rng() % 20 == 0 ? 80000000 : 0);
      e.exchTsNs = ts;
      if (r < 8) {
        e.flags = rng() % 2 ? BUY_TRADE_EVENT : SELL_TRADE_EVENT;
        e.px = rng() % 4 == 0 ? weird[rng() % 14] : 990 + static_cast<double>(rng() % 30);
        e.qty = rng() % 4 == 0 ? weird[rng() % 14] : 1 + static_cast<double>(rng() % 100);
        ev.push_back(e);
      } else if (r < 10) {
        e.flags = KIND_TICKER;
        ev.push_back(e);
      } else {
        const uint32_t levels = static_cast<uint32_t>(rng() % 8);
        e.flags = rng() % 15 == 0 ? SNAPSHOT_EVENT : DEPTH_EVENT;
        e.aux = levels;
        id += rng() % 30 == 0 ? 3 : 1;
        e.id = rng() % 50 == 0 ? std::nan("") : id;
        e.ival = id;
        e.fval = -1;
        ev.push_back(e);
        for (uint32_t j = 0; j < levels; j++) {
          Event l{};
          l.flags = KIND_LEVEL | (rng() % 2 ? SIDE_BID : SIDE_ASK);
          l.px = rng() % 6 == 0 ? weird[rng() % 14] : 980 + static_cast<double>(rng() % 50);
          l.qty = rng() % 6 == 0 ? weird[rng() % 14] : static_cast<double>(rng() % 4 == 0 ? 0 : rng() % 100000);
          ev.push_back(l);
        }
      }
      if (ev.size() >= 200 || n == 1999) {
        const int32_t rows = k.k.applyBatch(ev.data(), static_cast<uint32_t>(ev.size()), k.rows.data(), k.rowCap, k.c.data());
        CHECK(rows >= 0);
        for (int32_t i = 0; i < rows; i++) {
          for (uint32_t c : {col::IMB_1, col::IMB_CUM, col::IMB_NEAR, col::IMB_FAR, col::PRESSURE, col::TRADE_IMB_1S}) {
            const double v = k.f(static_cast<uint32_t>(i), c);
            CHECK(std::isnan(v) || (v >= -1 && v <= 1));
          }
          // Book-derived columns read only accepted (finite) levels. The rates are
          // left out: the reference adds every trade's raw size to the cancellation
          // netting (dynamics.ts onTrade), so an infinite size makes them infinite there too.
          for (uint32_t c = 0; c <= col::PRESSURE; c++) CHECK(!std::isinf(k.f(static_cast<uint32_t>(i), c)));
          for (uint32_t c = col::SLOPE_BID; c <= col::IMPACT_SELL; c++) CHECK(!std::isinf(k.f(static_cast<uint32_t>(i), c)));
        }
        ev.clear();
      }
    }
  }
}

int main() {
  testParams();
  testWideInt();
  testOls();
  testStaticTinyBook();
  testImpactFill();
  testInvalidLockedCrossed();
  testCarriedOverSums();
  testTopOfTickRange();
  testTradeWindowsAndVwap();
  testVpin();
  testSkippedTradesAndBursts();
  testNettingAndRates();
  testReturnsAndTime();
  testGapAndResync();
  testFuzz();
  std::printf("feature_test: %d checks passed\n", g_checks);
  return 0;
}
