/**
 * computeStatic: validity policy, flags, untouched columns, and the price group
 * (mid, wmid, spreads, touch queues) on hand-computed tiny books.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CORE_FEATURES, FLAG_CROSSED, FLAG_EMPTY_SIDE, FLAG_IMPACT_UNFILLED, FLAG_LOCKED } from '../../src/features/registry.js';
import { computeStatic, DEFAULT_STATIC_PARAMS, makeStaticParams, STATIC_FEATURES } from '../../src/features/static.js';
import { book, BTC, close, features, SENTINEL, type Lvl, type Row } from './fixtures.js';

/** Every static column NaN, every other column untouched. */
function assertInvalid(r: Row): void {
  for (const name of STATIC_FEATURES) assert.ok(Number.isNaN(r.get(name)), `${name} should be NaN`);
  CORE_FEATURES.forEach((d, i) => {
    if (!STATIC_FEATURES.includes(d.name)) assert.equal(r.row[i], SENTINEL, `${d.name} must be untouched`);
  });
}

test('STATIC_FEATURES are the 23 stateless (S0) + micro-price (SC) columns of the registry, in column order', () => {
  assert.equal(STATIC_FEATURES.length, 23);
  const expected = CORE_FEATURES.filter((d) => d.state === 'S0' || d.state === 'SC').map((d) => d.name);
  assert.deepEqual([...STATIC_FEATURES], expected);
});

test('default parameters are the registry defaults', () => {
  const p = DEFAULT_STATIC_PARAMS;
  assert.deepEqual(
    [p.vampBandBps, p.nearBandBps, p.farBandBps, p.pressureBandBps, p.pressureKappaBps, p.imbCumLevels, p.slopeLevels,
      p.shapeNearBps, p.shapeFarBps, p.impactNotionalUsd],
    [5, 5, 25, 25, 5, 5, 10, 5, 25, 1_000_000]);
  assert.throws(() => makeStaticParams({ nearBandBps: 0 }), RangeError);
  assert.throws(() => makeStaticParams({ pressureKappaBps: NaN }), RangeError);
  assert.throws(() => makeStaticParams({ slopeLevels: 2.5 }), RangeError);
  assert.throws(() => makeStaticParams({ shapeNearBps: 25, shapeFarBps: 5 }), RangeError);
  assert.equal(makeStaticParams({ impactNotionalUsd: 500 }).impactNotionalUsd, 500);
});

test('one side empty → all NaN, FLAG_EMPTY_SIDE, other columns untouched', () => {
  const noAsk = features([[1000, 2000]], []);
  assert.equal(noAsk.flags, FLAG_EMPTY_SIDE);
  assertInvalid(noAsk);
  const noBid = features([], [[1001, 3000], [1002, 1]]);
  assert.equal(noBid.flags, FLAG_EMPTY_SIDE);
  assertInvalid(noBid);
  const none = features([], []);
  assert.equal(none.flags, FLAG_EMPTY_SIDE);
  assertInvalid(none);
});

test('crossed book (best bid > best ask) → all NaN, FLAG_CROSSED', () => {
  // bid 100.2 above ask 100.1
  const r = features([[1002, 1000], [1000, 5000]], [[1001, 1000], [1003, 1000]]);
  assert.equal(r.flags, FLAG_CROSSED);
  assertInvalid(r);
});

// Book A (0.1 tick, 0.001 lot): bids 100.0 × 2, 99.9 × 1 / ask 100.1 × 3.
const A_BIDS: Lvl[] = [[1000, 2000], [999, 1000]];
const A_ASKS: Lvl[] = [[1001, 3000]];

test('book A: mid, wmid, spreads, touch queues, imb_1; only the 23 columns written', () => {
  const r = features(A_BIDS, A_ASKS);
  // 2 + 1 = 3 BTC of bids (≈ 300 USD) cannot fill 1M USD on either side.
  assert.equal(r.flags, FLAG_IMPACT_UNFILLED);
  const m = (100.0 + 100.1) / 2; // 100.05
  assert.equal(r.get('mid_px'), m);
  assert.equal(r.get('spread_abs'), 0.1); // 1 tick = 1/10, exactly the double of "0.1"
  close(r.get('spread_bps'), 1e4 * 0.1 / m, 'spread_bps'); // ≈ 9.995 bps
  // wmid = (p^b q^a + p^a q^b)/(q^b + q^a) = (100.0·3 + 100.1·2)/5 = 100.04
  close(r.get('wmid_px'), (100.0 * 3 + 100.1 * 2) / 5, 'wmid');
  close(r.get('wmid_px'), 100.04, 'wmid literal');
  // Also m + (s/2)·imb_1 = 100.05 + 0.05·(−0.2) = 100.04
  close(r.get('wmid_px'), m + (0.1 / 2) * -0.2, 'wmid identity');
  assert.equal(r.get('bid_qty_1'), 2);
  assert.equal(r.get('ask_qty_1'), 3);
  close(r.get('imb_1'), (2 - 3) / (2 + 3), 'imb_1'); // −0.2
  assert.equal(r.get('microprice_px'), m, 'uncalibrated micro-price = mid');
  for (const name of STATIC_FEATURES) assert.notEqual(r.get(name), SENTINEL, `${name} written`);
  CORE_FEATURES.forEach((d, i) => {
    if (!STATIC_FEATURES.includes(d.name)) assert.equal(r.row[i], SENTINEL, `${d.name} must be untouched`);
  });
});

test('locked book (bid = ask) is valid: FLAG_LOCKED, spread 0, slope_ns NaN, micro-price = mid', () => {
  // bids 100.0 × 2, 99.9 × 1 / asks 100.0 × 3, 100.1 × 1
  const p = makeStaticParams({ impactNotionalUsd: 150 });
  const r = features([[1000, 2000], [999, 1000]], [[1000, 3000], [1001, 1000]], BTC, p);
  assert.equal(r.flags, FLAG_LOCKED);
  assert.equal(r.get('mid_px'), 100);
  assert.equal(r.get('spread_abs'), 0);
  assert.equal(r.get('spread_bps'), 0);
  close(r.get('wmid_px'), 100, 'wmid'); // (100·3 + 100·2)/5
  assert.equal(r.get('microprice_px'), 100);
  close(r.get('imb_1'), -0.2, 'imb_1');
  // imb_cum_5: (2 + 1 − (3 + 1))/(3 + 4) = −1/7
  close(r.get('imb_cum_5'), -1 / 7, 'imb_cum_5');
  // d of 99.9 and 100.1 = 1e4·0.1/100 = 10 bps: outside 5, inside 25.
  assert.equal(r.get('depth_bid_5bps'), 2);
  assert.equal(r.get('depth_ask_5bps'), 3);
  assert.equal(r.get('depth_bid_25bps'), 3);
  assert.equal(r.get('depth_ask_25bps'), 4);
  close(r.get('vamp_px_5bps'), (100 * 3 + 100 * 2) / 5, 'vamp'); // both side VWAPs are 100
  assert.ok(Number.isNaN(r.get('slope_ns_bid')));
  assert.ok(Number.isNaN(r.get('slope_ns_ask')));
  close(r.get('shape_exp_bid'), Math.log(3 / 2) / Math.log(25 / 5), 'shape bid');
  close(r.get('shape_exp_ask'), Math.log(4 / 3) / Math.log(25 / 5), 'shape ask');
  // 150 USD fills at the touch (100.0 × 2 and × 3 are worth 200 and 300): VWAP = m, impact 0.
  close(r.get('impact_buy_bps_1m'), 0, 'buy');
  close(r.get('impact_sell_bps_1m'), 0, 'sell');
});

test('spread of several ticks on the BTC grid', () => {
  // bid 65114.2 × 0.5, ask 65114.9 × 1.25: s = 7 ticks = 0.7 USD
  const r = features([[651142, 500]], [[651149, 1250]]);
  const m = (65114.2 + 65114.9) / 2;
  assert.equal(r.get('mid_px'), m);
  assert.equal(r.get('spread_abs'), 0.7);
  close(r.get('spread_bps'), 1e4 * 0.7 / m, 'spread_bps');
  assert.equal(r.get('bid_qty_1'), 0.5);
  assert.equal(r.get('ask_qty_1'), 1.25);
  close(r.get('imb_1'), (0.5 - 1.25) / (0.5 + 1.25), 'imb_1');
  close(r.get('wmid_px'), (65114.2 * 1.25 + 65114.9 * 0.5) / 1.75, 'wmid');
});

test('a feature row shorter than the registry is rejected', () => {
  const b = book([[1000, 1]], [[1001, 1]]);
  assert.throws(() => computeStatic(b.bids, b.asks, BTC, new Float64Array(CORE_FEATURES.length - 1)), RangeError);
});
