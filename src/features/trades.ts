/**
 * The trade features (spec §2.6 and §2.4 kyle_lambda; docs/FEATURES.md "Trade
 * features"): trade_imb_1s, trade_imb_10s, trade_vol_10s, vwap_dev_10s_bps,
 * vwap_dev_60s_bps, vpin_50, kyle_lambda_5m. One StatefulFeature for the engine.
 *
 * - Windows (t − W, t] at the row time (the book message's exchange time), exact
 *   integer sums over a ring of trades: trades-tape.ts.
 * - VPIN buckets in lots: trades-vpin.ts. Kyle λ over 1 s clock bars: trades-kyle.ts.
 * - Trade history is kept whatever the book's validity (also across resyncs); only
 *   vwap_dev needs a valid book (its mid).
 */
import type { Instrument } from '../feed/instrument.js';
import { CORE_FEATURES, FEATURE_INDEX } from './registry.js';
import type { BookState, StatefulFeature, TradeEvent } from './stateful.js';
import { KyleLambda } from './trades-kyle.js';
import { TradeTape, TradeWindow } from './trades-tape.js';
import { Vpin } from './trades-vpin.js';
import { gridValue, pow10 } from './units.js';

/** The columns this module writes, in registry order. */
export const TRADE_FEATURES: readonly string[] = [
  'trade_imb_1s', 'trade_imb_10s', 'trade_vol_10s', 'vwap_dev_10s_bps', 'vwap_dev_60s_bps', 'vpin_50', 'kyle_lambda_5m',
];

function param(name: string, key: string): number {
  const d = CORE_FEATURES.find((f) => f.name === name);
  const v = d?.params[key];
  if (typeof v !== 'number') throw new Error(`registry: ${name} has no numeric param ${key}`);
  return v;
}

export interface TradeFeatureParams {
  /**
   * VPIN bucket size V_b in BTC (the instrument's base size unit). Must be a whole
   * number of lots. Default 2 BTC (the spec's test value); `btc-engine calibrate` will
   * set it from the trailing 24 h volume / 50 and keep it fixed for the day.
   */
  vpinBucketBtc?: number;
  /** Bind the instrument now (checks vpinBucketBtc at once); otherwise taken from the first book. */
  instrument?: Instrument;
}

export const DEFAULT_VPIN_BUCKET_BTC = 2;

/**
 * Largest trade accepted, in lots (2^32: 4.3 million BTC on a 0.001 lot). With at
 * most MAX_TAPE (2^20) trades in the windows, every lot sum stays below 2^52, so the
 * float sums of the TS engine and the integer sums of the kernels are exact and
 * equal; a bigger print is not a trade of this market and is skipped (counted).
 */
export const MAX_TRADE_LOTS = 2 ** 32;

/** V_b in lots: vpinBucketBtc × 10^lot.decimals / lot.units, which must be a positive integer. */
export function vpinBucketLots(vpinBucketBtc: number, inst: Instrument): number {
  const q = (vpinBucketBtc * pow10(inst.lot.decimals)) / inst.lot.units;
  const r = Math.round(q);
  if (!(r >= 1) || !Number.isSafeInteger(r) || Math.abs(q - r) > 1e-9 * r) {
    throw new RangeError(`vpinBucketBtc must be a positive whole number of lots (lot ${inst.lot.units}e-${inst.lot.decimals}), was ${vpinBucketBtc}`);
  }
  return r;
}

const I_IMB_1S = FEATURE_INDEX['trade_imb_1s'];
const I_IMB_10S = FEATURE_INDEX['trade_imb_10s'];
const I_VOL_10S = FEATURE_INDEX['trade_vol_10s'];
const I_VWAP_10S = FEATURE_INDEX['vwap_dev_10s_bps'];
const I_VWAP_60S = FEATURE_INDEX['vwap_dev_60s_bps'];
const I_VPIN = FEATURE_INDEX['vpin_50'];
const I_KYLE = FEATURE_INDEX['kyle_lambda_5m'];

export class TradeFeatures implements StatefulFeature {
  readonly vpinBucketBtc: number;
  /** Trades ignored: price not a positive safe integer, size not an integer in [1, MAX_TRADE_LOTS], or time not finite. */
  skippedTrades = 0;
  private inst: Instrument | null = null;
  private vpin: Vpin | null = null;
  private readonly w1 = new TradeWindow(param('trade_imb_1s', 'windowMs'), false);
  private readonly w10 = new TradeWindow(param('trade_imb_10s', 'windowMs'), true);
  private readonly w60 = new TradeWindow(param('vwap_dev_60s_bps', 'windowMs'), true);
  private readonly tape: TradeTape;
  private readonly kyle = new KyleLambda(
    param('kyle_lambda_5m', 'barMs'), param('kyle_lambda_5m', 'bars'), param('kyle_lambda_5m', 'minBars'));
  private readonly vpinBuckets = param('vpin_50', 'buckets');
  /** Time of the last accepted trade: trade times are clamped to be non-decreasing. */
  private lastTradeMs = -Infinity;

  constructor(params: TradeFeatureParams = {}) {
    const vb = params.vpinBucketBtc ?? DEFAULT_VPIN_BUCKET_BTC;
    if (!(typeof vb === 'number' && Number.isFinite(vb) && vb > 0)) throw new RangeError(`vpinBucketBtc must be a positive finite number, was ${vb}`);
    this.vpinBucketBtc = vb;
    if (param('trade_vol_10s', 'windowMs') !== this.w10.windowMs || param('vwap_dev_10s_bps', 'windowMs') !== this.w10.windowMs) {
      throw new Error('registry: the 10 s trade windows must share one length');
    }
    this.tape = new TradeTape([this.w1, this.w10, this.w60], (buy, lots) => this.vpin?.add(buy, lots));
    if (params.instrument) this.bind(params.instrument);
  }

  onTrade(tr: TradeEvent): void {
    const { pxTicks, qtyLots } = tr;
    if (!(Number.isSafeInteger(pxTicks) && pxTicks > 0 && Number.isInteger(qtyLots) && qtyLots > 0 && qtyLots <= MAX_TRADE_LOTS &&
          Number.isFinite(tr.tMs))) {
      this.skippedTrades++;
      return;
    }
    const t = tr.tMs > this.lastTradeMs ? tr.tMs : this.lastTradeMs;
    this.lastTradeMs = t;
    this.kyle.onEvent(t);
    this.tape.push(t, tr.buy, pxTicks, qtyLots);
    this.kyle.onTrade(tr.buy, BigInt(pxTicks) * BigInt(qtyLots));
  }

  /**
   * A sequence gap at `tMs`: boundaries before it take the last pre-gap mid; from the
   * gap on the mid is invalid until the resync snapshot's row, so the bars around the
   * gap are skipped. Trade history is untouched.
   */
  onGap(tMs: number): void {
    this.kyle.onEvent(tMs);
    this.kyle.setMid(NaN);
  }

  beforeBook(s: BookState): void {
    if (this.inst === null) this.bind(s.inst);
    this.kyle.onEvent(s.tMs);
  }

  afterBook(s: BookState, row: Float64Array): number {
    if (this.inst === null) this.bind(s.inst);
    const inst = this.inst as Instrument;
    const mid = s.valid && s.mid > 0 ? s.mid : NaN;
    this.kyle.setMid(mid);
    this.tape.advance(s.tMs);
    row[I_IMB_1S] = this.w1.imbalance();
    row[I_IMB_10S] = this.w10.imbalance();
    row[I_VOL_10S] = gridValue(this.w10.buyLots + this.w10.sellLots, inst.lot);
    row[I_VWAP_10S] = vwapDevBps(this.w10, mid, inst);
    row[I_VWAP_60S] = vwapDevBps(this.w60, mid, inst);
    row[I_VPIN] = (this.vpin as Vpin).value();
    row[I_KYLE] = this.kyle.value();
    return 0;
  }

  /** Bars currently in the Kyle regression (diagnostics and tests). */
  get kyleBars(): number { return this.kyle.usedBars; }
  /** Full VPIN buckets so far, capped at 50 (diagnostics and tests). */
  get vpinFullBuckets(): number { return this.vpin?.full ?? 0; }

  private bind(inst: Instrument): void {
    this.vpin = new Vpin(this.vpinBuckets, vpinBucketLots(this.vpinBucketBtc, inst));
    this.kyle.setGrids(inst.tick, inst.lot);
    this.inst = inst;
  }
}

/** 1e4·(VWAP/m − 1), VWAP = gridValue(Number(Σ p·v)/Σ v, tick); NaN without trades or mid. */
function vwapDevBps(w: TradeWindow, mid: number, inst: Instrument): number {
  const vt = w.vwapTicks();
  if (Number.isNaN(vt) || Number.isNaN(mid)) return NaN;
  return 1e4 * (gridValue(vt, inst.tick) / mid - 1);
}
