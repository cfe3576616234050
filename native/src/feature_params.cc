// decodeFeatureParams: see feature_params.h. The checks mirror the TS ones
// (makeStaticParams, checkIofiWeights, checkMicropriceTable, vpinBucketLots,
// units.ts pow10) so a block packed by packFeatureParams always decodes.
#include "feature_params.h"

#include <cmath>

namespace btc {
namespace feat {

namespace {

bool positiveFinite(double v) { return std::isfinite(v) && v > 0; }
bool intIn(double v, double lo, double hi) { return std::isfinite(v) && std::trunc(v) == v && v >= lo && v <= hi; }

/** Exact powers of ten 10^0 … 10^22 (units.ts POW10). */
double pow10(int d) {
  double p = 1;
  for (int i = 0; i < d; i++) p *= 10;
  return p;
}

const char* decodeGrid(const double* b, uint32_t unitsSlot, uint32_t decimalsSlot, Grid* g, const char* unitsWhy,
                       const char* decimalsWhy) {
  if (!intIn(b[unitsSlot], 1, MAX_SAFE_INTEGER)) return unitsWhy;
  if (!intIn(b[decimalsSlot], 0, 22)) return decimalsWhy;
  g->units = b[unitsSlot];
  g->pow10 = pow10(static_cast<int>(b[decimalsSlot]));
  return nullptr;
}

}  // namespace

const char* decodeFeatureParams(const double* b, FeatureParams* p) {
  if (const char* e = decodeGrid(b, FP_TICK_UNITS, FP_TICK_DECIMALS, &p->tick,
                                 "FP_TICK_UNITS must be a positive integer", "FP_TICK_DECIMALS must be an integer in [0, 22]"))
    return e;
  if (const char* e = decodeGrid(b, FP_LOT_UNITS, FP_LOT_DECIMALS, &p->lot,
                                 "FP_LOT_UNITS must be a positive integer", "FP_LOT_DECIMALS must be an integer in [0, 22]"))
    return e;
  if (b[FP_EXTENDED] != 0 && b[FP_EXTENDED] != 1) return "FP_EXTENDED must be 0 or 1";
  p->extended = b[FP_EXTENDED] == 1;

  struct Pos { uint32_t slot; double* dst; const char* why; };
  const Pos pos[] = {
      {FP_VAMP_BAND_BPS, &p->vampBandBps, "FP_VAMP_BAND_BPS must be a finite number > 0"},
      {FP_NEAR_BAND_BPS, &p->nearBandBps, "FP_NEAR_BAND_BPS must be a finite number > 0"},
      {FP_FAR_BAND_BPS, &p->farBandBps, "FP_FAR_BAND_BPS must be a finite number > 0"},
      {FP_PRESSURE_BAND_BPS, &p->pressureBandBps, "FP_PRESSURE_BAND_BPS must be a finite number > 0"},
      {FP_PRESSURE_KAPPA_BPS, &p->pressureKappaBps, "FP_PRESSURE_KAPPA_BPS must be a finite number > 0"},
      {FP_SHAPE_NEAR_BPS, &p->shapeNearBps, "FP_SHAPE_NEAR_BPS must be a finite number > 0"},
      {FP_SHAPE_FAR_BPS, &p->shapeFarBps, "FP_SHAPE_FAR_BPS must be a finite number > 0"},
      {FP_IMPACT_NOTIONAL_USD, &p->impactNotionalUsd, "FP_IMPACT_NOTIONAL_USD must be a finite number > 0"},
  };
  for (const Pos& q : pos) {
    if (!positiveFinite(b[q.slot])) return q.why;
    *q.dst = b[q.slot];
  }
  if (!(p->shapeFarBps > p->shapeNearBps)) return "FP_SHAPE_FAR_BPS must exceed FP_SHAPE_NEAR_BPS";
  if (!intIn(b[FP_IMB_CUM_LEVELS], 1, MAX_SAFE_INTEGER)) return "FP_IMB_CUM_LEVELS must be a positive integer";
  if (!intIn(b[FP_SLOPE_LEVELS], 1, MAX_SAFE_INTEGER)) return "FP_SLOPE_LEVELS must be a positive integer";
  p->imbCumLevels = b[FP_IMB_CUM_LEVELS];
  p->slopeLevels = b[FP_SLOPE_LEVELS];
  if (!intIn(b[FP_VPIN_BUCKET_LOTS], 1, MAX_SAFE_INTEGER)) return "FP_VPIN_BUCKET_LOTS must be a positive safe integer";
  p->vpinBucketLots = b[FP_VPIN_BUCKET_LOTS];

  if (!intIn(b[FP_IOFI_LEVELS], 1, IOFI_MAX_LEVELS)) return "FP_IOFI_LEVELS must be an integer in [1, 32]";
  p->iofiLevels = static_cast<uint32_t>(b[FP_IOFI_LEVELS]);
  for (uint32_t i = 0; i < IOFI_MAX_LEVELS; i++) {
    const double w = i < p->iofiLevels ? b[FP_IOFI_WEIGHTS + i] : 0;
    if (!std::isfinite(w)) return "FP_IOFI_WEIGHTS must be finite";
    p->iofiWeights[i] = w;
  }

  if (!intIn(b[FP_MP_N_EDGES], 0, MP_MAX_EDGES)) return "FP_MP_N_EDGES must be an integer in [0, 63]";
  if (!intIn(b[FP_MP_N_STATES], 1, MP_MAX_STATES)) return "FP_MP_N_STATES must be an integer in [1, 16]";
  p->mpEdges = static_cast<uint32_t>(b[FP_MP_N_EDGES]);
  p->mpStates = static_cast<uint32_t>(b[FP_MP_N_STATES]);
  for (uint32_t i = 0; i < p->mpEdges; i++) {
    const double e = b[FP_MP_EDGES + i];
    if (!(e > 0 && e < 1)) return "FP_MP_EDGES must be in (0, 1)";
    if (i > 0 && !(e > p->mpEdge[i - 1])) return "FP_MP_EDGES must be strictly increasing";
    p->mpEdge[i] = e;
  }
  for (uint32_t i = 0; i < p->mpStates; i++) {
    const double s = b[FP_MP_STATES + i];
    if (!intIn(s, 1, MAX_SAFE_INTEGER)) return "FP_MP_STATES must be positive integers";
    if (i > 0 && !(s > p->mpState[i - 1])) return "FP_MP_STATES must be strictly increasing";
    p->mpState[i] = s;
    for (uint32_t j = 0; j <= p->mpEdges; j++) {
      const double g = b[FP_MP_ADJ + i * (MP_MAX_EDGES + 1) + j];
      if (!std::isfinite(g)) return "FP_MP_ADJ must be finite";
      p->mpAdj[i][j] = g;
    }
  }
  return nullptr;
}

}  // namespace feat
}  // namespace btc
