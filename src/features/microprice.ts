/**
 * Stoikov (2018) micro-price, runtime side: `microprice_px = m + g*(I, S)·δ`.
 *
 * g* is computed offline (the `calibrate` command, a later increment) and shipped as
 * a small table indexed by a spread state S (in ticks) and an imbalance bucket of
 * ρ = (1 + imb_1)/2 = q^b_1/(q^b_1 + q^a_1) ∈ [0, 1]. The lookup is stateless.
 * Conventions (docs/FEATURES.md, microprice_px):
 *  - bucket k of ρ is the number of inner edges e with e <= ρ (numpy.digitize with
 *    right=false): bucket 0 is ρ < e_0, the last bucket is ρ >= e_last;
 *  - the spread state is the table state nearest to the book's spread in ticks
 *    (ties go to the smaller state), so spreads outside the table clamp to the
 *    first or last state;
 *  - a locked book (spread 0 ticks) has no micro-price adjustment: the result is m.
 */

export interface MicropriceTable {
  /** The n_imb − 1 inner bucket edges of ρ, strictly increasing, each in (0, 1). */
  readonly imbalanceEdges: readonly number[];
  /** The spread states in ticks, strictly increasing positive integers (e.g. [1, 2]). */
  readonly spreadTicks: readonly number[];
  /** g* in ticks, indexed [spread state][imbalance bucket]: spreadTicks.length rows of n_imb. */
  readonly adjustmentTicks: readonly (readonly number[])[];
}

const N_IMB = 10;
const DEFAULT_SPREAD_STATES = [1, 2];

/**
 * The uncalibrated default: 10 buckets on deciles of ρ, spread states 1 and 2 ticks,
 * and every adjustment 0 — so microprice_px equals mid_px until a calibrated table
 * is loaded. (The edges only matter once adjustments are non-zero; a calibrated
 * table brings its own quantile edges.)
 */
export const DEFAULT_MICROPRICE_TABLE: MicropriceTable = Object.freeze({
  imbalanceEdges: Object.freeze(Array.from({ length: N_IMB - 1 }, (_, i) => (i + 1) / N_IMB)),
  spreadTicks: Object.freeze([...DEFAULT_SPREAD_STATES]),
  adjustmentTicks: Object.freeze(DEFAULT_SPREAD_STATES.map(() => Object.freeze(new Array<number>(N_IMB).fill(0)))),
});

/** Throws a RangeError when the table is malformed. */
export function checkMicropriceTable(t: MicropriceTable): void {
  const edges = t.imbalanceEdges;
  edges.forEach((e, i) => {
    if (!(e > 0 && e < 1)) throw new RangeError(`microprice imbalanceEdges[${i}] must be in (0, 1), was ${e}`);
    if (i > 0 && !(e > edges[i - 1])) throw new RangeError('microprice imbalanceEdges must be strictly increasing');
  });
  if (t.spreadTicks.length === 0) throw new RangeError('microprice spreadTicks must not be empty');
  t.spreadTicks.forEach((s, i) => {
    if (!Number.isInteger(s) || s < 1) throw new RangeError(`microprice spreadTicks[${i}] must be a positive integer, was ${s}`);
    if (i > 0 && !(s > t.spreadTicks[i - 1])) throw new RangeError('microprice spreadTicks must be strictly increasing');
  });
  if (t.adjustmentTicks.length !== t.spreadTicks.length) {
    throw new RangeError(`microprice adjustmentTicks needs ${t.spreadTicks.length} rows, has ${t.adjustmentTicks.length}`);
  }
  t.adjustmentTicks.forEach((row, i) => {
    if (row.length !== edges.length + 1) {
      throw new RangeError(`microprice adjustmentTicks[${i}] needs ${edges.length + 1} buckets, has ${row.length}`);
    }
    row.forEach((g, j) => {
      if (!Number.isFinite(g)) throw new RangeError(`microprice adjustmentTicks[${i}][${j}] must be finite, was ${g}`);
    });
  });
}

/** Imbalance bucket of ρ: the number of inner edges <= ρ (0 … edges.length). */
export function imbalanceBucket(edges: readonly number[], rho: number): number {
  let k = 0;
  while (k < edges.length && edges[k] <= rho) k++;
  return k;
}

/** Index of the table state nearest to `spreadTicks` (ties → the smaller state). */
export function spreadState(states: readonly number[], spreadTicks: number): number {
  let best = 0;
  for (let i = 1; i < states.length; i++) {
    if (Math.abs(states[i] - spreadTicks) < Math.abs(states[best] - spreadTicks)) best = i;
  }
  return best;
}

/** g*(ρ, S) in ticks; 0 for a locked book (spread 0 ticks). */
export function micropriceAdjustmentTicks(t: MicropriceTable, spreadTicks: number, rho: number): number {
  if (spreadTicks <= 0) return 0;
  return t.adjustmentTicks[spreadState(t.spreadTicks, spreadTicks)][imbalanceBucket(t.imbalanceEdges, rho)];
}

/**
 * microprice_px = mid + g*·δ (δ = tick size in USD). `imb1` is imb_1 of the same
 * book; ρ = (1 + imb1)/2 exactly as written in the spec (FEATURES.md C2).
 */
export function micropricePx(t: MicropriceTable, mid: number, spreadTicks: number, imb1: number, tickUsd: number): number {
  if (spreadTicks <= 0) return mid;
  const rho = (1 + imb1) / 2;
  return mid + micropriceAdjustmentTicks(t, spreadTicks, rho) * tickUsd;
}
