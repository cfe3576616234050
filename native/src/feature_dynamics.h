// Dynamics features (the C++ twin of src/features/dynamics.ts,
// dynamics-history.ts, dynamics-grid.ts): lagged log-mid returns and the spread
// change (as-of lookups), realized volatility on the 100 ms grid, and the decayed
// rates of messages, additions and cancellations near the mid.
//
// State: a growable ring of the valid rows (t, mid, spread_bps) with one
// monotone pointer per lag (rows older than every pointer are dropped); a ring
// of RV_CAP squared grid returns with invalid flags, re-summed oldest → newest
// when a boundary is pushed; the five rates; the netted level changes of the
// message being applied (insertion-ordered, hashed by side and price).
// Capacity: the as-of ring doubles when full (rows of the last 60 s), the
// netting table when half full (levels of one message); neither shrinks.
#pragma once

#include <cstdint>
#include <vector>

#include "feature_params.h"

namespace btc {
namespace feat {

// Registry defaults (DEFAULT_DYNAMICS_PARAMS in src/features/dynamics.ts).
constexpr uint32_t N_LAGS = 5;  // ret 100 ms, 1 s, 10 s, 60 s; spread change 1 s
constexpr double LAGS_MS[N_LAGS] = {100, 1000, 10000, 60000, 1000};
constexpr double RV_GRID_MS = 100;
constexpr uint32_t RV_WINDOWS[2] = {100, 600};
constexpr uint32_t RV_CAP = 600;
constexpr double RATE_TAU_MS = 1000;
constexpr double RATE_BAND_BPS = 25;

/** dynamics-history.ts AsOfHistory over the five lags. */
class AsOfHistory {
 public:
  AsOfHistory();
  void push(double tMs, double mid, double spreadBps);
  /** Moves lag k's pointer to the last row with t_i <= tMs − L_k; its absolute index or −1. */
  int64_t seek(uint32_t k, double tMs);
  double mid(int64_t abs) const { return m_[static_cast<uint64_t>(abs) & mask_]; }
  double spreadBps(int64_t abs) const { return s_[static_cast<uint64_t>(abs) & mask_]; }
  void trim();

 private:
  void grow();
  uint64_t cap_ = 1024, mask_ = 1023;
  std::vector<double> t_, m_, s_;
  int64_t start_ = 0, end_ = 0;
  int64_t ptr_[N_LAGS];
};

/**
 * dynamics-grid.ts RvGrid (100 ms boundaries; windows of 100 and 600 returns).
 * A window's Σ r² is re-summed whenever a boundary was pushed, as in the
 * reference, but from per-block sums: a block of RV_BLOCK returns (aligned on the
 * return count) is summed once when first needed after it is complete, and only
 * the two partial blocks at the window's ends are summed again.
 */
class RvGrid {
 public:
  void advance(double tMs, double mid);
  double value(uint32_t k);

 private:
  static constexpr uint32_t RV_BLOCK = 50;
  static constexpr uint32_t RV_BLOCKS = RV_CAP / RV_BLOCK + 2;
  void push(double mid);
  double compute(uint32_t w);
  /** Σ r² and the invalid count over returns [from, to) (all in the ring). */
  void sumRange(int64_t from, int64_t to, double* sum, uint32_t* bad) const;
  double sq_[RV_CAP] = {};
  uint8_t bad_[RV_CAP] = {};
  int64_t n_ = 0;
  double next_ = NaN;
  double prevMid_ = NaN;
  bool dirty_ = true;
  double cache_[2] = {NaN, NaN};
  // Complete blocks: id (= first return / RV_BLOCK, −1 = none), Σ r², invalid count.
  int64_t blockId_[RV_BLOCKS];
  double blockSum_[RV_BLOCKS] = {};
  uint32_t blockBad_[RV_BLOCKS] = {};

 public:
  RvGrid() {
    for (int64_t& id : blockId_) id = -1;
  }
};

/** The level changes of one message, netted per (side, price): first old size, last new size. */
class LevelNetting {
 public:
  struct Change {
    uint32_t px;
    bool isBid;
    double old;
    double now;
  };
  LevelNetting();
  void clear();
  void record(bool isBid, uint32_t px, double oldLots, double newLots);
  const std::vector<Change>& changes() const { return changes_; }

 private:
  void rehash(uint32_t bits);
  std::vector<Change> changes_;     // insertion order (the reference iterates a Map)
  std::vector<int32_t> slot_;       // open addressing: index into changes_, −1 = empty
  std::vector<uint32_t> used_;      // slots taken by this message, for clear()
  uint32_t bits_ = 0;
};

class DynamicsFeatures {
 public:
  explicit DynamicsFeatures(const FeatureParams& p);
  void onGap(double t);
  /** Every trade record, as the reference sees it (no validity check here). */
  void onTrade(double t, bool buy, double qtyLots);
  void beforeBook(double t, bool valid, double mid);
  void onLevel(bool isBid, uint32_t px, double oldLots, double newLots) {
    if (preValid_) netting_.record(isBid, px, oldLots, newLots);
  }
  /** Writes the dynamics columns; `spreadTicks` is ask − bid of a valid book. */
  uint32_t afterBook(double t, bool valid, double mid, double spreadTicks, double* features);

 private:
  void updateRates(double t);
  Grid tick_, lot_;
  AsOfHistory hist_;
  RvGrid grid_;
  LevelNetting netting_;
  double lastMid_ = NaN;
  double lastMsgMs_ = NaN;
  double upd_ = 0, addBid_ = 0, addAsk_ = 0, cxlBid_ = 0, cxlAsk_ = 0;
  /** Aggressor lots since the last book message: sells hit bids, buys hit asks. */
  double tradedBid_ = 0, tradedAsk_ = 0;
  bool preValid_ = false;
  double preMid_ = NaN;
};

}  // namespace feat
}  // namespace btc
