// Band sums and the book-pressure sum of one side (part of StaticFeatures,
// feature_static.h), kept across rows while the mid does not move.
//
// rebuild(): one walk from the touch (TickTrie::Cursor) to the widest band's edge:
//   cumulative lots at each band edge, in the reference's order (depth.ts
//   bandLots sums from the touch outward; the sums are of integers below 2^52,
//   so exact and bit-identical), Σ ticks·lots exactly in 128 bits (VAMP), and the
//   pressure sum Σ exp(−d/κ)·lots, factorised (feature_static.h): the weight of a
//   level k ticks from the touch is w_touch·e^{−k·c}, chained level to level
//   through exact table ratios and re-anchored every 32 levels, times a first-order
//   factor for the rounding of the reference's own USD price at that level.
// apply(): the level changes of one message whose book kept its touch prices,
//   hence its mid and band edges: each change moves the sums of the bands that
//   hold its tick by new − old (exact for the integer sums), and the pressure sum
//   by (new − old)·w(tick). The pressure sum carries a bound of its error; past
//   REBUILD_ERROR (relative) apply() asks for a rebuild, as it does for sizes of
//   2^52 lots or more.
// Capacity: fixed arrays (MAX_BANDS); the step tables are PressureSteps'.
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

#include "feature_math.h"
#include "tick_trie.h"
#include "wide_int.h"

namespace btc {
namespace feat {

/** Distinct band widths in one row: 6 core parameters + 7 extended bands. */
constexpr uint32_t MAX_BANDS = 16;
/** Pressure weight ratios e^{−k·c} are tabled for k < PW_MAX ticks, and per PW_MAX-tick block beyond. */
constexpr uint32_t PW_MAX = 64;
/** Blocks of the high table (farther levels call exp). */
constexpr uint32_t PW_HI_MAX = 4096;

/**
 * e^{−k·c} for the current mid (c = 1e4·δ/(m·κ): the weight ratio of two levels
 * k ticks apart), each table entry an exact exp computed on first use after
 * reset(): low[k] for k < PW_MAX, hi[h] = e^{−PW_MAX·h·c} beyond.
 */
class PressureSteps {
 public:
  void reset(double rate);
  double rate() const { return rate_; }
  /** e^{−k·c} within ~1 ulp (k < PW_MAX) or ~2 ulp (a hi × low product). */
  double operator()(uint64_t k) {
    if (k < PW_MAX) return low(static_cast<uint32_t>(k));
    const uint64_t h = k / PW_MAX;
    if (h >= PW_HI_MAX) return std::exp(-static_cast<double>(k) * rate_);
    if (hiGen_[h] != gen_) {
      hi_[h] = std::exp(-static_cast<double>(h * PW_MAX) * rate_);
      hiGen_[h] = gen_;
    }
    return hi_[h] * low(static_cast<uint32_t>(k % PW_MAX));
  }

 private:
  double low(uint32_t k) {
    if (lowGen_[k] != gen_) {
      low_[k] = std::exp(-static_cast<double>(k) * rate_);
      lowGen_[k] = gen_;
    }
    return low_[k];
  }
  double rate_ = 0;
  uint32_t gen_ = 0;
  uint32_t lowGen_[PW_MAX] = {};
  double low_[PW_MAX] = {};
  std::vector<uint32_t> hiGen_ = std::vector<uint32_t>(PW_HI_MAX, 0);
  std::vector<double> hi_ = std::vector<double>(PW_HI_MAX, 0);
};

/** The row-wide inputs of a side's band and shape computations. */
struct ScanPlan {
  Grid tick, lot;
  double mid = NaN;
  /** Band edges in ticks for this side, bands in ascending width: bids in band b iff t >= edge[b], asks iff t <= edge[b]. */
  uint32_t nBands = 0;
  const int64_t* edgeTicks = nullptr;
  /** Pressure: the band index, κ (bps), the step tables of this mid; steps null = no fast sum. */
  uint32_t pressureBand = 0;
  double kappa = 5;
  PressureSteps* steps = nullptr;
  /** Levels wanted: stored (iOFI, ladder), summed for imb_cum, used by the NS slope. */
  uint64_t nTop = 1, nCum = 1, nSlope = 0;
  double impactUsd = 1e6;
};

/** One accepted level change of a message (ticks, lots). */
struct LevelChange {
  uint32_t px;
  bool isBid;
  double oldLots;
  double newLots;
};

class SideBands {
 public:
  /** Recomputes every sum from the touch `best` (occupied). */
  template <bool BID>
  void rebuild(const TickTrie& side, uint32_t best, const ScanPlan& plan);
  /**
   * Applies this side's changes of one message (touch and mid unchanged since the
   * last rebuild). False when the sums can no longer be kept exact or within
   * their error bound: the caller rebuilds.
   */
  template <bool BID>
  bool apply(const LevelChange* changes, uint32_t n, const ScanPlan& plan);

  /** D(β_b) in lots. */
  double lots(uint32_t b) const { return lots_[b]; }
  /** Σ ticks·lots over band b, rounded once to a double. */
  double tickLots(uint32_t b) const;
  /** The fast pressure sum (0 without a pressure table). */
  double pressure() const { return wsum_; }

 private:
  template <bool BID>
  void rebuildHuge(const TickTrie& side, uint32_t best, const ScanPlan& plan);
  /** The reference's weight at tick t over the touch's, as a factor on the step ratio (see feature_scan.cc). */
  double roundingFactor(bool bid, int64_t t, uint64_t k, const ScanPlan& plan) const;

  double lots_[MAX_BANDS] = {};
  __int128 tickLots_[MAX_BANDS] = {};
  double wsum_ = 0;
  /** Bound of |wsum_ − exact Σ| as the pressure sum was kept. */
  double wErr_ = 0;
  /** Touch tick, its USD price and exact weight at the last rebuild. */
  int64_t touch_ = 0;
  double pTouch_ = 0;
  double wTouch_ = 0;
  /** The side holds a size of 2^52 lots or more: f64 Σ ticks·lots, no incremental upkeep. */
  bool huge_ = false;
  double tickLotsHuge_[MAX_BANDS] = {};
};

}  // namespace feat
}  // namespace btc
