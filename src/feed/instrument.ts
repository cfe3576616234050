/**
 * Instruments: which exchange and market a stream comes from, and the price tick
 * and size lot that turn decimal strings into integers at the edge.
 */
import { parseGrid, type Grid } from './decimal.js';

export type Exchange = 'bybit' | 'binance';
export type Market = 'linear' | 'inverse' | 'spot' | 'usdm' | 'coinm';
/** The `--exchange` choices: an exchange and, for Binance, its market. */
export type Venue = 'bybit' | 'binance-usdm' | 'binance-spot' | 'binance-coinm';
export const VENUES: readonly Venue[] = ['bybit', 'binance-usdm', 'binance-spot', 'binance-coinm'];

export interface Instrument {
  readonly exchange: Exchange;
  readonly market: Market;
  readonly symbol: string;
  readonly tick: Grid;
  readonly lot: Grid;
  /** True when tick and lot came from the defaults table or config, false when inferred from data. */
  readonly known: boolean;
  /** The table's lot was finer-grained by the sizes seen in the first frames. */
  readonly lotRefined?: boolean;
}

/** Defaults per exchange / market / symbol (exchange instrument specs). */
const DEFAULTS: ReadonlyArray<[Exchange, Market, string, string, string]> = [
  ['bybit', 'linear', 'BTCUSDT', '0.1', '0.001'],
  ['bybit', 'linear', 'ETHUSDT', '0.01', '0.01'],
  ['bybit', 'linear', 'XRPUSDT', '0.0001', '1'],
  ['bybit', 'linear', 'BTCPERP', '0.5', '0.001'],
  ['bybit', 'inverse', 'BTCUSD', '0.5', '1'],
  ['bybit', 'spot', 'BTCUSDT', '0.01', '0.000001'],
  ['binance', 'usdm', 'BTCUSDT', '0.1', '0.001'],
  ['binance', 'usdm', 'ETHUSDT', '0.01', '0.001'],
  // Binance lists a 0.00001 order step, but its spot depth stream carries sizes at
  // 0.000001 resolution (e.g. "25.42618900" in the 2024-08-08 recording), so market
  // data is read on the finer grid: a coarser lot would reject real frames.
  ['binance', 'spot', 'BTCUSDT', '0.01', '0.000001'],
  ['binance', 'coinm', 'BTCUSD_PERP', '0.1', '1'],
];

/** A row of the instrument table as config writes it (config `instruments:`). */
export interface InstrumentSpec {
  exchange: Exchange;
  market: Market;
  symbol: string;
  tick: string;
  lot: string;
}

/**
 * The default tick and lot for an instrument, or undefined when it is not in the
 * table. Rows in `extra` (from config) come first, so they override built-in ones.
 */
export function defaultSpec(exchange: Exchange, market: Market, symbol: string,
                            extra: readonly InstrumentSpec[] = []): { tick: Grid; lot: Grid } | undefined {
  const rows = [...extra.map((r) => [r.exchange, r.market, r.symbol.toUpperCase(), r.tick, r.lot] as const), ...DEFAULTS];
  const row = rows.find((r) => r[0] === exchange && r[1] === market && r[2] === symbol.toUpperCase());
  if (!row) return undefined;
  return { tick: parseGrid(row[3])!, lot: parseGrid(row[4])! };
}

/** Splits a `--exchange` venue into exchange and (for Binance) market. */
export function splitVenue(v: Venue): { exchange: Exchange; market?: Market } {
  switch (v) {
    case 'bybit': return { exchange: 'bybit' };
    case 'binance-usdm': return { exchange: 'binance', market: 'usdm' };
    case 'binance-spot': return { exchange: 'binance', market: 'spot' };
    case 'binance-coinm': return { exchange: 'binance', market: 'coinm' };
  }
}
