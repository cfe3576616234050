/**
 * Dynamics columns: the port of src/features/dynamics.ts — lagged returns and
 * spread change (as-of ring), rv (100 ms grid), both in feat-history.ts; and the
 * decayed rates of messages, price-matched additions and cancellations near the
 * pre-update mid (this file).
 *
 * Level changes of the message being applied are netted per price (last new size
 * − first old size) in a list kept in arrival order, with an open-addressing hash
 * (key = ±ticks) to find a price again. The list holds at most one entry per level
 * record of a message, so CHG_CAP = the input's record capacity always suffices.
 * Sizes in lots, converted to BTC once per message, like the reference.
 */
import {
  COL_ADD_ASK, COL_ADD_BID, COL_CXL_ASK, COL_CXL_BID, COL_RET, COL_RV, COL_SPREAD_CHG, COL_UPD_RATE,
  DYN_BAND_BPS, DYN_RET_LAGS, DYN_TAU_MS,
} from './feat-cols';
import { carve, lotsBtc, pxUsd } from './feat-params';
import { bandDyn, bandsMid, THR_ASK, THR_BID } from './feat-bands';
import {
  gridAdvance, gridValue, historyMid, historyPush, historySeek, historySpread, historyTrim,
} from './feat-history';

// change list entry: +0 i32 key (+ticks bid, −ticks ask), +4 u32 hash slot, +8 f64 old, +16 f64 now
const CHG_BYTES: usize = 24;
let chg: usize = 0;
let chgCap: i32 = 0;
let chgN: i32 = 0;
let hash: usize = 0; // u32 entry index + 1, 0 = empty
let hashMask: u32 = 0;

let preValid = false;
let preMid: f64 = NaN;
let lastMsgMs: f64 = NaN;
let upd: f64 = 0;
let addBid: f64 = 0;
let addAsk: f64 = 0;
let cxlBid: f64 = 0;
let cxlAsk: f64 = 0;
/** Aggressor lots since the last book message that hit bids (sells) / asks (buys). */
let tradedBid: f64 = 0;
let tradedAsk: f64 = 0;

/** Reserves the change list for messages of up to `maxLevels` level records. */
export function dynCarve(maxLevels: i32): void {
  // The wrapper's memory check keeps maxLevels far below 2^26; the clamp only keeps
  // the sizes below from overflowing.
  chgCap = min(max(1, maxLevels), 1 << 26);
  chg = carve(<usize>chgCap * CHG_BYTES);
  let h: u32 = 16;
  while (h < <u32>chgCap * 2) h <<= 1;
  hashMask = h - 1;
  hash = carve(<usize>h << 2);
}

export function dynReset(): void {
  memory.fill(hash, 0, (<usize>hashMask + 1) << 2);
  chgN = 0;
  preValid = false;
  preMid = NaN;
  lastMsgMs = NaN;
  upd = 0; addBid = 0; addAsk = 0; cxlBid = 0; cxlAsk = 0;
  tradedBid = 0; tradedAsk = 0;
}

function clearChanges(): void {
  for (let i = 0; i < chgN; i++) store<u32>(hash + (<usize>load<u32>(chg + <usize>i * CHG_BYTES, 4) << 2), 0);
  chgN = 0;
}

/** A trade: the grid advances (mid before it), and its size counts against the side it hit. */
export function dynTrade(t: f64, lastMid: f64, buy: bool, lots: f64): void {
  gridAdvance(t, lastMid);
  if (buy) tradedAsk += lots; else tradedBid += lots;
}

/** An applied message, before its levels (`valid`, `mid`: the book as of the previous one). */
export function dynBefore(t: f64, lastMid: f64, valid: bool, mid: f64): void {
  gridAdvance(t, lastMid);
  preValid = valid;
  preMid = mid;
  clearChanges();
}

/** The pre-update book is valid: level changes count (dynLevel). */
@inline export function dynWantsLevels(): bool { return preValid; }

/** One level change (sizes in lots), netted per price; only while dynWantsLevels(). */
export function dynLevel(isBid: bool, px: i32, oldLots: f64, newLots: f64): void {
  const key = isBid ? px : -px;
  let x = <u32>key * 0x9e3779b1;
  let h = (x ^ (x >> 16)) & hashMask;
  for (;;) {
    const e = load<u32>(hash + (<usize>h << 2));
    if (e == 0) break;
    const a = chg + <usize>(e - 1) * CHG_BYTES;
    if (load<i32>(a) == key) { store<f64>(a, newLots, 16); return; }
    h = (h + 1) & hashMask;
  }
  if (chgN >= chgCap) return; // unreachable: one entry per level record of the message
  const a = chg + <usize>chgN * CHG_BYTES;
  store<i32>(a, key);
  store<u32>(a, h, 4);
  store<f64>(a, oldLots, 8);
  store<f64>(a, newLots, 16);
  chgN++;
  store<u32>(hash + (<usize>h << 2), <u32>chgN);
}

/** dynamics.ts updateRates: decays the rates to t and adds this message. */
function updateRates(t: f64): void {
  let addB = 0.0, addA = 0.0, remB = 0.0, remA = 0.0; // lots
  if (preValid) {
    const m = preMid;
    // The pre-update mid is the last row's, whose band thresholds feat-bands.ts holds:
    // the same predicate as an integer compare (else evaluated here).
    const cached = m == bandsMid();
    const thrBid = load<i32>(THR_BID + (<usize>bandDyn << 2));
    const thrAsk = load<i32>(THR_ASK + (<usize>bandDyn << 2));
    for (let i = 0; i < chgN; i++) {
      const a = chg + <usize>i * CHG_BYTES;
      const key = load<i32>(a);
      const isBid = key > 0;
      const px = isBid ? key : -key;
      if (cached) {
        if (isBid ? px < thrBid : px > thrAsk) continue;
      } else {
        const p = pxUsd(<f64>px);
        const d = isBid ? 1e4 * (m - p) / m : 1e4 * (p - m) / m;
        if (!(d <= DYN_BAND_BPS)) continue;
      }
      const dq = load<f64>(a, 16) - load<f64>(a, 8);
      if (isBid) { if (dq > 0) addB += dq; else remB -= dq; } else if (dq > 0) addA += dq; else remA -= dq;
    }
  }
  const cxlB = max<f64>(0, remB - tradedBid);
  const cxlA = max<f64>(0, remA - tradedAsk);
  tradedBid = 0;
  tradedAsk = 0;
  clearChanges();
  const a = isNaN(lastMsgMs) ? 0.0 : Math.exp(-max<f64>(0, t - lastMsgMs) / DYN_TAU_MS);
  lastMsgMs = t;
  const tauS = DYN_TAU_MS / 1000;
  upd = a * upd + 1 / tauS;
  addBid = a * addBid + lotsBtc(addB) / tauS;
  addAsk = a * addAsk + lotsBtc(addA) / tauS;
  cxlBid = a * cxlBid + lotsBtc(cxlB) / tauS;
  cxlAsk = a * cxlAsk + lotsBtc(cxlA) / tauS;
}

/** dynamics.ts afterBook: writes the 12 columns at `f`; false when the as-of ring is full. */
export function dynAfter(f: usize, t: f64, valid: bool, mid: f64, spreadTicks: i32): bool {
  updateRates(t);
  let spreadBps = NaN;
  if (valid) {
    spreadBps = 1e4 * pxUsd(<f64>spreadTicks) / mid;
    if (!historyPush(t, mid, spreadBps)) return false;
  }
  for (let k = 0; k < DYN_RET_LAGS; k++) {
    const i = valid ? historySeek(k, t) : -1;
    store<f64>(f + (<usize>(COL_RET + k) << 3), i >= 0 ? 1e4 * Math.log(mid / historyMid(i)) : NaN);
  }
  const j = valid ? historySeek(DYN_RET_LAGS, t) : -1;
  store<f64>(f + (<usize>COL_SPREAD_CHG << 3), j >= 0 ? spreadBps - historySpread(j) : NaN);
  historyTrim();
  store<f64>(f + (<usize>COL_RV << 3), valid ? gridValue(0) : NaN);
  store<f64>(f + (<usize>(COL_RV + 1) << 3), valid ? gridValue(1) : NaN);
  store<f64>(f + (<usize>COL_UPD_RATE << 3), upd);
  store<f64>(f + (<usize>COL_ADD_BID << 3), addBid);
  store<f64>(f + (<usize>COL_ADD_ASK << 3), addAsk);
  store<f64>(f + (<usize>COL_CXL_BID << 3), cxlBid);
  store<f64>(f + (<usize>COL_CXL_ASK << 3), cxlAsk);
  return true;
}
