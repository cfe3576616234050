/** What a frame decoder needs besides the frame: instrument, writer, clock state, reject detail. */
import type { Instrument } from './instrument.js';
import type { RecordWriter } from './record-writer.js';
import { DEC_OFF_GRID, DEC_TOO_LARGE, DEC_TOO_MANY_DIGITS, formatUnits, gridText, toGridUnits } from './decimal.js';
import { MAX_PX_TICKS } from '../layout/event.js';
import { R_BAD_PRICE, R_BAD_SIZE, R_OFF_GRID_PRICE, R_OFF_GRID_SIZE } from './reject.js';

/** Returned by decoders when the batch is full: the line is retried in the next batch. */
export const NO_ROOM = -1000;

export class FrameContext {
  /** Receive time of the current line, ns (0n when the line has no prefix). */
  localTsNs = 0n;
  /** 1-based line number of the current line in its file (written into DEPTH headers). */
  lineNo = 0;
  /** Newest exchange time seen, ns: stands in for frames without one (Binance spot snapshot / bookTicker). */
  lastExchTsNs = -1n;
  /** Human-readable cause of the last rejection. */
  detail = '';
  /** Kinds of accepted frames, for the stats. */
  depth = 0;
  trades = 0;
  tickers = 0;
  ignored = 0;

  constructor(readonly instrument: Instrument, readonly w: RecordWriter) {}

  /** Rejects with `kind` and a message; returns the negative code decoders return. */
  reject(kind: number, detail: string): number {
    this.detail = detail;
    return -(kind + 1);
  }

  /** Price text → ticks, or a negative reject code with detail set. */
  price(v: unknown): number {
    if (typeof v !== 'string') return this.reject(R_BAD_PRICE, `price must be a decimal string, was ${show(v)}`);
    const t = toGridUnits(v, this.instrument.tick);
    if (t >= 1 && t <= MAX_PX_TICKS) return t;
    if (t === DEC_OFF_GRID) return this.reject(R_OFF_GRID_PRICE, `price "${v}" is not on the ${gridText(this.instrument.tick)} tick grid`);
    if (t === 0) return this.reject(R_BAD_PRICE, `price must be positive, was "${v}"`);
    if (t > MAX_PX_TICKS || t === DEC_TOO_LARGE) {
      return this.reject(R_BAD_PRICE, `price "${v}" is out of range (at most ${formatUnits(MAX_PX_TICKS, this.instrument.tick)})`);
    }
    if (t === DEC_TOO_MANY_DIGITS) return this.reject(R_BAD_PRICE, `price "${v}" has more than 15 significant digits`);
    return this.reject(R_BAD_PRICE, `price must be a plain decimal, was "${v}"`);
  }

  /** Size text → lots (0 allowed), or a negative reject code with detail set. */
  size(v: unknown): number {
    if (typeof v !== 'string') return this.reject(R_BAD_SIZE, `size must be a decimal string, was ${show(v)}`);
    const q = toGridUnits(v, this.instrument.lot);
    if (q >= 0) return q;
    if (q === DEC_OFF_GRID) return this.reject(R_OFF_GRID_SIZE, `size "${v}" is not on the ${gridText(this.instrument.lot)} lot grid`);
    if (q === DEC_TOO_MANY_DIGITS || q === DEC_TOO_LARGE) return this.reject(R_BAD_SIZE, `size "${v}" has too many digits`);
    return this.reject(R_BAD_SIZE, `size must be a non-negative plain decimal, was "${v}"`);
  }
}

/**
 * A short, safe rendering of a JSON value for an error message: never recurses
 * (a value nested thousands deep must not throw) and never copies much.
 */
export function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (v === null || typeof v !== 'object') return String(v);
  return 'an object';
}

/** A non-negative integer JSON number that is exact in an f64 (ids, ms timestamps). */
export function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

/** A plain JSON object (not an array, not null). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
