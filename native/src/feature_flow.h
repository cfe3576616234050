// Order-flow features (the C++ twin of src/features/flow.ts, flow-ofi.ts,
// flow-window.ts, flow-lambda.ts): ofi_1_1s, ofi_1_1s_norm, mlofi_2..5_1s,
// iofi_10_1s, iofi_10_10s and ofi_lambda_5m; FLAG_OFI_RESET.
//
// State: the previous message's first K = max(5, iOFI levels) occupied levels
// per side (ticks, lots); a growable ring of per-message OFI vectors e^1..e^K
// (integer lots) with one eviction pointer and one running sum per window
// (1 s, 10 s); the EMA_last depth normalisers AD_1, ĀD_M; the 1 s λ bars in a
// ring of LAMBDA_BARS. All sums are integer lots added and removed in the
// reference's order, so they are bit-identical to it.
// Capacity: the OFI ring doubles when full (entries of the last 10 s of
// messages, as in the reference); never shrinks.
#pragma once

#include <cstdint>
#include <vector>

#include "feature_params.h"
#include "feature_static.h"

namespace btc {
namespace feat {

// Registry defaults (DEFAULT_FLOW_PARAMS in src/features/flow.ts).
constexpr double FLOW_WINDOW_MS = 1000;
constexpr double IOFI_LONG_WINDOW_MS = 10000;
constexpr double TAU_AD_MS = 60000;
constexpr double LAMBDA_BAR_MS = 1000;
constexpr uint32_t LAMBDA_BARS = 300;
constexpr uint32_t LAMBDA_MIN_BARS = 30;
/** Levels of mlofi (ofi_1 and mlofi_2..5): K is at least this. */
constexpr uint32_t MLOFI_LEVELS = 5;

/** EMA_last (Eckner): x̄ ← a·x̄ + (1−a)·x_prev, a = exp(−Δt/τ); starts at the first value. */
struct EmaLast {
  double value = NaN;
  double prev = NaN;
  double tPrev = NaN;
  void update(double t, double x);
};

/** Windowed sums of OFI vectors over (t − W, t] for the two flow windows. */
class OfiWindows {
 public:
  explicit OfiWindows(uint32_t levels);
  void push(double t, const double* e);
  void evict(double now);
  /** Sum of level m (0-based) over window w (0: 1 s, 1: 10 s), lots. */
  double sum(uint32_t w, uint32_t m) const { return sums_[w * levels_ + m]; }

 private:
  static constexpr uint32_t WINDOWS = 2;
  void grow();
  uint32_t levels_;
  uint64_t cap_ = 1024;
  std::vector<double> times_;
  std::vector<double> vals_;
  uint64_t tail_ = 0;
  uint64_t heads_[WINDOWS] = {0, 0};
  double sums_[WINDOWS * IOFI_MAX_LEVELS] = {};
};

/** ofi_lambda_5m: rolling OLS over 1 s bars (flow-lambda.ts OfiLambda). */
class OfiLambda {
 public:
  void advance(double t, double mid, double ad1);
  void addFlow(double e1) { barOfi_ += e1; }
  double value() const { return value_; }

 private:
  void close(double mEnd, double ad1);
  double k_[LAMBDA_BARS] = {};
  double x_[LAMBDA_BARS] = {};
  double y_[LAMBDA_BARS] = {};
  uint32_t head_ = 0;
  uint32_t count_ = 0;
  double barEnd_ = NaN;
  double barOfi_ = 0;
  double mStart_ = NaN;
  double value_ = NaN;
};

class FlowFeatures {
 public:
  explicit FlowFeatures(const FeatureParams& p);
  /** Levels per side the module reads after each message: max(5, iOFI levels). */
  uint32_t levels() const { return levels_; }

  void onGap(double t);
  void onTrade(double t) { lambda_.advance(t, lastMid_, ad1_.value); }
  void beforeBook(double t) { lambda_.advance(t, lastMid_, ad1_.value); }
  /** Writes the flow columns of `features`; `bids` / `asks` are the scans of a valid book. */
  uint32_t afterBook(double t, bool valid, double mid, bool resync, const SideScan& bids, const SideScan& asks,
                     double* features);

 private:
  struct Snapshot {
    double bidPx[TOP_LEVELS], bidQty[TOP_LEVELS], askPx[TOP_LEVELS], askQty[TOP_LEVELS];
  };
  void read(const SideScan& bids, const SideScan& asks, Snapshot* s) const;
  double integrated(uint32_t window) const;

  Grid lot_;
  uint32_t levels_;
  uint32_t iofiLevels_;
  double iofiWeights_[IOFI_MAX_LEVELS];
  Snapshot snaps_[2];
  uint32_t prev_ = 0;  // index of the previous message's snapshot in snaps_
  bool hasPrev_ = false;
  double e_[TOP_LEVELS] = {};
  OfiWindows windows_;
  EmaLast ad1_, adM_;
  OfiLambda lambda_;
  double lastMid_ = NaN;
};

}  // namespace feat
}  // namespace btc
