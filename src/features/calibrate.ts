/**
 * `btc-engine calibrate`, library side (docs/FEATURES.md "Calibration"): a
 * StatefulFeature that collects, while a recording runs through the feature
 * engine, what the three offline-calibrated parameters need; the fit; and the
 * calibration file format with its validating loader.
 */
import { readFileSync } from 'node:fs';
import { gridText } from '../feed/decimal.js';
import type { Instrument } from '../feed/instrument.js';
import { imbalance } from './depth.js';
import { checkIofiWeights, DEFAULT_IOFI_WEIGHTS, type IofiWeights } from './flow.js';
import { cksLevels, LevelSnapshot } from './flow-ofi.js';
import { checkMicropriceTable, DEFAULT_MICROPRICE_TABLE, imbalanceBucket, type MicropriceTable } from './microprice.js';
import { FEATURE_SET_VERSION } from './registry.js';
import type { BookState, StatefulFeature, TradeEvent } from './stateful.js';
import { firstPrincipalComponent, covariance, stoikovAdjustments, symmetricQuantileEdges, TransitionCounts, vpinBucketLotsFromVolume } from './calibrate-math.js';
import { gridValue } from './units.js';

export const CALIBRATION_VERSION = 1;
const IOFI_LEVELS = DEFAULT_IOFI_WEIGHTS.levels;
const MIN_IOFI_BARS = 30;
const BAR_MS = 1000;
const N_IMB = 10;
const SPREAD_STATES = [1, 2];
const VPIN_BUCKETS = 50;

export interface Calibration {
  version: number;
  featureSetVersion: number;
  instrument: { exchange: string; market: string; symbol: string; tick: string; lot: string };
  range: { firstMs: number; lastMs: number };
  vpinBucketBtc: number;
  iofi: IofiWeights;
  microprice: MicropriceTable;
  stats: Record<string, unknown>;
}

/** Growable float column. */
class Column {
  a = new Float64Array(1024);
  n = 0;
  push(x: number): void {
    if (this.n === this.a.length) { const b = new Float64Array(this.a.length * 2); b.set(this.a); this.a = b; }
    this.a[this.n++] = x;
  }
}

/** Collects trades, 1 s multi-level OFI bars and the micro-price sample (no columns written). */
export class CalibrationCollector implements StatefulFeature {
  firstMs = NaN;
  lastMs = NaN;
  tradeLots = 0;
  trades = 0;
  /** Per 1 s bar: OFI^m / mean depth, m = 1..10. */
  readonly bars: number[][] = [];
  private readonly prev = new LevelSnapshot(IOFI_LEVELS);
  private readonly cur = new LevelSnapshot(IOFI_LEVELS);
  private readonly e = new Float64Array(IOFI_LEVELS);
  private havePrev = false;
  private bar = NaN;
  private readonly barOfi = new Float64Array(IOFI_LEVELS);
  private barDepth = 0;
  private barMsgs = 0;
  /** Micro-price sample per valid message: ρ, spread (ticks), mid (ticks), linked to the previous sample. */
  readonly rho = new Column();
  readonly spread = new Column();
  readonly mid = new Column();
  readonly linked = new Column();
  private lastValid = false;

  private time(t: number): void {
    if (Number.isNaN(this.firstMs)) this.firstMs = t;
    this.lastMs = t;
  }

  onTrade(t: TradeEvent): void {
    this.time(t.tMs);
    this.tradeLots += t.qtyLots;
    this.trades++;
  }

  onGap(tMs: number): void {
    this.time(tMs);
    this.havePrev = false;
    this.lastValid = false;
  }

  afterBook(s: BookState): number {
    this.time(s.tMs);
    const bar = Math.floor(s.tMs / BAR_MS);
    if (bar !== this.bar) { this.closeBar(); this.bar = bar; }
    if (!s.valid) { this.havePrev = false; this.lastValid = false; return 0; }
    this.cur.read(s.bids, s.asks);
    if (this.havePrev && !s.resync) {
      cksLevels(this.prev, this.cur, this.e);
      for (let m = 0; m < IOFI_LEVELS; m++) this.barOfi[m] += this.e[m];
    }
    this.barDepth += (this.cur.topLots(true, IOFI_LEVELS) + this.cur.topLots(false, IOFI_LEVELS)) / (2 * IOFI_LEVELS);
    this.barMsgs++;
    this.prev.copyFrom(this.cur);
    this.havePrev = true;

    const b = s.bids.best();
    const a = s.asks.best();
    const imb1 = imbalance(s.bids.qty(b), s.asks.qty(a));
    this.rho.push((1 + imb1) / 2);
    this.spread.push(a - b);
    this.mid.push((a + b) / 2);
    this.linked.push(this.lastValid && !s.resync ? 1 : 0);
    this.lastValid = true;
    return 0;
  }

  /** Closes the last bar; call once after the stream. */
  finish(): void {
    this.closeBar();
  }

  private closeBar(): void {
    if (this.barMsgs > 0) {
      const depth = this.barDepth / this.barMsgs;
      if (depth > 0) this.bars.push(Array.from(this.barOfi, (x) => x / depth));
    }
    this.barOfi.fill(0);
    this.barDepth = 0;
    this.barMsgs = 0;
  }
}

export interface FitResult {
  calibration: Calibration;
  warnings: string[];
}

/** The calibration from a finished collector. */
export function fitCalibration(c: CalibrationCollector, inst: Instrument): FitResult {
  const warnings: string[] = [];
  // 1. VPIN bucket.
  const spanMs = c.lastMs - c.firstMs;
  if (!(spanMs > 0)) warnings.push('the data spans no time: VPIN bucket = total volume / 50, not scaled to 24 h');
  const bucketLots = vpinBucketLotsFromVolume(c.tradeLots, spanMs, VPIN_BUCKETS);
  const vpinBucketBtc = gridValue(bucketLots, inst.lot);
  // 2. iOFI weights.
  let iofi: IofiWeights = DEFAULT_IOFI_WEIGHTS;
  let iofiFitted = false;
  if (c.bars.length < MIN_IOFI_BARS) {
    warnings.push(`only ${c.bars.length} one-second bars (< ${MIN_IOFI_BARS}): iOFI weights left equal`);
  } else {
    const w = firstPrincipalComponent(covariance(c.bars, IOFI_LEVELS));
    if (w) { iofi = { levels: IOFI_LEVELS, weights: w }; iofiFitted = true; } else warnings.push('the OFI covariance is zero: iOFI weights left equal');
  }
  // 3. Micro-price table.
  const micro = fitMicroprice(c);
  warnings.push(...micro.warnings);
  const calibration: Calibration = {
    version: CALIBRATION_VERSION,
    featureSetVersion: FEATURE_SET_VERSION,
    instrument: { exchange: inst.exchange, market: inst.market, symbol: inst.symbol, tick: gridText(inst.tick), lot: gridText(inst.lot) },
    range: { firstMs: c.firstMs, lastMs: c.lastMs },
    vpinBucketBtc,
    iofi: { levels: iofi.levels, weights: [...iofi.weights] },
    microprice: micro.table,
    stats: {
      trades: c.trades, tradedLots: c.tradeLots, spanMs, vpinBucketLots: bucketLots,
      iofiBars: c.bars.length, iofiFitted, ...micro.stats,
    },
  };
  return { calibration, warnings };
}

interface MicroFit { table: MicropriceTable; stats: Record<string, number | boolean>; warnings: string[] }

function fitMicroprice(c: CalibrationCollector): MicroFit {
  const n = c.rho.n;
  const inState = (i: number): number => SPREAD_STATES.indexOf(c.spread.a[i]);
  const sample: number[] = [];
  for (let i = 0; i < n; i++) if (inState(i) >= 0) { sample.push(c.rho.a[i], 1 - c.rho.a[i]); }
  sample.sort((a, b) => a - b);
  const warnings: string[] = [];
  const edges = sample.length > 1 ? symmetricQuantileEdges(sample, N_IMB) : [];
  if (edges.length === 0) {
    warnings.push('no book with a 1- or 2-tick spread: micro-price table left at 0');
    return { table: DEFAULT_MICROPRICE_TABLE, stats: { microFitted: false }, warnings };
  }
  if (edges.length !== N_IMB - 1) warnings.push(`imbalance quantiles collide: ${edges.length + 1} buckets instead of ${N_IMB}`);
  const nb = edges.length + 1;
  const counts = new TransitionCounts(SPREAD_STATES.length * nb);
  let transitions = 0;
  let droppedMove = 0;
  let droppedSpread = 0;
  let kept = 0;
  const state = (i: number): number => inState(i) * nb + imbalanceBucket(edges, c.rho.a[i]);
  const mirror = (x: number): number => Math.floor(x / nb) * nb + (nb - 1 - (x % nb));
  for (let i = 1; i < n; i++) {
    if (c.linked.a[i] !== 1) continue;
    transitions++;
    if (inState(i - 1) < 0 || inState(i) < 0) { droppedSpread++; continue; }
    const dm = c.mid.a[i] - c.mid.a[i - 1];
    if (Math.abs(dm) > 1) { droppedMove++; continue; }
    const x = state(i - 1);
    const y = state(i);
    counts.add(x, y, dm);
    counts.add(mirror(x), mirror(y), dm === 0 ? 0 : -dm);
    kept++;
  }
  const g = stoikovAdjustments(counts);
  const table: MicropriceTable = {
    imbalanceEdges: edges,
    spreadTicks: [...SPREAD_STATES],
    adjustmentTicks: SPREAD_STATES.map((_, s) => g.slice(s * nb, (s + 1) * nb)),
  };
  const inStateTransitions = transitions - droppedSpread;
  return {
    table,
    stats: {
      microFitted: true, microTransitions: transitions, microKept: kept,
      microDroppedOutsideStates: droppedSpread, microDroppedLargeMove: droppedMove,
      microDroppedLargeMoveFraction: inStateTransitions > 0 ? droppedMove / inStateTransitions : 0,
    },
    warnings,
  };
}

function fail(where: string, field: string, msg: string): never {
  throw new RangeError(`calibration ${where}: ${field} ${msg}`);
}

/** Validates parsed JSON as a Calibration; errors name the field. */
export function parseCalibration(j: unknown, where = '(inline)'): Calibration {
  if (typeof j !== 'object' || j === null || Array.isArray(j)) fail(where, 'file', 'must be a JSON object');
  const o = j as Record<string, unknown>;
  if (o.version !== CALIBRATION_VERSION) fail(where, 'version', `must be ${CALIBRATION_VERSION}, was ${JSON.stringify(o.version)}`);
  if (o.featureSetVersion !== FEATURE_SET_VERSION) {
    fail(where, 'featureSetVersion', `must be ${FEATURE_SET_VERSION} (this engine), was ${JSON.stringify(o.featureSetVersion)}`);
  }
  const inst = o.instrument as Record<string, unknown> | undefined;
  if (typeof inst !== 'object' || inst === null) fail(where, 'instrument', 'must be an object');
  for (const k of ['exchange', 'market', 'symbol', 'tick', 'lot']) if (typeof inst[k] !== 'string') fail(where, `instrument.${k}`, 'must be a string');
  const range = o.range as Record<string, unknown> | undefined;
  if (typeof range !== 'object' || range === null) fail(where, 'range', 'must be an object');
  for (const k of ['firstMs', 'lastMs']) if (typeof range[k] !== 'number') fail(where, `range.${k}`, 'must be a number');
  if (typeof o.vpinBucketBtc !== 'number' || !Number.isFinite(o.vpinBucketBtc) || !(o.vpinBucketBtc > 0)) {
    fail(where, 'vpinBucketBtc', `must be a positive finite number, was ${JSON.stringify(o.vpinBucketBtc)}`);
  }
  const iofi = o.iofi as Record<string, unknown> | undefined;
  if (typeof iofi !== 'object' || iofi === null) fail(where, 'iofi', 'must be an object');
  if (typeof iofi.levels !== 'number') fail(where, 'iofi.levels', 'must be a number');
  if (!Array.isArray(iofi.weights) || !iofi.weights.every((x) => typeof x === 'number')) fail(where, 'iofi.weights', 'must be an array of numbers');
  try { checkIofiWeights(iofi as unknown as IofiWeights); } catch (err) { fail(where, 'iofi:', (err as Error).message); }
  const mp = o.microprice as Record<string, unknown> | undefined;
  if (typeof mp !== 'object' || mp === null) fail(where, 'microprice', 'must be an object');
  if (!Array.isArray(mp.imbalanceEdges) || !mp.imbalanceEdges.every((x) => typeof x === 'number')) fail(where, 'microprice.imbalanceEdges', 'must be an array of numbers');
  if (!Array.isArray(mp.spreadTicks) || !mp.spreadTicks.every((x) => typeof x === 'number')) fail(where, 'microprice.spreadTicks', 'must be an array of numbers');
  if (!Array.isArray(mp.adjustmentTicks) || !mp.adjustmentTicks.every((r) => Array.isArray(r) && r.every((x) => typeof x === 'number'))) {
    fail(where, 'microprice.adjustmentTicks', 'must be an array of arrays of numbers');
  }
  try { checkMicropriceTable(mp as unknown as MicropriceTable); } catch (err) { fail(where, 'microprice:', (err as Error).message); }
  const stats = typeof o.stats === 'object' && o.stats !== null ? o.stats as Record<string, unknown> : {};
  return {
    version: CALIBRATION_VERSION, featureSetVersion: FEATURE_SET_VERSION,
    instrument: inst as Calibration['instrument'], range: range as Calibration['range'],
    vpinBucketBtc: o.vpinBucketBtc, iofi: iofi as unknown as IofiWeights, microprice: mp as unknown as MicropriceTable, stats,
  };
}

/** Reads and validates a calibration file (RangeError naming the field, or the read/parse problem). */
export function loadCalibration(file: string): Calibration {
  let text: string;
  try { text = readFileSync(file, 'utf8'); } catch (err) { throw new RangeError(`cannot read calibration ${file}: ${(err as Error).message}`); }
  let j: unknown;
  try { j = JSON.parse(text); } catch (err) { throw new RangeError(`calibration ${file}: not JSON: ${(err as Error).message}`); }
  return parseCalibration(j, file);
}
