// Native feature kernel: the order book (book.h) with every feature fused into
// its message loop — the C++ twin of src/features/engine.ts + modules.ts (the TS
// FeatureEngine over ReferenceBook with FlowFeatures, DynamicsFeatures and
// TradeFeatures), row for row.
//
// Layout: reads the same 64-byte event records as Book::applyBatch and applies
//   them with the same sequencing rules and counters (it is that Book, run with
//   this class as its sink); instead of top-N records it writes one feature row
//   per applied depth message, stride ROW_STRIDE or ROW_STRIDE_EXTENDED f64:
//   [exchTsMs, u, book_flags, 51 core features, (57 extended)] (src/layout/feature-row.ts).
// Order of work, as the reference's hooks: a TRADE record → flow, dynamics,
//   trades; a gap → the same three; an applied message → their "before" hooks
//   with the book as it was, each accepted level (old and new lots) to the
//   dynamics netting, then after the levels: static features (one fused walk per
//   side), flow, dynamics, trades, flags, time and id.
// Units: exchange time in ms as a double with sub-ms digits (eventMs); prices in
//   ticks and sizes in lots inside, USD / BTC in the row.
// Ownership: the kernel owns all feature state; rows, records and counters
//   belong to the caller and are only touched inside applyBatch.
// Errors: E_BAD_RECORD / E_OUT_FULL like the book; E_CAPACITY when the trade
//   tape is full (the reference throws there), after which every batch returns
//   E_CAPACITY until the kernel is recreated. std::bad_alloc from ring growth
//   propagates to the addon, which recreates the kernel.
#pragma once

#include <cstdint>

#include "book.h"
#include "feature_dynamics.h"
#include "feature_flow.h"
#include "feature_params.h"
#include "feature_static.h"
#include "feature_trades.h"

namespace btc {
namespace feat {

/** Rows in the first WARMUP_MS of exchange time carry FLAG_WARMUP (engine.ts). */
constexpr double WARMUP_MS = 60000;

class FeatureBook {
 public:
  explicit FeatureBook(const FeatureParams& p);

  /**
   * Applies records [0, count) of `in`; writes at most `rowCap` feature rows of
   * params().rowStride() f64 into `rows` and bumps `counters` (COUNTER_SLOTS).
   * Returns the number of rows written, or a negative status code.
   */
  int32_t applyBatch(const Event* in, uint32_t count, double* rows, uint32_t rowCap, double* counters);

  const FeatureParams& params() const { return p_; }
  const Book& book() const { return book_; }
  uint64_t skippedTrades() const { return trades_.skippedTrades(); }
  uint64_t exactPressureRows() const { return static_.exactPressureRows(); }
  uint64_t incrementalRows() const { return static_.incrementalRows(); }

  // Book::run sink (see book.h).
  bool trade(const Event& rec);
  void gap(const Event& hdr);
  bool before(const Event& hdr, uint32_t outFlags);
  void level(bool isBid, uint32_t px, double oldLots, double newLots) {
    dynamics_.onLevel(isBid, px, oldLots, newLots);
    if (levelHooks_) static_.onLevel(isBid, px, oldLots, newLots);
  }
  void after(uint32_t slot, const Event& hdr, uint32_t outFlags, uint32_t changes);

 private:
  /** Exchange time of a record in ms; the first call fixes the warm-up start. */
  double tMs(const Event& e);

  FeatureParams p_;
  Book book_;
  StaticFeatures static_;
  FlowFeatures flow_;
  DynamicsFeatures dynamics_;
  TradeFeatures trades_;
  double startMs_ = NaN;
  double* rows_ = nullptr;
  bool failed_ = false;
  bool levelHooks_ = false;  // the static features record this message's level changes
};

}  // namespace feat
}  // namespace btc
