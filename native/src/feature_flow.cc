// FlowFeatures: see feature_flow.h; src/features/flow*.ts is the specification.
#include "feature_flow.h"

#include <cmath>

#include "feature_columns.h"
#include "feature_ols.h"

namespace btc {
namespace feat {

void EmaLast::update(double t, double x) {
  if (std::isnan(value)) {
    value = x;
  } else {
    const double a = std::exp(-jsMax(0, t - tPrev) / TAU_AD_MS);
    value = a * value + (1 - a) * prev;
  }
  prev = x;
  tPrev = t;
}

// ---- OfiWindows (flow-window.ts) ----------------------------------------

OfiWindows::OfiWindows(uint32_t levels) : levels_(levels), times_(cap_), vals_(cap_ * levels) {}

void OfiWindows::push(double t, const double* e) {
  const uint64_t oldest = heads_[0] < heads_[1] ? heads_[0] : heads_[1];
  if (tail_ - oldest == cap_) grow();
  const uint64_t slot = tail_ & (cap_ - 1);
  times_[slot] = t;
  for (uint32_t m = 0; m < levels_; m++) vals_[slot * levels_ + m] = e[m];
  for (uint32_t w = 0; w < WINDOWS; w++) {
    for (uint32_t m = 0; m < levels_; m++) sums_[w * levels_ + m] += e[m];
  }
  tail_++;
}

void OfiWindows::evict(double now) {
  const double windowMs[WINDOWS] = {FLOW_WINDOW_MS, IOFI_LONG_WINDOW_MS};
  const uint64_t mask = cap_ - 1;
  for (uint32_t w = 0; w < WINDOWS; w++) {
    const double limit = now - windowMs[w];
    uint64_t h = heads_[w];
    while (h < tail_ && times_[h & mask] <= limit) {
      const uint64_t o = (h & mask) * levels_;
      for (uint32_t m = 0; m < levels_; m++) sums_[w * levels_ + m] -= vals_[o + m];
      h++;
    }
    heads_[w] = h;
  }
}

void OfiWindows::grow() {
  const uint64_t cap2 = cap_ * 2;
  std::vector<double> times(cap2), vals(cap2 * levels_);
  const uint64_t oldest = heads_[0] < heads_[1] ? heads_[0] : heads_[1];
  for (uint64_t s = oldest; s < tail_; s++) {
    const uint64_t a = s & (cap_ - 1), b = s & (cap2 - 1);
    times[b] = times_[a];
    for (uint32_t m = 0; m < levels_; m++) vals[b * levels_ + m] = vals_[a * levels_ + m];
  }
  cap_ = cap2;
  times_.swap(times);
  vals_.swap(vals);
}

// ---- OfiLambda (flow-lambda.ts) ------------------------------------------

void OfiLambda::advance(double t, double mid, double ad1) {
  const double B = LAMBDA_BAR_MS;
  if (std::isnan(barEnd_)) {
    barEnd_ = std::ceil(t / B) * B;
    return;
  }
  if (!(barEnd_ < t)) return;
  close(mid, ad1);
  // Later bars all see the same state (x = 0, y = 0, or all skipped); only those
  // that can still be in the window when the last one closes are processed.
  const double last = (std::ceil(t / B) - 1) * B;
  const double firstKept = last - (LAMBDA_BARS - 1) * B;
  if (barEnd_ < firstKept) barEnd_ = firstKept;
  while (barEnd_ < t) close(mid, ad1);
}

void OfiLambda::close(double mEnd, double ad1) {
  const double kNow = std::floor(barEnd_ / LAMBDA_BAR_MS + 0.5);  // Math.round of an exact multiple
  if (std::isfinite(mStart_) && std::isfinite(mEnd) && ad1 > 0 && std::isfinite(ad1)) {
    const uint32_t i = (head_ + count_) % LAMBDA_BARS;
    if (count_ == LAMBDA_BARS) {
      head_ = (head_ + 1) % LAMBDA_BARS;
      count_--;
    }
    k_[i] = kNow;
    x_[i] = barOfi_ / ad1;
    y_[i] = 1e4 * std::log(mEnd / mStart_);
    count_++;
  }
  while (count_ > 0 && k_[head_] <= kNow - LAMBDA_BARS) {
    head_ = (head_ + 1) % LAMBDA_BARS;
    count_--;
  }
  mStart_ = mEnd;
  barOfi_ = 0;
  barEnd_ += LAMBDA_BAR_MS;
  value_ = count_ < LAMBDA_MIN_BARS ? NaN : olsSlopeRing(x_, y_, LAMBDA_BARS, head_, count_);
}

// ---- FlowFeatures (flow.ts) ----------------------------------------------

FlowFeatures::FlowFeatures(const FeatureParams& p)
    : lot_(p.lot),
      levels_(p.iofiLevels > MLOFI_LEVELS ? p.iofiLevels : MLOFI_LEVELS),
      iofiLevels_(p.iofiLevels),
      windows_(levels_) {
  for (uint32_t i = 0; i < IOFI_MAX_LEVELS; i++) iofiWeights_[i] = p.iofiWeights[i];
}

void FlowFeatures::onGap(double t) {
  lambda_.advance(t, lastMid_, ad1_.value);
  lastMid_ = NaN;
  hasPrev_ = false;
}

/** LevelSnapshot.read: the first K levels of each side, price 0 / size 0 past the side's end. */
void FlowFeatures::read(const SideScan& bids, const SideScan& asks, Snapshot* s) const {
  for (uint32_t i = 0; i < levels_; i++) {
    const bool b = i < bids.nTop, a = i < asks.nTop;
    s->bidPx[i] = b ? bids.px[i] : 0;
    s->bidQty[i] = b ? bids.qty[i] : 0;
    s->askPx[i] = a ? asks.px[i] : 0;
    s->askQty[i] = a ? asks.qty[i] : 0;
  }
}

namespace {

/** flow-ofi.ts cksLevel: e^m of one level in lots (non-strict CKS; a missing level gives 0). */
inline double cksLevel(double pbPrev, double qbPrev, double pbCur, double qbCur, double paPrev, double qaPrev,
                       double paCur, double qaCur) {
  double e = 0;
  if (pbPrev > 0 && pbCur > 0) {
    if (pbCur >= pbPrev) e += qbCur;
    if (pbCur <= pbPrev) e -= qbPrev;
  }
  if (paPrev > 0 && paCur > 0) {
    if (paCur <= paPrev) e -= qaCur;
    if (paCur >= paPrev) e += qaPrev;
  }
  return e;
}

/** topLots of a snapshot side: Σ of the first k sizes. */
inline double topLots(const double* q, uint32_t k) {
  double s = 0;
  for (uint32_t i = 0; i < k; i++) s += q[i];
  return s;
}

}  // namespace

uint32_t FlowFeatures::afterBook(double t, bool valid, double mid, bool resync, const SideScan& bids,
                                 const SideScan& asks, double* f) {
  lambda_.advance(t, lastMid_, ad1_.value);
  windows_.evict(t);
  if (!valid) {
    hasPrev_ = false;
    lastMid_ = NaN;
    f[col::OFI] = f[col::OFI_NORM] = NaN;
    for (uint32_t m = 0; m < 4; m++) f[col::MLOFI_2 + m] = NaN;
    f[col::IOFI_SHORT] = f[col::IOFI_LONG] = f[col::OFI_LAMBDA] = NaN;
    return 0;
  }
  const Snapshot& prev = snaps_[prev_];
  Snapshot& cur = snaps_[prev_ ^ 1];
  read(bids, asks, &cur);
  uint32_t flags = 0;
  if (hasPrev_ && !resync) {
    bool any = false;
    for (uint32_t i = 0; i < levels_; i++) {
      e_[i] = cksLevel(prev.bidPx[i], prev.bidQty[i], cur.bidPx[i], cur.bidQty[i], prev.askPx[i], prev.askQty[i],
                       cur.askPx[i], cur.askQty[i]);
      if (e_[i] != 0) any = true;
    }
    if (any) windows_.push(t, e_);
    lambda_.addFlow(e_[0]);
  } else {
    flags = FLAG_OFI_RESET;
  }
  prev_ ^= 1;
  hasPrev_ = true;
  lastMid_ = mid;

  const Snapshot& now = snaps_[prev_];
  const uint32_t M = iofiLevels_;
  ad1_.update(t, (topLots(now.bidQty, 1) + topLots(now.askQty, 1)) / 2);
  adM_.update(t, (topLots(now.bidQty, M) + topLots(now.askQty, M)) / (2 * M));

  const OfiWindows& w = windows_;
  f[col::OFI] = lot_.value(w.sum(0, 0));
  f[col::OFI_NORM] = ad1_.value > 0 ? w.sum(0, 0) / ad1_.value : NaN;
  for (uint32_t m = 2; m <= 5; m++) f[col::MLOFI_2 + m - 2] = lot_.value(w.sum(0, m - 1));
  f[col::IOFI_SHORT] = integrated(0);
  f[col::IOFI_LONG] = integrated(1);
  f[col::OFI_LAMBDA] = lambda_.value();
  return flags;
}

/** (Σ_m w_m·OFI^m_W)/ĀD_M over window `win`, from lot sums. */
double FlowFeatures::integrated(uint32_t win) const {
  const double ad = adM_.value;
  if (!(ad > 0)) return NaN;
  double s = 0;
  for (uint32_t m = 0; m < iofiLevels_; m++) s += iofiWeights_[m] * windows_.sum(win, m);
  return s / ad;
}

}  // namespace feat
}  // namespace btc
