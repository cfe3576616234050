/**
 * The parameter block of the WASM and native feature kernels: one Float64Array of
 * FP_SLOTS slots, packed by src/features/kernel-params.ts from the instrument, the
 * static parameters and the calibration, read once by the kernels at init.
 * Mirrored in kernels/assembly/layout.ts and native/src/layout.h (test/layout).
 *
 * Window lengths, decays and bar sizes of the stateful features are not here: the
 * kernels use the registry defaults (the TS engine's DEFAULT_*_PARAMS).
 */
export const FP_TICK_UNITS = 0;
export const FP_TICK_DECIMALS = 1;
export const FP_LOT_UNITS = 2;
export const FP_LOT_DECIMALS = 3;
/** 1 = append the extended set (row stride ROW_STRIDE_EXTENDED), 0 = core only. */
export const FP_EXTENDED = 4;
// StaticParams (src/features/static.ts), same names.
export const FP_VAMP_BAND_BPS = 5;
export const FP_NEAR_BAND_BPS = 6;
export const FP_FAR_BAND_BPS = 7;
export const FP_PRESSURE_BAND_BPS = 8;
export const FP_PRESSURE_KAPPA_BPS = 9;
export const FP_IMB_CUM_LEVELS = 10;
export const FP_SLOPE_LEVELS = 11;
export const FP_SHAPE_NEAR_BPS = 12;
export const FP_SHAPE_FAR_BPS = 13;
export const FP_IMPACT_NOTIONAL_USD = 14;
/** VPIN bucket V_b in lots (a positive integer, vpinBucketLots()). */
export const FP_VPIN_BUCKET_LOTS = 15;
/** iOFI: M levels, then M weights w_1..w_M (slots FP_IOFI_WEIGHTS … + IOFI_MAX_LEVELS). */
export const FP_IOFI_LEVELS = 16;
export const FP_IOFI_WEIGHTS = 17;
export const IOFI_MAX_LEVELS = 32;
/**
 * Micro-price table: n inner edges, n_s spread states, then the edges
 * (MP_MAX_EDGES slots), the states in ticks (MP_MAX_STATES slots) and the
 * adjustments in ticks, row-major [state][bucket] with a row pitch of
 * MP_MAX_EDGES + 1 buckets.
 */
export const FP_MP_N_EDGES = 49;
export const FP_MP_N_STATES = 50;
export const MP_MAX_EDGES = 63;
export const MP_MAX_STATES = 16;
export const FP_MP_EDGES = 51;
export const FP_MP_STATES = 114;
export const FP_MP_ADJ = 130;
export const FP_SLOTS = 1154;
