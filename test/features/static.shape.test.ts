/**
 * computeStatic, shape group: Næs–Skjeltorp slopes, depth-curve exponent, and the
 * impact walk (fractional last level, exact fill, unfillable) — hand-computed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FLAG_IMPACT_UNFILLED } from '../../src/features/registry.js';
import { makeStaticParams } from '../../src/features/static.js';
import { BTC, close, features, UNIT } from './fixtures.js';

test('slope_ns on book A: two bid levels, one ask level (n = levels available)', () => {
  // bids 100.0 × 2, 99.9 × 1 / ask 100.1 × 3
  const r = features([[1000, 2000], [999, 1000]], [[1001, 3000]]);
  const m = (100.0 + 100.1) / 2;
  // bid: v_1 = ln(100.0·2), v_2 = ln(100.0·2 + 99.9·1); (1/2)[v_1/|p_1/m − 1| + (v_2/v_1 − 1)/|p_2/p_1 − 1|]
  const v1 = Math.log(100.0 * 2);
  const v2 = Math.log(100.0 * 2 + 99.9 * 1);
  close(r.get('slope_ns_bid'), (v1 / Math.abs(100.0 / m - 1) + (v2 / v1 - 1) / Math.abs(99.9 / 100.0 - 1)) / 2, 'bid', 1e-10);
  // ask: one level, only the first term: ln(100.1·3)/|100.1/m − 1|
  close(r.get('slope_ns_ask'), Math.log(100.1 * 3) / Math.abs(100.1 / m - 1), 'ask', 1e-10);
  assert.ok(r.get('slope_ns_bid') > 1000); // ≈ 2000 for a 5-bps half-spread: the first term dominates
});

test('slope_ns on five levels per side (integer grid), and N caps the levels used', () => {
  // Book E: m = 10000; bids 9999×1, 9995×2, 9994×4, 9975×8, 9974×16
  const bids: Array<[number, number]> = [[9999, 1], [9995, 2], [9994, 4], [9975, 8], [9974, 16]];
  const asks: Array<[number, number]> = [[10001, 1], [10005, 3], [10006, 5], [10025, 7], [10026, 9]];
  const r = features(bids, asks, UNIT);
  const vb = [
    Math.log(9999 * 1),
    Math.log(9999 * 1 + 9995 * 2),
    Math.log(9999 * 1 + 9995 * 2 + 9994 * 4),
    Math.log(9999 * 1 + 9995 * 2 + 9994 * 4 + 9975 * 8),
    Math.log(9999 * 1 + 9995 * 2 + 9994 * 4 + 9975 * 8 + 9974 * 16),
  ];
  const sb = (vb[0] / Math.abs(9999 / 10000 - 1)
    + (vb[1] / vb[0] - 1) / Math.abs(9995 / 9999 - 1)
    + (vb[2] / vb[1] - 1) / Math.abs(9994 / 9995 - 1)
    + (vb[3] / vb[2] - 1) / Math.abs(9975 / 9994 - 1)
    + (vb[4] / vb[3] - 1) / Math.abs(9974 / 9975 - 1)) / 5;
  close(r.get('slope_ns_bid'), sb, 'bid', 1e-10);
  const va = [
    Math.log(10001 * 1),
    Math.log(10001 * 1 + 10005 * 3),
    Math.log(10001 * 1 + 10005 * 3 + 10006 * 5),
  ];
  // N = 3: only the first three ask levels, divided by 3
  const r3 = features(bids, asks, UNIT, makeStaticParams({ slopeLevels: 3 }));
  const sa3 = (va[0] / Math.abs(10001 / 10000 - 1)
    + (va[1] / va[0] - 1) / Math.abs(10005 / 10001 - 1)
    + (va[2] / va[1] - 1) / Math.abs(10006 / 10005 - 1)) / 3;
  close(r3.get('slope_ns_ask'), sa3, 'ask N=3', 1e-10);
});

test('shape_exp = ln(D(25)/D(5))/ln 5; NaN when D(5) = 0', () => {
  // Book E: D^b(5) = 3, D^b(25) = 15; D^a(5) = 4, D^a(25) = 16
  const r = features([[9999, 1], [9995, 2], [9994, 4], [9975, 8], [9974, 16]],
    [[10001, 1], [10005, 3], [10006, 5], [10025, 7], [10026, 9]], UNIT);
  close(r.get('shape_exp_bid'), Math.log(15 / 3) / Math.log(25 / 5), 'bid'); // = 1
  close(r.get('shape_exp_ask'), Math.log(16 / 4) / Math.log(25 / 5), 'ask');
  // All depth at the touch: D(25) = D(5) → γ = 0
  const flat = features([[1000, 2000]], [[1001, 3000]]);
  assert.equal(flat.get('shape_exp_bid'), 0);
  assert.equal(flat.get('shape_exp_ask'), 0);
  // Touches 10 bps from the mid: D(5) = 0 on both sides → NaN
  const wide = features([[999, 2000], [998, 1000]], [[1001, 1000]]);
  assert.ok(Number.isNaN(wide.get('shape_exp_bid')));
  assert.ok(Number.isNaN(wide.get('shape_exp_ask')));
});

test('impact: walk with a fractional last level; unfillable side → NaN + FLAG_IMPACT_UNFILLED', () => {
  // bids 100.0 × 2, 99.9 × 1 (200 + 99.9 = 299.9 USD) / asks 100.1 × 3, 100.2 × 5 (300.3 + 501 USD)
  const bids: Array<[number, number]> = [[1000, 2000], [999, 1000]];
  const asks: Array<[number, number]> = [[1001, 3000], [1002, 5000]];
  const m = (100.0 + 100.1) / 2;
  // X = 500: buy takes 100.1 × 3 (300.3 USD) whole, then 199.7 USD at 100.2 = 1.993… BTC
  const r = features(bids, asks, BTC, makeStaticParams({ impactNotionalUsd: 500 }));
  const vwapBuy = 500 / (3 + (500 - 100.1 * 3) / 100.2);
  close(r.get('impact_buy_bps_1m'), 1e4 * (vwapBuy / m - 1), 'buy', 1e-10);
  assert.ok(vwapBuy > 100.1 && vwapBuy < 100.2);
  // the bids hold only 299.9 USD < 500
  assert.ok(Number.isNaN(r.get('impact_sell_bps_1m')));
  assert.equal(r.flags, FLAG_IMPACT_UNFILLED);

  // X = 250: sell takes 100.0 × 2 (200 USD), then 50 USD at 99.9; buy fills inside the first ask level
  const q = features(bids, asks, BTC, makeStaticParams({ impactNotionalUsd: 250 }));
  assert.equal(q.flags, 0);
  const vwapSell = 250 / (2 + (250 - 100.0 * 2) / 99.9);
  close(q.get('impact_sell_bps_1m'), 1e4 * (1 - vwapSell / m), 'sell', 1e-10);
  close(q.get('impact_buy_bps_1m'), 1e4 * (100.1 / m - 1), 'buy at the touch', 1e-10); // ≈ 4.9975 bps
});

test('impact: an order exactly the size of the visible side fills', () => {
  // asks 100.1 × 3 only: X = 100.1·3 USD fills, VWAP = 100.1
  const r = features([[1000, 2000]], [[1001, 3000]], BTC, makeStaticParams({ impactNotionalUsd: 100.1 * 3 }));
  const m = (100.0 + 100.1) / 2;
  close(r.get('impact_buy_bps_1m'), 1e4 * (100.1 / m - 1), 'buy', 1e-10);
  assert.ok(Number.isNaN(r.get('impact_sell_bps_1m'))); // bids: 200 USD < 300.3
  assert.equal(r.flags, FLAG_IMPACT_UNFILLED);
});

test('impact with the default 1M USD on a BTC-sized book', () => {
  // bids 100000.0 × 5 (500,000 USD), 99999.0 × 6 / asks 100000.1 × 4 (400,000.4 USD), 100000.5 × 10
  const r = features([[1_000_000, 5000], [999_990, 6000]], [[1_000_001, 4000], [1_000_005, 10_000]]);
  assert.equal(r.flags, 0);
  const m = (100000.0 + 100000.1) / 2;
  const vwapBuy = 1e6 / (4 + (1e6 - 100000.1 * 4) / 100000.5);
  const vwapSell = 1e6 / (5 + (1e6 - 100000.0 * 5) / 99999.0);
  close(r.get('impact_buy_bps_1m'), 1e4 * (vwapBuy / m - 1), 'buy', 1e-9);
  close(r.get('impact_sell_bps_1m'), 1e4 * (1 - vwapSell / m), 'sell', 1e-9);
  assert.ok(r.get('impact_buy_bps_1m') > 0 && r.get('impact_sell_bps_1m') > 0);
});

test('shape_exp with other bands walks its own (1 → 5 bps on book E)', () => {
  // D^b(1) = 1 (9999 at d = 1, inclusive), D^b(5) = 3; D^a(1) = 1, D^a(5) = 4
  const r = features([[9999, 1], [9995, 2], [9994, 4]], [[10001, 1], [10005, 3], [10006, 5]], UNIT,
    makeStaticParams({ shapeNearBps: 1, shapeFarBps: 5 }));
  close(r.get('shape_exp_bid'), Math.log(3 / 1) / Math.log(5 / 1), 'bid');
  close(r.get('shape_exp_ask'), Math.log(4 / 1) / Math.log(5 / 1), 'ask');
});
