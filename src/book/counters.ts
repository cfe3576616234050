/** Book counters as a plain object, read from a kernel's counter slots. */
import {
  C_APPLIED, C_CROSSED, C_DEPTH_MESSAGES, C_GAPS, C_LEVEL_CHANGES, C_REJECTED, C_RESYNCS,
  C_LAST_CROSSED_LINE, C_LAST_GAP_LINE, C_SKIPPED, C_STALE, C_TICKERS, C_TRADES,
} from '../layout/book-out.js';

export interface BookCounters {
  depthMessages: number;
  applied: number;
  levelChanges: number;
  gaps: number;
  resyncs: number;
  crossed: number;
  rejected: number;
  stale: number;
  skipped: number;
  trades: number;
  tickers: number;
  /** File line of the most recent gap / crossed message (0 before any). */
  lastGapLine: number;
  lastCrossedLine: number;
}

/** Reads the counter slots every kernel keeps (see src/layout/book-out.ts). */
export function readCounters(c: Float64Array): BookCounters {
  return {
    depthMessages: c[C_DEPTH_MESSAGES],
    applied: c[C_APPLIED],
    levelChanges: c[C_LEVEL_CHANGES],
    gaps: c[C_GAPS],
    resyncs: c[C_RESYNCS],
    crossed: c[C_CROSSED],
    rejected: c[C_REJECTED],
    stale: c[C_STALE],
    skipped: c[C_SKIPPED],
    trades: c[C_TRADES],
    tickers: c[C_TICKERS],
    lastGapLine: c[C_LAST_GAP_LINE],
    lastCrossedLine: c[C_LAST_CROSSED_LINE],
  };
}
