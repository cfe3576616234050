/**
 * The order-flow features (spec §2.3, §2.4 ofi_lambda; conflicts C4–C7): the
 * stateful (S1 + SW) module that writes ofi_1_1s, ofi_1_1s_norm, mlofi_2..5_1s,
 * iofi_10_1s, iofi_10_10s and ofi_lambda_5m. Every convention choice is in
 * docs/FEATURES.md, section "Flow features".
 *
 * Per applied message n (afterBook): the top K occupied levels of both sides are
 * read; with the previous message's levels they give e^m_n (CKS, non-strict,
 * occupied levels, integer lots) for m = 1..K, K = max(5, iOFI levels). The
 * vector is added to the (t − W, t] windows. With no previous valid book (first
 * update, after an invalid book, or on a snapshot/resync) e = 0 and the row
 * carries FLAG_OFI_RESET. An invalid book (empty side or crossed) makes all these
 * columns NaN and clears the previous levels; window and bar histories are kept.
 */
import { CORE_FEATURES, FEATURE_INDEX, FLAG_OFI_RESET } from './registry.js';
import type { BookState, StatefulFeature, TradeEvent } from './stateful.js';
import { cksLevels, LevelSnapshot } from './flow-ofi.js';
import { OfiLambda } from './flow-lambda.js';
import { OfiWindows } from './flow-window.js';
import { gridValue } from './units.js';

/** The columns FlowFeatures writes, in registry order. */
export const FLOW_FEATURES: readonly string[] = [
  'ofi_1_1s', 'ofi_1_1s_norm', 'mlofi_2_1s', 'mlofi_3_1s', 'mlofi_4_1s', 'mlofi_5_1s',
  'iofi_10_1s', 'iofi_10_10s', 'ofi_lambda_5m',
];

function col(name: string): number {
  const i = FEATURE_INDEX[name];
  if (i === undefined) throw new Error(`feature ${name} is not in the registry`);
  return i;
}
function registryParam(feature: string, key: string): number {
  const v = CORE_FEATURES[col(feature)].params[key];
  if (typeof v !== 'number') throw new Error(`registry: ${feature}.${key} is not a number`);
  return v;
}

const C = {
  ofi: col('ofi_1_1s'), ofiNorm: col('ofi_1_1s_norm'),
  mlofi: [col('mlofi_2_1s'), col('mlofi_3_1s'), col('mlofi_4_1s'), col('mlofi_5_1s')],
  iofiShort: col('iofi_10_1s'), iofiLong: col('iofi_10_10s'), lambda: col('ofi_lambda_5m'),
} as const;
const FLOW_COLUMNS: readonly number[] = FLOW_FEATURES.map(col);

/** Parameters of the flow features; defaults come from the registry's params. */
export interface FlowParams {
  /** W of ofi_1_1s, ofi_1_1s_norm, mlofi_*_1s and iofi_10_1s (ms). */
  readonly windowMs: number;
  /** W of iofi_10_10s (ms). */
  readonly iofiLongWindowMs: number;
  /** τ of the EMA_last depth normalisers AD_1 and ĀD_M (ms). */
  readonly tauAdMs: number;
  /** ofi_lambda_5m: bar length (ms), window (bars), minimum observations. */
  readonly barMs: number;
  readonly lambdaBars: number;
  readonly lambdaMinBars: number;
}

export const DEFAULT_FLOW_PARAMS: FlowParams = Object.freeze({
  windowMs: registryParam('ofi_1_1s', 'windowMs'),
  iofiLongWindowMs: registryParam('iofi_10_10s', 'windowMs'),
  tauAdMs: registryParam('ofi_1_1s_norm', 'tauAdMs'),
  barMs: registryParam('ofi_lambda_5m', 'barMs'),
  lambdaBars: registryParam('ofi_lambda_5m', 'bars'),
  lambdaMinBars: registryParam('ofi_lambda_5m', 'minBars'),
});

/** iOFI weights w_1..w_M over the first M occupied levels (spec C7). */
export interface IofiWeights {
  readonly levels: number;
  readonly weights: readonly number[];
}

/** Default before the first PCA fit (spec §2.3): equal weights 1/10 over 10 levels. */
export const DEFAULT_IOFI_WEIGHTS: IofiWeights = Object.freeze({
  levels: registryParam('iofi_10_1s', 'levels'),
  weights: Object.freeze(Array.from({ length: registryParam('iofi_10_1s', 'levels') }, () => 1 / registryParam('iofi_10_1s', 'levels'))),
});

/** Throws RangeError unless: integer levels ≥ 1, one finite weight per level, ‖w‖₁ = 1 (±1e-9), Σw > 0. */
export function checkIofiWeights(w: IofiWeights): void {
  if (!Number.isInteger(w.levels) || w.levels < 1) throw new RangeError(`iofi levels must be an integer >= 1, was ${w.levels}`);
  if (w.weights.length !== w.levels) throw new RangeError(`iofi needs ${w.levels} weights, has ${w.weights.length}`);
  let l1 = 0;
  let sum = 0;
  for (const x of w.weights) {
    if (!Number.isFinite(x)) throw new RangeError(`iofi weight ${x} is not finite`);
    l1 += Math.abs(x);
    sum += x;
  }
  if (Math.abs(l1 - 1) > 1e-9) throw new RangeError(`iofi weights must have l1 norm 1, have ${l1}`);
  if (!(sum > 0)) throw new RangeError('iofi weights must have a positive sum (PCA sign fixed so that Σw > 0)');
}

/** The defaults with `overrides` applied, checked (throws RangeError on a bad value). */
export function makeFlowParams(overrides: Partial<FlowParams> = {}): FlowParams {
  const p: FlowParams = { ...DEFAULT_FLOW_PARAMS, ...overrides };
  for (const k of ['windowMs', 'iofiLongWindowMs', 'tauAdMs', 'barMs'] as const) {
    if (!(p[k] > 0) || !Number.isFinite(p[k])) throw new RangeError(`${k} must be a finite number > 0, was ${p[k]}`);
  }
  if (!Number.isInteger(p.lambdaBars) || !Number.isInteger(p.lambdaMinBars) || p.lambdaMinBars < 2 || p.lambdaMinBars > p.lambdaBars) {
    throw new RangeError('lambdaBars and lambdaMinBars must be integers with 2 <= lambdaMinBars <= lambdaBars');
  }
  return p;
}

/** EMA_last (Eckner): x̄ ← a·x̄ + (1−a)·x_prev, a = exp(−Δt/τ); starts at the first value. */
class EmaLast {
  value = NaN;
  private prev = NaN;
  private tPrev = NaN;
  constructor(private readonly tauMs: number) {}
  update(t: number, x: number): void {
    if (Number.isNaN(this.value)) {
      this.value = x;
    } else {
      const a = Math.exp(-Math.max(0, t - this.tPrev) / this.tauMs);
      this.value = a * this.value + (1 - a) * this.prev;
    }
    this.prev = x;
    this.tPrev = t;
  }
}

export class FlowFeatures implements StatefulFeature {
  readonly params: FlowParams;
  readonly iofi: IofiWeights;
  /** Levels read per side and message: max(5, iOFI levels). */
  readonly levels: number;
  private prev: LevelSnapshot;
  private cur: LevelSnapshot;
  private hasPrev = false;
  private readonly e: Float64Array;
  private readonly windows: OfiWindows;
  private readonly ad1: EmaLast;
  private readonly adM: EmaLast;
  private readonly lambda: OfiLambda;
  /** Mid after the last book message (NaN while invalid or before the first). */
  private lastMid = NaN;

  constructor(params: Partial<FlowParams> = {}, iofi: IofiWeights = DEFAULT_IOFI_WEIGHTS) {
    this.params = makeFlowParams(params);
    checkIofiWeights(iofi);
    this.iofi = iofi;
    this.levels = Math.max(5, iofi.levels);
    this.prev = new LevelSnapshot(this.levels);
    this.cur = new LevelSnapshot(this.levels);
    this.e = new Float64Array(this.levels);
    this.windows = new OfiWindows(this.levels, [this.params.windowMs, this.params.iofiLongWindowMs]);
    this.ad1 = new EmaLast(this.params.tauAdMs);
    this.adM = new EmaLast(this.params.tauAdMs);
    this.lambda = new OfiLambda(this.params.barMs, this.params.lambdaBars, this.params.lambdaMinBars);
  }

  /** A gap empties the book: bars closing after it see an invalid mid, and the next flow starts afresh. */
  onGap(tMs: number): void {
    this.lambda.advance(tMs, this.lastMid, this.ad1.value);
    this.lastMid = NaN;
    this.hasPrev = false;
  }

  onTrade(t: TradeEvent): void {
    this.lambda.advance(t.tMs, this.lastMid, this.ad1.value);
  }

  beforeBook(s: BookState): void {
    this.lambda.advance(s.tMs, this.lastMid, this.ad1.value);
  }

  afterBook(s: BookState, row: Float64Array): number {
    const t = s.tMs;
    // Bars end before this message (also when beforeBook was not called).
    this.lambda.advance(t, this.lastMid, this.ad1.value);
    this.windows.evict(t);
    if (!s.valid) {
      this.hasPrev = false;
      this.lastMid = NaN;
      for (const c of FLOW_COLUMNS) row[c] = NaN;
      return 0;
    }
    this.cur.read(s.bids, s.asks);
    let flags = 0;
    if (this.hasPrev && !s.resync) {
      if (cksLevels(this.prev, this.cur, this.e)) this.windows.push(t, this.e);
      this.lambda.addFlow(this.e[0]);
    } else {
      flags = FLAG_OFI_RESET;
    }
    const swap = this.prev;
    this.prev = this.cur;
    this.cur = swap;
    this.hasPrev = true;
    this.lastMid = s.mid;

    const M = this.iofi.levels;
    this.ad1.update(t, (this.prev.topLots(true, 1) + this.prev.topLots(false, 1)) / 2);
    this.adM.update(t, (this.prev.topLots(true, M) + this.prev.topLots(false, M)) / (2 * M));

    const lot = s.inst.lot;
    const w = this.windows;
    row[C.ofi] = gridValue(w.sum(0, 0), lot);
    row[C.ofiNorm] = this.ad1.value > 0 ? w.sum(0, 0) / this.ad1.value : NaN;
    for (let m = 2; m <= 5; m++) row[C.mlofi[m - 2]] = gridValue(w.sum(0, m - 1), lot);
    row[C.iofiShort] = this.integrated(0);
    row[C.iofiLong] = this.integrated(1);
    row[C.lambda] = this.lambda.value;
    return flags;
  }

  /** (Σ_m w_m·OFI^m_W)/ĀD_M over window w, from lot sums (unit-free). */
  private integrated(win: number): number {
    const ad = this.adM.value;
    if (!(ad > 0)) return NaN;
    let s = 0;
    for (let m = 0; m < this.iofi.levels; m++) s += this.iofi.weights[m] * this.windows.sum(win, m);
    return s / ad;
  }
}
