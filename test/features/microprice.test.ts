/** Micro-price table lookup: default = mid, buckets, spread-state clamping, locked book, table checks. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkMicropriceTable, DEFAULT_MICROPRICE_TABLE, imbalanceBucket, spreadState, type MicropriceTable,
} from '../../src/features/microprice.js';
import { makeStaticParams } from '../../src/features/static.js';
import { BTC, features } from './fixtures.js';

test('default table: 10 buckets, states 1 and 2 ticks, all adjustments 0 → microprice = mid', () => {
  checkMicropriceTable(DEFAULT_MICROPRICE_TABLE);
  assert.equal(DEFAULT_MICROPRICE_TABLE.imbalanceEdges.length, 9);
  assert.deepEqual([...DEFAULT_MICROPRICE_TABLE.spreadTicks], [1, 2]);
  for (const row of DEFAULT_MICROPRICE_TABLE.adjustmentTicks) assert.deepEqual([...row], new Array(10).fill(0));
  const books: Array<[Array<[number, number]>, Array<[number, number]>]> = [
    [[[1000, 2000], [999, 1000]], [[1001, 3000]]],
    [[[1000, 9000]], [[1001, 1]]],
    [[[1000, 1]], [[1009, 9000]]],
    [[[651142, 500]], [[651143, 1250]]],
  ];
  for (const [b, a] of books) {
    const r = features(b, a);
    assert.equal(r.get('microprice_px'), r.get('mid_px'));
  }
});

test('bucket = number of inner edges <= ρ; spread state = nearest (ties → smaller)', () => {
  const edges = [0.3, 0.7];
  assert.equal(imbalanceBucket(edges, 0), 0);
  assert.equal(imbalanceBucket(edges, 0.29), 0);
  assert.equal(imbalanceBucket(edges, 0.3), 1); // an edge belongs to the bucket above it
  assert.equal(imbalanceBucket(edges, 0.5), 1);
  assert.equal(imbalanceBucket(edges, 0.7), 2);
  assert.equal(imbalanceBucket(edges, 1), 2);
  assert.equal(spreadState([1, 2], 1), 0);
  assert.equal(spreadState([1, 2], 2), 1);
  assert.equal(spreadState([1, 2], 7), 1); // above the table → last state
  assert.equal(spreadState([2, 3], 1), 0); // below the table → first state
  assert.equal(spreadState([1, 3], 2), 0); // tie → the smaller state
});

// g* in ticks: rows = spread states 1 and 2 ticks, columns = buckets ρ < 0.3, [0.3, 0.7), ≥ 0.7
const TABLE: MicropriceTable = {
  imbalanceEdges: [0.3, 0.7],
  spreadTicks: [1, 2],
  adjustmentTicks: [[-0.5, 0, 0.5], [-1, 0.25, 1]],
};

test('calibrated table: microprice = mid + g*(ρ, S)·δ with clamping and a locked book', () => {
  const p = makeStaticParams({ microprice: TABLE });
  const tick = 0.1;
  const micro = (bids: Array<[number, number]>, asks: Array<[number, number]>): { mid: number; micro: number } => {
    const r = features(bids, asks, BTC, p);
    return { mid: r.get('mid_px'), micro: r.get('microprice_px') };
  };
  // S = 1 tick (100.0 / 100.1); q^b = 2, q^a = 3: imb_1 = −0.2, ρ = 0.4 → bucket 1 → 0
  let x = micro([[1000, 2000]], [[1001, 3000]]);
  assert.equal(x.micro, x.mid);
  // q^b = 8, q^a = 2: imb_1 = 0.6, ρ = 0.8 → bucket 2 → +0.5 tick
  x = micro([[1000, 8000]], [[1001, 2000]]);
  assert.equal(x.micro, (100.0 + 100.1) / 2 + 0.5 * tick);
  // q^b = 7, q^a = 3: imb_1 = 0.4, ρ = (1 + 0.4)/2 = 0.7, exactly the edge → bucket 2
  assert.equal((1 + (7 - 3) / (7 + 3)) / 2, 0.7);
  x = micro([[1000, 7000]], [[1001, 3000]]);
  assert.equal(x.micro, x.mid + 0.5 * tick);
  // q^b = 1, q^a = 9: ρ = 0.1 → bucket 0 → −0.5 tick
  x = micro([[1000, 1000]], [[1001, 9000]]);
  assert.equal(x.micro, x.mid - 0.5 * tick);
  // S = 2 ticks (100.0 / 100.2), ρ = 0.4 → +0.25 tick
  x = micro([[1000, 2000]], [[1002, 3000]]);
  assert.equal(x.mid, (100.0 + 100.2) / 2);
  assert.equal(x.micro, x.mid + 0.25 * tick);
  // S = 5 ticks is outside the table → clamped to the 2-tick state; ρ = 0.8 → +1 tick
  x = micro([[1000, 8000]], [[1005, 2000]]);
  assert.equal(x.micro, x.mid + 1 * tick);
  // locked (S = 0): no adjustment even though ρ = 0.8
  x = micro([[1000, 8000]], [[1000, 2000]]);
  assert.equal(x.micro, 100);
  // a table whose states start at 2 ticks: a 1-tick spread clamps up to 2 → row 0
  const p2 = makeStaticParams({ microprice: { ...TABLE, spreadTicks: [2, 3] } });
  const r = features([[1000, 8000]], [[1001, 2000]], BTC, p2);
  assert.equal(r.get('microprice_px'), r.get('mid_px') + 0.5 * tick);
});

test('malformed tables are rejected', () => {
  const bad: MicropriceTable[] = [
    { ...TABLE, imbalanceEdges: [0.7, 0.3] },
    { ...TABLE, imbalanceEdges: [0, 0.7] },
    { ...TABLE, imbalanceEdges: [0.3, 1] },
    { ...TABLE, spreadTicks: [] , adjustmentTicks: [] },
    { ...TABLE, spreadTicks: [0, 1] },
    { ...TABLE, spreadTicks: [2, 1] },
    { ...TABLE, spreadTicks: [1, 1.5] },
    { ...TABLE, adjustmentTicks: [[0, 0, 0]] },
    { ...TABLE, adjustmentTicks: [[0, 0], [0, 0]] },
    { ...TABLE, adjustmentTicks: [[0, NaN, 0], [0, 0, 0]] },
  ];
  for (const t of bad) assert.throws(() => checkMicropriceTable(t), RangeError, JSON.stringify(t));
  for (const t of bad) assert.throws(() => makeStaticParams({ microprice: t }), RangeError);
  checkMicropriceTable(TABLE);
});
