/**
 * Dynamics features (DynamicsFeatures through FeatureEngine): lagged returns and
 * spread change with the inclusive as-of lookup, decayed message / add / cancel
 * rates. RV on the 100 ms grid is in dynamics.rv.test.ts. Every expected value is
 * written out by hand from the stream.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BTC, close } from './fixtures.js';
import { diff, snap, trade } from './dynamics-records.js';
import { runDynamics } from './dynamics-run.js';

const bps = (a: number, b: number): number => 1e4 * Math.log(a / b);
const RETS = ['ret_100ms_bps', 'ret_1s_bps', 'ret_10s_bps', 'ret_60s_bps'];
const B = true;
const A = false;

test('returns and spread_chg: as-of = last valid row with t_i <= t − L (inclusive), NaN warm-up and invalid', () => {
  const rows = runDynamics([
    snap(1000, [[B, 99, 1], [A, 101, 1]]), //            m 100,   s 2
    diff(1100, [[A, 101, 0], [A, 103, 1]]), //           m 101,   s 4
    diff(1150, [[B, 99, 0], [B, 101, 1]]), //            m 102,   s 2
    diff(2000, [[B, 101, 5]]), //                        m 102,   s 2
    diff(2100, [[A, 103, 0]]), //                        invalid (no asks)
    diff(2200, [[A, 104, 1]]), //                        m 102.5, s 3
    diff(11000, [[B, 101, 6]]), //                       m 102.5, s 3
    diff(61000, [[B, 101, 7]]), //                       m 102.5, s 3
    diff(61100, [[A, 104, 0], [A, 105, 1]]), //          m 103,   s 4
  ]);
  assert.equal(rows.length, 9);
  const expect: Array<[number, number, number, number, number]> = [
    // ret_100ms, ret_1s, ret_10s, ret_60s, spread_chg
    [NaN, NaN, NaN, NaN, NaN],
    [bps(101, 100), NaN, NaN, NaN, NaN], // as-of(1000) = the row at exactly 1000
    [bps(102, 100), NaN, NaN, NaN, NaN], // as-of(1050) = 1000, not 1100
    [0, bps(102, 100), NaN, NaN, 2e4 / 102 - 2e4 / 100], // 1 s: as-of(1000) inclusive
    [NaN, NaN, NaN, NaN, NaN], // invalid book
    [bps(102.5, 102), bps(102.5, 102), NaN, NaN, 3e4 / 102.5 - 2e4 / 102], // as-of(2100) skips the invalid row → 2000; as-of(1200) = 1150
    [0, 0, bps(102.5, 100), NaN, 0], // 10 s: as-of(1000) inclusive
    [0, 0, 0, bps(102.5, 100), 0], // 60 s: as-of(1000) inclusive
    [bps(103, 102.5), bps(103, 102.5), bps(103, 102.5), bps(103, 101), 4e4 / 103 - 3e4 / 102.5], // 60 s: as-of(1100)
  ];
  expect.forEach((e, r) => {
    for (let k = 0; k < 4; k++) close(rows[r].get(RETS[k]), e[k], `row ${r} ${RETS[k]}`);
    close(rows[r].get('spread_chg_1s_bps'), e[4], `row ${r} spread_chg_1s_bps`);
  });
});

test('upd_rate_1s: r ← e^{−Δt/τ}·r + 1/τ per message, invalid books counted, first message adds 1/τ', () => {
  const rows = runDynamics([
    snap(1000, [[B, 99, 1], [A, 101, 1]]),
    diff(1500, [[B, 99, 2]]),
    diff(1700, [[A, 101, 0]]), // invalid: still counted
    diff(2700, [[A, 101, 1]]),
  ]);
  const r1 = 1;
  const r2 = Math.exp(-0.5) * r1 + 1;
  const r3 = Math.exp(-0.2) * r2 + 1;
  const r4 = Math.exp(-1) * r3 + 1;
  [r1, r2, r3, r4].forEach((e, i) => close(rows[i].get('upd_rate_1s'), e, `row ${i}`));
});

test('add/cxl rates: price-matched Δq within 25 bps of the pre-update mid, cancels net of aggressor volume', () => {
  // UNIT grid (1 USD, 1 BTC); mid 10000: 25 bps = 25 USD, so 9975 / 10025 are in (inclusive), 9974 / 10026 out.
  const rows = runDynamics([
    snap(1000, [[B, 9999, 5], [B, 9990, 10], [B, 9974, 7], [A, 10001, 5], [A, 10010, 10], [A, 10026, 7]]),
    trade(1200, false, 3), // sell aggressor: 3 BTC hit the bids
    trade(1250, true, 1), //  buy aggressor: 1 BTC hit the asks
    diff(1500, [
      [B, 9990, 4], //   −6 bid, in band
      [B, 9974, 20], //  +13 bid, 26 bps: ignored
      [B, 9975, 2], //   +2 bid, exactly 25 bps: in
      [A, 10010, 12], // +2 ask
      [A, 10026, 0], //  −7 ask, out of band: ignored
      [A, 10001, 3], //  −2 ask
    ]),
    trade(1600, true, 5), // 5 BTC bought: more than the ask removal below
    diff(1800, [[A, 10001, 1], [B, 9999, 6]]), // ask −2 (netted to 0), bid +1
    // Mid moves 10000 → 9995.5; 9974 is 26 bps from the PRE-update mid, so its +5 is ignored.
    diff(2000, [[B, 9999, 0], [B, 9974, 25]]),
  ]);
  assert.equal(rows.length, 4);
  const e3 = Math.exp(-0.3), e2 = Math.exp(-0.2);
  const addBid = [0, 2, 2 * e3 + 1, (2 * e3 + 1) * e2];
  const addAsk = [0, 2, 2 * e3, 2 * e3 * e2];
  const cxlBid = [0, 6 - 3, 3 * e3, 3 * e3 * e2 + 6]; // 9999 held 6 after the 1800 message
  const cxlAsk = [0, 2 - 1, 1 * e3 + 0, e3 * e2];
  for (let r = 0; r < 4; r++) {
    close(rows[r].get('add_rate_bid_1s'), addBid[r], `row ${r} add_bid`);
    close(rows[r].get('add_rate_ask_1s'), addAsk[r], `row ${r} add_ask`);
    close(rows[r].get('cxl_rate_bid_1s'), cxlBid[r], `row ${r} cxl_bid`);
    close(rows[r].get('cxl_rate_ask_1s'), cxlAsk[r], `row ${r} cxl_ask`);
  }
});

test('add/cxl rates: a price repeated in one message nets to last − first; invalid pre-update book contributes 0', () => {
  const rows = runDynamics([
    snap(1000, [[B, 9999, 5], [B, 9990, 4], [A, 10001, 5]]),
    diff(2000, [[B, 9990, 9], [B, 9990, 1]]), // net −3, not +5 and −8
    diff(3000, [[A, 10001, 0]]), //               −5 ask (pre-update book valid)
    diff(4000, [[A, 10001, 8], [B, 9990, 2]]), // pre-update book invalid: 0
  ]);
  const e1 = Math.exp(-1);
  close(rows[1].get('add_rate_bid_1s'), 0, 'add_bid 1');
  close(rows[1].get('cxl_rate_bid_1s'), 3, 'cxl_bid 1');
  close(rows[2].get('cxl_rate_ask_1s'), 5, 'cxl_ask 2');
  close(rows[3].get('add_rate_ask_1s'), 0, 'add_ask 3');
  close(rows[3].get('cxl_rate_bid_1s'), 3 * e1 * e1, 'cxl_bid 3');
  close(rows[3].get('cxl_rate_ask_1s'), 5 * e1, 'cxl_ask 3');
  close(rows[3].get('upd_rate_1s'), ((1 * e1 + 1) * e1 + 1) * e1 + 1, 'upd 3');
});

test('add rate in BTC on a 0.001-BTC lot grid; rates are unaffected by a trade-only gap', () => {
  const rows = runDynamics([
    snap(1000, [[B, 651142, 500], [A, 651143, 1250]]),
    trade(1100, false, 200),
    diff(1500, [[B, 651142, 1250], [A, 651143, 1000]]), // bid +750 lots; ask −250 lots, 0 sells on asks
  ], BTC);
  close(rows[1].get('add_rate_bid_1s'), 0.75, 'add_bid');
  close(rows[1].get('cxl_rate_ask_1s'), 0.25, 'cxl_ask');
  close(rows[1].get('cxl_rate_bid_1s'), 0, 'cxl_bid');
  close(rows[1].get('upd_rate_1s'), Math.exp(-0.5) + 1, 'upd');
});
