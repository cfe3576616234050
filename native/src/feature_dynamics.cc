// DynamicsFeatures: see feature_dynamics.h; src/features/dynamics*.ts is the
// specification.
#include "feature_dynamics.h"

#include <cmath>

#include "feature_columns.h"

namespace btc {
namespace feat {

// ---- AsOfHistory ---------------------------------------------------------

AsOfHistory::AsOfHistory() : t_(cap_), m_(cap_), s_(cap_) {
  for (int64_t& p : ptr_) p = -1;
}

void AsOfHistory::push(double tMs, double mid, double spreadBps) {
  if (static_cast<uint64_t>(end_ - start_) == cap_) grow();
  const uint64_t i = static_cast<uint64_t>(end_) & mask_;
  t_[i] = tMs;
  m_[i] = mid;
  s_[i] = spreadBps;
  end_++;
}

int64_t AsOfHistory::seek(uint32_t k, double tMs) {
  const double target = tMs - LAGS_MS[k];
  int64_t p = ptr_[k];
  while (p + 1 < end_ && t_[static_cast<uint64_t>(p + 1) & mask_] <= target) p++;
  ptr_[k] = p;
  return p;
}

void AsOfHistory::trim() {
  int64_t lo = ptr_[0];
  for (int64_t p : ptr_) lo = p < lo ? p : lo;
  if (lo > start_) start_ = lo;
}

void AsOfHistory::grow() {
  const uint64_t cap = cap_ * 2;
  std::vector<double> t(cap), m(cap), s(cap);
  for (int64_t a = start_; a < end_; a++) {
    const uint64_t o = static_cast<uint64_t>(a) & mask_, n = static_cast<uint64_t>(a) & (cap - 1);
    t[n] = t_[o];
    m[n] = m_[o];
    s[n] = s_[o];
  }
  cap_ = cap;
  mask_ = cap - 1;
  t_.swap(t);
  m_.swap(m);
  s_.swap(s);
}

// ---- RvGrid --------------------------------------------------------------

void RvGrid::advance(double tMs, double mid) {
  const double step = RV_GRID_MS;
  double kEnd = std::ceil(tMs / step);  // first k with k·step >= tMs, fixed up against rounding
  while ((kEnd - 1) * step >= tMs) kEnd--;
  while (kEnd * step < tMs) kEnd++;
  if (std::isnan(next_)) {
    next_ = kEnd;
    return;
  }
  double count = kEnd - next_;
  if (count <= 0) return;
  next_ = kEnd;
  if (count > RV_CAP) {
    // Only the last RV_CAP returns can stay in the ring; the skipped ones are counted.
    n_ += static_cast<int64_t>(count - RV_CAP);
    prevMid_ = mid;
    count = RV_CAP;
  }
  for (int64_t i = 0; i < static_cast<int64_t>(count); i++) push(mid);
  dirty_ = true;
}

void RvGrid::push(double mid) {
  const uint64_t slot = static_cast<uint64_t>(n_) % RV_CAP;
  if (n_ > 0 && !std::isnan(mid) && !std::isnan(prevMid_)) {
    const double r = 1e4 * std::log(mid / prevMid_);
    sq_[slot] = r * r;
    bad_[slot] = 0;
  } else {
    sq_[slot] = 0;
    bad_[slot] = 1;
  }
  prevMid_ = mid;
  n_++;
}

double RvGrid::value(uint32_t k) {
  if (dirty_) {
    for (uint32_t w = 0; w < 2; w++) cache_[w] = compute(RV_WINDOWS[w]);
    dirty_ = false;
  }
  return cache_[k];
}

void RvGrid::sumRange(int64_t from, int64_t to, double* sum, uint32_t* bad) const {
  double s = 0;
  uint32_t b = 0;
  for (int64_t j = from; j < to; j++) {
    const uint64_t slot = static_cast<uint64_t>(j) % RV_CAP;
    s += sq_[slot];
    b += bad_[slot];
  }
  *sum = s;
  *bad = b;
}

/**
 * rv over the last w returns. The reference adds the squares oldest → newest;
 * they are all >= 0, so any grouping is within w·2^-53 relative of it (7e-14 for
 * 600). Invalid flags are counted exactly.
 */
double RvGrid::compute(uint32_t w) {
  if (n_ < static_cast<int64_t>(w)) return NaN;
  const int64_t lo = n_ - w, hi = n_;
  const int64_t firstFull = (lo + RV_BLOCK - 1) / RV_BLOCK, endFull = hi / RV_BLOCK;  // complete blocks inside
  double sum = 0, part = 0;
  uint32_t bad = 0, partBad = 0;
  if (firstFull >= endFull) {
    sumRange(lo, hi, &sum, &bad);
  } else {
    sumRange(lo, firstFull * RV_BLOCK, &sum, &bad);
    for (int64_t id = firstFull; id < endFull; id++) {
      const uint32_t e = static_cast<uint32_t>(id % RV_BLOCKS);
      if (blockId_[e] != id) {
        sumRange(id * RV_BLOCK, (id + 1) * RV_BLOCK, &blockSum_[e], &blockBad_[e]);
        blockId_[e] = id;
      }
      sum += blockSum_[e];
      bad += blockBad_[e];
    }
    sumRange(endFull * RV_BLOCK, hi, &part, &partBad);
    sum += part;
    bad += partBad;
  }
  return bad > 0 ? NaN : std::sqrt(jsMax(0, sum));
}

// ---- LevelNetting --------------------------------------------------------

LevelNetting::LevelNetting() { rehash(6); }

void LevelNetting::clear() {
  for (uint32_t h : used_) slot_[h] = -1;
  used_.clear();
  changes_.clear();
}

void LevelNetting::record(bool isBid, uint32_t px, double oldLots, double newLots) {
  const uint64_t key = (uint64_t{px} << 1) | (isBid ? 1u : 0u);
  const uint32_t mask = (1u << bits_) - 1;
  uint32_t h = static_cast<uint32_t>((key * 0x9E3779B97F4A7C15ull) >> (64 - bits_));
  while (slot_[h] >= 0) {
    Change& c = changes_[static_cast<uint32_t>(slot_[h])];
    if (c.px == px && c.isBid == isBid) {
      c.now = newLots;
      return;
    }
    h = (h + 1) & mask;
  }
  slot_[h] = static_cast<int32_t>(changes_.size());
  used_.push_back(h);
  changes_.push_back({px, isBid, oldLots, newLots});
  if (2 * changes_.size() > slot_.size()) rehash(bits_ + 1);
}

void LevelNetting::rehash(uint32_t bits) {
  bits_ = bits;
  slot_.assign(size_t{1} << bits, -1);
  used_.clear();
  const uint32_t mask = (1u << bits_) - 1;
  for (uint32_t i = 0; i < changes_.size(); i++) {
    const Change& c = changes_[i];
    const uint64_t key = (uint64_t{c.px} << 1) | (c.isBid ? 1u : 0u);
    uint32_t h = static_cast<uint32_t>((key * 0x9E3779B97F4A7C15ull) >> (64 - bits_));
    while (slot_[h] >= 0) h = (h + 1) & mask;
    slot_[h] = static_cast<int32_t>(i);
    used_.push_back(h);
  }
}

// ---- DynamicsFeatures ----------------------------------------------------

DynamicsFeatures::DynamicsFeatures(const FeatureParams& p) : tick_(p.tick), lot_(p.lot) {}

void DynamicsFeatures::onGap(double t) {
  grid_.advance(t, lastMid_);
  lastMid_ = NaN;
}

void DynamicsFeatures::onTrade(double t, bool buy, double qtyLots) {
  grid_.advance(t, lastMid_);
  if (buy) tradedAsk_ += qtyLots; else tradedBid_ += qtyLots;
}

void DynamicsFeatures::beforeBook(double t, bool valid, double mid) {
  grid_.advance(t, lastMid_);
  preValid_ = valid;
  preMid_ = mid;
  netting_.clear();
}

uint32_t DynamicsFeatures::afterBook(double t, bool valid, double mid, double spreadTicks, double* f) {
  updateRates(t);
  lastMid_ = valid ? mid : NaN;
  double spreadBps = NaN;
  if (valid) {
    spreadBps = 1e4 * tick_.value(spreadTicks) / mid;
    hist_.push(t, mid, spreadBps);
  }
  for (uint32_t k = 0; k < 4; k++) {
    const int64_t i = valid ? hist_.seek(k, t) : -1;
    f[col::RET_FIRST + k] = i >= 0 ? 1e4 * std::log(mid / hist_.mid(i)) : NaN;
  }
  const int64_t j = valid ? hist_.seek(4, t) : -1;
  f[col::SPREAD_CHG] = j >= 0 ? spreadBps - hist_.spreadBps(j) : NaN;
  hist_.trim();
  for (uint32_t k = 0; k < 2; k++) f[col::RV_FIRST + k] = valid ? grid_.value(k) : NaN;
  f[col::UPD_RATE] = upd_;
  f[col::ADD_BID] = addBid_;
  f[col::ADD_ASK] = addAsk_;
  f[col::CXL_BID] = cxlBid_;
  f[col::CXL_ASK] = cxlAsk_;
  return 0;
}

void DynamicsFeatures::updateRates(double t) {
  double addB = 0, addA = 0, remB = 0, remA = 0;  // lots
  if (preValid_) {
    const double m = preMid_;
    for (const LevelNetting::Change& c : netting_.changes()) {
      const double p = tick_.value(c.px);
      if (!((c.isBid ? distanceBidBps(m, p) : distanceAskBps(m, p)) <= RATE_BAND_BPS)) continue;
      const double d = c.now - c.old;
      if (c.isBid) {
        if (d > 0) addB += d; else remB -= d;
      } else if (d > 0) {
        addA += d;
      } else {
        remA -= d;
      }
    }
  }
  const double cxlB = jsMax(0, remB - tradedBid_);
  const double cxlA = jsMax(0, remA - tradedAsk_);
  tradedBid_ = 0;
  tradedAsk_ = 0;
  netting_.clear();
  const double a = std::isnan(lastMsgMs_) ? 0 : std::exp(-jsMax(0, t - lastMsgMs_) / RATE_TAU_MS);
  lastMsgMs_ = t;
  const double tauS = RATE_TAU_MS / 1000;
  upd_ = a * upd_ + 1 / tauS;
  addBid_ = a * addBid_ + lot_.value(addB) / tauS;
  addAsk_ = a * addAsk_ + lot_.value(addA) / tauS;
  cxlBid_ = a * cxlBid_ + lot_.value(cxlB) / tauS;
  cxlAsk_ = a * cxlAsk_ + lot_.value(cxlA) / tauS;
}

}  // namespace feat
}  // namespace btc
