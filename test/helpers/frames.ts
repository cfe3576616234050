/** Builders for hand-made frames and a TS parser over a private buffer. */
import { TsFrameParser } from '../../src/feed/frame-parser.js';
import type { Instrument } from '../../src/feed/instrument.js';
import { EVENT_BYTES } from '../../src/layout/event.js';

export const BYBIT_BTC: Instrument = {
  exchange: 'bybit', market: 'linear', symbol: 'BTCUSDT', tick: { units: 1, decimals: 1 }, lot: { units: 1, decimals: 3 }, known: true,
};
export const BINANCE_USDM_BTC: Instrument = {
  exchange: 'binance', market: 'usdm', symbol: 'BTCUSDT', tick: { units: 1, decimals: 1 }, lot: { units: 1, decimals: 3 }, known: true,
};
export const BINANCE_COINM_BTC: Instrument = {
  exchange: 'binance', market: 'coinm', symbol: 'BTCUSD_PERP', tick: { units: 1, decimals: 1 }, lot: { units: 1, decimals: 0 }, known: true,
};

export function recordBuffer(recordCapacity = 4096, outputCapacity = 1024) {
  const buf = new ArrayBuffer(recordCapacity * EVENT_BYTES);
  return {
    input: new Float64Array(buf), inputU32: new Uint32Array(buf), inputI64: new BigInt64Array(buf),
    recordCapacity, outputCapacity,
  };
}

export function tsParser(inst: Instrument, recordCapacity = 4096, outputCapacity = 1024) {
  const buf = recordBuffer(recordCapacity, outputCapacity);
  const rejects: Array<{ kind: number; line: number; detail: string }> = [];
  const parser = new TsFrameParser(inst, buf, (kind, line, detail) => rejects.push({ kind, line, detail }));
  return { parser, buf, rejects };
}

export const bybitDepth = (type: 'snapshot' | 'delta', u: number, b: string[][], a: string[][], ts = 1_700_000_000_000): string =>
  JSON.stringify({ topic: 'orderbook.50.BTCUSDT', type, ts, data: { s: 'BTCUSDT', b, a, u, seq: u * 7 }, cts: ts - 1 });

export const bybitTrade = (side: 'Buy' | 'Sell', p: string, v: string, T = 1_700_000_000_000): string =>
  JSON.stringify({ topic: 'publicTrade.BTCUSDT', type: 'snapshot', ts: T, data: [{ T, s: 'BTCUSDT', S: side, v, p, L: 'PlusTick', i: 'x', BT: false, seq: 5 }] });
