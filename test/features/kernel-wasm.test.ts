/**
 * The WASM feature kernel's wrapper (src/features/wasm.ts, kernels/assembly/feat*.ts):
 * its constants mirror the registry, capacity errors say what overflowed, close()
 * and reset() do what they promise, and malformed records (NaN prices, negative or
 * fractional sizes, times going back, trade bursts past the tape's size) never crash
 * it and give the TS reference engine's rows. No timing assertions.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { prng } from '../../src/feed/demo-stream.js';
import type { BackendName } from '../../src/book/types.js';
import { KernelError } from '../../src/errors.js';
import { createFeatureKernel } from '../../src/features/backends.js';
import { DEFAULT_DYNAMICS_PARAMS } from '../../src/features/dynamics.js';
import { DEFAULT_FLOW_PARAMS } from '../../src/features/flow.js';
import type { FeatureKernel } from '../../src/features/kernel.js';
import { WARMUP_MS } from '../../src/features/engine.js';
import {
  EXTRA_BANDS_BPS, EXTRA_VAMP_BANDS_BPS, FEATURE_INDEX, FLAG_CROSSED, FLAG_EMPTY_SIDE, FLAG_IMPACT_UNFILLED, FLAG_LOCKED,
  FLAG_OFI_RESET, FLAG_WARMUP, LADDER_LEVELS,
} from '../../src/features/registry.js';
import { MAX_TRADE_LOTS } from '../../src/features/trades.js';
import { MAX_TAPE } from '../../src/features/trades-tape.js';
import { createWasmFeatureKernel, WasmFeatureKernel } from '../../src/features/wasm.js';
import { E_CAPACITY, E_OUT_FULL } from '../../src/layout/book-out.js';
import {
  EV_AUX_U32, EV_EXCH_TS, EV_FLAGS, EV_FVAL, EV_ID, EV_IVAL, EV_LOCAL_TS, EV_PX, EV_QTY, EVENT_F64, EVENT_U32,
  KIND_DEPTH, KIND_LEVEL, KIND_TICKER, KIND_TRADE, DEPTH_SNAPSHOT, SIDE_ASK, SIDE_BID, SIDE_BUY, SIDE_SELL,
} from '../../src/layout/event.js';
import { ROW_STRIDE, ROW_STRIDE_EXTENDED } from '../../src/layout/feature-row.js';
import { PROJECT_ROOT } from '../../src/native/load.js';
import { diffRuns, type FeatureRun } from '../helpers/feature-diff.js';
import { BTC } from './fixtures.js';

/** One event record: flags, aux (DEPTH: level count), exchange time ns, px, qty, id, ival, fval. */
type Rec = [flags: number, aux: number, tsNs: bigint, px: number, qty: number, id: number, ival: number, fval: number];

const ms = (t: number): bigint => BigInt(Math.round(t * 1e6));
const trade = (tMs: number, buy: boolean, px: number, qty: number): Rec =>
  [KIND_TRADE | (buy ? SIDE_BUY : SIDE_SELL), 0, ms(tMs), px, qty, 0, 0, 0];
/** A depth message: header then its levels ([bid, px ticks, qty lots]). */
function depth(tMs: number, u: number, levels: [boolean, number, number][], snapshot = false): Rec[] {
  const t = ms(tMs);
  return [[KIND_DEPTH | (snapshot ? DEPTH_SNAPSHOT : 0), levels.length, t, 0, 0, u, u, -1],
    ...levels.map(([bid, px, qty]): Rec => [KIND_LEVEL | (bid ? SIDE_BID : SIDE_ASK), 0, t, px, qty, 0, 0, 0])];
}
/** A contiguous book around `bidPx` (ticks): n levels per side, spread 1 tick. */
function ladder(bidPx: number, n: number, lots: (i: number) => number): [boolean, number, number][] {
  const out: [boolean, number, number][] = [];
  for (let i = 0; i < n; i++) out.push([true, bidPx - i, lots(i)], [false, bidPx + 1 + i, lots(i + 7)]);
  return out;
}

function put(k: FeatureKernel, at: number, r: Rec): void {
  k.inputU32[at * EVENT_U32 + EV_FLAGS] = r[0];
  k.inputU32[at * EVENT_U32 + EV_AUX_U32] = r[1];
  k.inputI64[at * EVENT_F64 + EV_EXCH_TS] = r[2];
  k.inputI64[at * EVENT_F64 + EV_LOCAL_TS] = 0n;
  k.input[at * EVENT_F64 + EV_PX] = r[3];
  k.input[at * EVENT_F64 + EV_QTY] = r[4];
  k.input[at * EVENT_F64 + EV_ID] = r[5];
  k.input[at * EVENT_F64 + EV_IVAL] = r[6];
  k.input[at * EVENT_F64 + EV_FVAL] = r[7];
}

/** Feeds `recs` in batches of whole messages (at most `batch` records, or one longer message) and collects the rows. */
function feed(k: FeatureKernel, recs: readonly Rec[], batch: number): Float64Array {
  const chunks: Float64Array[] = [];
  let i = 0;
  while (i < recs.length) {
    let j = i;
    while (j < recs.length) {
      const len = (recs[j][0] & 0xf) === KIND_DEPTH ? 1 + recs[j][1] : 1;
      if (j + len - i > batch && j > i) break;
      j += len;
    }
    for (let r = i; r < j; r++) put(k, r - i, recs[r]);
    const n = k.applyBatch(j - i);
    chunks.push(k.output.slice(0, n * k.rowStride));
    i = j;
  }
  const rows = new Float64Array(chunks.reduce((a, c) => a + c.length, 0));
  let at = 0;
  for (const c of chunks) { rows.set(c, at); at += c.length; }
  return rows;
}

function run(backend: BackendName, recs: readonly Rec[], extended = false, batch = 4096): FeatureRun {
  const k = createFeatureKernel(backend, BTC, { extended, recordCapacity: Math.max(batch, 1 << 12), outputCapacity: 1 << 12 });
  const rows = feed(k, recs, batch);
  const counters = k.counters();
  k.close();
  return { instrument: BTC, rows, n: rows.length / k.rowStride, stride: k.rowStride, counters };
}

function sameAsTs(recs: readonly Rec[], what: string, extended = false, batch = 4096): void {
  const ref = run('ts', recs, extended, batch);
  const got = run('wasm', recs, extended, batch);
  assert.deepEqual(got.counters, ref.counters, `${what}: counters`);
  const d = diffRuns(ref, got);
  assert.deepEqual(d.errors, [], `${what}: rows differ from the TS engine`);
}

test('kernels/assembly/feat-cols.ts mirrors the registry columns and the modules\' default parameters', () => {
  const text = readFileSync(join(PROJECT_ROOT, 'kernels/assembly/feat-cols.ts'), 'utf8');
  const as = new Map([...text.matchAll(/export const (\w+): \w+ = ([-\d_.]+(?: << \d+)?);/g)]
    .map((m) => [m[1], Function(`"use strict"; return (${m[2].replace(/_/g, '')});`)() as number]));
  const cols: Record<string, string> = {
    COL_MID: 'mid_px', COL_WMID: 'wmid_px', COL_MICRO: 'microprice_px', COL_VAMP: 'vamp_px_5bps',
    COL_SPREAD_ABS: 'spread_abs', COL_SPREAD_BPS: 'spread_bps', COL_BID_QTY_1: 'bid_qty_1', COL_ASK_QTY_1: 'ask_qty_1',
    COL_IMB_1: 'imb_1', COL_IMB_CUM: 'imb_cum_5', COL_DEPTH_BID_NEAR: 'depth_bid_5bps', COL_DEPTH_ASK_NEAR: 'depth_ask_5bps',
    COL_DEPTH_BID_FAR: 'depth_bid_25bps', COL_DEPTH_ASK_FAR: 'depth_ask_25bps', COL_IMB_NEAR: 'imb_5bps',
    COL_IMB_FAR: 'imb_25bps', COL_PRESSURE: 'book_pressure_25bps', COL_OFI: 'ofi_1_1s', COL_OFI_NORM: 'ofi_1_1s_norm',
    COL_MLOFI: 'mlofi_2_1s', COL_IOFI_SHORT: 'iofi_10_1s', COL_IOFI_LONG: 'iofi_10_10s', COL_SLOPE_BID: 'slope_ns_bid',
    COL_SLOPE_ASK: 'slope_ns_ask', COL_SHAPE_BID: 'shape_exp_bid', COL_SHAPE_ASK: 'shape_exp_ask',
    COL_IMPACT_BUY: 'impact_buy_bps_1m', COL_IMPACT_SELL: 'impact_sell_bps_1m', COL_OFI_LAMBDA: 'ofi_lambda_5m',
    COL_RET: 'ret_100ms_bps', COL_RV: 'rv_10s_bps', COL_UPD_RATE: 'upd_rate_1s', COL_ADD_BID: 'add_rate_bid_1s',
    COL_ADD_ASK: 'add_rate_ask_1s', COL_CXL_BID: 'cxl_rate_bid_1s', COL_CXL_ASK: 'cxl_rate_ask_1s',
    COL_SPREAD_CHG: 'spread_chg_1s_bps', COL_TRADE_IMB_1S: 'trade_imb_1s', COL_TRADE_IMB_10S: 'trade_imb_10s',
    COL_TRADE_VOL_10S: 'trade_vol_10s', COL_VWAP_DEV_10S: 'vwap_dev_10s_bps', COL_VWAP_DEV_60S: 'vwap_dev_60s_bps',
    COL_VPIN: 'vpin_50', COL_KYLE: 'kyle_lambda_5m', COL_LADDER: 'lob_ask_px_1',
    COL_EXTRA_BANDS: `depth_bid_${EXTRA_BANDS_BPS[0]}bps`, COL_EXTRA_VAMP: `vamp_px_${EXTRA_VAMP_BANDS_BPS[0]}bps`,
  };
  for (const [c, name] of Object.entries(cols)) assert.equal(as.get(c), FEATURE_INDEX[name], `${c} = column of ${name}`);
  assert.equal(FEATURE_INDEX.mlofi_5_1s, FEATURE_INDEX.mlofi_2_1s + 3);
  assert.equal(FEATURE_INDEX.ret_60s_bps, FEATURE_INDEX.ret_100ms_bps + 3);
  assert.equal(FEATURE_INDEX.rv_60s_bps, FEATURE_INDEX.rv_10s_bps + 1);
  assert.equal(as.get('LADDER_LEVELS'), LADDER_LEVELS);
  assert.equal(as.get('EXTRA_BANDS'), EXTRA_BANDS_BPS.length);
  assert.equal(as.get('EXTRA_VAMP_BANDS'), EXTRA_VAMP_BANDS_BPS.length);
  const f = DEFAULT_FLOW_PARAMS;
  const d = DEFAULT_DYNAMICS_PARAMS;
  const expect: Record<string, number> = {
    FLOW_WINDOW_MS: f.windowMs, FLOW_LONG_WINDOW_MS: f.iofiLongWindowMs, FLOW_TAU_AD_MS: f.tauAdMs, FLOW_BAR_MS: f.barMs,
    FLOW_LAMBDA_BARS: f.lambdaBars, FLOW_LAMBDA_MIN_BARS: f.lambdaMinBars, DYN_GRID_MS: d.gridMs,
    DYN_RV_SHORT: d.rvSamples[0], DYN_RV_LONG: d.rvSamples[1], DYN_TAU_MS: d.tauMs, DYN_BAND_BPS: d.bandBps,
    MAX_TAPE, MAX_TRADE_LOTS,
  };
  for (const [c, v] of Object.entries(expect)) assert.equal(as.get(c), v, c);
  assert.deepEqual(choices(text, 'dynLagMs'), [...d.retLagsMs, d.spreadLagMs]);
  assert.deepEqual(choices(text, 'extraBandBps'), EXTRA_BANDS_BPS);
  assert.deepEqual(choices(text, 'extraVampBandBps'), EXTRA_VAMP_BANDS_BPS);
  assert.equal(as.get('WARMUP_MS'), WARMUP_MS);
  const flags = { FLAG_EMPTY_SIDE, FLAG_CROSSED, FLAG_LOCKED, FLAG_OFI_RESET, FLAG_IMPACT_UNFILLED, FLAG_WARMUP };
  for (const [c, v] of Object.entries(flags)) assert.equal(as.get(c), v, c);
});

/** The values of a `return i == 0 ? a : i == 1 ? b : … : z;` table function in `text`. */
function choices(text: string, fn: string): number[] {
  const expr = new RegExp(`function ${fn}\\([^)]*\\)[^{]*\\{\\s*return ([^;]+);`).exec(text)?.[1].replace(/_/g, '') ?? '';
  return [...expr.matchAll(/\? (\d+)/g), ...expr.matchAll(/: (\d+)$/g)].map((m) => Number(m[1]));
}

test('the kernel is a FeatureKernel over its own memory: views, strides, backend', () => {
  for (const extended of [false, true]) {
    const k = createWasmFeatureKernel(BTC, { extended, recordCapacity: 1000, outputCapacity: 10 });
    assert.ok(k instanceof WasmFeatureKernel);
    assert.equal(k.backend, 'wasm');
    assert.equal(k.depth, 1);
    assert.equal(k.extended, extended);
    assert.equal(k.rowStride, extended ? ROW_STRIDE_EXTENDED : ROW_STRIDE);
    assert.equal(k.output.length, 10 * k.rowStride);
    assert.equal(k.input.length, 1000 * EVENT_F64);
    assert.equal(k.inputU32.length, 1000 * EVENT_U32);
    assert.equal(k.inputI64.buffer, k.input.buffer, 'the views share the kernel memory');
    k.close();
  }
});

test('capacity errors name the field or the structure', () => {
  const k = createWasmFeatureKernel(BTC, { recordCapacity: 64, outputCapacity: 1 });
  assert.throws(() => k.applyBatch(65), { name: 'RangeError', message: /count must be an integer in \[0, 64\], was 65/ });
  const recs = [...depth(1000, 1, ladder(650000, 3, () => 5), true), ...depth(1100, 2, [[true, 649999, 1]])];
  recs.forEach((r, i) => put(k, i, r));
  assert.throws(() => k.applyBatch(recs.length), (e: unknown) => e instanceof KernelError && e.code === E_OUT_FULL && /output capacity/.test(e.message));
  k.close();
  assert.throws(() => createWasmFeatureKernel(BTC, { recordCapacity: 1 << 22 }), { name: 'RangeError', message: /do not fit .* lower recordCapacity or outputCapacity/ });
});

test('a full trade tape (MAX_TAPE trades inside 60 s) is a KernelError naming it; batches then fail until reset()', () => {
  const batch = 1 << 16;
  const k = createWasmFeatureKernel(BTC, { recordCapacity: batch, outputCapacity: 16 });
  const fill = (n: number): void => {
    for (let i = 0; i < n; i++) put(k, i, trade(1000, i % 2 === 0, 650000, 1));
    k.applyBatch(n);
  };
  for (let sent = 0; sent < MAX_TAPE; sent += batch) fill(batch); // exactly MAX_TAPE: still fits
  const full = (e: unknown): boolean => e instanceof KernelError && e.code === E_CAPACITY && /trade tape is full/.test(e.message) && /reset\(\)/.test(e.message);
  assert.throws(() => fill(1), full);
  assert.throws(() => { put(k, 0, depth(2000, 1, ladder(650000, 2, () => 1), true)[0]); k.applyBatch(1); }, full, 'sticky until reset');
  k.reset();
  const recs = depth(2000, 1, ladder(650000, 2, () => 1), true);
  recs.forEach((r, i) => put(k, i, r));
  assert.equal(k.applyBatch(recs.length), 1, 'usable again after reset()');
  assert.equal(k.counters().trades, 0, 'reset() zeroed the counters');
  k.close();
});

test('close() makes the kernel unusable and keeps the last counters', () => {
  const k = createWasmFeatureKernel(BTC, { recordCapacity: 64, outputCapacity: 4 });
  const recs = depth(1000, 1, ladder(650000, 3, () => 2), true);
  recs.forEach((r, i) => put(k, i, r));
  assert.equal(k.applyBatch(recs.length), 1);
  k.close();
  assert.throws(() => k.applyBatch(0), { message: /closed/ });
  assert.throws(() => k.reset(), { message: /closed/ });
  assert.equal(k.input.length + k.inputU32.length + k.inputI64.length + k.output.length, 0, 'views emptied');
  assert.equal(k.counters().applied, 1);
  k.close(); // twice is harmless
});

test('reset() forgets the book, the counters and every feature history: rows equal a new kernel\'s', () => {
  const a = [...depth(1000, 1, ladder(650000, 20, (i) => 1 + i), true)];
  for (let i = 1; i < 200; i++) {
    a.push(trade(1000 + i * 97, i % 3 === 0, 650000, i));
    a.push(...depth(1000 + i * 100, 1 + i, [[i % 2 === 0, i % 2 === 0 ? 650000 - (i % 5) : 650001 + (i % 5), i % 7]]));
  }
  const b = a.map((r): Rec => [r[0], r[1], r[2] + ms(3_600_000), r[3] + 10, r[4], r[5], r[6], r[7]]);
  const k = createWasmFeatureKernel(BTC, { recordCapacity: 4096, outputCapacity: 4096 });
  feed(k, a, 4096);
  k.reset();
  assert.equal(k.counters().applied, 0);
  const again = feed(k, b, 4096);
  k.close();
  const fresh = run('wasm', b);
  assert.ok(Buffer.from(again.buffer).equals(Buffer.from(fresh.rows.buffer)), 'byte-identical rows');
});

test('malformed records (NaN / negative / fractional / huge sizes and prices, time going back) give the TS rows', () => {
  const recs: Rec[] = [...depth(1000, 1, ladder(650000, 30, (i) => 1 + ((i * 37) % 50)), true)];
  const odd = [NaN, -1, -0, 0, 0.5, Infinity, 2 ** 32, 2 ** 32 + 1, 2 ** 53, 2 ** 60, 1e300];
  let t = 1000;
  let u = 1;
  for (let i = 0; i < 400; i++) {
    t += i % 17 === 0 ? -250 : 37 + (i % 5); // sometimes back in time
    const bad = odd[i % odd.length];
    recs.push(trade(t, i % 2 === 0, i % 4 === 0 ? bad : 650000 + (i % 3), i % 4 === 1 ? bad : 1 + (i % 9)));
    if (i % 5 === 0) recs.push([KIND_TICKER, 0, ms(t), 0, 0, u, 650001, 3]);
    u++;
    const lv: [boolean, number, number][] = [[i % 2 === 0, 650000 - (i % 30), i % 11 === 0 ? bad : (i * 13) % 40]];
    if (i % 7 === 0) lv.push([true, i % 3 === 0 ? NaN : 2 ** 31, 5], [false, 650001 + (i % 4), 0], [false, 650001 + (i % 4), 3]);
    if (i % 50 === 49) lv.push([true, 650005, 1]); // crosses the book for a while
    if (i % 50 === 0) lv.push([true, 650005, 0]);
    recs.push(...depth(t, u, lv));
    if (i === 200) { u += 5; recs.push(...depth(t + 1, u, [[true, 650000, 2]])); } // a gap …
    if (i === 210) recs.push(...depth(t + 2, ++u, ladder(650010, 25, (k) => 2 + k), true)); // … and the resync
  }
  for (const extended of [false, true]) {
    sameAsTs(recs, `extended ${extended}`, extended);
    sameAsTs(recs, `extended ${extended}, batches of 50 records`, extended, 50);
  }
});

test('seeded random record streams give the TS rows (core and extended)', () => {
  for (let seed = 1; seed <= 6; seed++) sameAsTs(randomStream(seed, 1500), `seed ${seed}`, seed % 2 === 0, 200 + seed * 300);
});

test('a trade burst past MAX_TAPE with no book rows forces the tape clock like the TS engine', { timeout: 300_000 }, () => {
  const recs: Rec[] = [...depth(1000, 1, ladder(650000, 10, () => 3), true)];
  const n = MAX_TAPE + 20_000;
  for (let i = 0; i < n; i++) recs.push(trade(1000 + (i * 150_000) / n, i % 3 !== 0, 650000 + (i % 2), 1 + (i % 4)));
  recs.push(...depth(160_000, 2, [[true, 650000, 7]]), ...depth(160_050, 3, [[false, 650001, 2]]));
  sameAsTs(recs, 'burst', false, 1 << 16);
});

/** A random stream: snapshots, diffs (some gapped or stale), tickers, trades; odd values and time steps. */
function randomStream(seed: number, events: number): Rec[] {
  const rnd = prng(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)];
  const oddQty = (): number => pick([0, -1, NaN, Infinity, 1.5, 2 ** 53, 2 ** 60, 1e300, -0, 2 ** 32, 2 ** 32 + 1]);
  const oddPx = (): number => pick([0, -5, NaN, 2 ** 30, 2 ** 30 - 1, 1, 1.5, Infinity]);
  const recs: Rec[] = [];
  let t = 1_700_000_000_000;
  let id = 1;
  let mid = 1_000_000;
  for (let e = 0; e < events; e++) {
    const step = rnd();
    t += step < 0.6 ? rnd() * 200 : step < 0.75 ? rnd() : step < 0.8 ? -rnd() * 500 : step < 0.83 ? rnd() * 400_000 : 0;
    mid += rnd() < 0.01 ? Math.floor((rnd() - 0.5) * 20_000) : Math.floor((rnd() - 0.5) * 6);
    const r = rnd();
    if (r < 0.3) {
      const burst = rnd() < 0.05 ? 50 + Math.floor(rnd() * 200) : 1;
      for (let k = 0; k < burst; k++) {
        const bad = rnd() < 0.05;
        recs.push(trade(t, rnd() < 0.5, bad && rnd() < 0.5 ? oddPx() : mid + Math.floor((rnd() - 0.5) * 10),
          bad ? oddQty() : 1 + Math.floor(rnd() ** 3 * 5000)));
      }
      continue;
    }
    const snapshot = r < 0.34 || e === 0;
    let u = id + 1;
    if (!snapshot && rnd() < 0.04) u += 5; // gap
    if (!snapshot && rnd() < 0.02) u = id - 1; // stale
    const spread = rnd() < 0.05 ? -Math.floor(rnd() * 5) : Math.floor(rnd() ** 3 * 20);
    const levels: [boolean, number, number][] = [];
    const n = snapshot ? Math.floor(rnd() * 300) : Math.floor(rnd() ** 2 * 40);
    for (let k = 0; k < n; k++) {
      const bid = rnd() < 0.5;
      const off = Math.floor(rnd() ** 2 * (rnd() < 0.1 ? 30_000 : 400));
      let qty = rnd() < 0.3 ? 0 : 1 + Math.floor(rnd() ** 3 * 5000);
      if (rnd() < 0.02) qty = oddQty();
      levels.push([bid, rnd() < 0.01 ? oddPx() : bid ? mid - off : mid + spread + off, qty]);
    }
    recs.push(...depth(t, u, levels, snapshot));
    id = Math.max(id, u);
  }
  return recs;
}
