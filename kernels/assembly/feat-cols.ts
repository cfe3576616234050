/**
 * Feature columns, book_flags bits and the registry defaults of the stateful
 * features: the feature kernel's mirror of src/features/registry.ts (column order)
 * and of the TS modules' DEFAULT_*_PARAMS (window lengths, decays, bar sizes).
 * Column numbers are indices into the feature part of a row (after ROW_FEATURES);
 * test/features/kernel-wasm.test.ts checks every COL_* here against FEATURE_INDEX.
 */

// ---- core columns (registry CORE_FEATURES order) ----
export const COL_MID: i32 = 0;
export const COL_WMID: i32 = 1;
export const COL_MICRO: i32 = 2;
export const COL_VAMP: i32 = 3;
export const COL_SPREAD_ABS: i32 = 4;
export const COL_SPREAD_BPS: i32 = 5;
export const COL_BID_QTY_1: i32 = 6;
export const COL_ASK_QTY_1: i32 = 7;
export const COL_IMB_1: i32 = 8;
export const COL_IMB_CUM: i32 = 9;
export const COL_DEPTH_BID_NEAR: i32 = 10;
export const COL_DEPTH_ASK_NEAR: i32 = 11;
export const COL_DEPTH_BID_FAR: i32 = 12;
export const COL_DEPTH_ASK_FAR: i32 = 13;
export const COL_IMB_NEAR: i32 = 14;
export const COL_IMB_FAR: i32 = 15;
export const COL_PRESSURE: i32 = 16;
export const COL_OFI: i32 = 17;
export const COL_OFI_NORM: i32 = 18;
// mlofi_2_1s … mlofi_5_1s are COL_MLOFI + 0 … 3
export const COL_MLOFI: i32 = 19;
export const COL_IOFI_SHORT: i32 = 23;
export const COL_IOFI_LONG: i32 = 24;
export const COL_SLOPE_BID: i32 = 25;
export const COL_SLOPE_ASK: i32 = 26;
export const COL_SHAPE_BID: i32 = 27;
export const COL_SHAPE_ASK: i32 = 28;
export const COL_IMPACT_BUY: i32 = 29;
export const COL_IMPACT_SELL: i32 = 30;
export const COL_OFI_LAMBDA: i32 = 31;
// ret_100ms, ret_1s, ret_10s, ret_60s are COL_RET + 0 … 3
export const COL_RET: i32 = 32;
// rv_10s, rv_60s are COL_RV + 0, 1
export const COL_RV: i32 = 36;
export const COL_UPD_RATE: i32 = 38;
export const COL_ADD_BID: i32 = 39;
export const COL_ADD_ASK: i32 = 40;
export const COL_CXL_BID: i32 = 41;
export const COL_CXL_ASK: i32 = 42;
export const COL_SPREAD_CHG: i32 = 43;
export const COL_TRADE_IMB_1S: i32 = 44;
export const COL_TRADE_IMB_10S: i32 = 45;
export const COL_TRADE_VOL_10S: i32 = 46;
export const COL_VWAP_DEV_10S: i32 = 47;
export const COL_VWAP_DEV_60S: i32 = 48;
export const COL_VPIN: i32 = 49;
export const COL_KYLE: i32 = 50;

// ---- extended columns (registry EXTENDED_FEATURES order) ----
// ladder level k (0-based): ask px, ask qty, bid px, bid qty at COL_LADDER + 4k + 0 … 3
export const COL_LADDER: i32 = 51;
export const LADDER_LEVELS: i32 = 10;
// extra band i: depth bid, depth ask, imb at COL_EXTRA_BANDS + 3i + 0 … 2
export const COL_EXTRA_BANDS: i32 = 91;
// extra VAMP band i at COL_EXTRA_VAMP + i
export const COL_EXTRA_VAMP: i32 = 106;
export const EXTRA_BANDS: i32 = 5;
export const EXTRA_VAMP_BANDS: i32 = 2;
/** EXTRA_BANDS_BPS and EXTRA_VAMP_BANDS_BPS of the registry. */
export function extraBandBps(i: i32): f64 {
  return i == 0 ? 1 : i == 1 ? 10 : i == 2 ? 50 : i == 3 ? 100 : 250;
}
export function extraVampBandBps(i: i32): f64 {
  return i == 0 ? 1 : 25;
}

// ---- book_flags bits ----
export const FLAG_EMPTY_SIDE: i32 = 1;
export const FLAG_CROSSED: i32 = 2;
export const FLAG_LOCKED: i32 = 4;
export const FLAG_OFI_RESET: i32 = 8;
export const FLAG_IMPACT_UNFILLED: i32 = 16;
export const FLAG_WARMUP: i32 = 32;
/** engine.ts WARMUP_MS. */
export const WARMUP_MS: f64 = 60_000;

// ---- DEFAULT_FLOW_PARAMS (flow.ts) ----
export const FLOW_WINDOW_MS: f64 = 1000;
export const FLOW_LONG_WINDOW_MS: f64 = 10_000;
export const FLOW_TAU_AD_MS: f64 = 60_000;
export const FLOW_BAR_MS: f64 = 1000;
export const FLOW_LAMBDA_BARS: i32 = 300;
export const FLOW_LAMBDA_MIN_BARS: i32 = 30;

// ---- DEFAULT_DYNAMICS_PARAMS (dynamics.ts) ----
// return lags 100 ms, 1 s, 10 s, 60 s, then the spread lag 1 s: as-of pointer k
export function dynLagMs(k: i32): f64 {
  return k == 0 ? 100 : k == 1 ? 1000 : k == 2 ? 10_000 : k == 3 ? 60_000 : 1000;
}
export const DYN_RET_LAGS: i32 = 4;
export const DYN_LAGS: i32 = 5;
export const DYN_GRID_MS: f64 = 100;
export const DYN_RV_SHORT: i32 = 100;
export const DYN_RV_LONG: i32 = 600;
export const DYN_TAU_MS: f64 = 1000;
export const DYN_BAND_BPS: f64 = 25;

// ---- TradeFeatures registry params (trades.ts) ----
export const TRADE_W1_MS: f64 = 1000;
export const TRADE_W10_MS: f64 = 10_000;
export const TRADE_W60_MS: f64 = 60_000;
export const VPIN_BUCKETS: i32 = 50;
export const KYLE_BAR_MS: f64 = 1000;
export const KYLE_BARS: i32 = 300;
export const KYLE_MIN_BARS: i32 = 30;
/** trades.ts MAX_TRADE_LOTS: larger trades are skipped (every window lot sum stays below 2^52). */
export const MAX_TRADE_LOTS: f64 = 4294967296;
/** trades-tape.ts MAX_TAPE: the ring size at which the window clock is forced forward. */
export const MAX_TAPE: i32 = 1 << 20;
