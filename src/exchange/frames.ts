/**
 * Bybit v5 public frames as text, fields in Bybit's order, built by string
 * concatenation (no object per level). Prices and sizes are integers of ticks and
 * lots at this edge and become decimal strings only here.
 */
import { formatUnits, type Grid } from '../feed/decimal.js';

export interface FrameFormat {
  readonly symbol: string;
  readonly tick: Grid;
  readonly lot: Grid;
  /** Decimals of price strings (Bybit BTCUSDT writes "65114.20": 2, one more than the tick). */
  readonly pxDecimals: number;
}

export const BTCUSDT_FORMAT: FrameFormat = {
  symbol: 'BTCUSDT', tick: { units: 1, decimals: 1 }, lot: { units: 1, decimals: 3 }, pxDecimals: 2,
};

export function pxText(f: FrameFormat, pxTicks: number): string {
  const s = formatUnits(pxTicks, f.tick);
  const pad = f.pxDecimals - f.tick.decimals;
  if (pad <= 0) return s;
  return (f.tick.decimals === 0 ? `${s}.` : s) + '0'.repeat(pad);
}

export function qtyText(f: FrameFormat, qtyLots: number): string {
  return qtyLots === 0 ? '0' : formatUnits(qtyLots, f.lot);
}

/** `[["px","qty"],…]` of n entries. */
export function levelsText(f: FrameFormat, px: readonly number[], qty: readonly number[], n: number): string {
  let s = '[';
  for (let i = 0; i < n; i++) s += `${i ? ',' : ''}["${pxText(f, px[i])}","${qtyText(f, qty[i])}"]`;
  return s + ']';
}

/** An orderbook.{depth}.{symbol} frame; b and a are ready `levelsText` strings. */
export function depthFrame(f: FrameFormat, depth: number, type: 'snapshot' | 'delta', tsMs: number,
                           b: string, a: string, u: number, seq: number, ctsMs: number): string {
  return `{"topic":"orderbook.${depth}.${f.symbol}","type":"${type}","ts":${tsMs},` +
    `"data":{"s":"${f.symbol}","b":${b},"a":${a},"u":${u},"seq":${seq}},"cts":${ctsMs}}`;
}

/** A publicTrade.{symbol} frame holding ready trade objects. */
export function tradeFrame(f: FrameFormat, tsMs: number, trades: readonly string[]): string {
  return `{"topic":"publicTrade.${f.symbol}","type":"snapshot","ts":${tsMs},"data":[${trades.join(',')}]}`;
}

/** Answer to an op (subscribe, unsubscribe, ping): Bybit's public-channel shape. */
export function opResponse(op: string, connId: string, reqId: unknown, success: boolean, retMsg: string): string {
  const req = typeof reqId === 'string' || typeof reqId === 'number' ? `"req_id":${JSON.stringify(String(reqId))},` : '';
  return `{"success":${success},"ret_msg":${JSON.stringify(retMsg)},"conn_id":"${connId}",${req}"op":${JSON.stringify(op)}}`;
}

/** Frames a malformed-frame fault sends, in turn: truncated JSON, not JSON, a frame with wrong types. */
export function malformedFrame(f: FrameFormat, k: number): string {
  switch (k % 3) {
    case 0: return `{"topic":"orderbook.50.${f.symbol}","type":"delta","ts":17`;
    case 1: return 'this is not json';
    default: return `{"topic":"orderbook.50.${f.symbol}","type":"delta","ts":"soon","data":{"s":"${f.symbol}","b":"x","a":[],"u":-1}}`;
  }
}
