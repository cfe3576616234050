/**
 * kyle_lambda_5m and vpin_50: the ports of src/features/trades-kyle.ts and
 * src/features/trades-vpin.ts.
 *
 * Kyle: a 300-slot ring of 1 s bars (x = Σ D·p·v in $M, y = 1e4·ln(m_end/m_start),
 * ok flag), written in slot order and fitted over the slots in index order 0 … 299
 * like the reference (olsSlopeRing with head 0 and the ok mask). The open bar's
 * Σ D·p·v is an exact signed 128-bit sum (i128.ts), converted once at the close.
 * VPIN: 50 bucket imbalances in lots, one running sum; all integer-valued doubles.
 */
import {
  KYLE_BAR_MS, KYLE_BARS, KYLE_MIN_BARS, VPIN_BUCKETS,
} from './feat-cols';
import { add128, i128ToF64, mulU64, resHi, resLo, sub128 } from './i128';
import { lotPow, lotUnits, tickPow, tickUnits, vpinBucketLots } from './feat-params';
import { olsSlopeRing } from './ols';
import { hostLog } from './host-math';

const XS = memory.data(KYLE_BARS * 8);
const YS = memory.data(KYLE_BARS * 8);
const OK = memory.data(KYLE_BARS);
let next: i32 = 0;
/** End (ms) of the open bar; NaN before the first event. */
let nextG: f64 = NaN;
let startMid: f64 = NaN;
let flowHi: i64 = 0;
let flowLo: u64 = 0;
let lambda: f64 = NaN;

const VPIN_IMB = memory.data(VPIN_BUCKETS * 8);
let curBuy: f64 = 0;
let curSell: f64 = 0;
let vpinNext: i32 = 0;
let vpinFilled: i32 = 0;
let vpinSum: f64 = 0;

export function kyleReset(): void {
  memory.fill(XS, 0, <usize>KYLE_BARS << 3);
  memory.fill(YS, 0, <usize>KYLE_BARS << 3);
  memory.fill(OK, 0, <usize>KYLE_BARS);
  next = 0;
  nextG = NaN;
  startMid = NaN;
  flowHi = 0;
  flowLo = 0;
  lambda = NaN;
  memory.fill(VPIN_IMB, 0, <usize>VPIN_BUCKETS << 3);
  curBuy = 0;
  curSell = 0;
  vpinNext = 0;
  vpinFilled = 0;
  vpinSum = 0;
}

// ---- Kyle λ ----

/** Processes every boundary g < t; `mid` is the mid after the last applied book message. */
export function kyleOnEvent(t: f64, mid: f64): void {
  const B = KYLE_BAR_MS;
  if (isNaN(nextG)) { nextG = Math.ceil(t / B) * B; return; }
  if (!(t > nextG)) return;
  const k = Math.ceil((t - nextG) / B);
  closeBar(mid);
  // The other k − 1 bars saw no event: x = 0, and the mid is unchanged at both ends.
  const empty = <i32>min<f64>(k - 1, <f64>KYLE_BARS);
  for (let i = 0; i < empty; i++) storeBar(0, mid, mid);
  nextG += k * B;
  let n = 0;
  for (let i = 0; i < KYLE_BARS; i++) n += load<u8>(OK + <usize>i);
  lambda = n < KYLE_MIN_BARS ? NaN : olsSlopeRing(XS, YS, OK, KYLE_BARS, 0, KYLE_BARS);
}

/** A trade's D·p·v (ticks × lots, exact) into the open bar. */
export function kyleOnTrade(buy: bool, pxTicks: f64, qtyLots: f64): void {
  mulU64(<u64>pxTicks, <u64>qtyLots);
  const hi = resHi;
  const lo = resLo;
  if (buy) add128(flowHi, flowLo, hi, lo); else sub128(flowHi, flowLo, hi, lo);
  flowHi = resHi;
  flowLo = resLo;
}

export function kyleValue(): f64 { return lambda; }

function closeBar(mid: f64): void {
  const x = (i128ToF64(flowHi, flowLo) * (tickUnits * lotUnits)) / tickPow / lotPow / 1e6;
  storeBar(x, startMid, mid);
  flowHi = 0;
  flowLo = 0;
}

function storeBar(x: f64, m0: f64, m1: f64): void {
  const y = 1e4 * hostLog(m1 / m0);
  const good = isFinite(x) && isFinite(y) && m0 > 0 && m1 > 0;
  store<f64>(XS + (<usize>next << 3), good ? x : 0);
  store<f64>(YS + (<usize>next << 3), good ? y : 0);
  store<u8>(OK + <usize>next, good ? 1 : 0);
  next = next + 1 == KYLE_BARS ? 0 : next + 1;
  startMid = m1;
}

// ---- VPIN ----

/** A trade entering the buckets (lots), split across bucket boundaries. */
export function vpinAdd(buy: bool, lots: f64): void {
  const vb = vpinBucketLots;
  const take = min<f64>(lots, vb - curBuy - curSell);
  if (buy) curBuy += take; else curSell += take;
  let q = lots - take;
  if (curBuy + curSell == vb) {
    vpinPush(Math.abs(curBuy - curSell));
    curBuy = 0;
    curSell = 0;
  }
  if (q == 0) return;
  // The rest starts on an empty bucket: whole one-sided buckets (|B − S| = V_b),
  // only the last n of which can matter, then the remainder.
  const whole = Math.floor(q / vb);
  for (let k = <i32>min<f64>(whole, <f64>VPIN_BUCKETS); k > 0; k--) vpinPush(vb);
  q -= whole * vb;
  if (buy) curBuy = q; else curSell = q;
}

function vpinPush(imb: f64): void {
  const a = VPIN_IMB + (<usize>vpinNext << 3);
  vpinSum += imb - load<f64>(a);
  store<f64>(a, imb);
  vpinNext = vpinNext + 1 == VPIN_BUCKETS ? 0 : vpinNext + 1;
  if (vpinFilled < VPIN_BUCKETS) vpinFilled++;
}

export function vpinValue(): f64 {
  return vpinFilled < VPIN_BUCKETS ? NaN : vpinSum / (<f64>VPIN_BUCKETS * vpinBucketLots);
}
