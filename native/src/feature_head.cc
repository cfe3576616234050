// SideHead: see feature_head.h; src/features/shape.ts (slopeNs, impactVwap) and
// depth.ts (topLots) are the specification.
#include "feature_head.h"

#include <cmath>
#include <cstring>

#include "layout.h"

namespace btc {
namespace feat {

namespace {

uint64_t levelsNeeded(const ScanPlan& plan) {
  uint64_t need = plan.nTop > plan.nCum ? plan.nTop : plan.nCum;
  return plan.nSlope > need ? plan.nSlope : need;
}

}  // namespace

template <bool BID>
void SideHead::walk(const TickTrie& side, uint32_t best, const ScanPlan& plan, SideScan* out) {
  fillAt_ = NOT_FILLED;
  resume<BID>(side, best, 0, plan, out);
}

template <bool BID>
void SideHead::update(const TickTrie& side, const ScanPlan& plan, const LevelChange* changes, uint32_t n,
                      SideScan* out) {
  // Patch the cached levels with this side's changes, in order. The cache holds
  // every level from the touch to lastTick_ (to the side's end when ended_);
  // changes past that do not touch anything the last results used.
  uint32_t from = NOT_FILLED;
  for (uint32_t k = 0; k < n; k++) {
    const LevelChange& c = changes[k];
    if (c.isBid != BID) continue;
    const double t = c.px;
    if (!ended_ && (BID ? t < lastTick_ : t > lastTick_)) continue;
    uint32_t lo = 0, hi = cached_;  // first entry not strictly closer to the touch than t
    while (lo < hi) {
      const uint32_t mid = (lo + hi) / 2;
      if (BID ? cache_[mid].t > t : cache_[mid].t < t) lo = mid + 1; else hi = mid;
    }
    const bool exists = lo < cached_ && cache_[lo].t == t;
    if (c.newLots > 0) {
      if (!exists) {
        if (cached_ == cache_.size()) cache_.resize(cache_.size() < 64 ? 64 : 2 * cache_.size());
        std::memmove(&cache_[lo + 1], &cache_[lo], (cached_ - lo) * sizeof(Level));
        cached_++;
      }
      Level& L = cache_[lo];
      L.t = t;
      L.q = c.newLots;
      L.p = plan.tick.value(t);
      L.usd = L.p * plan.lot.value(L.q);
    } else if (exists) {
      std::memmove(&cache_[lo], &cache_[lo + 1], (cached_ - lo - 1) * sizeof(Level));
      cached_--;
    } else {
      continue;
    }
    if (lo < from) from = lo;
  }
  if (from == NOT_FILLED) return;  // the last results stand
  recompute<BID>(side, from, plan, out);
}

/**
 * The cumulative fields of the cached levels from `from` on (their t, q, p and
 * usd are current), then the walk on past the cache if the plan needs more.
 */
template <bool BID>
void SideHead::recompute(const TickTrie& side, uint32_t from, const ScanPlan& plan, SideScan* out) {
  const double X = plan.impactUsd;
  const uint64_t need = levelsNeeded(plan);
  uint32_t i = from;
  double cumUsd = from > 0 ? cache_[from - 1].cumUsd : 0;
  double cumLots = from > 0 ? cache_[from - 1].cumLots : 0;
  bool filled = fillAt_ < from;
  double vwap = filled ? out->impactVwap : NaN;
  if (!filled) fillAt_ = NOT_FILLED;
  for (; i < cached_ && !(i >= need && filled); i++) {
    Level& L = cache_[i];
    L.cumUsd = cumUsd + L.usd;
    L.cumLots = cumLots + L.q;
    if (i < plan.nSlope) {
      L.v = std::log(L.cumUsd);
      if (i > 0) L.term = (L.v / cache_[i - 1].v - 1) / std::fabs(L.p / cache_[i - 1].p - 1);
    }
    if (!filled && L.cumUsd >= X) {
      vwap = X / (plan.lot.value(cumLots) + (X - cumUsd) / L.p);
      filled = true;
      fillAt_ = i;
    }
    if (i < plan.nTop) {
      out->px[i] = L.t;
      out->qty[i] = L.q;
    }
    cumUsd = L.cumUsd;
    cumLots = L.cumLots;
  }
  out->impactVwap = vwap;
  if ((i >= need && filled) || ended_) {
    // Done, or the side has no level past the cache.
    const bool ended = !(i >= need && filled);
    cached_ = i;
    finish(i, ended, plan, out);
    return;
  }
  // The cache ran out (levels deleted, or more needed): walk on in the book.
  const uint32_t last = i == 0 ? 0 : static_cast<uint32_t>(cache_[i - 1].t);
  const int32_t next = i == 0 ? -1
                       : BID ? side.findLE(last - 1)                              // last >= 1
                             : last < MAX_PX_TICKS ? side.findGE(last + 1) : -1;  // keys stay below 2^30
  cached_ = i;
  resume<BID>(side, next > 0 ? static_cast<uint32_t>(next) : 0, i, plan, out);
}

template <bool BID>
void SideHead::resume(const TickTrie& side, uint32_t fromKey, uint32_t from, const ScanPlan& plan, SideScan* out) {
  using Cursor = TickTrie::Cursor<BID>;
  const Grid tick = plan.tick, lot = plan.lot;
  const double X = plan.impactUsd;
  const uint64_t nTop = plan.nTop, nSlope = plan.nSlope;
  const uint64_t need = levelsNeeded(plan);

  // The state after entry from − 1, from the cache.
  uint32_t i = from;
  double cumUsd = from > 0 ? cache_[from - 1].cumUsd : 0;
  double cumLots = from > 0 ? cache_[from - 1].cumLots : 0;
  bool filled = fillAt_ < from;
  double vwap = filled ? out->impactVwap : NaN;
  if (!filled) fillAt_ = NOT_FILLED;
  bool matching = true;
  bool ended = true;
  if (i >= need && filled) {
    ended = false;  // nothing past `from` is needed
  } else if (fromKey != 0) {
    Cursor cur(side, fromKey);
    do {
      uint32_t bits = cur.bits();
      const double* qv = cur.qty();
      const double base = static_cast<double>(cur.base());
      while (bits != 0) {
        const uint32_t o = Cursor::offset(static_cast<uint32_t>(__builtin_ctz(bits)));
        bits &= bits - 1;
        const double t = base + o;
        const double q = qv[o];
        if (i >= cache_.size()) cache_.resize(cache_.size() < 64 ? 64 : 2 * cache_.size());
        Level& L = cache_[i];
        const bool same = L.t == t && L.q == q;  // p and usd are functions of (t, q): still right
        if (!(matching && i < cached_ && same)) {
          matching = false;
          if (!same) {
            L.t = t;
            L.q = q;
            L.p = tick.value(t);
            L.usd = L.p * lot.value(q);
          }
          L.cumUsd = cumUsd + L.usd;
          L.cumLots = cumLots + q;
          if (i < nSlope) {
            L.v = std::log(L.cumUsd);
            if (i > 0) {
              const Level& P = cache_[i - 1];
              L.term = (L.v / P.v - 1) / std::fabs(L.p / P.p - 1);
            }
          }
        }
        if (!filled && L.cumUsd >= X) {  // cumUsd + levelUsd >= X, L.cumUsd being that very sum
          vwap = X / (lot.value(cumLots) + (X - cumUsd) / L.p);
          filled = true;
          fillAt_ = i;
        }
        if (i < nTop) {
          out->px[i] = t;
          out->qty[i] = q;
        }
        cumUsd = L.cumUsd;
        cumLots = L.cumLots;
        i++;
        if (i >= need && filled) {
          ended = false;
          goto done;
        }
      }
    } while (cur.nextLeaf());
  }
done:
  cached_ = i;
  out->impactVwap = vwap;
  finish(i, ended, plan, out);
}

/** The outputs of a walk that covered entries [0, n): top count, imb_cum's lots, NS slope. */
void SideHead::finish(uint32_t n, bool ended, const ScanPlan& plan, SideScan* out) {
  lastTick_ = n > 0 ? cache_[n - 1].t : 0;
  ended_ = ended;
  out->nTop = static_cast<uint32_t>(n < plan.nTop ? n : plan.nTop);
  const uint64_t nC = n < plan.nCum ? n : plan.nCum;
  out->topLots = nC == 0 ? 0 : cache_[nC - 1].cumLots;
  // slopeNs: Σ of the terms in order, the first one against the mid.
  const uint64_t nS = n < plan.nSlope ? n : plan.nSlope;
  double sum = 0;
  for (uint64_t j = 0; j < nS; j++) {
    const Level& L = cache_[j];
    sum += j == 0 ? L.v / std::fabs(L.p / plan.mid - 1) : L.term;
  }
  const double r = nS == 0 ? NaN : sum / static_cast<double>(nS);
  out->slope = std::isfinite(r) ? r : NaN;
}

template void SideHead::walk<true>(const TickTrie&, uint32_t, const ScanPlan&, SideScan*);
template void SideHead::walk<false>(const TickTrie&, uint32_t, const ScanPlan&, SideScan*);
template void SideHead::update<true>(const TickTrie&, const ScanPlan&, const LevelChange*, uint32_t, SideScan*);
template void SideHead::update<false>(const TickTrie&, const ScanPlan&, const LevelChange*, uint32_t, SideScan*);

}  // namespace feat
}  // namespace btc
