/** Tiny books for the feature tests: built through ReferenceBook, read as SideViews. */
import assert from 'node:assert/strict';
import { ReferenceBook } from '../../src/book/reference.js';
import type { SideView } from '../../src/book/types.js';
import type { Instrument } from '../../src/feed/instrument.js';
import { CORE_FEATURES, FEATURE_INDEX } from '../../src/features/registry.js';
import { computeStatic, type StaticParams } from '../../src/features/static.js';
import { writeMsgs } from '../helpers/records.js';

/** BTCUSDT-like grid: 0.1 USD tick, 0.001 BTC lot. */
export const BTC: Instrument = {
  exchange: 'bybit', market: 'linear', symbol: 'BTCUSDT', tick: { units: 1, decimals: 1 }, lot: { units: 1, decimals: 3 }, known: true,
};
/** 1 USD tick, 1 BTC lot: integer prices and sizes, for exact band edges. */
export const UNIT: Instrument = {
  exchange: 'bybit', market: 'linear', symbol: 'TEST', tick: { units: 1, decimals: 0 }, lot: { units: 1, decimals: 0 }, known: true,
};

/** [price in ticks, size in lots], best first. */
export type Lvl = readonly [number, number];

const kernel = new ReferenceBook({ depth: 1, recordCapacity: 4096, outputCapacity: 16 });
let nextId = 1;

/**
 * Replaces the shared reference book with a snapshot of these levels and returns its
 * views (valid until the next call).
 */
export function book(bids: readonly Lvl[], asks: readonly Lvl[]): { bids: SideView; asks: SideView } {
  const id = nextId++;
  const levels = [
    ...bids.map(([px, qty]) => ({ bid: true, px, qty })),
    ...asks.map(([px, qty]) => ({ bid: false, px, qty })),
  ];
  const n = writeMsgs(kernel, [{ kind: 'snapshot', id, first: id, prev: -1, levels, tsMs: 1 }]);
  assert.equal(kernel.applyBatch(n), 1);
  return { bids: kernel.bidView, asks: kernel.askView };
}

/** Sentinel written into every column before a call, to see what was touched. */
export const SENTINEL = -12345.5;

export interface Row {
  readonly row: Float64Array;
  readonly flags: number;
  /** The value of a feature by name. */
  get(name: string): number;
}

/** computeStatic on a fresh book, into a row pre-filled with SENTINEL. */
export function features(bids: readonly Lvl[], asks: readonly Lvl[], inst: Instrument = BTC, params?: StaticParams): Row {
  const b = book(bids, asks);
  const row = new Float64Array(CORE_FEATURES.length).fill(SENTINEL);
  const flags = computeStatic(b.bids, b.asks, inst, row, params);
  return {
    row, flags, get: (name: string) => {
      const i = FEATURE_INDEX[name];
      assert.notEqual(i, undefined, `unknown feature ${name}`);
      return row[i];
    },
  };
}

/** |a − e| <= tol·max(1, |e|), with both NaN counting as equal. */
export function close(actual: number, expected: number, msg = '', tol = 1e-12): void {
  if (Number.isNaN(expected)) { assert.ok(Number.isNaN(actual), `${msg}: expected NaN, got ${actual}`); return; }
  assert.ok(Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected)), `${msg}: expected ${expected}, got ${actual}`);
}
