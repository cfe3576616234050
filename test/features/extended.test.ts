/**
 * The extended set (registry EXTENDED_FEATURES, src/features/extended.ts): raw
 * ladder in DeepLOB order, extra depth / imbalance / VAMP bands — hand-computed on
 * tiny books, plus the switch (config features.extended) and the column order.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeExtended } from '../../src/features/extended.js';
import {
  ALL_FEATURES, CORE_FEATURES, EXTENDED_FEATURES, FEATURE_INDEX, featureDefs, LADDER_LEVELS,
} from '../../src/features/registry.js';
import { createFeatureEngine } from '../../src/features/modules.js';
import { loadConfig } from '../../src/config/load.js';
import { ROW_STRIDE, ROW_STRIDE_EXTENDED, rowStride } from '../../src/layout/feature-row.js';
import { book, BTC, close, UNIT } from './fixtures.js';

function ext(bids: ReadonlyArray<readonly [number, number]>, asks: ReadonlyArray<readonly [number, number]>, inst = BTC) {
  const b = book(bids, asks);
  const row = new Float64Array(ALL_FEATURES.length).fill(-1);
  computeExtended(b.bids, b.asks, inst, row);
  return { row, get: (name: string) => row[FEATURE_INDEX[name]] };
}

test('the extended columns follow the core ones, 4 per ladder level then 3 per band then VAMP', () => {
  assert.equal(EXTENDED_FEATURES.length, 4 * LADDER_LEVELS + 3 * 5 + 2);
  assert.equal(FEATURE_INDEX.lob_ask_px_1, CORE_FEATURES.length);
  assert.deepEqual(ALL_FEATURES.slice(CORE_FEATURES.length, CORE_FEATURES.length + 4).map((d) => d.name),
    ['lob_ask_px_1', 'lob_ask_qty_1', 'lob_bid_px_1', 'lob_bid_qty_1']);
  assert.equal(new Set(ALL_FEATURES.map((d) => d.name)).size, ALL_FEATURES.length, 'names are unique');
  assert.equal(featureDefs(false), CORE_FEATURES);
  assert.equal(rowStride(false), ROW_STRIDE);
  assert.equal(rowStride(true), ROW_STRIDE + EXTENDED_FEATURES.length);
});

test('ladder: prices and sizes of the first levels, best first; NaN past the last level', () => {
  // bids 100.0 × 0.002, 99.8 × 0.010 / asks 100.1 × 0.003, 100.5 × 1.250, 101.0 × 0.001
  const r = ext([[1000, 2], [998, 10]], [[1001, 3], [1005, 1250], [1010, 1]]);
  assert.equal(r.get('lob_bid_px_1'), 100);
  assert.equal(r.get('lob_bid_qty_1'), 0.002);
  assert.equal(r.get('lob_bid_px_2'), 99.8);
  assert.equal(r.get('lob_bid_qty_2'), 0.01);
  assert.ok(Number.isNaN(r.get('lob_bid_px_3')) && Number.isNaN(r.get('lob_bid_qty_3')));
  assert.equal(r.get('lob_ask_px_1'), 100.1);
  assert.equal(r.get('lob_ask_qty_2'), 1.25);
  assert.equal(r.get('lob_ask_px_3'), 101);
  assert.ok(Number.isNaN(r.get('lob_ask_px_4')) && Number.isNaN(r.get(`lob_ask_qty_${LADDER_LEVELS}`)));
});

test('extra bands are inclusive at the edge, measured from the mid; VAMP at 1 and 25 bps', () => {
  // 1 USD tick, 1 lot: m = 10000 exactly, so a level at p has d = |m − p| bps exactly.
  const bids: Array<[number, number]> = [[9999, 1], [9990, 2], [9989, 4], [9950, 8], [9900, 16], [9750, 32], [9749, 64]];
  const asks: Array<[number, number]> = [[10001, 3], [10010, 5], [10050, 7], [10100, 9], [10250, 11], [10251, 13]];
  const r = ext(bids, asks, UNIT);
  // d(bids) = 1, 10, 11, 50, 100, 250, 251; d(asks) = 1, 10, 50, 100, 250, 251.
  const expect: Record<number, [number, number]> = {
    1: [1, 3], 10: [1 + 2, 3 + 5], 50: [1 + 2 + 4 + 8, 3 + 5 + 7], 100: [1 + 2 + 4 + 8 + 16, 3 + 5 + 7 + 9],
    250: [1 + 2 + 4 + 8 + 16 + 32, 3 + 5 + 7 + 9 + 11],
  };
  for (const [beta, [db, da]] of Object.entries(expect)) {
    assert.equal(r.get(`depth_bid_${beta}bps`), db, `bid ${beta}`);
    assert.equal(r.get(`depth_ask_${beta}bps`), da, `ask ${beta}`);
    close(r.get(`imb_${beta}bps`), (db - da) / (db + da), `imb ${beta}`);
  }
  // VAMP_1: one level a side → (9999·3 + 10001·1)/4 (cross-weighted by the other side's depth).
  close(r.get('vamp_px_1bps'), (9999 * 3 + 10001 * 1) / 4, 'vamp 1');
  // VAMP_25: bids 9999, 9990, 9989 (d ≤ 25); asks 10001, 10010.
  const pb = (9999 * 1 + 9990 * 2 + 9989 * 4) / 7;
  const pa = (10001 * 3 + 10010 * 5) / 8;
  close(r.get('vamp_px_25bps'), (pb * 8 + pa * 7) / 15, 'vamp 25');
});

test('invalid books give NaN in every extended column; a locked book is valid', () => {
  for (const [bids, asks] of [[[], [[1001, 1]]], [[[1000, 1]], []], [[[1002, 1]], [[1001, 1]]]] as const) {
    const r = ext(bids, asks);
    assert.ok(r.row.subarray(CORE_FEATURES.length).every(Number.isNaN));
  }
  const locked = ext([[1000, 2]], [[1000, 1]]);
  assert.equal(locked.get('lob_bid_px_1'), 100);
  assert.equal(locked.get('depth_bid_1bps'), 0.002);
  close(locked.get('imb_1bps'), (2 - 1) / 3, 'imb locked');
});

test('features.extended switches the engine between 51 and 108 columns', () => {
  assert.equal(loadConfig(undefined, [], {}).features.extended, false);
  assert.equal(loadConfig(undefined, [[['features', 'extended'], true]], {}).features.extended, true);
  const core = createFeatureEngine(BTC);
  const full = createFeatureEngine(BTC, { extended: true });
  assert.equal(core.rowStride, ROW_STRIDE);
  assert.equal(full.rowStride, ROW_STRIDE_EXTENDED);
  assert.equal(full.output.length, full.outputCapacity * ROW_STRIDE_EXTENDED);
});
