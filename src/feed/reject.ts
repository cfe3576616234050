/**
 * Kinds of bad input a feed parser counts. The numeric codes are shared with the
 * native scanner (native/src/scanner.h); each kind is reported once on stderr with
 * file and line, then only counted.
 */
export const REJECT_KINDS = [
  'malformed-json', // the line is not valid JSON
  'unknown-message', // valid JSON, but not a frame this parser knows (topic / event)
  'bad-field', // a required field is missing or has the wrong type / value
  'bad-price', // price text not a plain decimal, zero, too many digits or out of range
  'off-grid-price', // price between two ticks
  'bad-size', // size text not a plain non-negative decimal (NaN, negative, exponent…)
  'off-grid-size', // size between two lots
  'bad-prefix', // the receive-time prefix is not 12–19 digits followed by a space
  'too-large', // one message has more records than a batch holds
  'other-symbol', // a frame for a different symbol than the stream's instrument
  'truncated-input', // a truncated gzip / zip, or an unreadable container
] as const;
export type RejectKind = (typeof REJECT_KINDS)[number];
export const REJECT_KIND_COUNT = REJECT_KINDS.length;

export const R_MALFORMED_JSON = 0;
export const R_UNKNOWN_MESSAGE = 1;
export const R_BAD_FIELD = 2;
export const R_BAD_PRICE = 3;
export const R_OFF_GRID_PRICE = 4;
export const R_BAD_SIZE = 5;
export const R_OFF_GRID_SIZE = 6;
export const R_BAD_PREFIX = 7;
export const R_TOO_LARGE = 8;
export const R_OTHER_SYMBOL = 9;
export const R_TRUNCATED = 10;

/** Per-stream parse counters. */
export interface ParseStats {
  /** Non-empty lines read. */
  lines: number;
  /** Frames accepted (depth, trade, ticker and ignored ones). */
  accepted: number;
  depthMessages: number;
  /** Trade prints (a Bybit frame may carry several). */
  trades: number;
  tickers: number;
  /** Valid frames deliberately not used (Binance markPrice, subscription acks, pongs). */
  ignored: number;
  rejected: number;
  rejectedByKind: number[];
}

export function emptyParseStats(): ParseStats {
  return { lines: 0, accepted: 0, depthMessages: 0, trades: 0, tickers: 0, ignored: 0, rejected: 0,
    rejectedByKind: new Array<number>(REJECT_KIND_COUNT).fill(0) };
}

/** A rejected line: kind, 1-based line number in its file, and what was wrong. */
export interface Rejection {
  kind: RejectKind;
  line: number;
  detail: string;
}
