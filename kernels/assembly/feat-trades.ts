/**
 * Trade columns: the port of src/features/trades.ts with trades-tape.ts
 * (trade_imb_1s/10s, trade_vol_10s, vwap_dev_10s/60s_bps; vpin_50 and
 * kyle_lambda_5m are in feat-kyle.ts).
 *
 * Tape: a ring of MAX_TAPE trades (t ms, lots, buy, p·v as signed 128-bit ticks ×
 * lots: up to 2^53 · 2^32) with absolute sequence numbers, an "added" pointer and one eviction
 * pointer plus running sums per window (1 s, 10 s, 60 s). Trades enter the windows
 * lazily at row time. The reference's ring grows up to MAX_TAPE and then forces
 * the window clock to the newest trade; this ring is that size from the start and
 * does the same, and when that still leaves it full (MAX_TAPE trades inside 60 s)
 * it returns E_CAPACITY where the reference throws.
 */
import { E_CAPACITY } from './errors';
import {
  COL_KYLE, COL_TRADE_IMB_1S, COL_TRADE_IMB_10S, COL_TRADE_VOL_10S, COL_VPIN, COL_VWAP_DEV_10S,
  COL_VWAP_DEV_60S, MAX_TAPE, MAX_TRADE_LOTS, TRADE_W10_MS, TRADE_W1_MS, TRADE_W60_MS,
} from './feat-cols';
import { add128, i128ToF64, mulU64, resHi, resLo, sub128 } from './i128';
import { kyleOnEvent, kyleOnTrade, kyleValue, vpinAdd, vpinValue } from './feat-kyle';
import { carve, lotsBtc, pxUsd } from './feat-params';

const MASK: i64 = <i64>(MAX_TAPE - 1);
let tapeT: usize = 0; // f64
let tapeLots: usize = 0; // f64
let tapeBuy: usize = 0; // u8
let tapePv: usize = 0; // 16 B: i64 hi, u64 lo
let start: i64 = 0;
let end: i64 = 0;
let added: i64 = 0;
let clock: f64 = -Infinity;
let lastTradeMs: f64 = -Infinity;
/** Trades ignored (price or size not a positive safe integer): TradeFeatures.skippedTrades. */
export let skippedTrades: f64 = 0;

// Windows: 0 = 1 s (no p·v), 1 = 10 s, 2 = 60 s. Per window: head, buy lots, sell lots, Σp·v.
const W_HEAD = memory.data(3 * 8);
const W_BUY = memory.data(3 * 8);
const W_SELL = memory.data(3 * 8);
const W_PV_HI = memory.data(3 * 8);
const W_PV_LO = memory.data(3 * 8);

@inline function windowMs(w: i32): f64 { return w == 0 ? TRADE_W1_MS : w == 1 ? TRADE_W10_MS : TRADE_W60_MS; }
@inline function wf(base: usize, w: i32): f64 { return load<f64>(base + (<usize>w << 3)); }
@inline function setWf(base: usize, w: i32, v: f64): void { store<f64>(base + (<usize>w << 3), v); }

export function tradesCarve(): void {
  tapeT = carve(<usize>MAX_TAPE << 3);
  tapeLots = carve(<usize>MAX_TAPE << 3);
  tapeBuy = carve(<usize>MAX_TAPE);
  tapePv = carve(<usize>MAX_TAPE << 4);
}

export function tradesReset(): void {
  start = 0; end = 0; added = 0;
  clock = -Infinity;
  lastTradeMs = -Infinity;
  skippedTrades = 0;
  memory.fill(W_HEAD, 0, 3 * 8);
  memory.fill(W_BUY, 0, 3 * 8);
  memory.fill(W_SELL, 0, 3 * 8);
  memory.fill(W_PV_HI, 0, 3 * 8);
  memory.fill(W_PV_LO, 0, 3 * 8);
}

@inline function isSafeInteger(x: f64): bool { return trunc<f64>(x) == x && Math.abs(x) <= 9007199254740991; }

/**
 * TradeFeatures.onTrade; `lastMid` is the mid after the last applied book message.
 * Accepted: price a positive safe integer, size an integer in [1, MAX_TRADE_LOTS].
 */
export function tradesOnTrade(t: f64, lastMid: f64, buy: bool, pxTicks: f64, qtyLots: f64): i32 {
  if (!(isSafeInteger(pxTicks) && pxTicks > 0 && trunc<f64>(qtyLots) == qtyLots && qtyLots > 0 &&
        qtyLots <= MAX_TRADE_LOTS && isFinite(t))) {
    skippedTrades++;
    return 0;
  }
  const tc = t > lastTradeMs ? t : lastTradeMs;
  lastTradeMs = tc;
  kyleOnEvent(tc, lastMid);
  if (!tapePush(tc, buy, pxTicks, qtyLots)) return E_CAPACITY;
  kyleOnTrade(buy, pxTicks, qtyLots);
  return 0;
}

/** An applied message or a gap at t closes the Kyle bars below it. */
export function tradesEvent(t: f64, lastMid: f64): void {
  kyleOnEvent(t, lastMid);
}

function tapePush(t: f64, buy: bool, pxTicks: f64, qtyLots: f64): bool {
  if (end - start >= <i64>MAX_TAPE) {
    // Memory guard: move the window clock to the newest trade (adds everything
    // pending, evicts what left the windows).
    tapeAdvance(load<f64>(tapeT + (<usize>((end - 1) & MASK) << 3)));
    if (end - start >= <i64>MAX_TAPE) return false;
  }
  const i = <usize>(end & MASK);
  store<f64>(tapeT + (i << 3), t);
  store<f64>(tapeLots + (i << 3), qtyLots);
  store<u8>(tapeBuy + i, buy ? 1 : 0);
  mulU64(<u64>pxTicks, <u64>qtyLots);
  store<i64>(tapePv + (i << 4), resHi);
  store<u64>(tapePv + (i << 4), resLo, 8);
  end++;
  return true;
}

/** Evaluates the windows at tMs (clamped to the running maximum): adds pending trades with t <= T, evicts T − t >= W. */
function tapeAdvance(tMs: f64): void {
  if (tMs > clock) clock = tMs;
  const T = clock;
  while (added < end) {
    const i = <usize>(added & MASK);
    if (load<f64>(tapeT + (i << 3)) > T) break;
    const buy = load<u8>(tapeBuy + i) == 1;
    const lots = load<f64>(tapeLots + (i << 3));
    for (let w = 0; w < 3; w++) windowAdd(w, buy, lots, i, true);
    vpinAdd(buy, lots);
    added++;
  }
  let oldest = added;
  for (let w = 0; w < 3; w++) {
    const ha = W_HEAD + (<usize>w << 3);
    let h = load<i64>(ha);
    const W = windowMs(w);
    while (h < added) {
      const i = <usize>(h & MASK);
      if (T - load<f64>(tapeT + (i << 3)) < W) break;
      windowAdd(w, load<u8>(tapeBuy + i) == 1, load<f64>(tapeLots + (i << 3)), i, false);
      h++;
    }
    store<i64>(ha, h);
    if (h < oldest) oldest = h;
  }
  if (oldest > start) start = oldest;
}

/** TradeWindow.add / remove of tape entry i. */
function windowAdd(w: i32, buy: bool, lots: f64, i: usize, add: bool): void {
  if (buy) setWf(W_BUY, w, add ? wf(W_BUY, w) + lots : wf(W_BUY, w) - lots);
  else setWf(W_SELL, w, add ? wf(W_SELL, w) + lots : wf(W_SELL, w) - lots);
  if (w == 0) return; // the 1 s window keeps no Σ p·v
  const aHi = W_PV_HI + (<usize>w << 3);
  const aLo = W_PV_LO + (<usize>w << 3);
  const pHi = load<i64>(tapePv + (i << 4));
  const pLo = load<u64>(tapePv + (i << 4), 8);
  if (add) add128(load<i64>(aHi), load<u64>(aLo), pHi, pLo); else sub128(load<i64>(aHi), load<u64>(aLo), pHi, pLo);
  store<i64>(aHi, resHi);
  store<u64>(aLo, resLo);
}

/** (V^B − V^S)/(V^B + V^S), NaN without volume. */
function windowImbalance(w: i32): f64 {
  const b = wf(W_BUY, w);
  const s = wf(W_SELL, w);
  const v = b + s;
  return v > 0 ? (b - s) / v : NaN;
}

/** 1e4·(VWAP/m − 1) with VWAP = pxUsd(Number(Σ p·v)/Σ v); NaN without trades or mid. */
function vwapDevBps(w: i32, mid: f64): f64 {
  const v = wf(W_BUY, w) + wf(W_SELL, w);
  const vt = v > 0 ? i128ToF64(load<i64>(W_PV_HI + (<usize>w << 3)), load<u64>(W_PV_LO + (<usize>w << 3))) / v : NaN;
  if (isNaN(vt) || isNaN(mid)) return NaN;
  return 1e4 * (pxUsd(vt) / mid - 1);
}

/** TradeFeatures.afterBook: writes the 7 columns at `f` (mid: NaN when the book is invalid). */
export function tradesAfter(f: usize, t: f64, mid: f64): void {
  tapeAdvance(t);
  store<f64>(f + (<usize>COL_TRADE_IMB_1S << 3), windowImbalance(0));
  store<f64>(f + (<usize>COL_TRADE_IMB_10S << 3), windowImbalance(1));
  store<f64>(f + (<usize>COL_TRADE_VOL_10S << 3), lotsBtc(wf(W_BUY, 1) + wf(W_SELL, 1)));
  store<f64>(f + (<usize>COL_VWAP_DEV_10S << 3), vwapDevBps(1, mid));
  store<f64>(f + (<usize>COL_VWAP_DEV_60S << 3), vwapDevBps(2, mid));
  store<f64>(f + (<usize>COL_VPIN << 3), vpinValue());
  store<f64>(f + (<usize>COL_KYLE << 3), kyleValue());
}
