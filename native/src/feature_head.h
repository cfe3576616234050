// The first levels of one side (part of StaticFeatures, feature_static.h): the
// top levels (iOFI snapshot, ladder), imb_cum's Σ lots, the NS slope and the
// impact walk (src/features/depth.ts topLots, shape.ts slopeNs and impactVwap,
// operation for operation).
//
// Each walked level is cached with what the reference computes at it (its USD
// price, the running Σ p·q, v = ln Σ p·q and the slope term after the first):
// all functions of the levels up to it, not of the mid. A walk reuses the cached
// entries while the book's levels still match them and computes from the first
// difference on. A row whose mid did not move patches the cache with its
// message's level changes instead (sizes, inserted and deleted levels) and
// recomputes the running sums from the first patched level only, walking the
// book again only past the cache; with no change inside the cache's reach the
// last results stand.
// Capacity: the cache grows to the longest walk seen (the impact can need the
//   whole side) and never shrinks.
#pragma once

#include <cstdint>
#include <vector>

#include "feature_scan.h"
#include "tick_trie.h"

namespace btc {
namespace feat {

/** Levels a side keeps (best first): iOFI needs up to 32, the ladder 10. */
constexpr uint32_t TOP_LEVELS = 32;

/** What the walk of a side's first levels found (ticks, lots). */
struct SideScan {
  /** Levels stored in px / qty: min(occupied levels, levels wanted). */
  uint32_t nTop = 0;
  double px[TOP_LEVELS];
  double qty[TOP_LEVELS];
  /** Σ lots of the first imbCumLevels levels. */
  double topLots = 0;
  /** NS slope (NaN when not finite). */
  double slope = NaN;
  /** VWAP of the impact notional on this side (NaN when unfilled). */
  double impactVwap = NaN;
};

class SideHead {
 public:
  /** Walks from the touch `best` (occupied) as far as the plan needs, into `out`. */
  template <bool BID>
  void walk(const TickTrie& side, uint32_t best, const ScanPlan& plan, SideScan* out);
  /**
   * The book moved by `changes` (one message; the mid and touch unchanged, `out`
   * holding the last row's results): recomputes from the first level a change
   * can affect, or nothing when no change is inside the last walk's reach.
   */
  template <bool BID>
  void update(const TickTrie& side, const ScanPlan& plan, const LevelChange* changes, uint32_t n, SideScan* out);

 private:
  struct Level {
    double t, q;    // ticks, lots
    double p;       // USD price
    double usd;     // p × size in BTC
    double cumUsd;  // Σ p·q (USD × BTC) up to and including this level
    double cumLots; // Σ q up to and including this level (in order, as the reference sums)
    double v;       // ln cumUsd (slope levels only)
    double term;    // (v / v_prev − 1) / |p / p_prev − 1| (slope levels after the first)
  };
  /** Computes entries from index `from` on, walking the book from the occupied key `fromKey` (0 = none). */
  template <bool BID>
  void resume(const TickTrie& side, uint32_t fromKey, uint32_t from, const ScanPlan& plan, SideScan* out);
  /** Recomputes the running sums of the (patched) cached levels from index `from`, then walks on if needed. */
  template <bool BID>
  void recompute(const TickTrie& side, uint32_t from, const ScanPlan& plan, SideScan* out);
  void finish(uint32_t n, bool ended, const ScanPlan& plan, SideScan* out);

  static constexpr uint32_t NOT_FILLED = 0xffffffffu;
  std::vector<Level> cache_;
  uint32_t cached_ = 0;          // valid entries
  uint32_t fillAt_ = NOT_FILLED; // entry where the impact notional was reached
  double lastTick_ = 0;          // the last level the last walk used
  bool ended_ = true;            // the last walk ran out of levels
};

}  // namespace feat
}  // namespace btc
