// StaticFeatures: see feature_static.h for the design; src/features/static.ts,
// depth.ts, shape.ts, microprice.ts and extended.ts are the specification, and
// every expression that must give the reference's exact double is written in
// the reference's order of operations.
#include "feature_static.h"

#include <cmath>
#include <cstdint>

#include "feature_columns.h"

namespace btc {
namespace feat {

namespace {

/** Fast pressure only while every weight stays far from underflow (e^-100)… */
constexpr double FAST_PRESSURE_MAX_EXPONENT = 100;
/** …and every level in the band is within a factor 2 of the touch's price. */
constexpr double FAST_PRESSURE_MAX_BAND_BPS = 1000;
/** Above this a weighted sum could round to Infinity differently; use the exact walk. */
constexpr double PRESSURE_SUM_LIMIT = 1e300;

/**
 * Smallest t in [lo, hi] where the monotone pred (false … false true … true)
 * holds, or hi + 1 when it holds nowhere. Gallops from `guess`, then bisects.
 */
template <class Pred>
int64_t firstTrue(int64_t lo, int64_t hi, double guess, Pred pred) {
  if (lo > hi) return hi + 1;
  int64_t g = !(guess >= static_cast<double>(lo)) ? lo : !(guess <= static_cast<double>(hi)) ? hi : static_cast<int64_t>(guess);
  int64_t a, b;  // pred(a) false (or a = lo − 1), pred(b) true (or b = hi + 1)
  if (pred(g)) {
    b = g;
    int64_t step = 1;
    for (;;) {
      const int64_t c = b - step;
      if (c < lo) { a = lo - 1; break; }
      if (!pred(c)) { a = c; break; }
      b = c;
      step *= 2;
    }
  } else {
    a = g;
    int64_t step = 1;
    for (;;) {
      const int64_t c = a + step;
      if (c > hi) { b = hi + 1; break; }
      if (pred(c)) { b = c; break; }
      a = c;
      step *= 2;
    }
  }
  while (b - a > 1) {
    const int64_t mid = a + (b - a) / 2;
    if (pred(mid)) b = mid; else a = mid;
  }
  return b;
}

}  // namespace

StaticFeatures::StaticFeatures(const FeatureParams& p, uint32_t topLevels) : p_(p) {
  topWanted_ = topLevels < 1 ? 1 : topLevels > TOP_LEVELS ? TOP_LEVELS : topLevels;
  if (p_.extended && topWanted_ < col::LADDER_LEVELS) topWanted_ = col::LADDER_LEVELS;
  // Weights far from underflow, and levels within a factor 2 of the touch price
  // (the rounding factor's exact price difference): otherwise the exact walk.
  fastPressure_ = p_.pressureBandBps / p_.pressureKappaBps <= FAST_PRESSURE_MAX_EXPONENT &&
                  p_.pressureBandBps <= FAST_PRESSURE_MAX_BAND_BPS;
  logShapeRatio_ = std::log(p_.shapeFarBps / p_.shapeNearBps);
  // Every band width the row needs, once each, ascending.
  const double core[] = {p_.vampBandBps, p_.nearBandBps, p_.farBandBps, p_.pressureBandBps, p_.shapeNearBps, p_.shapeFarBps};
  for (double beta : core) addBand(beta);
  if (p_.extended) {
    for (double beta : col::EXTRA_BANDS_BPS) addBand(beta);
    for (double beta : col::EXTRA_VAMP_BANDS_BPS) addBand(beta);
  }
  iVamp_ = bandIndex(p_.vampBandBps);
  iNear_ = bandIndex(p_.nearBandBps);
  iFar_ = bandIndex(p_.farBandBps);
  iPress_ = bandIndex(p_.pressureBandBps);
  iShapeNear_ = bandIndex(p_.shapeNearBps);
  iShapeFar_ = bandIndex(p_.shapeFarBps);
  for (uint32_t i = 0; i < col::N_EXTRA_BANDS; i++) iExtra_[i] = bandIndex(col::EXTRA_BANDS_BPS[i]);
  for (uint32_t i = 0; i < col::N_EXTRA_VAMP; i++) iExtraVamp_[i] = bandIndex(col::EXTRA_VAMP_BANDS_BPS[i]);
  plan_.tick = p_.tick;
  plan_.lot = p_.lot;
  plan_.nBands = nBands_;
  plan_.pressureBand = iPress_;
  plan_.kappa = p_.pressureKappaBps;
  plan_.steps = fastPressure_ ? &steps_ : nullptr;
  plan_.nTop = topWanted_;
  plan_.nCum = static_cast<uint64_t>(p_.imbCumLevels);
  plan_.nSlope = static_cast<uint64_t>(p_.slopeLevels);  // also when locked: the head cache stays complete
  plan_.impactUsd = p_.impactNotionalUsd;
}

bool StaticFeatures::beginMessage(uint32_t bb, uint32_t ba) {
  changes_.clear();
  recording_ = ready_ && bb != 0 && bb == cacheBb_ && ba == cacheBa_;
  return recording_;
}

void StaticFeatures::onLevel(bool isBid, uint32_t px, double oldLots, double newLots) {
  if (!recording_) return;
  if (changes_.size() >= MAX_CHANGES) {
    recording_ = false;
    return;
  }
  changes_.push_back({px, isBid, oldLots, newLots});
}

/** Inserts band width β into the ascending list unless it is there. */
void StaticFeatures::addBand(double beta) {
  uint32_t i = 0;
  while (i < nBands_ && beta_[i] < beta) i++;
  if (i < nBands_ && beta_[i] == beta) return;
  for (uint32_t j = nBands_; j > i; j--) beta_[j] = beta_[j - 1];
  beta_[i] = beta;
  nBands_++;
}

/** Position of β in the list (0 when absent: only the extended bands of a core-only kernel). */
uint32_t StaticFeatures::bandIndex(double beta) const {
  for (uint32_t i = 0; i < nBands_; i++)
    if (beta_[i] == beta) return i;
  return 0;
}

void StaticFeatures::prepare(uint32_t bb, uint32_t ba, double m) {
  if (bb == cacheBb_ && ba == cacheBa_) return;
  cacheBb_ = bb;
  cacheBa_ = ba;
  const Grid tick = p_.tick;
  const double step = tick.step();
  for (uint32_t b = 0; b < nBands_; b++) {
    const double beta = beta_[b];
    // Bids: in band iff 1e4·(m − p)/m <= β, true from some tick up to the touch.
    edgeBid_[b] = firstTrue(1, bb, std::ceil(m * (1 - beta * 1e-4) / step),
                            [&](int64_t t) { return distanceBidBps(m, tick.value(static_cast<double>(t))) <= beta; });
    // Asks: in band iff 1e4·(p − m)/m <= β, true from the touch up to some tick;
    // searched over s = −t so that the predicate runs false → true.
    edgeAsk_[b] = -firstTrue(-static_cast<int64_t>(MAX_PX_TICKS), -static_cast<int64_t>(ba),
                             -std::floor(m * (1 + beta * 1e-4) / step),
                             [&](int64_t s) { return distanceAskBps(m, tick.value(static_cast<double>(-s))) <= beta; });
  }
  // The weight ratio of two levels k ticks apart: e^{−k·c}, c = 1e4·δ/(m·κ).
  steps_.reset(1e4 * step / (m * p_.pressureKappaBps));
}

/** depth.ts bandPressureLots, operation for operation. */
template <bool BID>
double StaticFeatures::exactPressure(const TickTrie& side, uint32_t best, double m) const {
  using Cursor = TickTrie::Cursor<BID>;
  const Grid tick = p_.tick;
  const double beta = p_.pressureBandBps, kappa = p_.pressureKappaBps;
  double w = 0;
  Cursor cur(side, best);
  do {
    uint32_t bits = cur.bits();
    const double* qv = cur.qty();
    const uint32_t base = cur.base();
    while (bits != 0) {
      const uint32_t o = Cursor::offset(static_cast<uint32_t>(__builtin_ctz(bits)));
      bits &= bits - 1;
      const double p = tick.value(static_cast<double>(base | o));
      const double d = BID ? distanceBidBps(m, p) : distanceAskBps(m, p);
      if (!(d <= beta)) return w;
      w += std::exp(-d / kappa) * qv[o];
    }
  } while (cur.nextLeaf());
  return w;
}

/** depth.ts vampPx from the band sums: P̄ = Σp·q / D with Σp·q = (Σticks·q) converted once. */
double StaticFeatures::vamp(uint32_t band) const {
  const double db = bidBands_.lots(band), da = askBands_.lots(band);
  if (db == 0 || da == 0) return NaN;
  const double pb = p_.tick.value(bidBands_.tickLots(band)) / db;
  const double pa = p_.tick.value(askBands_.tickLots(band)) / da;
  return (pb * da + pa * db) / (db + da);
}

/** microprice.ts micropricePx. */
double StaticFeatures::micropricePx(double m, double spreadTicks, double imb1) const {
  if (spreadTicks <= 0) return m;
  const double rho = (1 + imb1) / 2;
  uint32_t state = 0;
  for (uint32_t i = 1; i < p_.mpStates; i++) {
    if (std::fabs(p_.mpState[i] - spreadTicks) < std::fabs(p_.mpState[state] - spreadTicks)) state = i;
  }
  uint32_t bucket = 0;
  while (bucket < p_.mpEdges && p_.mpEdge[bucket] <= rho) bucket++;
  return m + p_.mpAdj[state][bucket] * p_.tick.step();
}

uint32_t StaticFeatures::compute(const TickTrie& bids, const TickTrie& asks, uint32_t bb, uint32_t ba, double* f) {
  const Grid tick = p_.tick, lot = p_.lot;
  const bool locked = bb == ba;
  uint32_t flags = locked ? FLAG_LOCKED : 0;
  const double pb = tick.value(bb);
  const double pa = tick.value(ba);
  const double m = (pb + pa) / 2;
  const double spreadTicks = static_cast<double>(ba) - static_cast<double>(bb);
  const double s = tick.value(spreadTicks);
  // The last row's sums carry over when its touch, hence mid and band edges, did not move.
  const bool carry = recording_ && ready_ && bb == cacheBb_ && ba == cacheBa_;
  recording_ = false;
  prepare(bb, ba, m);
  ScanPlan& plan = plan_;
  plan.mid = m;
  const LevelChange* ch = changes_.data();
  const uint32_t nch = static_cast<uint32_t>(changes_.size());
  plan.edgeTicks = edgeBid_;
  if (!carry || !bidBands_.apply<true>(ch, nch, plan)) bidBands_.rebuild<true>(bids, bb, plan);
  if (carry) bidHead_.update<true>(bids, plan, ch, nch, &bid_); else bidHead_.walk<true>(bids, bb, plan, &bid_);
  plan.edgeTicks = edgeAsk_;
  if (!carry || !askBands_.apply<false>(ch, nch, plan)) askBands_.rebuild<false>(asks, ba, plan);
  if (carry) askHead_.update<false>(asks, plan, ch, nch, &ask_); else askHead_.walk<false>(asks, ba, plan, &ask_);
  if (carry) incrementalRows_++;
  ready_ = true;

  const double qb1 = bid_.qty[0], qa1 = ask_.qty[0];
  const double imb1 = imbalance(qb1, qa1);
  f[col::MID] = m;
  f[col::WMID] = (pb * qa1 + pa * qb1) / (qb1 + qa1);
  f[col::MICRO] = micropricePx(m, spreadTicks, imb1);
  f[col::VAMP] = vamp(iVamp_);
  f[col::SPREAD_ABS] = s;
  f[col::SPREAD_BPS] = 1e4 * s / m;

  f[col::BID_QTY_1] = lot.value(qb1);
  f[col::ASK_QTY_1] = lot.value(qa1);
  f[col::IMB_1] = imb1;
  f[col::IMB_CUM] = imbalance(bid_.topLots, ask_.topLots);
  const double dbNear = bidBands_.lots(iNear_), daNear = askBands_.lots(iNear_);
  const double dbFar = bidBands_.lots(iFar_), daFar = askBands_.lots(iFar_);
  f[col::DEPTH_BID_NEAR] = lot.value(dbNear);
  f[col::DEPTH_ASK_NEAR] = lot.value(daNear);
  f[col::DEPTH_BID_FAR] = lot.value(dbFar);
  f[col::DEPTH_ASK_FAR] = lot.value(daFar);
  f[col::IMB_NEAR] = imbalance(dbNear, daNear);
  f[col::IMB_FAR] = imbalance(dbFar, daFar);
  const double wb = bidBands_.pressure(), wa = askBands_.pressure();
  double pressure = imbalance(wb, wa);
  if (!fastPressure_ || !(std::fabs(pressure) >= PRESSURE_EXACT_BELOW) || !(wb <= PRESSURE_SUM_LIMIT) ||
      !(wa <= PRESSURE_SUM_LIMIT)) {
    pressure = imbalance(exactPressure<true>(bids, bb, m), exactPressure<false>(asks, ba, m));
    exactPressureRows_++;
  }
  f[col::PRESSURE] = pressure;

  f[col::SLOPE_BID] = locked ? NaN : bid_.slope;
  f[col::SLOPE_ASK] = locked ? NaN : ask_.slope;
  const double bNear = bidBands_.lots(iShapeNear_), bFar = bidBands_.lots(iShapeFar_);
  const double aNear = askBands_.lots(iShapeNear_), aFar = askBands_.lots(iShapeFar_);
  f[col::SHAPE_BID] = bNear == 0 ? NaN : std::log(bFar / bNear) / logShapeRatio_;
  f[col::SHAPE_ASK] = aNear == 0 ? NaN : std::log(aFar / aNear) / logShapeRatio_;
  const double vwapBuy = ask_.impactVwap, vwapSell = bid_.impactVwap;
  f[col::IMPACT_BUY] = 1e4 * (vwapBuy / m - 1);
  f[col::IMPACT_SELL] = 1e4 * (1 - vwapSell / m);
  if (std::isnan(vwapBuy) || std::isnan(vwapSell)) flags |= FLAG_IMPACT_UNFILLED;
  if (p_.extended) writeExtended(f);
  return flags;
}

/** extended.ts computeExtended from the scans (valid book). */
void StaticFeatures::writeExtended(double* f) const {
  const Grid tick = p_.tick, lot = p_.lot;
  for (uint32_t k = 0; k < col::LADDER_LEVELS; k++) {
    double* o = f + col::LADDER_FIRST + 4 * k;
    const bool a = k < ask_.nTop, b = k < bid_.nTop;
    o[0] = a ? tick.value(ask_.px[k]) : NaN;
    o[1] = a ? lot.value(ask_.qty[k]) : NaN;
    o[2] = b ? tick.value(bid_.px[k]) : NaN;
    o[3] = b ? lot.value(bid_.qty[k]) : NaN;
  }
  for (uint32_t i = 0; i < col::N_EXTRA_BANDS; i++) {
    const double db = bidBands_.lots(iExtra_[i]), da = askBands_.lots(iExtra_[i]);
    f[col::EXTRA_BANDS_FIRST + 3 * i] = lot.value(db);
    f[col::EXTRA_BANDS_FIRST + 3 * i + 1] = lot.value(da);
    f[col::EXTRA_BANDS_FIRST + 3 * i + 2] = imbalance(db, da);
  }
  for (uint32_t i = 0; i < col::N_EXTRA_VAMP; i++) f[col::EXTRA_VAMP_FIRST + i] = vamp(iExtraVamp_[i]);
}

}  // namespace feat
}  // namespace btc
