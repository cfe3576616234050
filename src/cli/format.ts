/** JSON-line formatting of book output records for `btc-engine book`. */
import { OUT_EXCH_TS_MS, OUT_HEAD_F64, OUT_ID, outStrideF64 } from '../layout/book-out.js';
import { formatUnits, type Grid } from '../feed/decimal.js';

export type EmitMode = 'bbo' | 'top' | 'summary';

/**
 * Formats output record `i` of `out` as one JSON line (no newline). Prices and
 * sizes are printed with the tick / lot decimals, so they equal the exchange's
 * decimal strings as JSON numbers (never 28145.100000000002).
 */
export function formatRecord(out: Float64Array, i: number, depth: number, mode: 'bbo' | 'top',
                             tick: Grid, lot: Grid, levels: number): string {
  const b = i * outStrideF64(depth);
  const bid = b + OUT_HEAD_F64;
  const ask = bid + 2 * depth;
  const num = (v: number, g: Grid): string => formatUnits(v, g);
  const bbo = (p: number, side: 'bid' | 'ask'): string => out[p] > 0
    ? `"${side}Px":${num(out[p], tick)},"${side}Qty":${num(out[p + 1], lot)}`
    : `"${side}Px":null,"${side}Qty":null`;
  let s = `{"ts":${out[b + OUT_EXCH_TS_MS]},"u":${out[b + OUT_ID]},${bbo(bid, 'bid')},${bbo(ask, 'ask')}`;
  if (mode === 'top') {
    s += `,"bids":${ladder(out, bid, levels, tick, lot)},"asks":${ladder(out, ask, levels, tick, lot)}`;
  }
  return s + '}';
}

function ladder(out: Float64Array, p: number, n: number, tick: Grid, lot: Grid): string {
  const parts: string[] = [];
  for (let d = 0; d < n && out[p + 2 * d] > 0; d++) {
    parts.push(`[${formatUnits(out[p + 2 * d], tick)},${formatUnits(out[p + 2 * d + 1], lot)}]`);
  }
  return `[${parts.join(',')}]`;
}
