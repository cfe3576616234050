/**
 * TradeFeatures, time windows: trade_imb_1s/10s, trade_vol_10s, vwap_dev_10s/60s_bps on
 * hand-computed trade sequences (UNIT grid: 1 USD tick, 1 BTC lot), half-open windows
 * (t − W, t] at the row time, and one FeatureEngine run from records.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FeatureEngine } from '../../src/features/engine.js';
import { FEATURE_INDEX } from '../../src/features/registry.js';
import { TRADE_FEATURES, TradeFeatures } from '../../src/features/trades.js';
import { ROW_FEATURES, ROW_STRIDE } from '../../src/layout/feature-row.js';
import { BTC, close, UNIT } from './fixtures.js';
import { row, st, writeEvents } from './trades-records.js';

const mk = (inst = UNIT) => {
  const tf = new TradeFeatures({ instrument: inst });
  const trade = (tMs: number, buy: boolean, px: number, qty: number) => tf.onTrade({ tMs, buy, pxTicks: px, qtyLots: qty });
  return { tf, trade };
};

test('TRADE_FEATURES are the registry trades group, in column order', () => {
  assert.deepEqual(TRADE_FEATURES.map((n) => FEATURE_INDEX[n]), [44, 45, 46, 47, 48, 49, 50]);
});

test('trade_imb / trade_vol: half-open (t − W, t], eviction exactly at t − W, trades stamped after the row wait', () => {
  const { tf, trade } = mk();
  trade(1000, true, 100, 3);
  trade(1500, false, 101, 1);
  trade(2000, true, 102, 2);
  let r = row(tf, st(2000, 101, UNIT));
  close(r.get('trade_imb_1s'), 1 / 3, '1s at 2000: B 2 (t=2000), S 1 (t=1500); t=1000 is at t − W, out');
  close(r.get('trade_imb_10s'), 4 / 6, '10s at 2000: B 5, S 1');
  assert.equal(r.get('trade_vol_10s'), 6);
  // A sell stamped 3000 arrives before the row at 2999: not in (.., 2999].
  trade(3000, false, 100, 1);
  r = row(tf, st(2999, 101, UNIT));
  assert.equal(r.get('trade_imb_1s'), 1, '1s at 2999: only B 2 at 2000');
  close(r.get('trade_imb_10s'), 4 / 6, '10s at 2999');
  assert.equal(r.get('trade_vol_10s'), 6);
  r = row(tf, st(3000, 101, UNIT));
  assert.equal(r.get('trade_imb_1s'), -1, '1s at 3000: (2000, 3000] holds only the sell; 2000 is at t − W');
  close(r.get('trade_imb_10s'), 3 / 7, '10s at 3000: B 5, S 2');
  assert.equal(r.get('trade_vol_10s'), 7);
  r = row(tf, st(10999.5, 101, UNIT));
  close(r.get('trade_imb_10s'), 3 / 7, '10s at 10999.5 still holds t=1000');
  assert.ok(Number.isNaN(r.get('trade_imb_1s')), '1s window empty → NaN');
  r = row(tf, st(11000, 101, UNIT));
  assert.equal(r.get('trade_imb_10s'), 0, '10s at 11000: t=1000 out → B 2, S 2');
  assert.equal(r.get('trade_vol_10s'), 4);
  r = row(tf, st(13000, 101, UNIT));
  assert.ok(Number.isNaN(r.get('trade_imb_10s')), 'no volume → NaN');
  assert.equal(r.get('trade_vol_10s'), 0, 'no trades → 0, not NaN');
});

test('trade_vol_10s is in BTC: lots converted once (0.001 BTC lot)', () => {
  const { tf, trade } = mk(BTC);
  trade(100, true, 651142, 1);
  trade(200, false, 651141, 2);
  const r = row(tf, st(300, 65114.15, BTC));
  assert.equal(r.get('trade_vol_10s'), 0.003);
  close(r.get('trade_imb_10s'), -1 / 3, 'imb');
});

test('vwap_dev_10s / 60s: 1e4·(VWAP/m − 1), window eviction, NaN without trades', () => {
  const { tf, trade } = mk();
  trade(1000, true, 100, 3);
  trade(1500, false, 101, 1);
  trade(2000, true, 102, 2);
  trade(3000, false, 100, 1);
  // 10 s at 2000: Σpv = 300 + 101 + 204 = 605, Σv = 6, m = 101 → 1e4·(605/606 − 1) = −1e4/606
  let r = row(tf, st(2000, 101, UNIT));
  close(r.get('vwap_dev_10s_bps'), -1e4 / 606, 'vwap 10s at 2000', 1e-11);
  close(r.get('vwap_dev_60s_bps'), -1e4 / 606, 'vwap 60s at 2000', 1e-11);
  // at 13000: 10 s empty; 60 s holds all four: Σpv = 705, Σv = 7 → 1e4·(705/707 − 1) = −2e4/707
  r = row(tf, st(13000, 101, UNIT));
  assert.ok(Number.isNaN(r.get('vwap_dev_10s_bps')), 'no trades in 10 s → NaN');
  close(r.get('vwap_dev_60s_bps'), -2e4 / 707, 'vwap 60s at 13000', 1e-11);
  // at 61000: t = 1000 leaves the 60 s window: Σpv = 405, Σv = 4 → VWAP 101.25 vs m 100 → 125 bps
  r = row(tf, st(61000, 100, UNIT));
  close(r.get('vwap_dev_60s_bps'), 125, 'vwap 60s at 61000', 1e-11);
  r = row(tf, st(63000, 100, UNIT));
  assert.ok(Number.isNaN(r.get('vwap_dev_60s_bps')));
});

test('vwap_dev: NaN on an invalid book while the trade windows keep their history', () => {
  const { tf, trade } = mk();
  trade(1000, true, 100, 1);
  let r = row(tf, st(1100, NaN, UNIT));
  assert.ok(Number.isNaN(r.get('vwap_dev_10s_bps')));
  assert.ok(Number.isNaN(r.get('vwap_dev_60s_bps')));
  assert.equal(r.get('trade_imb_1s'), 1);
  assert.equal(r.get('trade_vol_10s'), 1);
  trade(1200, false, 104, 1);
  r = row(tf, st(1300, 101, UNIT, true)); // resync: history kept
  close(r.get('vwap_dev_10s_bps'), 1e4 / 101, 'VWAP 102 vs m 101 → 1e4·(1/101)', 1e-11);
  assert.equal(r.get('trade_imb_1s'), 0);
});

test('vwap_dev: Σ p·v is exact beyond 2^53 (a 2^32-lot trade at 1e9 ticks leaves the window without residue)', () => {
  const { tf, trade } = mk();
  const big = 2 ** 32; // MAX_TRADE_LOTS, the largest trade accepted
  trade(0, true, 1e9, big); // p·v ≈ 4.3e18 > 2^53
  trade(500, true, 1e9 + 1, 1);
  // 60 s: VWAP = (1e9·2^32 + 1e9 + 1)/(2^32 + 1) = 1e9 + 1/(2^32 + 1) → ≈ 0 bps vs m 1e9
  let r = row(tf, st(600, 1e9, UNIT));
  close(r.get('vwap_dev_60s_bps'), 0, '60 s', 1e-9);
  // 10 s at 10000: the big trade is out (10000 − 0 = W); VWAP = 1e9 + 1 exactly → 1e4·1e-9 bps
  r = row(tf, st(10000, 1e9, UNIT));
  close(r.get('vwap_dev_10s_bps'), 1e4 * (1 / 1e9), '10 s after eviction: exactly the 1e9 + 1 trade', 1e-9);
  close(r.get('vwap_dev_60s_bps'), 0, '60 s still both', 1e-9);
  // One lot more than the cap is skipped, not added.
  trade(10_100, true, 1e9, big + 1);
  r = row(tf, st(10_200, 1e9, UNIT));
  close(r.get('vwap_dev_10s_bps'), 1e4 * (1 / 1e9), 'a trade beyond MAX_TRADE_LOTS leaves the windows unchanged', 1e-9);
  assert.equal(tf.skippedTrades, 1);
});

test('BTC grid: VWAP in USD from ticks; a single trade at the mid gives 0', () => {
  const { tf, trade } = mk(BTC);
  trade(10, true, 651142, 5);
  const r = row(tf, st(20, 65114.2, BTC));
  assert.equal(r.get('vwap_dev_10s_bps'), 0);
});

test('malformed trades are skipped and counted', () => {
  const { tf, trade } = mk();
  trade(10, true, 100.5, 1);
  trade(10, true, 100, 0);
  trade(NaN, true, 100, 1);
  assert.equal(tf.skippedTrades, 3);
  const r = row(tf, st(20, 100, UNIT));
  assert.equal(r.get('trade_vol_10s'), 0);
});

test('FeatureEngine run: trade records (buy/sell flags) reach the trade columns of the row', () => {
  const eng = new FeatureEngine(UNIT, { modules: [new TradeFeatures()] });
  const n = writeEvents(eng, [
    { kind: 'snapshot', tsMs: 1000, id: 1, first: 1, prev: -1, levels: [{ bid: true, px: 100, qty: 5 }, { bid: false, px: 102, qty: 5 }] },
    { kind: 'trade', tsMs: 1200, buy: true, px: 101, qty: 3 },
    { kind: 'trade', tsMs: 1300, buy: false, px: 100, qty: 1 },
    { kind: 'diff', tsMs: 1500, id: 2, first: 2, prev: -1, levels: [{ bid: true, px: 100, qty: 6 }] },
  ]);
  assert.equal(eng.applyBatch(n), 2);
  const get = (r: number, name: string) => eng.output[r * ROW_STRIDE + ROW_FEATURES + FEATURE_INDEX[name]];
  assert.ok(Number.isNaN(get(0, 'trade_imb_1s')));
  assert.equal(get(0, 'trade_vol_10s'), 0);
  assert.ok(Number.isNaN(get(0, 'vwap_dev_10s_bps')));
  assert.equal(get(1, 'trade_imb_1s'), 0.5, '(3 − 1)/4');
  assert.equal(get(1, 'trade_vol_10s'), 4);
  // VWAP (303 + 100)/4 = 100.75, m = 101 → −1e4·0.25/101
  close(get(1, 'vwap_dev_10s_bps'), -2500 / 101, 'vwap', 1e-11);
  assert.ok(Number.isNaN(get(1, 'vpin_50')));
  assert.ok(Number.isNaN(get(1, 'kyle_lambda_5m')));
});
