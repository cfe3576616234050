/**
 * One store, one instrument and one feature configuration: what an ingest must
 * match before it may add rows, and the conversions between the engine's
 * Instrument and the store's record of it.
 */
import { storeErrors } from '../errors.js';
import { gridText, parseGrid } from '../feed/decimal.js';
import type { Exchange, Instrument, Market } from '../feed/instrument.js';
import { FEATURE_SET_VERSION } from '../features/registry.js';
import type { StoreHht, StoreInstrument, StoreMeta } from './schema.js';

/** The store's record of an instrument. */
export function storeInstrument(i: Instrument): StoreInstrument {
  return { exchange: i.exchange, market: i.market, symbol: i.symbol, tick: gridText(i.tick), lot: gridText(i.lot) };
}

/** The instrument of a store's rows (for recomputing them from raw). */
export function instrumentOf(meta: StoreMeta): Instrument {
  const s = meta.instrument;
  return {
    exchange: s.exchange as Exchange, market: s.market as Market, symbol: s.symbol,
    tick: parseGrid(s.tick)!, lot: parseGrid(s.lot)!, known: true,
  };
}

function describe(i: StoreInstrument): string {
  return `${i.exchange} ${i.market} ${i.symbol} (tick ${i.tick}, lot ${i.lot})`;
}

/** What an ingest would write, to hold against the store's meta. */
export interface IngestShape {
  instrument: Instrument;
  extended: boolean;
  /** HHT settings of the rows (null: no HHT columns). */
  hht: StoreHht | null;
  columns: readonly string[];
  calibrationSha256: string | null;
}

/** The store's record of HHT settings, or undefined when HHT is off. */
export function storeHht(o: { sampleMs: number; n: number; k: number; mode: StoreHht['mode'] } | undefined): StoreHht | undefined {
  return o ? { sampleMs: o.sampleMs, n: o.n, k: o.k, mode: o.mode } : undefined;
}

function describeHht(h: StoreHht | null): string {
  return h ? `(features.hht: k ${h.k}, n ${h.n}, sampleMs ${h.sampleMs}, mode ${h.mode})` : '(none: features.hht.enabled false)';
}

/** Throws a StoreError naming the first difference between the store and the ingest. */
export function checkCompatible(dir: string, meta: StoreMeta, shape: IngestShape): void {
  const want = storeInstrument(shape.instrument);
  const have = meta.instrument;
  if (want.exchange !== have.exchange || want.market !== have.market || want.symbol !== have.symbol || want.tick !== have.tick || want.lot !== have.lot) {
    throw storeErrors.incompatible(dir, 'instrument', describe(have), describe(want));
  }
  if (meta.extended !== shape.extended) {
    const set = (x: boolean): string => (x ? 'the extended set (features.extended: true)' : 'the core set (features.extended: false)');
    throw storeErrors.incompatible(dir, 'feature columns', set(meta.extended), set(shape.extended));
  }
  const hht = meta.hht ?? null;
  if (describeHht(hht) !== describeHht(shape.hht)) throw storeErrors.incompatible(dir, 'HHT columns', describeHht(hht), describeHht(shape.hht));
  // A store waiting for a recompute takes the new calibration with the new feature set.
  const recomputePending = meta.featureSetVersion < FEATURE_SET_VERSION && !meta.recompute;
  if (!recomputePending && meta.calibrationSha256 !== shape.calibrationSha256) {
    const cal = (x: string | null): string => (x === null ? 'no calibration (defaults)' : `calibration sha256 ${x.slice(0, 12)}…`);
    throw storeErrors.incompatible(dir, 'calibration', cal(meta.calibrationSha256), cal(shape.calibrationSha256));
  }
  if (meta.featureSetVersion > FEATURE_SET_VERSION) throw storeErrors.featuresTooNew(dir, meta.featureSetVersion, FEATURE_SET_VERSION);
  if (meta.featureSetVersion === FEATURE_SET_VERSION && !meta.recompute && meta.columns.join(',') !== shape.columns.join(',')) {
    throw storeErrors.incompatible(dir, 'feature columns', `${meta.columns.length} columns`, `${shape.columns.length} columns at the same feature-set version ${FEATURE_SET_VERSION}`);
  }
}
