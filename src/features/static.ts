/**
 * The stateless (S0, and the SC micro-price lookup) core features: the TypeScript
 * reference, i.e. the readable implementation the faster backends must match.
 * Definitions and every convention choice: docs/FEATURES.md; spec:
 * ../shared/FEATURES.md §1, §2.1, §2.2, §2.4.
 *
 * computeStatic writes its 23 columns of one feature row (column indices from the
 * registry) and returns the book_flags bits it determines. It touches no other
 * column and keeps no state.
 */
import type { SideView } from '../book/types.js';
import type { Instrument } from '../feed/instrument.js';
import {
  CORE_FEATURES, FEATURE_INDEX, FLAG_CROSSED, FLAG_EMPTY_SIDE, FLAG_IMPACT_UNFILLED, FLAG_LOCKED,
} from './registry.js';
import { bandLots, bandPressureLots, imbalance, topLots, vampPx } from './depth.js';
import { checkMicropriceTable, DEFAULT_MICROPRICE_TABLE, micropricePx, type MicropriceTable } from './microprice.js';
import { impactVwap, shapeExp, slopeNs } from './shape.js';
import { gridStep, gridValue } from './units.js';

/** The columns computeStatic writes, in registry order. */
export const STATIC_FEATURES: readonly string[] = [
  'mid_px', 'wmid_px', 'microprice_px', 'vamp_px_5bps', 'spread_abs', 'spread_bps',
  'bid_qty_1', 'ask_qty_1', 'imb_1', 'imb_cum_5',
  'depth_bid_5bps', 'depth_ask_5bps', 'depth_bid_25bps', 'depth_ask_25bps', 'imb_5bps', 'imb_25bps',
  'book_pressure_25bps', 'slope_ns_bid', 'slope_ns_ask', 'shape_exp_bid', 'shape_exp_ask',
  'impact_buy_bps_1m', 'impact_sell_bps_1m',
];

function col(name: string): number {
  const i = FEATURE_INDEX[name];
  if (i === undefined) throw new Error(`feature ${name} is not in the registry`);
  return i;
}

const C = {
  mid: col('mid_px'), wmid: col('wmid_px'), micro: col('microprice_px'), vamp: col('vamp_px_5bps'),
  spreadAbs: col('spread_abs'), spreadBps: col('spread_bps'),
  bidQty1: col('bid_qty_1'), askQty1: col('ask_qty_1'), imb1: col('imb_1'), imbCum: col('imb_cum_5'),
  depthBidNear: col('depth_bid_5bps'), depthAskNear: col('depth_ask_5bps'),
  depthBidFar: col('depth_bid_25bps'), depthAskFar: col('depth_ask_25bps'),
  imbNear: col('imb_5bps'), imbFar: col('imb_25bps'), pressure: col('book_pressure_25bps'),
  slopeBid: col('slope_ns_bid'), slopeAsk: col('slope_ns_ask'),
  shapeBid: col('shape_exp_bid'), shapeAsk: col('shape_exp_ask'),
  impactBuy: col('impact_buy_bps_1m'), impactSell: col('impact_sell_bps_1m'),
} as const;

const STATIC_COLUMNS: readonly number[] = STATIC_FEATURES.map(col);

/** Parameters of the stateless features; defaults come from the registry's params. */
export interface StaticParams {
  /** β of vamp_px_5bps. */
  readonly vampBandBps: number;
  /** β of depth_*_5bps and imb_5bps. */
  readonly nearBandBps: number;
  /** β of depth_*_25bps and imb_25bps. */
  readonly farBandBps: number;
  /** β and κ of book_pressure_25bps. */
  readonly pressureBandBps: number;
  readonly pressureKappaBps: number;
  /** k of imb_cum_5. */
  readonly imbCumLevels: number;
  /** N of slope_ns_*. */
  readonly slopeLevels: number;
  /** β_1 and β_2 of shape_exp_*. */
  readonly shapeNearBps: number;
  readonly shapeFarBps: number;
  /** X of impact_*_bps_1m, USD. */
  readonly impactNotionalUsd: number;
  /** The micro-price g* table (uncalibrated default: all adjustments 0). */
  readonly microprice: MicropriceTable;
}

function registryParam(feature: string, key: string): number {
  const v = CORE_FEATURES[col(feature)].params[key];
  if (typeof v !== 'number') throw new Error(`registry: ${feature}.${key} is not a number`);
  return v;
}

export const DEFAULT_STATIC_PARAMS: StaticParams = Object.freeze({
  vampBandBps: registryParam('vamp_px_5bps', 'bandBps'),
  nearBandBps: registryParam('depth_bid_5bps', 'bandBps'),
  farBandBps: registryParam('depth_bid_25bps', 'bandBps'),
  pressureBandBps: registryParam('book_pressure_25bps', 'bandBps'),
  pressureKappaBps: registryParam('book_pressure_25bps', 'kappaBps'),
  imbCumLevels: registryParam('imb_cum_5', 'levels'),
  slopeLevels: registryParam('slope_ns_bid', 'levels'),
  shapeNearBps: registryParam('shape_exp_bid', 'nearBps'),
  shapeFarBps: registryParam('shape_exp_bid', 'farBps'),
  impactNotionalUsd: registryParam('impact_buy_bps_1m', 'notionalUsd'),
  microprice: DEFAULT_MICROPRICE_TABLE,
});

/** The defaults with `overrides` applied, checked (throws RangeError on a bad value). */
export function makeStaticParams(overrides: Partial<StaticParams> = {}): StaticParams {
  const p: StaticParams = { ...DEFAULT_STATIC_PARAMS, ...overrides };
  const positive = (name: keyof StaticParams): void => {
    const v = p[name];
    if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) throw new RangeError(`${name} must be a finite number > 0, was ${String(v)}`);
  };
  (['vampBandBps', 'nearBandBps', 'farBandBps', 'pressureBandBps', 'pressureKappaBps', 'shapeNearBps', 'shapeFarBps',
    'impactNotionalUsd', 'imbCumLevels', 'slopeLevels'] as const).forEach(positive);
  if (!Number.isInteger(p.imbCumLevels) || !Number.isInteger(p.slopeLevels)) throw new RangeError('imbCumLevels and slopeLevels must be integers');
  if (!(p.shapeFarBps > p.shapeNearBps)) throw new RangeError('shapeFarBps must exceed shapeNearBps');
  checkMicropriceTable(p.microprice);
  return p;
}

/**
 * Writes the 23 stateless features of the book (bids, asks) into `out` at their
 * registry columns and returns the book_flags bits it determines:
 *  - FLAG_EMPTY_SIDE / FLAG_CROSSED: the book is invalid and all 23 columns are NaN;
 *  - FLAG_LOCKED: best bid = best ask (valid; slope_ns_* are NaN);
 *  - FLAG_IMPACT_UNFILLED: a side's visible notional is below the impact notional.
 * `out` is one feature row (at least CORE_FEATURES.length long); other columns are
 * left untouched.
 */
export function computeStatic(bids: SideView, asks: SideView, inst: Instrument, out: Float64Array,
                              params: StaticParams = DEFAULT_STATIC_PARAMS): number {
  if (out.length < CORE_FEATURES.length) throw new RangeError(`feature row needs ${CORE_FEATURES.length} columns, has ${out.length}`);
  const bb = bids.best();
  const ba = asks.best();
  if (bb === 0 || ba === 0 || bb > ba) {
    for (const c of STATIC_COLUMNS) out[c] = NaN;
    return bb === 0 || ba === 0 ? FLAG_EMPTY_SIDE : FLAG_CROSSED;
  }
  const { tick, lot } = inst;
  let flags = bb === ba ? FLAG_LOCKED : 0;

  // --- price (§2.1) ---
  const pb = gridValue(bb, tick);
  const pa = gridValue(ba, tick);
  const m = (pb + pa) / 2;
  const spreadTicks = ba - bb;
  const s = gridValue(spreadTicks, tick);
  const qb1 = bids.qty(bb);
  const qa1 = asks.qty(ba);
  const imb1 = imbalance(qb1, qa1);
  out[C.mid] = m;
  out[C.wmid] = (pb * qa1 + pa * qb1) / (qb1 + qa1);
  out[C.micro] = micropricePx(params.microprice, m, spreadTicks, imb1, gridStep(tick));
  out[C.vamp] = vampPx(bids, asks, m, params.vampBandBps, tick);
  out[C.spreadAbs] = s;
  out[C.spreadBps] = 1e4 * s / m;

  // --- depth and imbalance (§2.2); sizes summed in lots, converted once ---
  out[C.bidQty1] = gridValue(qb1, lot);
  out[C.askQty1] = gridValue(qa1, lot);
  out[C.imb1] = imb1;
  out[C.imbCum] = imbalance(topLots(bids, params.imbCumLevels), topLots(asks, params.imbCumLevels));
  const dbNear = bandLots(bids, true, m, params.nearBandBps, tick);
  const daNear = bandLots(asks, false, m, params.nearBandBps, tick);
  const dbFar = bandLots(bids, true, m, params.farBandBps, tick);
  const daFar = bandLots(asks, false, m, params.farBandBps, tick);
  out[C.depthBidNear] = gridValue(dbNear, lot);
  out[C.depthAskNear] = gridValue(daNear, lot);
  out[C.depthBidFar] = gridValue(dbFar, lot);
  out[C.depthAskFar] = gridValue(daFar, lot);
  out[C.imbNear] = imbalance(dbNear, daNear);
  out[C.imbFar] = imbalance(dbFar, daFar);
  out[C.pressure] = imbalance(
    bandPressureLots(bids, true, m, params.pressureBandBps, params.pressureKappaBps, tick),
    bandPressureLots(asks, false, m, params.pressureBandBps, params.pressureKappaBps, tick));

  // --- shape and impact (§2.4) ---
  out[C.slopeBid] = flags & FLAG_LOCKED ? NaN : slopeNs(bids, m, params.slopeLevels, tick, lot);
  out[C.slopeAsk] = flags & FLAG_LOCKED ? NaN : slopeNs(asks, m, params.slopeLevels, tick, lot);
  // shape_exp's bands are the depth columns' bands with the default parameters; reuse them then.
  const depthAt = (side: SideView, isBid: boolean, beta: number): number =>
    beta === params.nearBandBps ? (isBid ? dbNear : daNear)
      : beta === params.farBandBps ? (isBid ? dbFar : daFar)
        : bandLots(side, isBid, m, beta, tick);
  const { shapeNearBps: sn, shapeFarBps: sf } = params;
  out[C.shapeBid] = shapeExp(depthAt(bids, true, sn), depthAt(bids, true, sf), sn, sf);
  out[C.shapeAsk] = shapeExp(depthAt(asks, false, sn), depthAt(asks, false, sf), sn, sf);
  const vwapBuy = impactVwap(asks, params.impactNotionalUsd, tick, lot);
  const vwapSell = impactVwap(bids, params.impactNotionalUsd, tick, lot);
  out[C.impactBuy] = 1e4 * (vwapBuy / m - 1);
  out[C.impactSell] = 1e4 * (1 - vwapSell / m);
  if (Number.isNaN(vwapBuy) || Number.isNaN(vwapSell)) flags |= FLAG_IMPACT_UNFILLED;
  return flags;
}
