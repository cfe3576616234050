/**
 * The generated edge streams (test/helpers/edge-streams.ts) hit the cases they claim:
 * each is run through the TS feature engine and book, and held against the
 * generator's own account of it: book counters and parse stats equal what was put
 * in, every row matches the generator's book model (u, time, flags, touch, 10-level
 * ladder), and each stream's corner cases show in the columns, with expected values
 * worked out from the input and the definitions in docs/FEATURES.md.
 */
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { test } from 'node:test';
import { detectInstrument } from '../../src/feed/detect.js';
import { REJECT_KINDS } from '../../src/feed/reject.js';
import { WARMUP_MS } from '../../src/features/engine.js';
import {
  FEATURE_INDEX, FLAG_CROSSED, FLAG_EMPTY_SIDE, FLAG_IMPACT_UNFILLED, FLAG_LOCKED, FLAG_OFI_RESET, FLAG_WARMUP, LADDER_LEVELS,
} from '../../src/features/registry.js';
import { ROW_FEATURES, ROW_FLAGS, ROW_STRIDE_EXTENDED, ROW_TS_MS, ROW_U } from '../../src/layout/feature-row.js';
import type { ExpectedRow } from '../helpers/edge-book.js';
import { binanceLateSnapshot, EDGE_STREAMS, type EdgeStream } from '../helpers/edge-streams.js';
import { runFeatureText, type FeatureRun } from '../helpers/feature-diff.js';
import { runBytes, type StreamRun } from '../helpers/run-stream.js';

interface Ran { run: FeatureRun; parse: StreamRun; ms: number }
const cache = new Map<string, Ran>();
function ran(s: EdgeStream): Ran {
  let r = cache.get(s.name);
  if (!r) {
    const t0 = performance.now();
    const run = runFeatureText(s.text, 'ts', { extended: true });
    const ms = performance.now() - t0;
    r = { run, ms, parse: runBytes(Buffer.from(s.text), 'ts', 1, run.instrument) };
    cache.set(s.name, r);
  }
  return r;
}
const byName = (name: string): EdgeStream => {
  const s = EDGE_STREAMS.find((x) => x.name === name);
  assert.ok(s, `no edge stream ${name}`);
  return s;
};

/** Column `name` of row `r`. */
function col(run: FeatureRun, r: number, name: string): number {
  const i = FEATURE_INDEX[name];
  assert.notEqual(i, undefined, `unknown feature ${name}`);
  return run.rows[r * run.stride + ROW_FEATURES + i];
}
const flagsOf = (run: FeatureRun, r: number): number => run.rows[r * run.stride + ROW_FLAGS];
const has = (run: FeatureRun, r: number, flag: number): boolean => (flagsOf(run, r) & flag) !== 0;

const usd = (ticks: number): number => ticks / 10;
const btc = (lots: number): number => lots / 1000;
/** The model's mid in USD, NaN when the book is invalid (a side empty, or crossed). */
function mid(e: ExpectedRow): number {
  if (e.bids.length === 0 || e.asks.length === 0 || e.bids[0][0] > e.asks[0][0]) return NaN;
  return (usd(e.bids[0][0]) + usd(e.asks[0][0])) / 2;
}
/** Index of the as-of row for lag `lagMs`: the last valid row at or before t − lag (rows in time order). */
function asOf(rows: readonly ExpectedRow[], r: number, lagMs: number): number {
  for (let i = r - 1; i >= 0; i--) if (rows[i].tsMs <= rows[r].tsMs - lagMs && !Number.isNaN(mid(rows[i]))) return i;
  return -1;
}
function near(a: number, b: number, rel: number, what: string): void {
  assert.ok(Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b)), `${what}: ${a} vs ${b}`);
}

test('every edge stream is detected as its instrument and is small (timed on the TS engine)', (t) => {
  let total = 0;
  for (const s of EDGE_STREAMS) {
    const sample = Buffer.from(s.text).subarray(0, 1 << 20);
    const inst = detectInstrument(sample);
    const want = s.name.startsWith('binance') ? ['binance', 'usdm'] : ['bybit', 'linear'];
    assert.deepEqual([inst.exchange, inst.market, inst.symbol], [...want, 'BTCUSDT'], s.name);
    assert.deepEqual([inst.tick, inst.lot], [{ units: 1, decimals: 1 }, { units: 1, decimals: 3 }], `${s.name}: tick 0.1, lot 0.001`);
    const { ms } = ran(s);
    total += ms;
    t.diagnostic(`${s.name}: ${s.rows.length} rows, ${s.text.length} bytes, ${ms.toFixed(0)} ms`);
    assert.ok(ms < 2000, `${s.name} took ${ms.toFixed(0)} ms (generous: machines are shared)`);
  }
  t.diagnostic(`all edge streams: ${total.toFixed(0)} ms`);
});

test('the streams are deterministic: a second build gives the same text', async () => {
  const again = (await import(new URL('../helpers/edge-streams.js?rebuild', import.meta.url).href)) as { EDGE_STREAMS: readonly EdgeStream[] };
  assert.notEqual(again.EDGE_STREAMS, EDGE_STREAMS, 'a fresh module instance');
  assert.deepEqual(again.EDGE_STREAMS.map((s) => [s.name, s.text]), EDGE_STREAMS.map((s) => [s.name, s.text]));
});

for (const s of EDGE_STREAMS) {
  test(`${s.name}: counters, parse stats and every row match the generator's book`, () => {
    const { run, parse } = ran(s);
    const c = run.counters;
    const f = s.facts;
    assert.equal(run.stride, ROW_STRIDE_EXTENDED);
    assert.deepEqual(
      { rows: run.n, applied: c.applied, gaps: c.gaps, resyncs: c.resyncs, skipped: c.skipped, stale: c.stale, trades: c.trades, tickers: c.tickers, levelChanges: c.levelChanges, bookRejected: c.rejected },
      { rows: s.rows.length, applied: s.rows.length, gaps: f.gaps, resyncs: f.resyncs, skipped: f.skipped, stale: f.stale, trades: f.trades, tickers: f.tickers, levelChanges: f.levelChanges, bookRejected: 0 },
    );
    const rejects = Object.fromEntries(REJECT_KINDS.map((k, i) => [k, parse.stats.rejectedByKind[i]]).filter(([, n]) => n !== 0));
    assert.deepEqual(rejects, f.rejects, 'parse rejects by kind');
    assert.equal(parse.stats.ignored, f.ignored, 'ignored frames');
    let lockedOrCrossed = 0;
    for (let r = 0; r < run.n; r++) {
      const e = s.rows[r];
      const at = `row ${r} (u ${e.u})`;
      const base = r * run.stride;
      assert.equal(run.rows[base + ROW_U], e.u, `${at}: u`);
      assert.equal(run.rows[base + ROW_TS_MS], e.tsMs, `${at}: time`);
      for (let k = base + ROW_FEATURES; k < base + run.stride; k++) assert.ok(!(Math.abs(run.rows[k]) === Infinity), `${at}: column ${k - base - ROW_FEATURES} is infinite`);
      const empty = e.bids.length === 0 || e.asks.length === 0;
      const crossed = !empty && e.bids[0][0] > e.asks[0][0];
      const locked = !empty && e.bids[0][0] === e.asks[0][0];
      if (crossed || locked) lockedOrCrossed++;
      assert.deepEqual(
        [has(run, r, FLAG_EMPTY_SIDE), has(run, r, FLAG_CROSSED), has(run, r, FLAG_LOCKED), has(run, r, FLAG_WARMUP)],
        [empty, crossed, locked, e.tsMs - f.firstEventMs < WARMUP_MS], `${at}: empty / crossed / locked / warm-up flags`);
      if (e.snapshot) assert.ok(has(run, r, FLAG_OFI_RESET), `${at}: a snapshot row resets OFI`);
      const m = mid(e);
      if (Number.isNaN(m)) {
        for (const name of ['mid_px', 'spread_abs', 'imb_1', 'ofi_1_1s', 'ret_100ms_bps', 'rv_10s_bps', 'lob_bid_px_1', 'depth_bid_250bps']) {
          assert.ok(Number.isNaN(col(run, r, name)), `${at}: ${name} is NaN on an invalid book`);
        }
        continue;
      }
      assert.equal(col(run, r, 'mid_px'), m, `${at}: mid`);
      for (const side of ['bid', 'ask'] as const) {
        const ladder = side === 'bid' ? e.bids : e.asks;
        for (let k = 0; k < LADDER_LEVELS; k++) {
          const lv = ladder[k];
          assert.deepEqual([col(run, r, `lob_${side}_px_${k + 1}`), col(run, r, `lob_${side}_qty_${k + 1}`)],
            lv ? [usd(lv[0]), btc(lv[1])] : [NaN, NaN], `${at}: ${side} level ${k + 1}`);
        }
      }
    }
    assert.equal(c.crossed, lockedOrCrossed, 'the book counts messages ending with best bid >= best ask');
  });
}

/** ofi_1_1s from the definition (docs/FEATURES.md, Flow): CKS e^1 on the model's touch, 1 s window, resets. */
function expectedOfi(rows: readonly ExpectedRow[]): number[] {
  const entries: Array<[number, number]> = [];
  return rows.map((e, r) => {
    if (Number.isNaN(mid(e))) return NaN;
    const p = rows[r - 1];
    if (p && !e.snapshot && !Number.isNaN(mid(p))) {
      const [[pb, qb], [pa, qa]] = [e.bids[0], e.asks[0]];
      const [[pb0, qb0], [pa0, qa0]] = [p.bids[0], p.asks[0]];
      const x = (pb >= pb0 ? qb : 0) - (pb <= pb0 ? qb0 : 0) - (pa <= pa0 ? qa : 0) + (pa >= pa0 ? qa0 : 0);
      if (x !== 0) entries.push([e.tsMs, x]);
    }
    return btc(entries.filter(([t]) => t > e.tsMs - 1000).reduce((s, [, x]) => s + x, 0));
  });
}

for (const s of EDGE_STREAMS) {
  const monotone = s.rows.every((e, r) => r === 0 || e.tsMs >= s.rows[r - 1].tsMs);
  // The recomputation assumes non-decreasing row times; bybit-resyncs restarts 1.5 s back.
  if (!monotone) continue;
  test(`${s.name}: ofi_1_1s and the returns match a recomputation from the model`, () => {
    const { run } = ran(s);
    const ofi = expectedOfi(s.rows);
    for (let r = 0; r < run.n; r++) {
      assert.ok(Object.is(col(run, r, 'ofi_1_1s'), ofi[r]), `row ${r}: ofi_1_1s ${col(run, r, 'ofi_1_1s')} vs ${ofi[r]}`);
      for (const [name, lag] of [['ret_100ms_bps', 100], ['ret_1s_bps', 1000], ['ret_10s_bps', 10_000], ['ret_60s_bps', 60_000]] as const) {
        const i = asOf(s.rows, r, lag);
        const want = i < 0 || Number.isNaN(mid(s.rows[r])) ? NaN : 1e4 * Math.log(mid(s.rows[r]) / mid(s.rows[i]));
        const got = col(run, r, name);
        if (Number.isNaN(want)) assert.ok(Number.isNaN(got), `row ${r}: ${name} ${got}, expected NaN`);
        else near(got, want, 1e-12, `row ${r}: ${name}`);
      }
    }
  });
}

test('bybit-resyncs: gaps, skipped diffs, stale diffs and resyncs by snapshot and by u == 1', () => {
  const s = byName('bybit-resyncs');
  const { run } = ran(s);
  assert.ok(run.counters.gaps >= 4 && run.counters.resyncs >= 4 && run.counters.skipped > 0 && run.counters.stale >= 2);
  const u1 = s.marks.resetU1;
  assert.equal(s.rows[u1].u, 1);
  assert.ok(has(run, u1, FLAG_OFI_RESET), 'u == 1 resets like a snapshot');
  assert.equal(run.rows[(u1 + 1) * run.stride + ROW_U], 2, 'deltas continue from u = 1');
  // The restart's book sits 60 ticks higher with a 2-tick spread: nothing of the old book survives.
  assert.equal(col(run, u1, 'spread_abs'), 0.2);
  assert.ok(col(run, u1, 'mid_px') > col(run, u1 - 1, 'mid_px'));
  const back = s.marks.backInTime;
  assert.ok(run.rows[back * run.stride + ROW_TS_MS] < run.rows[(back - 1) * run.stride + ROW_TS_MS], 'a row stamped before the previous one');
  for (const k of ['freshSnapshot', 'resyncSnapshot', 'resyncReset', 'backInTime', 'bridgeGapResync']) assert.ok(has(run, s.marks[k], FLAG_OFI_RESET), k);
});

test('bybit-crossed-locked: locked and crossed rows, entered and left; locked books stay valid', () => {
  const s = byName('bybit-crossed-locked');
  const { run } = ran(s);
  const mk = s.marks;
  for (const k of ['lockedByBid', 'lockedByAsk', 'lockedSnapshot']) {
    const r = mk[k];
    assert.ok(has(run, r, FLAG_LOCKED) && !has(run, r, FLAG_CROSSED), `${k} is locked`);
    assert.equal(col(run, r, 'spread_abs'), 0);
    assert.equal(col(run, r, 'spread_bps'), 0);
    assert.equal(col(run, r, 'wmid_px'), col(run, r, 'mid_px'));
    assert.equal(col(run, r, 'microprice_px'), col(run, r, 'mid_px'));
    assert.ok(Number.isNaN(col(run, r, 'slope_ns_bid')), `${k}: the NS slope divides by |p1/m - 1| = 0`);
    assert.ok(Number.isFinite(col(run, r, 'ofi_1_1s')), `${k}: flow is defined on a locked book`);
  }
  assert.ok(has(run, mk.lockedByBid + 1, FLAG_LOCKED), 'still locked after the ask queue changes');
  for (const k of ['crossedByBid', 'crossedByAsk', 'crossedSnapshot']) assert.ok(has(run, mk[k], FLAG_CROSSED) && !has(run, mk[k], FLAG_LOCKED), `${k} is crossed`);
  for (let r = mk.crossedByBid; r < mk.uncrossed; r++) assert.ok(has(run, r, FLAG_CROSSED), `row ${r} stays crossed`);
  for (const k of ['unlocked', 'uncrossed', 'crossLeftByBids']) {
    assert.equal(flagsOf(run, mk[k]) & (FLAG_LOCKED | FLAG_CROSSED | FLAG_EMPTY_SIDE), 0, `${k} is a normal book again`);
  }
  for (const k of ['uncrossed', 'crossLeftByBids']) assert.ok(has(run, mk[k], FLAG_OFI_RESET), `${k}: first valid row after an invalid book resets OFI`);
  assert.ok(has(run, mk.resyncAfterCrossed, FLAG_OFI_RESET) && run.counters.resyncs === 1);
});

test('bybit-empty-sides: one-sided, empty, thin and penny books', () => {
  const s = byName('bybit-empty-sides');
  const { run } = ran(s);
  const mk = s.marks;
  for (const k of ['noBids', 'noAsks', 'bothEmpty', 'emptyNoLevels', 'askOnlySnapshot', 'emptySnapshot']) assert.ok(has(run, mk[k], FLAG_EMPTY_SIDE), `${k}: a side is empty`);
  for (const k of ['bothEmpty', 'emptyNoLevels', 'emptySnapshot']) {
    assert.equal(flagsOf(run, mk[k]) & (FLAG_CROSSED | FLAG_LOCKED | FLAG_IMPACT_UNFILLED), 0, `${k}: only the empty-side bit among the book bits`);
  }
  for (const k of ['rebuiltThin', 'bidsBack', 'fromNothing']) assert.ok(has(run, mk[k], FLAG_OFI_RESET), `${k}: first valid row after an empty side`);
  const thin = mk.rebuiltThin;
  assert.ok(has(run, thin, FLAG_IMPACT_UNFILLED));
  assert.ok(Number.isNaN(col(run, thin, 'impact_buy_bps_1m')) && Number.isNaN(col(run, thin, 'impact_sell_bps_1m')));
  assert.ok(Number.isFinite(col(run, thin, 'slope_ns_bid')), 'one level is enough for the NS slope');
  assert.equal(col(run, thin, 'imb_cum_5'), 0, 'equal single levels');
  // 1000.0 USD x 0.001 BTC: the first cumulative notional is 1 USD, so v_1 = 0 and (v_2/v_1 - 1) is not finite.
  assert.ok(Number.isNaN(col(run, mk.pennyBook, 'slope_ns_bid')));
  assert.ok(Number.isFinite(col(run, mk.pennyBook, 'slope_ns_ask')));
  assert.equal(col(run, mk.subDollar, 'mid_px'), 0.25);
});

test('bybit-level-oddities: unknown deletes change nothing, repeated prices net to their last size', () => {
  const s = byName('bybit-level-oddities');
  const { run } = ran(s);
  const mk = s.marks;
  const ladder = (r: number): number[] => Array.from({ length: LADDER_LEVELS * 4 }, (_, i) => col(run, r, `lob_${['ask', 'ask', 'bid', 'bid'][i % 4]}_${i % 2 ? 'qty' : 'px'}_${1 + (i >> 2)}`));
  for (const k of ['unknownDeletes', 'zeroLevels', 'resentAll']) assert.deepEqual(ladder(mk[k]), ladder(mk[k] - 1), `${k}: the book is unchanged`);
  assert.equal(run.rows[mk.zeroLevels * run.stride + ROW_TS_MS], run.rows[(mk.zeroLevels - 2) * run.stride + ROW_TS_MS], 'three zero-level rows in one ms');
  // add_rate_bid_1s: r = exp(-dt/1 s)·r_prev + A/1 s, A netted per price: (last size - first old size)+ in BTC.
  const r = mk.repeatedLevels;
  const prev = s.rows[r - 1];
  const p = prev.bids[0][0] - 2;
  const old = prev.bids.find(([px]) => px === p)?.[1] ?? 0;
  const dtS = (s.rows[r].tsMs - prev.tsMs) / 1000;
  const want = Math.exp(-dtS) * col(run, r - 1, 'add_rate_bid_1s') + btc(Math.max(0, 777 - old));
  near(col(run, r, 'add_rate_bid_1s'), want, 1e-12, 'netted bid additions');
});

test('bybit-trade-bursts: windows, VPIN and clamped times react to the bursts', () => {
  const s = byName('bybit-trade-bursts');
  const { run } = ran(s);
  const mk = s.marks;
  const sm = s.sums;
  assert.equal(col(run, 0, 'trade_vol_10s'), btc(5 + 7 + 12), 'trades before the first snapshot are in its windows');
  assert.equal(col(run, 0, 'trade_imb_1s'), (5 - 19) / 24);
  const a = sm.burstABuyLots + sm.burstASellLots;
  assert.equal(col(run, mk.burstA, 'trade_vol_10s'), btc(a));
  assert.equal(col(run, mk.burstA, 'trade_imb_1s'), (sm.burstABuyLots - sm.burstASellLots) / a);
  assert.equal(col(run, mk.burstA, 'trade_imb_10s'), (sm.burstABuyLots - sm.burstASellLots) / a);
  assert.ok(Number.isFinite(col(run, mk.burstA, 'vwap_dev_10s_bps')));
  const ab = a + sm.burstBBuyLots + sm.burstBSellLots;
  assert.equal(col(run, mk.burstB, 'trade_vol_10s'), btc(ab));
  assert.equal(col(run, mk.burstB, 'trade_imb_1s'), (sm.burstABuyLots + sm.burstBBuyLots - sm.burstASellLots - sm.burstBSellLots) / ab);
  assert.ok(Number.isNaN(col(run, mk.burstB, 'vpin_50')), 'fewer than 50 buckets of 2 BTC so far');
  assert.equal(col(run, mk.burstAEdgeIn, 'trade_vol_10s'), btc(ab), 'burst A 9 999 ms old is in');
  assert.equal(col(run, mk.burstAEdgeOut, 'trade_vol_10s'), btc(sm.burstBBuyLots + sm.burstBSellLots), 'burst A exactly 10 s old is out');
  const h = mk.huge;
  assert.equal(col(run, h, 'trade_vol_10s'), btc(sm.hugeLots), 'trades up to MAX_TRADE_LOTS count, exactly; bigger ones are skipped');
  const vpin = col(run, h, 'vpin_50');
  assert.ok(vpin >= 0 && vpin <= 1, `vpin ${vpin}`);
  assert.ok(Number.isFinite(col(run, h, 'vwap_dev_10s_bps')), 'p·v beyond 2^64 still gives a VWAP');
  for (const name of ['trade_imb_1s', 'trade_imb_10s', 'vwap_dev_10s_bps']) assert.ok(Number.isNaN(col(run, mk.huge10sLater, name)), `${name}: 10 s window empty`);
  assert.equal(col(run, mk.huge10sLater, 'trade_vol_10s'), 0);
  assert.ok(Number.isFinite(col(run, mk.huge10sLater, 'vwap_dev_60s_bps')), 'the 60 s window still holds the huge trades');
  assert.ok(Number.isNaN(col(run, mk.huge60sLater, 'vwap_dev_60s_bps')), '60 s window empty');
  assert.ok(Number.isFinite(col(run, mk.huge60sLater, 'vpin_50')), 'VPIN buckets persist');
  assert.equal(col(run, mk.backward, 'trade_vol_10s'), btc(sm.backwardLots), 'trades stamped back in time are clamped into the window');
  assert.equal(col(run, mk.beforeFuture, 'trade_vol_10s'), btc(sm.backwardLots), 'a trade stamped after the row waits');
  assert.equal(col(run, mk.afterFuture, 'trade_vol_10s'), btc(sm.backwardLots + sm.futureLots));
});

// Trades beyond MAX_TRADE_LOTS are skipped, so no window sum passes 2^52 lots: the
// windows hold exactly the 1-lot trades between the huge prints, and empty to 0 / NaN.
test('bybit-huge-volume: prints beyond MAX_TRADE_LOTS are skipped and the windows stay exact', () => {
  const s = byName('bybit-huge-volume');
  const { run } = ran(s);
  const mk = s.marks;
  const sm = s.sums;
  const lots = sm.acceptedBuyLots + sm.acceptedSellLots;
  assert.equal(lots, 15, 'the generator put 15 one-lot trades between the huge ones');
  assert.equal(col(run, mk.huge, 'trade_vol_10s'), btc(lots));
  assert.equal(col(run, mk.huge, 'trade_imb_10s'), (sm.acceptedBuyLots - sm.acceptedSellLots) / lots);
  assert.equal(col(run, mk.after10s, 'trade_vol_10s'), 0, '10 s window empty');
  assert.ok(Number.isNaN(col(run, mk.after60s, 'vwap_dev_60s_bps')), '60 s window empty');
  assert.equal(col(run, mk.small, 'trade_vol_10s'), btc(sm.smallLots));
  assert.equal(col(run, mk.small, 'trade_imb_10s'), 1, 'only buys in the window');
});

test('bybit-quiet-dense: warm-up clears, windowed columns fill in, silences and a dense ms behave as defined', () => {
  const s = byName('bybit-quiet-dense');
  const { run } = ran(s);
  const mk = s.marks;
  const rows = s.rows;
  assert.ok(has(run, 0, FLAG_WARMUP) && !has(run, run.n - 1, FLAG_WARMUP));
  const firstFinite = (name: string): number => { for (let r = 0; r < run.n; r++) if (Number.isFinite(col(run, r, name))) return r; return -1; };
  assert.ok(Number.isNaN(col(run, 0, 'rv_10s_bps')));
  for (const [name, minMs] of [['rv_10s_bps', 10_000], ['rv_60s_bps', 60_000], ['ofi_lambda_5m', 30_000], ['kyle_lambda_5m', 30_000], ['ret_60s_bps', 60_000]] as const) {
    const r = firstFinite(name);
    assert.ok(r >= 0 && r <= mk.beforeSilence61, `${name} becomes finite before the first silence`);
    assert.ok(rows[r].tsMs - rows[0].tsMs >= minMs, `${name} not before ${minMs} ms of history`);
  }
  // After 61 s of silence every return lag finds the last row before it.
  const a = mk.after61;
  const want61 = 1e4 * Math.log(mid(rows[a]) / mid(rows[mk.beforeSilence61]));
  for (const name of ['ret_100ms_bps', 'ret_1s_bps', 'ret_10s_bps', 'ret_60s_bps']) near(col(run, a, name), want61, 1e-9, name);
  assert.equal(col(run, a, 'trade_vol_10s'), 0);
  // After 6 min: every RV return in the window is from the silence (0), and the 300 λ bars all have x = 0.
  const b = mk.after6min;
  assert.equal(col(run, b, 'rv_10s_bps'), 0);
  assert.equal(col(run, b, 'rv_60s_bps'), 0);
  assert.ok(Number.isNaN(col(run, b, 'ofi_lambda_5m')) && Number.isNaN(col(run, b, 'kyle_lambda_5m')), 'Var(x) = 0 over 300 empty bars');
  near(col(run, b, 'ret_60s_bps'), 1e4 * Math.log(mid(rows[b]) / mid(rows[mk.beforeSilence6min])), 1e-9, 'ret_60s over 6 min');
  assert.ok(col(run, mk.denseEnd, 'upd_rate_1s') >= 300, '300 messages in one ms add 300 msg/s');
});

test('bybit-price-jumps: returns follow jumps of hundreds of bps, including through a crossed book and a gap', () => {
  const s = byName('bybit-price-jumps');
  const { run } = ran(s);
  const mk = s.marks;
  for (const [k, lag, lo] of [['jumpUp', 100, 400], ['jumpDown', 100, 700], ['jumpUncrossed', 100, 250], ['jumpResync', 1000, 200]] as const) {
    const r = mk[k];
    const i = asOf(s.rows, r, lag);
    const want = 1e4 * Math.log(mid(s.rows[r]) / mid(s.rows[i]));
    assert.ok(Math.abs(want) > lo, `${k}: the generator made a ${want.toFixed(0)} bps jump`);
    near(col(run, r, lag === 100 ? 'ret_100ms_bps' : 'ret_1s_bps'), want, 1e-9, k);
  }
  assert.ok(has(run, mk.jumpCrossed, FLAG_CROSSED));
  assert.ok(col(run, mk.jumpDown - 1, 'rv_10s_bps') > 400, 'the +5 % jump is in the 10 s RV');
});

test('bybit-deep-thin: band depths on an 851-level book, impact fills; a thin book cannot', () => {
  const s = byName('bybit-deep-thin');
  const { run } = ran(s);
  const d = s.marks.deepSnapshot;
  assert.equal(col(run, d, 'depth_bid_250bps'), btc(s.sums.deepBidLots250));
  assert.equal(col(run, d, 'depth_ask_250bps'), btc(s.sums.deepAskLots250));
  assert.ok(s.sums.deepBidLots250 < s.sums.deepBidLotsAll, 'levels lie beyond 250 bps');
  for (let r = 0; r < s.marks.thin; r++) {
    assert.ok(!has(run, r, FLAG_IMPACT_UNFILLED) && Number.isFinite(col(run, r, 'impact_buy_bps_1m')) && Number.isFinite(col(run, r, 'impact_sell_bps_1m')), `row ${r}`);
  }
  for (let r = s.marks.thin; r < run.n; r++) {
    assert.ok(has(run, r, FLAG_IMPACT_UNFILLED) && Number.isNaN(col(run, r, 'impact_buy_bps_1m')), `row ${r}: 1 M USD cannot fill`);
  }
});

test('bybit-malformed: every reject kind a text can carry is counted, and the rows equal the clean stream\'s', () => {
  const s = byName('bybit-malformed');
  const { run, parse } = ran(s);
  const textKinds = REJECT_KINDS.filter((k) => k !== 'truncated-input');
  assert.deepEqual(textKinds.filter((k) => !(s.facts.rejects[k]! > 0)), [], 'kinds not injected');
  assert.equal(parse.stats.rejected, Object.values(s.facts.rejects).reduce((x, n) => x + n!, 0));
  assert.ok(s.clean);
  const clean = runFeatureText(s.clean, 'ts', { extended: true });
  assert.equal(clean.n, run.n);
  assert.deepEqual(clean.counters, run.counters);
  assert.ok(Buffer.from(clean.rows.buffer).equals(Buffer.from(run.rows.buffer)), 'bad lines leave no trace in the rows');
});

test('binance-usdm: held diffs, stale and bridging diffs, a pu gap, held diffs again and a resync', () => {
  const s = byName('binance-usdm');
  const { run } = ran(s);
  const c = run.counters;
  assert.ok(c.stale >= 2 && c.gaps === 1 && c.resyncs === 1 && c.tickers > 0);
  assert.equal(c.skipped, 0, 'diffs behind the gap are held for the resync snapshot, not skipped');
  assert.ok(has(run, s.marks.firstSnapshot, FLAG_OFI_RESET) && has(run, s.marks.resync, FLAG_OFI_RESET));
  assert.ok(s.marks.firstSnapshot === 0 && run.n > 1, 'the held diffs follow the snapshot row');
});

// The pipeline cuts a Binance batch right after a gap and holds the diffs behind it,
// so a REST snapshot line written after the diff that bridges it still resyncs, and
// the rows do not depend on where batch boundaries fall (kernels may use other
// capacities than the TS engine).
test('binance-usdm-late-snapshot: a resync does not depend on the batch size', () => {
  const s = binanceLateSnapshot();
  const one = runFeatureText(s.text, 'ts', { extended: true });
  assert.deepEqual({ gaps: one.counters.gaps, resyncs: one.counters.resyncs, skipped: one.counters.skipped }, { gaps: 1, resyncs: 1, skipped: 0 }, 'the late snapshot resyncs');
  for (const outputCapacity of [8, 2, 1]) {
    const small = runFeatureText(s.text, 'ts', { extended: true, outputCapacity });
    assert.deepEqual(small.counters, one.counters, `outputCapacity ${outputCapacity}: counters`);
    assert.ok(Buffer.from(one.rows.buffer).equals(Buffer.from(small.rows.buffer)), `outputCapacity ${outputCapacity}: rows`);
  }
});
