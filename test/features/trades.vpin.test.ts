/**
 * TradeFeatures, vpin_50: aggressor-classified buckets of V_b lots, trades split across
 * bucket boundaries, NaN before 50 full buckets, exact values by hand.
 * UNIT grid (1 BTC lot) with a 2 BTC bucket = 2 lots, so 50 buckets fill quickly.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_VPIN_BUCKET_BTC, TradeFeatures, vpinBucketLots } from '../../src/features/trades.js';
import { BTC, close, UNIT } from './fixtures.js';
import { row, st } from './trades-records.js';

test('vpin_50: split trades, NaN at 49 buckets, exact value at 50 and after', () => {
  const tf = new TradeFeatures({ vpinBucketBtc: 2 });
  let t = 0;
  const trade = (buy: boolean, qty: number) => tf.onTrade({ tMs: ++t, buy, pxTicks: 100, qtyLots: qty });
  const vpin = () => row(tf, st(t, 100, UNIT)).get('vpin_50');
  trade(true, 3); //  b1 = {B2} |2|, open {B1}
  trade(false, 2); // b2 = {B1,S1} |0| (the sell is split), open {S1}
  trade(false, 1); // b3 = {S2} |2|
  for (let i = 0; i < 46; i++) trade(true, 2); // b4..b49 |2| each
  assert.ok(Number.isNaN(vpin()), '49 buckets → NaN');
  assert.equal(tf.vpinFullBuckets, 49);
  trade(false, 1); // open {S1}
  assert.ok(Number.isNaN(vpin()), 'still 49 full buckets');
  trade(true, 1); //  b50 = {B1,S1} |0|
  // Σ|B − S| over b1..b50 = 2 + 0 + 2 + 46·2 + 0 = 96 → 96/(50·2)
  close(vpin(), 0.96, '50 buckets', 1e-15);
  trade(true, 5); //  b51 {B2} |2|, b52 {B2} |2|, open {B1}
  // last 50 = b3..b52: 2 + 92 + 0 + 2 + 2 = 98
  close(vpin(), 0.98, 'b3..b52', 1e-15);
  trade(false, 1); // b53 = {B1,S1} |0| → last 50 = b4..b53: 92 + 0 + 2 + 2 + 0 = 96
  close(vpin(), 0.96, 'b4..b53', 1e-15);
  trade(false, 1000); // 500 whole sell buckets: every one of the last 50 is |2|
  assert.equal(vpin(), 1);
  trade(true, 1); trade(false, 1); // b = {B1,S1} |0| → 49·2/100
  close(vpin(), 0.98, 'after one balanced bucket', 1e-15);
});

test('vpin_50: buckets fill at row time in trade order (trades stamped after the row wait)', () => {
  const tf = new TradeFeatures({ vpinBucketBtc: 2 });
  for (let i = 1; i <= 50; i++) tf.onTrade({ tMs: i, buy: i % 2 === 0, pxTicks: 100, qtyLots: 2 });
  assert.ok(Number.isNaN(row(tf, st(49, 100, UNIT)).get('vpin_50')), 'only 49 trades are at or before t = 49');
  assert.equal(row(tf, st(50, 100, UNIT)).get('vpin_50'), 1);
});

test('vpin bucket: whole number of lots, else RangeError naming vpinBucketBtc', () => {
  assert.equal(DEFAULT_VPIN_BUCKET_BTC, 2);
  assert.equal(vpinBucketLots(2, BTC), 2000);
  assert.equal(vpinBucketLots(0.3, BTC), 300);
  assert.throws(() => vpinBucketLots(0.0015, BTC), (e: unknown) => e instanceof RangeError && /vpinBucketBtc/.test(e.message));
  assert.throws(() => new TradeFeatures({ vpinBucketBtc: 0.5, instrument: UNIT }), (e: unknown) => e instanceof RangeError && /vpinBucketBtc/.test(e.message));
  assert.throws(() => new TradeFeatures({ vpinBucketBtc: 0 }), /vpinBucketBtc/);
  assert.throws(() => new TradeFeatures({ vpinBucketBtc: NaN }), /vpinBucketBtc/);
  // Bound at the first book when not given up front.
  const tf = new TradeFeatures({ vpinBucketBtc: 1.5 });
  assert.throws(() => row(tf, st(1, 100, UNIT)), /vpinBucketBtc/);
});

test('vpin_50 on the BTC grid: 0.002 BTC bucket = 2 lots', () => {
  const tf = new TradeFeatures({ vpinBucketBtc: 0.002 });
  for (let i = 1; i <= 100; i++) tf.onTrade({ tMs: i, buy: true, pxTicks: 651142, qtyLots: 1 });
  assert.equal(row(tf, st(100, 65114.2, BTC)).get('vpin_50'), 1);
});
