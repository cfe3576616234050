// TradeFeatures: see feature_trades.h; src/features/trades*.ts is the specification.
#include "feature_trades.h"

#include <cmath>

#include "feature_columns.h"
#include "feature_ols.h"

namespace btc {
namespace feat {

// ---- Vpin ----------------------------------------------------------------

void Vpin::add(bool buy, double lots) {
  const double vb = bucketLots_;
  const double take = jsMin(lots, vb - curBuy_ - curSell_);
  if (buy) curBuy_ += take; else curSell_ += take;
  double q = lots - take;
  if (curBuy_ + curSell_ == vb) close();
  if (q == 0) return;
  // The rest starts on an empty bucket: whole buckets of one side (|B − S| = V_b),
  // only the last VPIN_BUCKETS of which can matter, then the remainder.
  const double whole = std::floor(q / vb);
  for (double k = whole < VPIN_BUCKETS ? whole : VPIN_BUCKETS; k > 0; k--) push(vb);
  q -= whole * vb;
  if (buy) curBuy_ = q; else curSell_ = q;
}

void Vpin::close() {
  push(std::fabs(curBuy_ - curSell_));
  curBuy_ = 0;
  curSell_ = 0;
}

void Vpin::push(double imb) {
  sum_ += imb - imb_[next_];
  imb_[next_] = imb;
  next_ = next_ + 1 == VPIN_BUCKETS ? 0 : next_ + 1;
  if (filled_ < VPIN_BUCKETS) filled_++;
}

// ---- TradeWindow / TradeTape ---------------------------------------------

double TradeWindow::vwapTicks() {
  if (dirty) {
    const double v = buyLots + sellLots;
    vwapTicksCache = v > 0 ? pv.toDouble() / v : NaN;
    dirty = false;
  }
  return vwapTicksCache;
}

TradeTape::TradeTape() : t_(cap_), lots_(cap_), buy_(cap_), pv_(cap_) {
  for (uint32_t i = 0; i < 3; i++) {
    w_[i].windowMs = TRADE_WINDOWS_MS[i];
    w_[i].withPv = i > 0;  // the 1 s window only feeds trade_imb_1s
  }
}

bool TradeTape::push(double tMs, bool buy, double pxTicks, double qtyLots, Vpin& vpin) {
  if (end_ - start_ == cap_) {
    if (cap_ >= MAX_TAPE) {
      // Memory guard: move the window clock to the newest trade, which adds
      // everything pending and evicts what left the windows.
      advance(t_[(end_ - 1) & (cap_ - 1)], vpin);
      if (end_ - start_ == cap_) return false;
    } else {
      grow();
    }
  }
  const uint64_t i = end_ & (cap_ - 1);
  t_[i] = tMs;
  lots_[i] = qtyLots;
  buy_[i] = buy ? 1 : 0;
  pv_[i] = exactProduct(pxTicks, qtyLots);
  end_++;
  return true;
}

void TradeTape::advance(double tMs, Vpin& vpin) {
  if (tMs > clock_) clock_ = tMs;
  const double T = clock_;
  const uint64_t mask = cap_ - 1;
  while (added_ < end_) {
    const uint64_t i = added_ & mask;
    if (t_[i] > T) break;
    const bool b = buy_[i] == 1;
    for (TradeWindow& w : w_) w.add(b, lots_[i], pv_[i]);
    vpin.add(b, lots_[i]);
    added_++;
  }
  uint64_t oldest = added_;
  for (TradeWindow& w : w_) {
    while (w.head < added_) {
      const uint64_t i = w.head & mask;
      if (T - t_[i] < w.windowMs) break;  // exact: the two ms doubles are close (Sterbenz)
      w.remove(buy_[i] == 1, lots_[i], pv_[i]);
      w.head++;
    }
    if (w.head < oldest) oldest = w.head;
  }
  if (oldest > start_) start_ = oldest;
}

void TradeTape::grow() {
  const uint64_t cap = cap_ * 2, m = cap - 1;
  std::vector<double> t(cap), lots(cap);
  std::vector<uint8_t> buy(cap);
  std::vector<u128> pv(cap);
  for (uint64_t s = start_; s < end_; s++) {
    const uint64_t o = s & (cap_ - 1), n = s & m;
    t[n] = t_[o];
    lots[n] = lots_[o];
    buy[n] = buy_[o];
    pv[n] = pv_[o];
  }
  cap_ = cap;
  t_.swap(t);
  lots_.swap(lots);
  buy_.swap(buy);
  pv_.swap(pv);
}

// ---- KyleLambda ----------------------------------------------------------

void KyleLambda::onEvent(double tMs) {
  if (std::isnan(nextG_)) {
    nextG_ = std::ceil(tMs / KYLE_BAR_MS) * KYLE_BAR_MS;
    return;
  }
  if (!(tMs > nextG_)) return;
  const double k = std::ceil((tMs - nextG_) / KYLE_BAR_MS);  // boundaries nextG, nextG + bar, … below tMs
  closeBar();
  // The other k − 1 bars saw no event: x = 0 and the mid is unchanged at both ends.
  const double empty = k - 1 < KYLE_BARS ? k - 1 : KYLE_BARS;
  for (double i = 0; i < empty; i++) store(0, mid_, mid_);
  nextG_ += k * KYLE_BAR_MS;
  fit();
}

void KyleLambda::closeBar() {
  const double x = (flow_.toDouble() * g0_) / g1_ / g2_ / 1e6;
  store(x, startMid_, mid_);
  flow_.clear();
}

void KyleLambda::store(double x, double m0, double m1) {
  const double y = 1e4 * std::log(m1 / m0);
  const bool good = std::isfinite(x) && std::isfinite(y) && m0 > 0 && m1 > 0;
  xs_[next_] = good ? x : 0;
  ys_[next_] = good ? y : 0;
  ok_[next_] = good ? 1 : 0;
  next_ = next_ + 1 == KYLE_BARS ? 0 : next_ + 1;
  startMid_ = m1;
}

void KyleLambda::fit() {
  uint32_t n = 0;
  for (uint32_t i = 0; i < KYLE_BARS; i++) n += ok_[i];
  lambda_ = n < KYLE_MIN_BARS ? NaN : olsSlopeRing(xs_, ys_, KYLE_BARS, 0, KYLE_BARS, ok_);
}

// ---- TradeFeatures -------------------------------------------------------

TradeFeatures::TradeFeatures(const FeatureParams& p)
    : tick_(p.tick), lot_(p.lot), vpin_(p.vpinBucketLots), kyle_(p.tick, p.lot) {}

bool TradeFeatures::onTrade(double tMs, bool buy, double pxTicks, double qtyLots) {
  const bool qtyOk = std::isfinite(qtyLots) && std::trunc(qtyLots) == qtyLots && qtyLots > 0 && qtyLots <= MAX_TRADE_LOTS;
  if (!(isSafeInteger(pxTicks) && pxTicks > 0 && qtyOk && std::isfinite(tMs))) {
    skipped_++;
    return true;
  }
  const double t = tMs > lastTradeMs_ ? tMs : lastTradeMs_;
  lastTradeMs_ = t;
  kyle_.onEvent(t);
  if (!tape_.push(t, buy, pxTicks, qtyLots, vpin_)) return false;
  kyle_.onTrade(buy, exactProduct(pxTicks, qtyLots));
  return true;
}

uint32_t TradeFeatures::afterBook(double t, bool valid, double bookMid, double* f) {
  const double mid = valid && bookMid > 0 ? bookMid : NaN;
  kyle_.setMid(mid);
  tape_.advance(t, vpin_);
  TradeWindow& w1 = tape_.window(0);
  TradeWindow& w10 = tape_.window(1);
  TradeWindow& w60 = tape_.window(2);
  f[col::TRADE_IMB_1S] = w1.imbalance();
  f[col::TRADE_IMB_10S] = w10.imbalance();
  f[col::TRADE_VOL_10S] = lot_.value(w10.buyLots + w10.sellLots);
  f[col::VWAP_DEV_10S] = vwapDevBps(w10, mid);
  f[col::VWAP_DEV_60S] = vwapDevBps(w60, mid);
  f[col::VPIN] = vpin_.value();
  f[col::KYLE] = kyle_.value();
  return 0;
}

/** 1e4·(VWAP/m − 1), VWAP = gridValue(Number(Σp·v)/Σv, tick); NaN without trades or mid. */
double TradeFeatures::vwapDevBps(TradeWindow& w, double mid) {
  const double vt = w.vwapTicks();
  if (std::isnan(vt) || std::isnan(mid)) return NaN;
  return 1e4 * (tick_.value(vt) / mid - 1);
}

}  // namespace feat
}  // namespace btc
