// SideBands: see feature_scan.h; src/features/depth.ts (bandLots, bandNotional,
// bandPressureLots) is the specification.
#include "feature_scan.h"

#include <cmath>

namespace btc {
namespace feat {

namespace {

/** Chained pressure weights between two exact ones (each step within ~1 ulp). */
constexpr uint32_t ANCHOR_EVERY = 32;
/** Sizes from here on make the lot sums inexact in some order: no incremental upkeep. */
constexpr double EXACT_LOTS = 4503599627370496.0;  // 2^52
/** Relative error bound of the kept pressure sum past which apply() asks for a rebuild. */
constexpr double REBUILD_ERROR = 1e-13;
/**
 * Relative error of one factorised weight against the reference's term: at most
 * 31 chained ratios and an anchor (~1 ulp each) in rebuild(), a table product in
 * apply(), plus the reference's own ~2e-15 (the roundings of its d and exp).
 */
constexpr double TERM_ERROR_CHAIN = 1e-14;
constexpr double TERM_ERROR_TABLE = 4e-15;
/** Rounding of one addition to the kept sum, relative to the sum. */
constexpr double HALF_ULP = 1.1102230246251565e-16;

/** exp(−d/κ) with d exactly the reference's distance of a level at USD price p from the mid. */
template <bool BID>
inline double exactWeight(const ScanPlan& plan, double p) {
  const double d = BID ? distanceBidBps(plan.mid, p) : distanceAskBps(plan.mid, p);
  return std::exp(-d / plan.kappa);
}

inline double absd(double x) { return x < 0 ? -x : x; }

}  // namespace

void PressureSteps::reset(double rate) {
  rate_ = rate;
  if (++gen_ == 0) {  // wrapped: forget every entry
    for (uint32_t& g : lowGen_) g = 0;
    for (uint32_t& g : hiGen_) g = 0;
    gen_ = 1;
  }
}

/**
 * The reference computes a level's weight from its USD price p = fl(t·δ), which
 * is off the exact t·δ by ε (half an ulp of p at most). In the distance that is
 * 1e4·ε/m bps, so its weight is e^{−k·c}·w_touch times (1 ± a·(ε − ε_touch)),
 * a = 1e4/(m·κ), to first order (the next order is ~1e-26). ε − ε_touch is
 * (p − p_touch) ∓ k·δ: the difference is exact (Sterbenz) and k·δ is within
 * ~1e-16 relative, which leaves this factor within ~1e-16 of the reference's.
 */
double SideBands::roundingFactor(bool bid, int64_t t, uint64_t k, const ScanPlan& plan) const {
  const double p = plan.tick.value(static_cast<double>(t));
  const double kd = static_cast<double>(k) * plan.tick.step();
  const double a = 1e4 / (plan.mid * plan.kappa);
  return bid ? 1 + a * ((p - pTouch_) + kd) : 1 - a * ((p - pTouch_) - kd);
}

template <bool BID>
void SideBands::rebuild(const TickTrie& side, uint32_t best, const ScanPlan& plan) {
  using Cursor = TickTrie::Cursor<BID>;
  // Beyond the last band the edge test must never fire: an unreachable tick.
  constexpr int64_t NONE = BID ? -1 : int64_t{1} << 40;
  const uint32_t nb = plan.nBands;
  const int64_t widest = plan.edgeTicks[nb - 1];
  PressureSteps* steps = plan.steps;
  const int64_t pressEdge = steps != nullptr ? plan.edgeTicks[plan.pressureBand] : NONE;
  uint32_t b = 0;
  int64_t nextEdge = plan.edgeTicks[0];
  double lots = 0, w = 0, wsum = 0, qMax = 0;
  __int128 tickLots = 0;
  int64_t tPrev = best;
  uint32_t n = 0;
  touch_ = best;
  pTouch_ = plan.tick.value(best);
  wTouch_ = exactWeight<BID>(plan, pTouch_);
  Cursor cur(side, best);
  do {
    uint32_t bits = cur.bits();
    const double* qv = cur.qty();
    const uint32_t base = cur.base();
    while (bits != 0) {
      const uint32_t o = Cursor::offset(static_cast<uint32_t>(__builtin_ctz(bits)));
      bits &= bits - 1;
      const int64_t t = base | o;
      if (BID ? t < widest : t > widest) goto done;
      const double q = qv[o];
      while (BID ? t < nextEdge : t > nextEdge) {  // past band b: its sums are final
        lots_[b] = lots;
        tickLots_[b] = tickLots;
        b++;
        nextEdge = b < nb ? plan.edgeTicks[b] : NONE;
      }
      lots += q;
      qMax = q > qMax ? q : qMax;
      // A size of 2^52 lots or more (no real book has one) is clamped here; the
      // f64 sums of rebuildHuge() replace these sums then.
      tickLots += static_cast<__int128>(t) * static_cast<int64_t>(q < EXACT_LOTS ? q : EXACT_LOTS);
      if (BID ? t >= pressEdge : t <= pressEdge) {
        const uint64_t k = static_cast<uint64_t>(BID ? best - t : t - best);
        const uint64_t dk = static_cast<uint64_t>(BID ? tPrev - t : t - tPrev);
        if (n == 0) {
          w = wTouch_;
        } else {
          w = (n % ANCHOR_EVERY != 0 && dk < PW_MAX) ? w * (*steps)(dk)
                                                     : wTouch_ * std::exp(-static_cast<double>(k) * steps->rate());
        }
        wsum += (w * roundingFactor(BID, t, k, plan)) * q;
        tPrev = t;
      }
      n++;
    }
  } while (cur.nextLeaf());
done:
  for (; b < nb; b++) {
    lots_[b] = lots;
    tickLots_[b] = tickLots;
  }
  wsum_ = wsum;
  wErr_ = TERM_ERROR_CHAIN * wsum;
  huge_ = !(qMax < EXACT_LOTS);
  if (huge_) rebuildHuge<BID>(side, best, plan);
}

/** Σ ticks·lots in f64, in the reference's order, for a side holding a size of 2^52 lots or more. */
template <bool BID>
void SideBands::rebuildHuge(const TickTrie& side, uint32_t best, const ScanPlan& plan) {
  using Cursor = TickTrie::Cursor<BID>;
  const uint32_t nb = plan.nBands;
  uint32_t b = 0;
  double tickLots = 0;
  Cursor cur(side, best);
  do {
    uint32_t bits = cur.bits();
    const double* qv = cur.qty();
    const uint32_t base = cur.base();
    while (bits != 0) {
      const uint32_t o = Cursor::offset(static_cast<uint32_t>(__builtin_ctz(bits)));
      bits &= bits - 1;
      const int64_t t = base | o;
      while (b < nb && (BID ? t < plan.edgeTicks[b] : t > plan.edgeTicks[b])) tickLotsHuge_[b++] = tickLots;
      if (b == nb) return;
      tickLots += static_cast<double>(t) * qv[o];
    }
  } while (cur.nextLeaf());
  for (; b < nb; b++) tickLotsHuge_[b] = tickLots;
}

template <bool BID>
bool SideBands::apply(const LevelChange* changes, uint32_t n, const ScanPlan& plan) {
  const uint32_t nb = plan.nBands;
  const int64_t* edge = plan.edgeTicks;
  const int64_t pressEdge = edge[plan.pressureBand];
  for (uint32_t i = 0; i < n; i++) {
    const LevelChange& c = changes[i];
    if (c.isBid != BID) continue;
    if (!(c.oldLots < EXACT_LOTS && c.newLots < EXACT_LOTS)) return false;
    const int64_t t = c.px;
    // A level better than the touch came and went within the message: rare, rebuild.
    if (BID ? t > touch_ : t < touch_) return false;
    uint32_t b = 0;  // the narrowest band holding t (bands are nested)
    while (b < nb && (BID ? t < edge[b] : t > edge[b])) b++;
    if (b == nb) continue;
    const double d = c.newLots - c.oldLots;
    const __int128 dt = static_cast<__int128>(t) * static_cast<int64_t>(d);
    for (uint32_t j = b; j < nb; j++) {
      lots_[j] += d;
      tickLots_[j] += dt;
    }
    if (plan.steps != nullptr && (BID ? t >= pressEdge : t <= pressEdge)) {
      const uint64_t k = static_cast<uint64_t>(BID ? touch_ - t : t - touch_);
      const double term = d * ((wTouch_ * (*plan.steps)(k)) * roundingFactor(BID, t, k, plan));
      wsum_ += term;
      wErr_ += TERM_ERROR_TABLE * absd(term) + HALF_ULP * absd(wsum_);
    }
  }
  return !huge_ && lots_[nb - 1] < EXACT_LOTS && wErr_ <= REBUILD_ERROR * wsum_;
}

double SideBands::tickLots(uint32_t b) const {
  if (huge_) return tickLotsHuge_[b];
  const __int128 v = tickLots_[b];
  const uint64_t m[3] = {static_cast<uint64_t>(v), static_cast<uint64_t>(static_cast<unsigned __int128>(v) >> 64), 0};
  return WideInt::magnitudeToDouble(m);  // v >= 0: a sum of ticks × lots
}

template void SideBands::rebuild<true>(const TickTrie&, uint32_t, const ScanPlan&);
template void SideBands::rebuild<false>(const TickTrie&, uint32_t, const ScanPlan&);
template bool SideBands::apply<true>(const LevelChange*, uint32_t, const ScanPlan&);
template bool SideBands::apply<false>(const LevelChange*, uint32_t, const ScanPlan&);

}  // namespace feat
}  // namespace btc
