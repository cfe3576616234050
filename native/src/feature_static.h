// Stateless features of one book (the C++ twin of src/features/static.ts and
// extended.ts): price, depth, imbalance, pressure, shape and impact columns, and
// the extended set, from ONE fused walk per side.
//
// Layout of the work per row (valid book, bb <= ba):
//   1. Band edges. Membership in band β is the reference's float predicate
//      1e4·(m − p)/m <= β (bids; asks mirrored) with p = the level's USD price.
//      That predicate is monotone in the tick, so each band is "ticks >= edge"
//      (bids) / "ticks <= edge" (asks); the edge is found with a few predicate
//      evaluations around the exact-math guess, and kept (with the pressure step
//      table) while (bb, ba), hence the mid, do not change. The walks then
//      compare integers only, and membership is bit-identical to the reference.
//   2. One walk per side from the touch (feature_scan.h): cumulative lots per
//      band in the reference's order (bit-identical), Σ ticks·lots for VAMP (one
//      conversion to USD at the end: ~1e-15 relative), the pressure sum, the
//      first levels (iOFI snapshot, ladder, imb_cum), the NS slope and the
//      impact walk (both with the reference's exact operations).
//   3. Pressure Σ exp(−d/κ)·q is factorised: a level k ticks from the touch
//      weighs w_touch·e^{−k·c} (c = 1e4·δ/(m·κ)), chained level to level through
//      exact table ratios and re-anchored every 32 levels, times a first-order
//      factor for the rounding of the reference's own USD price at that level
//      (without it the terms would differ by up to ~4e-13: 1e4/κ amplifies it).
//      Each term is then within ~1e-14 of the reference's, and a sum carried
//      over rows (mid unchanged) keeps a bound of its error (rebuilt past 1e-13),
//      so the column's absolute error stays below ~1e-13 and its relative error
//      can only exceed 1e-9 near 0: when |pressure| < PRESSURE_EXACT_BELOW (and
//      when a sum nears overflow, or β/κ > 100, or β > 1000 bps) it is
//      recomputed with the reference's exact walk (a few rows in 10^4).
// Units: ticks and lots as f64 integers in the walk; USD/BTC once at the end.
// Complexity: O(levels inside the widest band used) per side, plus O(impact
//   levels); no allocation once the walk buffers have grown.
#pragma once

#include <cstdint>
#include <vector>

#include "feature_columns.h"
#include "feature_params.h"
#include "feature_head.h"
#include "feature_scan.h"
#include "tick_trie.h"

namespace btc {
namespace feat {

/** Below this |book_pressure| the fast factorised value is replaced by the exact walk. */
constexpr double PRESSURE_EXACT_BELOW = 4e-4;

class StaticFeatures {
 public:
  /** `topLevels`: how many first levels the stateful modules need (<= TOP_LEVELS). */
  StaticFeatures(const FeatureParams& p, uint32_t topLevels);
  // plan_ points into this object (the step tables): not copyable.
  StaticFeatures(const StaticFeatures&) = delete;
  StaticFeatures& operator=(const StaticFeatures&) = delete;

  /**
   * A message is about to be applied to the book (bb, ba) (0 = side empty).
   * Returns whether its level changes should be passed to onLevel(): only when
   * the last row's sums can be carried over (the last row was valid and computed
   * on this very touch).
   */
  bool beginMessage(uint32_t bb, uint32_t ba);
  /** One accepted level change of the message (before it is set). */
  void onLevel(bool isBid, uint32_t px, double oldLots, double newLots);
  /** The book became invalid or was cleared (invalid row, gap): nothing carries over. */
  void invalidate() { ready_ = false; }

  /**
   * Valid book (0 < bb <= ba): writes the static columns (and the extended ones
   * when enabled) into `features` (row + ROW_FEATURES) and returns the flags
   * FLAG_LOCKED / FLAG_IMPACT_UNFILLED. The scans stay readable until the next call.
   */
  uint32_t compute(const TickTrie& bids, const TickTrie& asks, uint32_t bb, uint32_t ba, double* features);

  const SideScan& bids() const { return bid_; }
  const SideScan& asks() const { return ask_; }
  /** Rows whose pressure came from the exact fallback walk (diagnostics). */
  uint64_t exactPressureRows() const { return exactPressureRows_; }
  /** Rows computed from the last row's sums and the message's changes (diagnostics). */
  uint64_t incrementalRows() const { return incrementalRows_; }

 private:
  template <bool BID>
  double exactPressure(const TickTrie& side, uint32_t best, double m) const;
  /** Band edges and the pressure step table for the book (bb, ba); kept while they do not change. */
  void prepare(uint32_t bb, uint32_t ba, double m);
  double vamp(uint32_t band) const;
  double micropricePx(double m, double spreadTicks, double imb1) const;
  void writeExtended(double* f) const;
  void addBand(double beta);
  uint32_t bandIndex(double beta) const;

  /** A message with more level changes than this is not carried over (a rebuild is as cheap). */
  static constexpr uint32_t MAX_CHANGES = 1u << 16;

  FeatureParams p_;
  uint32_t topWanted_;
  bool fastPressure_;
  double logShapeRatio_;
  // Distinct band widths, ascending, and where each parameter's band sits.
  uint32_t nBands_ = 0;
  double beta_[MAX_BANDS] = {};
  uint32_t iVamp_ = 0, iNear_ = 0, iFar_ = 0, iPress_ = 0, iShapeNear_ = 0, iShapeFar_ = 0;
  uint32_t iExtra_[col::N_EXTRA_BANDS] = {}, iExtraVamp_[col::N_EXTRA_VAMP] = {};
  // For the current (bb, ba): band edges in ticks per side, and the pressure step tables.
  uint32_t cacheBb_ = 0, cacheBa_ = 0;
  int64_t edgeBid_[MAX_BANDS] = {};
  int64_t edgeAsk_[MAX_BANDS] = {};
  PressureSteps steps_;
  ScanPlan plan_;
  // Carried from row to row: sums, first levels, and the changes of the current message.
  SideBands bidBands_, askBands_;
  SideHead bidHead_, askHead_;
  SideScan bid_, ask_;
  bool ready_ = false;      // the sums and scans hold the last row, computed on (cacheBb_, cacheBa_)
  bool recording_ = false;  // the current message's changes are being kept
  std::vector<LevelChange> changes_;
  uint64_t exactPressureRows_ = 0;
  uint64_t incrementalRows_ = 0;
};

}  // namespace feat
}  // namespace btc
