/**
 * The contract of a stateful feature module (S1: previous book; SW: windows and
 * history) in the TS reference engine (engine.ts). A module sees, in stream
 * order: every trade; each applied depth message before it is applied, each of
 * its level changes with the old size, and the book after it, when it writes its
 * columns. Times are exchange times in ms (float; sub-ms kept). Prices in ticks
 * and sizes in lots, as in the book; modules convert with units.ts.
 *
 * Clock-driven samplers (100 ms RV grid, 1 s bars) process a boundary g when the
 * first event (trade or book message) with t > g arrives, using the state from
 * before that event (FEATURES.md §1), so they advance in onTrade and beforeBook.
 */
import type { SideView } from '../book/types.js';
import type { Instrument } from '../feed/instrument.js';

export interface TradeEvent {
  tMs: number;
  /** Buyer was the aggressor (D = +1). */
  buy: boolean;
  pxTicks: number;
  qtyLots: number;
}

export interface BookState {
  tMs: number;
  bids: SideView;
  asks: SideView;
  inst: Instrument;
  /** Both sides non-empty and best bid <= best ask (a locked book is valid). */
  valid: boolean;
  /** (best bid + best ask) / 2 in USD as computeStatic computes mid_px; NaN when invalid. */
  mid: number;
  /** The message is a snapshot (book replaced after start or a gap): S1 state resets. */
  resync: boolean;
}

export interface StatefulFeature {
  /** Every trade, in stream order. */
  onTrade?(t: TradeEvent): void;
  /** A sequence gap at `tMs`: the book is invalid (and empty) until the next snapshot. */
  onGap?(tMs: number): void;
  /** An applied depth message, before its levels: `s` is the book as of the previous message. */
  beforeBook?(s: BookState): void;
  /** One level change of the message being applied (sizes in lots). */
  onLevel?(isBid: boolean, pxTicks: number, oldLots: number, newLots: number): void;
  /** After the message: write this module's columns into `row` (51 core columns); return book_flags bits. */
  afterBook(s: BookState, row: Float64Array): number;
}
