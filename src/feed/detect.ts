/**
 * Works out exchange, market, symbol, tick and lot for a recording from its first
 * lines, so `btc-engine book FILE` needs no flags. Every choice can be forced
 * (venue, symbol, tick, lot); tick and lot not forced come from the defaults
 * table, or, for a symbol not in it, from the finest decimals seen (a grid that
 * can only be finer than the real one, so nothing valid is ever rejected).
 */
import { UsageError } from '../errors.js';
import { parseGrid, type Grid } from './decimal.js';
import { defaultSpec, splitVenue, type Exchange, type Instrument, type InstrumentSpec, type Market, type Venue } from './instrument.js';

export interface DetectOptions {
  venue?: Venue;
  symbol?: string;
  tick?: string;
  lot?: string;
  /** Extra instrument-table rows (config), checked before the built-in ones. */
  table?: readonly InstrumentSpec[];
}

const SAMPLE_LINES = 5000;

interface Evidence {
  exchange?: Exchange;
  symbol?: string;
  market?: Market;
  /** Bybit: whether trades carry a tick direction "L" (derivatives do, spot does not). */
  tickDirection?: boolean;
  pxDecimals: number;
  qtyDecimals: number;
}

/** Detects the instrument of a recording from `sample` (its first bytes). */
export function detectInstrument(sample: Uint8Array, opts: DetectOptions = {}): Instrument {
  const ev = gather(sample, opts.venue ? splitVenue(opts.venue).exchange : undefined);
  if (ev.exchange === 'bybit' && ev.symbol) ev.market = bybitMarket(ev, ev.symbol);
  const forced = opts.venue ? splitVenue(opts.venue) : undefined;
  const exchange = forced?.exchange ?? ev.exchange;
  if (!exchange) throw new UsageError('cannot tell the exchange from the first lines: pass --exchange');
  const symbol = (opts.symbol ?? ev.symbol)?.toUpperCase();
  if (!symbol) throw new UsageError('cannot tell the symbol from the first lines: pass --symbol');
  const market = forced?.market ?? ev.market ?? (exchange === 'bybit' ? 'linear' : 'usdm');
  const spec = defaultSpec(exchange, market, symbol, opts.table);
  const tick = opts.tick ? grid(opts.tick, '--tick') : spec?.tick ?? inferred(ev.pxDecimals);
  let lot = opts.lot ? grid(opts.lot, '--lot') : spec?.lot ?? inferred(ev.qtyDecimals);
  let lotRefined = false;
  if (!opts.lot && spec && ev.qtyDecimals > lot.decimals) {
    // Resting sizes finer than the table's lot are real (orders placed under an older,
    // finer step): read them on the finer grid rather than reject valid frames.
    lot = inferred(ev.qtyDecimals);
    lotRefined = true;
  }
  return { exchange, market, symbol, tick, lot, known: spec !== undefined || (!!opts.tick && !!opts.lot), lotRefined };
}

function grid(text: string, flag: string): Grid {
  const g = parseGrid(text);
  if (!g) throw new UsageError(`${flag} must be a positive decimal such as 0.1, was "${text}"`);
  return g;
}

function inferred(decimals: number): Grid {
  return { units: 1, decimals };
}

function gather(sample: Uint8Array, exchange: Exchange | undefined): Evidence {
  const ev: Evidence = { exchange, pxDecimals: 0, qtyDecimals: 0 };
  const text = Buffer.from(sample.buffer, sample.byteOffset, sample.length).toString('utf8');
  let n = 0;
  for (const rawLine of text.split('\n')) {
    if (++n > SAMPLE_LINES) break;
    const line = rawLine.trim().replace(/^\d+\s+/, '');
    if (!line.startsWith('{')) continue;
    let obj: Record<string, unknown>;
    try {
      obj = JSON.parse(line) as Record<string, unknown>;
    } catch {
      continue;
    }
    if (typeof obj !== 'object' || obj === null) continue;
    if (typeof obj.topic === 'string') bybit(obj, ev);
    else binance(obj, ev);
  }
  return ev;
}

function bybit(obj: Record<string, unknown>, ev: Evidence): void {
  if (ev.exchange && ev.exchange !== 'bybit') return;
  ev.exchange = 'bybit';
  const topic = obj.topic as string;
  const symbol = topic.slice(topic.lastIndexOf('.') + 1);
  ev.symbol ??= symbol;
  if (symbol !== ev.symbol) return;
  const data = obj.data as Record<string, unknown> | unknown[] | undefined;
  if (topic.startsWith('orderbook.') && data && !Array.isArray(data)) {
    ladderDecimals(data.b, ev);
    ladderDecimals(data.a, ev);
  } else if (topic.startsWith('publicTrade.') && Array.isArray(data) && data.length > 0) {
    ev.tickDirection ||= (data[0] as Record<string, unknown>).L !== undefined;
  }
}

/**
 * Bybit frames do not name their market. Derivative trades carry "L"; without it
 * (spot, or recordings that dropped it) sizes finer than 0.001 mean spot.
 */
function bybitMarket(ev: Evidence, symbol: string): Market {
  if (ev.tickDirection !== true && ev.qtyDecimals > 3) return 'spot';
  return symbol.endsWith('USD') ? 'inverse' : 'linear';
}

function binance(obj: Record<string, unknown>, ev: Evidence): void {
  const p = (typeof obj.stream === 'string' && obj.data && typeof obj.data === 'object' ? obj.data : obj) as Record<string, unknown>;
  const looksBinance = p.e !== undefined || p.lastUpdateId !== undefined || typeof obj.stream === 'string';
  if (!looksBinance || (ev.exchange && ev.exchange !== 'binance')) return;
  ev.exchange = 'binance';
  if (typeof p.s === 'string') {
    ev.symbol ??= p.s;
    if (ev.market === undefined && p.s.includes('_')) ev.market = 'coinm';
  }
  if (p.e === 'depthUpdate' && ev.market === undefined) ev.market = p.pu !== undefined ? 'usdm' : 'spot';
  if (p.e === 'depthUpdate') {
    ladderDecimals(p.b, ev);
    ladderDecimals(p.a, ev);
  } else if (p.lastUpdateId !== undefined) {
    ladderDecimals(p.bids, ev);
    ladderDecimals(p.asks, ev);
  }
}

function ladderDecimals(ladder: unknown, ev: Evidence): void {
  if (!Array.isArray(ladder)) return;
  for (const lv of ladder) {
    if (!Array.isArray(lv)) continue;
    ev.pxDecimals = Math.max(ev.pxDecimals, decimalsOf(lv[0]));
    ev.qtyDecimals = Math.max(ev.qtyDecimals, decimalsOf(lv[1]));
  }
}

/** Decimals of a plain decimal string, ignoring trailing zeros ("0.0100" → 2). */
function decimalsOf(v: unknown): number {
  if (typeof v !== 'string') return 0;
  const dot = v.indexOf('.');
  return dot < 0 ? 0 : v.slice(dot + 1).replace(/0+$/, '').length;
}
