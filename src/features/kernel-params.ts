/**
 * Packs what the WASM and native feature kernels need to know into their
 * parameter block (src/layout/feature-params.ts): the instrument's grids, the
 * static parameters, the calibration (micro-price table, iOFI weights, VPIN
 * bucket) and the extended-set switch. Checked here, so a kernel never sees a
 * value the TS engine would refuse.
 */
import type { Instrument } from '../feed/instrument.js';
import {
  FP_EXTENDED, FP_FAR_BAND_BPS, FP_IMB_CUM_LEVELS, FP_IMPACT_NOTIONAL_USD, FP_IOFI_LEVELS, FP_IOFI_WEIGHTS,
  FP_LOT_DECIMALS, FP_LOT_UNITS, FP_MP_ADJ, FP_MP_EDGES, FP_MP_N_EDGES, FP_MP_N_STATES, FP_MP_STATES,
  FP_NEAR_BAND_BPS, FP_PRESSURE_BAND_BPS, FP_PRESSURE_KAPPA_BPS, FP_SHAPE_FAR_BPS, FP_SHAPE_NEAR_BPS, FP_SLOPE_LEVELS,
  FP_SLOTS, FP_TICK_DECIMALS, FP_TICK_UNITS, FP_VAMP_BAND_BPS, FP_VPIN_BUCKET_LOTS, IOFI_MAX_LEVELS, MP_MAX_EDGES,
  MP_MAX_STATES,
} from '../layout/feature-params.js';
import type { Calibration } from './calibrate.js';
import { checkIofiWeights, DEFAULT_IOFI_WEIGHTS } from './flow.js';
import { makeStaticParams } from './static.js';
import { DEFAULT_VPIN_BUCKET_BTC, vpinBucketLots } from './trades.js';

export interface FeatureKernelConfig {
  /** A loaded calibration; without one the documented defaults apply. */
  calibration?: Calibration;
  /** Append the extended set to every row. */
  extended?: boolean;
}

/** The parameter block for `inst` (throws RangeError on a value the kernels cannot hold). */
export function packFeatureParams(inst: Instrument, cfg: FeatureKernelConfig = {}): Float64Array {
  const cal = cfg.calibration;
  const sp = makeStaticParams(cal ? { microprice: cal.microprice } : {});
  const iofi = cal?.iofi ?? DEFAULT_IOFI_WEIGHTS;
  checkIofiWeights(iofi);
  if (iofi.levels > IOFI_MAX_LEVELS) throw new RangeError(`the feature kernels take at most ${IOFI_MAX_LEVELS} iOFI levels, the calibration has ${iofi.levels}`);
  const mp = sp.microprice;
  if (mp.imbalanceEdges.length > MP_MAX_EDGES) throw new RangeError(`the feature kernels take at most ${MP_MAX_EDGES} micro-price edges`);
  if (mp.spreadTicks.length > MP_MAX_STATES) throw new RangeError(`the feature kernels take at most ${MP_MAX_STATES} micro-price spread states`);

  const p = new Float64Array(FP_SLOTS);
  p[FP_TICK_UNITS] = inst.tick.units;
  p[FP_TICK_DECIMALS] = inst.tick.decimals;
  p[FP_LOT_UNITS] = inst.lot.units;
  p[FP_LOT_DECIMALS] = inst.lot.decimals;
  p[FP_EXTENDED] = cfg.extended ? 1 : 0;
  p[FP_VAMP_BAND_BPS] = sp.vampBandBps;
  p[FP_NEAR_BAND_BPS] = sp.nearBandBps;
  p[FP_FAR_BAND_BPS] = sp.farBandBps;
  p[FP_PRESSURE_BAND_BPS] = sp.pressureBandBps;
  p[FP_PRESSURE_KAPPA_BPS] = sp.pressureKappaBps;
  p[FP_IMB_CUM_LEVELS] = sp.imbCumLevels;
  p[FP_SLOPE_LEVELS] = sp.slopeLevels;
  p[FP_SHAPE_NEAR_BPS] = sp.shapeNearBps;
  p[FP_SHAPE_FAR_BPS] = sp.shapeFarBps;
  p[FP_IMPACT_NOTIONAL_USD] = sp.impactNotionalUsd;
  p[FP_VPIN_BUCKET_LOTS] = vpinBucketLots(cal?.vpinBucketBtc ?? DEFAULT_VPIN_BUCKET_BTC, inst);
  p[FP_IOFI_LEVELS] = iofi.levels;
  iofi.weights.forEach((w, i) => { p[FP_IOFI_WEIGHTS + i] = w; });
  p[FP_MP_N_EDGES] = mp.imbalanceEdges.length;
  p[FP_MP_N_STATES] = mp.spreadTicks.length;
  mp.imbalanceEdges.forEach((e, i) => { p[FP_MP_EDGES + i] = e; });
  mp.spreadTicks.forEach((s, i) => { p[FP_MP_STATES + i] = s; });
  mp.adjustmentTicks.forEach((row, i) => row.forEach((g, j) => { p[FP_MP_ADJ + i * (MP_MAX_EDGES + 1) + j] = g; }));
  return p;
}
