/**
 * Helpers for the trade-feature tests: synthetic BookStates for calling TradeFeatures
 * directly, and a record writer for FeatureEngine runs with trades of a chosen side,
 * price and size (test/helpers/records.ts writes every trade as a 1-lot buy at 100).
 */
import type { BookKernel, SideView } from '../../src/book/types.js';
import type { Instrument } from '../../src/feed/instrument.js';
import { FEATURE_INDEX } from '../../src/features/registry.js';
import type { BookState, StatefulFeature } from '../../src/features/stateful.js';
import {
  DEPTH_SEQ_PREV, DEPTH_SNAPSHOT, KIND_DEPTH, KIND_LEVEL, KIND_TRADE, SIDE_ASK, SIDE_BID, SIDE_BUY, SIDE_SELL,
} from '../../src/layout/event.js';
import { recordPutter, type Level } from '../helpers/records.js';

const EMPTY: SideView = { count: 0, best: () => 0, next: () => 0, qty: () => 0 };

/**
 * A BookState at `tMs` whose mid is `mid` (NaN = invalid book). TradeFeatures reads
 * only tMs, valid, mid and inst, so the side views are empty stubs.
 */
export function st(tMs: number, mid: number, inst: Instrument, resync = false): BookState {
  return { tMs, bids: EMPTY, asks: EMPTY, inst, valid: !Number.isNaN(mid), mid, resync };
}

/** Calls beforeBook + afterBook for one book message and returns the row. */
export function row(m: StatefulFeature, s: BookState): { row: Float64Array; get(name: string): number } {
  const r = new Float64Array(51).fill(NaN);
  m.beforeBook?.(s);
  m.afterBook(s, r);
  return { row: r, get: (name: string) => r[FEATURE_INDEX[name]] };
}

export type Ev =
  | { kind: 'trade'; tsMs: number; buy: boolean; px: number; qty: number }
  | { kind: 'snapshot' | 'diff'; tsMs: number; id: number; first: number; prev: number; levels: Level[] };

/** Writes `evs` as records into `k` (from record 0); returns the record count. */
export function writeEvents(k: BookKernel, evs: Ev[]): number {
  const w = recordPutter(k);
  const put = w.put;
  for (const e of evs) {
    if (e.kind === 'trade') { put(KIND_TRADE | (e.buy ? SIDE_BUY : SIDE_SELL), 0, e.tsMs, e.px, e.qty, 0, 0, 0); continue; }
    const flags = KIND_DEPTH | (e.kind === 'snapshot' ? DEPTH_SNAPSHOT : 0) | (e.prev >= 0 ? DEPTH_SEQ_PREV : 0);
    put(flags, e.levels.length, e.tsMs, 0, 0, e.id, e.first, e.prev);
    for (const l of e.levels) put(KIND_LEVEL | (l.bid ? SIDE_BID : SIDE_ASK), 0, e.tsMs, l.px, l.qty, 0, 0, 0);
  }
  return w.count;
}
