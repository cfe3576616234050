// Column indices of a feature row (after ROW_FEATURES) and the book_flags bits:
// the order of src/features/registry.ts CORE_FEATURES then EXTENDED_FEATURES,
// and its FLAG_* constants. The registry is the source of truth; the three-way
// differential test (test/features/kernels.diff.test.ts) catches any drift.
#pragma once

#include <cstdint>

#include "layout.h"

namespace btc {
namespace col {

// Price group.
constexpr uint32_t MID = 0, WMID = 1, MICRO = 2, VAMP = 3, SPREAD_ABS = 4, SPREAD_BPS = 5;
// Depth and imbalance.
constexpr uint32_t BID_QTY_1 = 6, ASK_QTY_1 = 7, IMB_1 = 8, IMB_CUM = 9;
constexpr uint32_t DEPTH_BID_NEAR = 10, DEPTH_ASK_NEAR = 11, DEPTH_BID_FAR = 12, DEPTH_ASK_FAR = 13;
constexpr uint32_t IMB_NEAR = 14, IMB_FAR = 15, PRESSURE = 16;
// Flow: ofi_1_1s, ofi_1_1s_norm, mlofi_2..5_1s, iofi_10_1s, iofi_10_10s.
constexpr uint32_t OFI = 17, OFI_NORM = 18, MLOFI_2 = 19, IOFI_SHORT = 23, IOFI_LONG = 24;
// Shape and impact.
constexpr uint32_t SLOPE_BID = 25, SLOPE_ASK = 26, SHAPE_BID = 27, SHAPE_ASK = 28;
constexpr uint32_t IMPACT_BUY = 29, IMPACT_SELL = 30, OFI_LAMBDA = 31;
// Dynamics: ret_100ms, 1s, 10s, 60s; rv_10s, rv_60s; rates; spread change.
constexpr uint32_t RET_FIRST = 32, RV_FIRST = 36, UPD_RATE = 38;
constexpr uint32_t ADD_BID = 39, ADD_ASK = 40, CXL_BID = 41, CXL_ASK = 42, SPREAD_CHG = 43;
// Trades.
constexpr uint32_t TRADE_IMB_1S = 44, TRADE_IMB_10S = 45, TRADE_VOL_10S = 46;
constexpr uint32_t VWAP_DEV_10S = 47, VWAP_DEV_60S = 48, VPIN = 49, KYLE = 50;

// Extended set: ladder (per level k: ask px, ask qty, bid px, bid qty), then
// depth_bid / depth_ask / imb per extra band, then VAMP per extra VAMP band.
constexpr uint32_t LADDER_FIRST = 51;
constexpr uint32_t LADDER_LEVELS = 10;
constexpr uint32_t EXTRA_BANDS_FIRST = 91;
constexpr uint32_t N_EXTRA_BANDS = 5;
constexpr double EXTRA_BANDS_BPS[N_EXTRA_BANDS] = {1, 10, 50, 100, 250};
constexpr uint32_t EXTRA_VAMP_FIRST = 106;
constexpr uint32_t N_EXTRA_VAMP = 2;
constexpr double EXTRA_VAMP_BANDS_BPS[N_EXTRA_VAMP] = {1, 25};

static_assert(KYLE + 1 == CORE_COLUMNS, "51 core columns");
static_assert(LADDER_FIRST == CORE_COLUMNS, "the extended set follows the core");
static_assert(LADDER_FIRST + 4 * LADDER_LEVELS == EXTRA_BANDS_FIRST, "ladder then bands");
static_assert(EXTRA_BANDS_FIRST + 3 * N_EXTRA_BANDS == EXTRA_VAMP_FIRST, "bands then VAMP");
static_assert(EXTRA_VAMP_FIRST + N_EXTRA_VAMP == EXTENDED_COLUMNS, "108 columns with the extended set");

}  // namespace col

// book_flags bits (registry FLAG_*).
constexpr uint32_t FLAG_EMPTY_SIDE = 1;
constexpr uint32_t FLAG_CROSSED = 2;
constexpr uint32_t FLAG_LOCKED = 4;
constexpr uint32_t FLAG_OFI_RESET = 8;
constexpr uint32_t FLAG_IMPACT_UNFILLED = 16;
constexpr uint32_t FLAG_WARMUP = 32;

}  // namespace btc
