// Trade features (the C++ twin of src/features/trades.ts, trades-tape.ts,
// trades-vpin.ts, trades-kyle.ts): trade_imb_1s, trade_imb_10s, trade_vol_10s,
// vwap_dev_10s_bps, vwap_dev_60s_bps, vpin_50 and kyle_lambda_5m.
//
// State: a growable ring of trades (t, aggressor side, lots, px·lots exact)
// with absolute sequence numbers, an "added" pointer and one head per window
// (1 s, 10 s, 60 s); running sums in lots (f64 integers) and px·lots (192-bit,
// WideInt); VPIN buckets in lots; Kyle bars in a ring of KYLE_BARS.
// Capacity: the tape doubles up to MAX_TAPE = 2^20 trades; when full it moves the
// window clock to the newest trade (adding everything pending and evicting what
// left the windows), exactly as the reference. If it is still full (more than
// 2^20 trades inside 60 s with no book row) the reference throws; here onTrade
// returns false and the kernel stops the batch with E_CAPACITY.
#pragma once

#include <cstdint>
#include <vector>

#include "feature_params.h"
#include "wide_int.h"

namespace btc {
namespace feat {

// Registry defaults (src/features/registry.ts params, read by trades.ts).
constexpr double TRADE_WINDOWS_MS[3] = {1000, 10000, 60000};
constexpr uint32_t VPIN_BUCKETS = 50;
constexpr double KYLE_BAR_MS = 1000;
constexpr uint32_t KYLE_BARS = 300;
constexpr uint32_t KYLE_MIN_BARS = 30;
/** Largest trade ring before the window clock is forced forward (trades-tape.ts MAX_TAPE). */
constexpr uint64_t MAX_TAPE = uint64_t{1} << 20;
/** Largest trade accepted, lots (trades.ts MAX_TRADE_LOTS): window lot sums stay below 2^52. */
constexpr double MAX_TRADE_LOTS = 4294967296.0;

/** trades-vpin.ts Vpin: buckets of V_b lots, a trade split across boundaries. */
class Vpin {
 public:
  explicit Vpin(double bucketLots) : bucketLots_(bucketLots) {}
  void add(bool buy, double lots);
  double value() const { return filled_ < VPIN_BUCKETS ? NaN : sum_ / (VPIN_BUCKETS * bucketLots_); }

 private:
  void close();
  void push(double imb);
  double bucketLots_;
  double curBuy_ = 0, curSell_ = 0;
  double imb_[VPIN_BUCKETS] = {};
  uint32_t next_ = 0;
  uint32_t filled_ = 0;
  double sum_ = 0;
};

/** One window's running sums over ring[head, added) (trades-tape.ts TradeWindow). */
struct TradeWindow {
  double windowMs = 0;
  bool withPv = false;
  uint64_t head = 0;
  double buyLots = 0, sellLots = 0;
  WideInt pv;
  double vwapTicksCache = NaN;
  bool dirty = true;

  void add(bool buy, double lots, u128 p) {
    if (buy) buyLots += lots; else sellLots += lots;
    if (withPv) { pv.add(p); dirty = true; }
  }
  void remove(bool buy, double lots, u128 p) {
    if (buy) buyLots -= lots; else sellLots -= lots;
    if (withPv) { pv.sub(p); dirty = true; }
  }
  double imbalance() const {
    const double v = buyLots + sellLots;
    return v > 0 ? (buyLots - sellLots) / v : NaN;
  }
  /** Number(Σp·v) / Σv in (fractional) ticks, NaN without volume. */
  double vwapTicks();
};

class TradeTape {
 public:
  TradeTape();
  /** Appends a trade (times non-decreasing); false when the ring cannot take it. */
  bool push(double tMs, bool buy, double pxTicks, double qtyLots, Vpin& vpin);
  /** Evaluates the windows at tMs (clamped to the running maximum). */
  void advance(double tMs, Vpin& vpin);
  TradeWindow& window(uint32_t i) { return w_[i]; }

 private:
  void grow();
  TradeWindow w_[3];
  uint64_t cap_ = 1024;
  std::vector<double> t_, lots_;
  std::vector<uint8_t> buy_;
  std::vector<u128> pv_;
  uint64_t start_ = 0, end_ = 0, added_ = 0;
  double clock_ = -INFINITY;
};

/** trades-kyle.ts KyleLambda. */
class KyleLambda {
 public:
  KyleLambda(const Grid& tick, const Grid& lot)
      : g0_(tick.units * lot.units), g1_(tick.pow10), g2_(lot.pow10) {}
  void onEvent(double tMs);
  void onTrade(bool buy, u128 pv) { if (buy) flow_.add(pv); else flow_.sub(pv); }
  void setMid(double mid) { mid_ = mid; }
  double value() const { return lambda_; }

 private:
  void closeBar();
  void store(double x, double m0, double m1);
  void fit();
  double g0_, g1_, g2_;
  double xs_[KYLE_BARS] = {}, ys_[KYLE_BARS] = {};
  uint8_t ok_[KYLE_BARS] = {};
  uint32_t next_ = 0;
  double nextG_ = NaN;
  double startMid_ = NaN;
  double mid_ = NaN;
  WideInt flow_;
  double lambda_ = NaN;
};

class TradeFeatures {
 public:
  explicit TradeFeatures(const FeatureParams& p);
  /** A trade record; false when the tape is full (the reference throws). */
  bool onTrade(double t, bool buy, double pxTicks, double qtyLots);
  void onGap(double t) {
    kyle_.onEvent(t);
    kyle_.setMid(NaN);
  }
  void beforeBook(double t) { kyle_.onEvent(t); }
  uint32_t afterBook(double t, bool valid, double mid, double* features);
  /** Trades ignored: price not a positive safe integer, size not an integer in [1, MAX_TRADE_LOTS]. */
  uint64_t skippedTrades() const { return skipped_; }

 private:
  double vwapDevBps(TradeWindow& w, double mid);
  Grid tick_, lot_;
  Vpin vpin_;
  TradeTape tape_;
  KyleLambda kyle_;
  double lastTradeMs_ = -INFINITY;
  uint64_t skipped_ = 0;
};

}  // namespace feat
}  // namespace btc
