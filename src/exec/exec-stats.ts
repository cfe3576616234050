/**
 * The counters every execution strategy keeps; `stats()` returns a copy. One
 * record for all three strategies, so the report has the same columns for each
 * (a counter a strategy never touches stays 0).
 */

export const EXEC_STAT_NAMES = [
  /** Parent orders: started, filled completely, given up (dropped), stopped by the caller. */
  'parents', 'parentsCompleted', 'parentsDropped', 'parentsStopped',
  /** Child orders sent, cancels sent, cancels the venue rejected, submits the risk gate refused. */
  'childOrders', 'cancelsSent', 'cancelRejects', 'riskRefused',
  /** Venue rejections other than would-cross; the fatal ones (bad order, duplicate id) drop the parent. */
  'rejects', 'fatalRejects',
  /** Passive quoting: quotes placed, re-quotes, re-quote limit hits, pauses entered, would-cross retries. */
  'quotes', 'requotes', 'requoteLimited', 'pausedSpread', 'pausedVol', 'staleOrInvalid', 'wouldCrossRetries',
  /** Passive max-rest breaker: escalated to IOC, or cancelled and dropped. */
  'escalations', 'maxRestCancels',
  /** Aggressive: IOCs sent, of which retries for a remainder, parents given up after the last attempt. */
  'iocSent', 'iocRetries', 'gaveUp',
  /** TWAP: slices begun, slices whose remainder went out as an IOC at their deadline. */
  'slices', 'sliceEscalations',
] as const;

/** One counter name. */
export type ExecStatName = (typeof EXEC_STAT_NAMES)[number];

/** Mutable counters, all starting at 0. */
export type ExecStats = Record<ExecStatName, number>;

/** A fresh set of counters. */
export function newExecStats(): ExecStats {
  const s = {} as ExecStats;
  for (const name of EXEC_STAT_NAMES) s[name] = 0;
  return s;
}
