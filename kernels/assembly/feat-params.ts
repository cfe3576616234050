/**
 * The feature kernel's parameters, read once from the parameter block
 * (src/layout/feature-params.ts, packed by src/features/kernel-params.ts) into
 * globals, plus the unit conversions of src/features/units.ts and the bump
 * allocator that lays the feature state out in the region the JS wrapper carved
 * for it (src/features/wasm.ts).
 *
 * Units: prices in ticks and sizes in lots (f64 holding integers), converted to
 * USD / BTC as ONE product then ONE division by an exact power of ten, like
 * gridValue, so every converted value is the reference's double.
 */
import {
  FP_EXTENDED, FP_FAR_BAND_BPS, FP_IMB_CUM_LEVELS, FP_IMPACT_NOTIONAL_USD, FP_IOFI_LEVELS, FP_IOFI_WEIGHTS,
  FP_LOT_DECIMALS, FP_LOT_UNITS, FP_MP_ADJ, FP_MP_EDGES, FP_MP_N_EDGES, FP_MP_N_STATES, FP_MP_STATES,
  FP_NEAR_BAND_BPS, FP_PRESSURE_BAND_BPS, FP_PRESSURE_KAPPA_BPS, FP_SHAPE_FAR_BPS, FP_SHAPE_NEAR_BPS,
  FP_SLOPE_LEVELS, FP_TICK_DECIMALS, FP_TICK_UNITS, FP_VAMP_BAND_BPS, FP_VPIN_BUCKET_LOTS, IOFI_MAX_LEVELS,
  MP_MAX_EDGES, MP_MAX_STATES,
} from './layout';

/** Levels per side the fused walk keeps (OFI snapshot, ladder, imb_cum, slope). */
export const TOP_CAP: i32 = 64;

export let params: usize = 0;
export let tickUnits: f64 = 1;
export let tickPow: f64 = 1;
export let lotUnits: f64 = 1;
export let lotPow: f64 = 1;
/** Tick size δ in USD (gridStep). */
export let tickUsd: f64 = 1;
export let extended = false;
export let vampBandBps: f64 = 5;
export let nearBandBps: f64 = 5;
export let farBandBps: f64 = 25;
export let pressureBandBps: f64 = 25;
export let pressureKappaBps: f64 = 5;
export let imbCumLevels: i32 = 5;
export let slopeLevels: i32 = 10;
export let shapeNearBps: f64 = 5;
export let shapeFarBps: f64 = 25;
/** ln(shapeFar / shapeNear), the shape_exp divisor. */
export let shapeLogRatio: f64 = 0;
export let impactNotionalUsd: f64 = 1e6;
export let vpinBucketLots: f64 = 1;
/** iOFI levels M and the OFI levels per side K = max(5, M). */
export let iofiLevels: i32 = 10;
export let ofiLevels: i32 = 10;
export let mpEdges: i32 = 0;
export let mpStates: i32 = 0;

@inline function slot(i: i32): f64 { return load<f64>(params + (<usize>i << 3)); }

/** 10^d as an exact double for 0 ≤ d ≤ 22 (repeated exact products, like 10 ** d). */
function pow10(d: f64): f64 {
  let p = 1.0;
  for (let i = 0; <f64>i < d && i < 22; i++) p *= 10;
  return p;
}

/** Reads the parameter block at `ptr`; clamps counts to what the kernel holds. */
export function readParams(ptr: usize): void {
  params = ptr;
  tickUnits = slot(FP_TICK_UNITS);
  tickPow = pow10(slot(FP_TICK_DECIMALS));
  lotUnits = slot(FP_LOT_UNITS);
  lotPow = pow10(slot(FP_LOT_DECIMALS));
  tickUsd = tickUnits / tickPow;
  extended = slot(FP_EXTENDED) != 0;
  vampBandBps = slot(FP_VAMP_BAND_BPS);
  nearBandBps = slot(FP_NEAR_BAND_BPS);
  farBandBps = slot(FP_FAR_BAND_BPS);
  pressureBandBps = slot(FP_PRESSURE_BAND_BPS);
  pressureKappaBps = slot(FP_PRESSURE_KAPPA_BPS);
  imbCumLevels = clampLevels(slot(FP_IMB_CUM_LEVELS));
  slopeLevels = clampLevels(slot(FP_SLOPE_LEVELS));
  shapeNearBps = slot(FP_SHAPE_NEAR_BPS);
  shapeFarBps = slot(FP_SHAPE_FAR_BPS);
  shapeLogRatio = Math.log(shapeFarBps / shapeNearBps);
  impactNotionalUsd = slot(FP_IMPACT_NOTIONAL_USD);
  vpinBucketLots = slot(FP_VPIN_BUCKET_LOTS);
  iofiLevels = min(IOFI_MAX_LEVELS, clampLevels(slot(FP_IOFI_LEVELS)));
  ofiLevels = max(5, iofiLevels);
  mpEdges = <i32>min(<f64>MP_MAX_EDGES, max(0, slot(FP_MP_N_EDGES)));
  mpStates = <i32>min(<f64>MP_MAX_STATES, max(1, slot(FP_MP_N_STATES)));
}

function clampLevels(v: f64): i32 {
  return v >= 1 ? <i32>min(v, <f64>TOP_CAP) : 1;
}

/** iOFI weight w_m (0-based m). */
@inline export function iofiWeight(m: i32): f64 { return slot(FP_IOFI_WEIGHTS + m); }
@inline export function mpEdge(k: i32): f64 { return slot(FP_MP_EDGES + k); }
@inline export function mpState(k: i32): f64 { return slot(FP_MP_STATES + k); }
/** g* in ticks for spread state `s` and imbalance bucket `b`. */
@inline export function mpAdjustment(s: i32, b: i32): f64 { return slot(FP_MP_ADJ + s * (MP_MAX_EDGES + 1) + b); }

/** A price in ticks as USD (gridValue on the tick grid). */
@inline export function pxUsd(ticks: f64): f64 { return (ticks * tickUnits) / tickPow; }
/** A size in lots as BTC (gridValue on the lot grid). */
@inline export function lotsBtc(lots: f64): f64 { return (lots * lotUnits) / lotPow; }

// ---- state region: a bump allocator over [stateLo, stateHi) ----
let bump: usize = 0;
let bumpEnd: usize = 0;
let bumpFailed = false;

export function carveBegin(lo: usize, hi: usize): void {
  bump = (lo + 63) & ~<usize>63;
  bumpEnd = hi;
  bumpFailed = false;
}

/** `bytes` of the state region, 64-byte aligned (0 and a failure flag once exhausted). */
export function carve(bytes: usize): usize {
  const p = bump;
  const next = (p + bytes + 63) & ~<usize>63;
  if (next > bumpEnd || next < p) { bumpFailed = true; return 0; }
  bump = next;
  return p;
}

/** Bytes carved so far from `lo` (the size of the layout). */
export function carveEnd(): usize { return bump; }
export function carveFailed(): bool { return bumpFailed; }
