/**
 * Properties of computeStatic on random valid BTC-like books (0.1 tick, 0.001 lot,
 * prices 50k–150k, touches 0–60 ticks apart, 1–40 levels a side), checked against a
 * brute-force restatement of the spec on plain arrays (prices via parseFloat of the
 * decimal string).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatUnits } from '../../src/feed/decimal.js';
import { CORE_FEATURES, FLAG_IMPACT_UNFILLED, FLAG_LOCKED } from '../../src/features/registry.js';
import { makeStaticParams, STATIC_FEATURES, type StaticParams } from '../../src/features/static.js';
import { gridValue } from '../../src/features/units.js';
import { BTC, features, SENTINEL } from './fixtures.js';

const side = fc.array(fc.record({ gap: fc.integer({ min: 1, max: 300 }), qty: fc.integer({ min: 1, max: 20_000 }) }),
  { minLength: 1, maxLength: 40 });
const bookArb = fc.record({
  bestBid: fc.integer({ min: 500_000, max: 1_500_000 }),
  spread: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 60 })),
  bids: side,
  asks: side,
  notional: fc.constantFrom(1e6, 1e5, 1e4, 3e6),
});

const PARAMS = new Map<number, StaticParams>();
const paramsFor = (x: number): StaticParams => {
  let p = PARAMS.get(x);
  if (!p) PARAMS.set(x, p = makeStaticParams({ impactNotionalUsd: x }));
  return p;
};

/** Brute force: the prices and lot sums of the levels within β bps of the mid. */
function band(levels: Array<[number, number]>, isBid: boolean, m: number, beta: number): { lots: number; prices: number[] } {
  let lots = 0;
  const prices: number[] = [];
  for (const [t, q] of levels) {
    const p = parseFloat(formatUnits(t, BTC.tick));
    const d = isBid ? 1e4 * (m - p) / m : 1e4 * (p - m) / m;
    if (d <= beta) { lots += q; prices.push(p); }
  }
  return { lots, prices };
}

test('random valid books: ranges, orderings, band depths = brute force, flags, untouched columns', () => {
  fc.assert(fc.property(bookArb, (b) => {
    const bids: Array<[number, number]> = [];
    let t = b.bestBid;
    for (const l of b.bids) { bids.push([t, l.qty]); t -= l.gap; }
    const asks: Array<[number, number]> = [];
    t = b.bestBid + b.spread;
    for (const l of b.asks) { asks.push([t, l.qty]); t += l.gap; }
    const r = features(bids, asks, BTC, paramsFor(b.notional));
    const g = r.get;
    const pb = parseFloat(formatUnits(bids[0][0], BTC.tick));
    const pa = parseFloat(formatUnits(asks[0][0], BTC.tick));
    const m = (pb + pa) / 2;

    // validity and flags
    assert.equal(g('mid_px'), m);
    assert.equal(r.flags & FLAG_LOCKED, b.spread === 0 ? FLAG_LOCKED : 0);
    const unfilled = Number.isNaN(g('impact_buy_bps_1m')) || Number.isNaN(g('impact_sell_bps_1m'));
    assert.equal(r.flags & FLAG_IMPACT_UNFILLED, unfilled ? FLAG_IMPACT_UNFILLED : 0);
    assert.equal(r.flags & ~(FLAG_LOCKED | FLAG_IMPACT_UNFILLED), 0);
    CORE_FEATURES.forEach((d, i) => {
      if (!STATIC_FEATURES.includes(d.name)) assert.equal(r.row[i], SENTINEL, d.name);
    });

    // imbalances in [−1, 1]; the touch ones always defined
    for (const n of ['imb_1', 'imb_cum_5']) assert.ok(g(n) >= -1 && g(n) <= 1, `${n} = ${g(n)}`);
    for (const n of ['imb_5bps', 'imb_25bps', 'book_pressure_25bps']) {
      assert.ok(Number.isNaN(g(n)) || (g(n) >= -1 && g(n) <= 1), `${n} = ${g(n)}`);
    }

    // band depths: exact against brute force, and 25 ≥ 5 ≥ 0
    const lot = 1000; // lots per BTC
    const b5 = band(bids, true, m, 5), a5 = band(asks, false, m, 5);
    const b25 = band(bids, true, m, 25), a25 = band(asks, false, m, 25);
    assert.equal(g('depth_bid_5bps'), b5.lots / lot);
    assert.equal(g('depth_ask_5bps'), a5.lots / lot);
    assert.equal(g('depth_bid_25bps'), b25.lots / lot);
    assert.equal(g('depth_ask_25bps'), a25.lots / lot);
    assert.ok(g('depth_bid_25bps') >= g('depth_bid_5bps') && g('depth_bid_5bps') >= 0);
    assert.ok(g('depth_ask_25bps') >= g('depth_ask_5bps') && g('depth_ask_5bps') >= 0);
    assert.equal(Number.isNaN(g('imb_5bps')), b5.lots + a5.lots === 0);
    assert.equal(Number.isNaN(g('shape_exp_bid')), b5.lots === 0);
    if (b5.lots > 0) assert.ok(g('shape_exp_bid') >= 0);

    // wmid between the touches (a convex combination; allow a few ulps)
    const eps = 1e-12 * m;
    assert.ok(g('wmid_px') >= pb - eps && g('wmid_px') <= pa + eps, `wmid ${g('wmid_px')} ∉ [${pb}, ${pa}]`);
    assert.equal(g('microprice_px'), m);
    assert.ok(g('spread_abs') >= 0 && g('spread_bps') >= 0);

    // VAMP between the extremes of the 5-bps band, NaN iff a side has no band depth
    if (b5.lots === 0 || a5.lots === 0) assert.ok(Number.isNaN(g('vamp_px_5bps')));
    else {
      const lo = Math.min(...b5.prices), hi = Math.max(...a5.prices);
      assert.ok(g('vamp_px_5bps') >= lo - eps && g('vamp_px_5bps') <= hi + eps, `vamp ${g('vamp_px_5bps')} ∉ [${lo}, ${hi}]`);
    }

    // impact ≥ 0 when fillable (0 up to rounding on a locked book); NaN iff the side's notional < X
    const usd = (levels: Array<[number, number]>): number =>
      levels.reduce((s, [tk, q]) => s + parseFloat(formatUnits(tk, BTC.tick)) * parseFloat(formatUnits(q, BTC.lot)), 0);
    for (const [n, lv] of [['impact_buy_bps_1m', asks], ['impact_sell_bps_1m', bids]] as const) {
      const v = g(n);
      const total = usd(lv);
      if (total < b.notional * (1 - 1e-12)) assert.ok(Number.isNaN(v), `${n} should be NaN`);
      else if (total > b.notional * (1 + 1e-12)) assert.ok(v >= -1e-9, `${n} = ${v}`);
    }

    // slopes: NaN when locked, otherwise finite and positive
    for (const n of ['slope_ns_bid', 'slope_ns_ask']) {
      if (b.spread === 0) assert.ok(Number.isNaN(g(n)));
      else assert.ok(Number.isFinite(g(n)) && g(n) > 0, `${n} = ${g(n)}`);
    }
  }), { numRuns: 400 });
});

test('gridValue(count, grid) is the double parseFloat gives for the decimal string', () => {
  const grid = fc.record({ units: fc.constantFrom(1, 2, 5, 25), decimals: fc.integer({ min: 0, max: 8 }) });
  fc.assert(fc.property(grid, fc.integer({ min: 0, max: 2 ** 30 - 1 }), (g, n) => {
    assert.equal(gridValue(n, g), parseFloat(formatUnits(n, g)));
  }), { numRuns: 2000 });
});
