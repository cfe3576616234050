// The feature kernel's parameters, decoded once from the FP_SLOTS parameter block
// (src/layout/feature-params.ts, packed and checked by src/features/kernel-params.ts)
// and re-checked here so that no value the TS engine would refuse reaches the
// kernel. Window lengths, decays and bar sizes of the stateful features are the
// registry defaults and live next to the code that uses them (feature_flow.h,
// feature_dynamics.h, feature_trades.h).
#pragma once

#include <cstdint>

#include "feature_math.h"
#include "layout.h"

namespace btc {
namespace feat {

struct FeatureParams {
  Grid tick;
  Grid lot;
  bool extended = false;
  // StaticParams (src/features/static.ts), same names and units (bps, levels, USD).
  double vampBandBps = 5;
  double nearBandBps = 5;
  double farBandBps = 25;
  double pressureBandBps = 25;
  double pressureKappaBps = 5;
  double imbCumLevels = 5;
  double slopeLevels = 10;
  double shapeNearBps = 5;
  double shapeFarBps = 25;
  double impactNotionalUsd = 1e6;
  /** VPIN bucket V_b in lots (a positive safe integer). */
  double vpinBucketLots = 2000;
  /** iOFI: M levels (1..IOFI_MAX_LEVELS) and their weights. */
  uint32_t iofiLevels = 10;
  double iofiWeights[IOFI_MAX_LEVELS] = {};
  /** Micro-price table: inner edges of ρ, spread states (ticks), g* [state][bucket] (ticks). */
  uint32_t mpEdges = 0;
  uint32_t mpStates = 0;
  double mpEdge[MP_MAX_EDGES] = {};
  double mpState[MP_MAX_STATES] = {};
  double mpAdj[MP_MAX_STATES][MP_MAX_EDGES + 1] = {};

  /** Row stride in f64: ROW_STRIDE or ROW_STRIDE_EXTENDED. */
  uint32_t rowStride() const { return extended ? ROW_STRIDE_EXTENDED : ROW_STRIDE; }
  /** Feature columns per row. */
  uint32_t columns() const { return extended ? EXTENDED_COLUMNS : CORE_COLUMNS; }
};

/**
 * Decodes `block` (FP_SLOTS f64) into `out`. Returns nullptr on success, or a
 * static message naming the first bad slot ("FP_... must be ...").
 */
const char* decodeFeatureParams(const double* block, FeatureParams* out);

}  // namespace feat
}  // namespace btc
