/**
 * Grid → float conversions used by every feature (docs/FEATURES.md "Units").
 *
 * A price level is stored as integer ticks and a size as integer lots. Its value is
 * `count × units × 10^-decimals`; it is computed as ONE integer product followed by
 * ONE division by an exact power of ten. Both operands are exact doubles (the
 * product stays below 2^53 for every grid the feed accepts), so the quotient is the
 * correctly rounded value of the decimal — the same double `parseFloat` gives for
 * the exchange's string ("65114.2", never 65114.200000000004).
 */
import type { Grid } from '../feed/decimal.js';

/** Exact powers of ten as doubles (10^0 … 10^22 are exactly representable). */
const POW10: readonly number[] = Array.from({ length: 23 }, (_, i) => 10 ** i);

/** 10^d for a grid's decimals. */
export function pow10(d: number): number {
  const p = POW10[d];
  if (p === undefined) throw new RangeError(`grid decimals out of range: ${d}`);
  return p;
}

/** Value of `count` grid steps: (count × units) / 10^decimals. */
export function gridValue(count: number, g: Grid): number {
  return (count * g.units) / pow10(g.decimals);
}

/** The grid step itself as a float (tick size δ in USD, lot size in BTC). */
export function gridStep(g: Grid): number {
  return g.units / pow10(g.decimals);
}
