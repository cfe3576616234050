/**
 * computeStatic, depth group: band depths (inclusive edge, measured from the mid),
 * band and cumulative imbalances, VAMP, book pressure — hand-computed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BTC, close, features, UNIT } from './fixtures.js';

test('book A on the BTC grid: bands, imbalances, VAMP, pressure', () => {
  // bids 100.0 × 2, 99.9 × 1 / ask 100.1 × 3; m = 100.05
  const r = features([[1000, 2000], [999, 1000]], [[1001, 3000]]);
  const m = (100.0 + 100.1) / 2;
  const d1 = 1e4 * (m - 100.0) / m; // ≈ 4.9975 bps: inside 5
  const d2 = 1e4 * (m - 99.9) / m; //  ≈ 14.99 bps: outside 5, inside 25
  const da = 1e4 * (100.1 - m) / m; // ≈ 4.9975 bps
  assert.ok(d1 <= 5 && d2 > 5 && d2 <= 25 && da <= 5);
  assert.equal(r.get('depth_bid_5bps'), 2);
  assert.equal(r.get('depth_ask_5bps'), 3);
  assert.equal(r.get('depth_bid_25bps'), 3);
  assert.equal(r.get('depth_ask_25bps'), 3);
  close(r.get('imb_5bps'), (2 - 3) / (2 + 3), 'imb_5');
  assert.equal(r.get('imb_25bps'), 0); // (3 − 3)/6
  assert.equal(r.get('imb_cum_5'), 0); // (2 + 1 − 3)/(3 + 3)
  // VAMP_5: P̄^b = 100.0 (only the touch), P̄^a = 100.1; (P̄^b·D^a + P̄^a·D^b)/(D^b + D^a)
  close(r.get('vamp_px_5bps'), (100.0 * 3 + 100.1 * 2) / (2 + 3), 'vamp');
  // pressure: w = exp(−d/5) over d ≤ 25
  const wb = Math.exp(-d1 / 5) * 2 + Math.exp(-d2 / 5) * 1;
  const wa = Math.exp(-da / 5) * 3;
  close(r.get('book_pressure_25bps'), (wb - wa) / (wb + wa), 'pressure');
});

// Book E (1 USD tick, 1 BTC lot), m = (9999 + 10001)/2 = 10000 exactly, so
// d = 1e4·|m − p|/m is exactly |m − p| bps: levels sit exactly on the 5 and 25 edges.
const E_BIDS: Array<[number, number]> = [[9999, 1], [9995, 2], [9994, 4], [9975, 8], [9974, 16]]; // d = 1, 5, 6, 25, 26
const E_ASKS: Array<[number, number]> = [[10001, 1], [10005, 3], [10006, 5], [10025, 7], [10026, 9]]; // d = 1, 5, 6, 25, 26

test('band boundary is inclusive: a level exactly β bps from the mid is in the band', () => {
  const r = features(E_BIDS, E_ASKS, UNIT);
  assert.equal(r.get('mid_px'), 10000);
  assert.equal(1e4 * (10000 - 9995) / 10000, 5); // the edge levels really are at d = 5 and 25
  assert.equal(1e4 * (10025 - 10000) / 10000, 25);
  assert.equal(r.get('spread_bps'), 2); // 1e4·2/10000
  assert.equal(r.get('depth_bid_5bps'), 1 + 2); // 9999, 9995 (edge); not 9994
  assert.equal(r.get('depth_ask_5bps'), 1 + 3);
  assert.equal(r.get('depth_bid_25bps'), 1 + 2 + 4 + 8); // … 9975 (edge); not 9974
  assert.equal(r.get('depth_ask_25bps'), 1 + 3 + 5 + 7);
  close(r.get('imb_5bps'), (3 - 4) / (3 + 4), 'imb_5');
  close(r.get('imb_25bps'), (15 - 16) / (15 + 16), 'imb_25');
  // VAMP_5: P̄^b = (9999·1 + 9995·2)/3, P̄^a = (10001·1 + 10005·3)/4
  const pb = (9999 * 1 + 9995 * 2) / 3;
  const pa = (10001 * 1 + 10005 * 3) / 4;
  close(r.get('vamp_px_5bps'), (pb * 4 + pa * 3) / (3 + 4), 'vamp');
  // pressure: d = 1, 5, 6, 25 per side (26 excluded), w = e^{−d/5}
  const wb = Math.exp(-1 / 5) * 1 + Math.exp(-5 / 5) * 2 + Math.exp(-6 / 5) * 4 + Math.exp(-25 / 5) * 8;
  const wa = Math.exp(-1 / 5) * 1 + Math.exp(-5 / 5) * 3 + Math.exp(-6 / 5) * 5 + Math.exp(-25 / 5) * 7;
  close(r.get('book_pressure_25bps'), (wb - wa) / (wb + wa), 'pressure');
  // imb_cum_5 over all 5 levels per side: (31 − 25)/(31 + 25)
  close(r.get('imb_cum_5'), (31 - 25) / (31 + 25), 'imb_cum_5');
});

test('imb_cum_5 uses the levels that exist when a side has fewer than 5', () => {
  // bids 100.0 × 1, 99.9 × 2, 99.8 × 3 (3 levels) / asks 100.1 × 0.5, 100.2 × 1.5 (2 levels)
  const r = features([[1000, 1000], [999, 2000], [998, 3000]], [[1001, 500], [1002, 1500]]);
  close(r.get('imb_cum_5'), (6 - 2) / (6 + 2), 'imb_cum_5'); // 0.5
});

test('imb_cum_5 stops at 5 levels when a side has more', () => {
  // 6 bid levels of 1, 1, 1, 1, 1, 100 lots; 5 ask levels of 1 lot: the sixth bid is ignored.
  const r = features([[1000, 1], [999, 1], [998, 1], [997, 1], [996, 1], [995, 100]],
    [[1001, 1], [1002, 1], [1003, 1], [1004, 1], [1005, 1]]);
  assert.equal(r.get('imb_cum_5'), 0); // (5 − 5)/10
});

test('spread wider than 2β: empty bands → depth 0, band imbalances, VAMP, pressure and shape NaN', () => {
  // bid 99.0 × 1, ask 101.0 × 1: m = 100, both touches at d = 1e4·1/100 = 100 bps
  const r = features([[990, 1000]], [[1010, 1000]], BTC);
  assert.equal(r.get('mid_px'), 100);
  assert.equal(r.get('spread_bps'), 200);
  for (const n of ['depth_bid_5bps', 'depth_ask_5bps', 'depth_bid_25bps', 'depth_ask_25bps']) assert.equal(r.get(n), 0, n);
  for (const n of ['imb_5bps', 'imb_25bps', 'book_pressure_25bps', 'vamp_px_5bps', 'shape_exp_bid', 'shape_exp_ask']) {
    assert.ok(Number.isNaN(r.get(n)), `${n} should be NaN`);
  }
  // the touch features stay defined
  assert.equal(r.get('imb_1'), 0);
  assert.equal(r.get('imb_cum_5'), 0);
  assert.equal(r.get('wmid_px'), 100);
});

test('bands between 5 and 25 bps only: VAMP and imb_5 NaN, 25-bps features defined', () => {
  // bid 99.9 × 2, ask 100.1 × 1 (m = 100, d = 10 bps), plus bid 99.8 × 1 (d = 20 bps)
  const r = features([[999, 2000], [998, 1000]], [[1001, 1000]], BTC);
  assert.equal(r.get('depth_bid_5bps'), 0);
  assert.equal(r.get('depth_ask_5bps'), 0);
  assert.ok(Number.isNaN(r.get('vamp_px_5bps')));
  assert.ok(Number.isNaN(r.get('imb_5bps')));
  assert.equal(r.get('depth_bid_25bps'), 3);
  assert.equal(r.get('depth_ask_25bps'), 1);
  close(r.get('imb_25bps'), (3 - 1) / (3 + 1), 'imb_25');
  const m = (99.9 + 100.1) / 2;
  const w = (d: number): number => Math.exp(-d / 5);
  const wb = w(1e4 * (m - 99.9) / m) * 2 + w(1e4 * (m - 99.8) / m) * 1;
  const wa = w(1e4 * (100.1 - m) / m) * 1;
  close(r.get('book_pressure_25bps'), (wb - wa) / (wb + wa), 'pressure');
});
