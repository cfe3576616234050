/**
 * TradeFeatures, kyle_lambda_5m: OLS with intercept of y = 1e4·ln(m_end/m_start) on
 * x = Σ D·p·v / 1e6 over 1 s clock bars (k·1000 − 1000, k·1000], window 300 bars,
 * min 30; NaN when Var(x) = 0. Mid paths are built by hand so that y = a·x + b exactly.
 * UNIT grid: p = 1000 USD, v in BTC, so a bar with net v BTC has x = v·1000/1e6 = v/1000.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TradeFeatures } from '../../src/features/trades.js';
import { close, UNIT } from './fixtures.js';
import { row, st } from './trades-records.js';

/** Net signed BTC of bar k (0 → no trade in that bar). */
const flow = (k: number) => ((k * 37) % 11) - 5;

/**
 * Bars k = 1..K: in bar k a trade of flow(k) BTC at 1000 USD at t = 1000(k−1) + 300
 * and a book message at t = 1000(k−1) + 600 whose mid is m_k, with
 * 1e4·ln(m_k/m_{k−1}) = a·x_k + b. Bar k's start mid is m_{k−1} (as of boundary
 * 1000(k−1)), its end mid m_k. Bar 1 has no start mid (no book before) and is skipped.
 * Returns kyle_lambda_5m after each row (index k) and the module.
 */
function run(K: number, rel: (k: number) => [number, number], mids?: (k: number, m: number) => number) {
  const tf = new TradeFeatures();
  const out: number[] = [NaN];
  const bars: number[] = [0];
  let m = 50_000;
  for (let k = 1; k <= K; k++) {
    const t0 = 1000 * (k - 1);
    const v = flow(k);
    if (v !== 0) tf.onTrade({ tMs: t0 + 300, buy: v > 0, pxTicks: 1000, qtyLots: Math.abs(v) });
    const [a, b] = rel(k);
    m = m * Math.exp((a * (v / 1000) + b) / 1e4);
    out.push(row(tf, st(t0 + 600, mids ? mids(k, m) : m, UNIT)).get('kyle_lambda_5m'));
    bars.push(tf.kyleBars);
  }
  return { out, bars, tf };
}

test('kyle λ: y = 3·x − 0.5 exactly → slope 3; NaN below 30 bars', () => {
  const { out, bars } = run(60, () => [3, -0.5]);
  // At the row of bar j the closed bars are 1..j−1, of which 2..j−1 have both mids.
  assert.equal(bars[31], 29);
  assert.ok(Number.isNaN(out[31]), '29 bars → NaN');
  assert.equal(bars[32], 30);
  close(out[32], 3, '30 bars', 1e-9);
  close(out[60], 3, '58 bars', 1e-9);
});

test('kyle λ: the window is the last 300 bars (old relation rolls out)', () => {
  const { out, bars } = run(450, (k) => (k <= 100 ? [3, -0.5] : [-2, 1]));
  close(out[100], 3, 'first regime', 1e-9);
  assert.equal(bars[400], 300);
  assert.ok(Math.abs(out[400] - 3) > 0.1 && Math.abs(out[400] + 2) > 0.1, 'mixed window');
  // Row of bar 402: closed bars 102..401 (300), all in the second regime (bar 101 starts it).
  close(out[402], -2, 'second regime only', 1e-9);
});

test('kyle λ: Var(x) = 0 → NaN (no trades at all; the same trade in every bar)', () => {
  const tf = new TradeFeatures();
  let m = 100;
  for (let k = 1; k <= 50; k++) { m *= 1.0001 + (k % 3) * 1e-5; row(tf, st(1000 * (k - 1) + 600, m, UNIT)); }
  const r = row(tf, st(50_600, m, UNIT));
  assert.equal(tf.kyleBars, 49, 'bars 2..50 closed by the row at 50600');
  assert.ok(Number.isNaN(r.get('kyle_lambda_5m')), 'x ≡ 0');
  const tf2 = new TradeFeatures();
  m = 100;
  let last = 0;
  for (let k = 1; k <= 50; k++) {
    tf2.onTrade({ tMs: 1000 * (k - 1) + 300, buy: true, pxTicks: 1000, qtyLots: 3 }); // x ≡ 0.003 (not exact in binary)
    m *= 1.0001 + (k % 3) * 1e-5;
    last = row(tf2, st(1000 * (k - 1) + 600, m, UNIT)).get('kyle_lambda_5m');
  }
  assert.equal(tf2.kyleBars, 48);
  assert.ok(Number.isNaN(last), 'x constant');
});

test('kyle λ: a boundary with an invalid mid skips both bars it ends and starts', () => {
  // Bar 20's book is invalid: boundary 20000 has no mid → bars 20 and 21 are skipped.
  const { out, bars } = run(40, () => [3, -0.5], (k, m) => (k === 20 ? NaN : m));
  assert.equal(bars[21], 18, 'bars 2..19 (bar 20 ends on an invalid mid)');
  assert.equal(bars[33], 29, 'bars 2..19 and 22..32');
  assert.ok(Number.isNaN(out[33]));
  assert.equal(bars[34], 30);
  // Bar 21 is skipped; bar 22 has m_start = m_21, which the run built from m_20 → still exact.
  close(out[34], 3, 'slope with skipped bars', 1e-9);
});

test('kyle λ: boundaries are processed by trades too, and a long silence fills the window with x = 0, y = 0 bars', () => {
  const { tf } = run(40, () => [3, -0.5]);
  // A trade at 40300 closes bar 40 (ends 40000) with the mid as of 40000 (the row at 39600).
  tf.onTrade({ tMs: 40_300, buy: true, pxTicks: 1000, qtyLots: 1 });
  assert.equal(tf.kyleBars, 39);
  // 400 s later: bar 41 (x = 0.001, y = 0) and 300+ empty bars → the window holds only
  // the last 300 bars, all x = 0 → Var(x) = 0 → NaN.
  const r = row(tf, st(440_500, 50_000, UNIT));
  assert.equal(tf.kyleBars, 300);
  assert.ok(Number.isNaN(r.get('kyle_lambda_5m')));
});

test('kyle λ: a sequence gap invalidates the mid until the resync snapshot; trade windows keep history', () => {
  const { tf } = run(40, () => [3, -0.5]);
  assert.equal(tf.kyleBars, 38); // bars 2..39 closed by the row of bar 40
  // Gap at 40200: closes bar 40 (mid as of 40000 = m_40, valid) → 39 bars; the mid is
  // then invalid, so bar 41 (ends 41000, no book) and bar 42 (starts 41000) are skipped.
  tf.onGap(40_200);
  assert.equal(tf.kyleBars, 39);
  tf.onTrade({ tMs: 40_500, buy: true, pxTicks: 1000, qtyLots: 2 });
  row(tf, st(41_500, 50_000, UNIT, true)); // the resync snapshot
  assert.equal(tf.kyleBars, 39, 'bar 41 skipped (m_end invalid)');
  const r = row(tf, st(42_500, 50_000, UNIT));
  assert.equal(tf.kyleBars, 39, 'bar 42 skipped (m_start invalid)');
  row(tf, st(43_500, 50_000, UNIT));
  assert.equal(tf.kyleBars, 40, 'bar 43: both mids from after the snapshot');
  // (32500, 42500] holds the trades of bars 34..40 (at 1000(k−1) + 300) and the 2 BTC one.
  assert.equal(r.get('trade_vol_10s'), 2 + [34, 35, 36, 37, 38, 39, 40].reduce((a, k) => a + Math.abs(flow(k)), 0));
});
