/**
 * Time-ordered splits: train, then validation, then test, never shuffled across
 * time. Between two parts a purge gap of at least the horizon is dropped:
 * the validation part starts at the first row strictly later than the last
 * training row's time + purgeMs, and the test part likewise after validation.
 * The last training row's label reads the mid of the first row at or after
 * t + h ≤ t + purgeMs, so no training label depends on a mid later than the first
 * validation row's own (current) mid, and the same holds for validation and test.
 */

/** A half-open range of row indices [from, to) of a time-ordered data set. */
export interface RowRange {
  from: number;
  to: number;
}

export interface Splits {
  train: RowRange;
  valid: RowRange;
  test: RowRange;
  /** Rows dropped by the two purge gaps. */
  purged: number;
}

export interface SplitSpec {
  /** Share of the rows (before purging) for validation and for test; train gets the rest. */
  validFraction: number;
  testFraction: number;
  /** Purge gap between parts, ms of exchange time (≥ the horizon being trained). */
  purgeMs: number;
}

/** First index in [from, n) whose time is strictly greater than `t` (n if none). */
function firstAfter(tsMs: Float64Array, n: number, from: number, t: number): number {
  let lo = from;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (tsMs[mid] > t) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Splits n time-ordered rows. Throws a RangeError naming the part that came out
 * empty (too few rows for the fractions and the purge gap). testFraction 0 gives
 * an empty test part (no out-of-sample metrics).
 */
export function timeSplits(tsMs: Float64Array, n: number, spec: SplitSpec): Splits {
  const { validFraction: v, testFraction: t, purgeMs } = spec;
  if (!(v > 0 && t >= 0 && v + t < 1)) throw new RangeError(`split fractions need valid > 0, test >= 0 and valid + test < 1, were valid ${v}, test ${t}`);
  if (!(purgeMs >= 0)) throw new RangeError(`purge gap must be >= 0 ms, was ${purgeMs}`);
  const trainEnd = Math.round(n * (1 - v - t));
  const validEnd = t > 0 ? Math.round(n * (1 - t)) : n;
  const train = { from: 0, to: trainEnd };
  const valid = { from: trainEnd > 0 ? firstAfter(tsMs, n, trainEnd, tsMs[trainEnd - 1] + purgeMs) : 0, to: validEnd };
  const test = { from: validEnd < n && validEnd > 0 ? firstAfter(tsMs, n, validEnd, tsMs[validEnd - 1] + purgeMs) : n, to: n };
  if (valid.from > valid.to) valid.from = valid.to;
  const span = (r: RowRange): string => (r.to > r.from ? `${r.to - r.from} rows` : 'empty');
  const why = `${n} rows, fractions valid ${v} / test ${t}, purge ${purgeMs} ms: train ${span(train)}, validation ${span(valid)}, test ${span(test)}`;
  if (train.to <= train.from) throw new RangeError(`the training part is empty (${why})`);
  if (valid.to <= valid.from) throw new RangeError(`the validation part is empty after the purge gap (${why}): more data, a shorter horizon or a larger validation share`);
  if (t > 0 && test.to <= test.from) throw new RangeError(`the test part is empty after the purge gap (${why}): more data, a shorter horizon or --test 0`);
  const purged = (valid.from - trainEnd) + (t > 0 ? test.from - validEnd : 0);
  return { train, valid, test, purged };
}

/** One horizon's parts: row indices (ascending) of the rows labelled for it. */
export interface HorizonParts {
  train: Uint32Array;
  valid: Uint32Array;
  test: Uint32Array;
  /** Labelled rows dropped by the purge gaps. */
  purged: number;
}

/**
 * The parts of one horizon: its labelled rows (label column k of h in y
 * defined), split by timeSplits in time order. Splitting the labelled rows, not
 * all rows, keeps a long horizon's validation and test parts from falling into
 * the unlabelled end of the data.
 */
export function horizonParts(tsMs: Float64Array, y: Float64Array, h: number, k: number, n: number, spec: SplitSpec): HorizonParts {
  let m = 0;
  for (let i = 0; i < n; i++) if (!Number.isNaN(y[i * h + k])) m++;
  const rows = new Uint32Array(m);
  const ts = new Float64Array(m);
  m = 0;
  for (let i = 0; i < n; i++) if (!Number.isNaN(y[i * h + k])) { rows[m] = i; ts[m] = tsMs[i]; m++; }
  const s = timeSplits(ts, m, spec);
  return { train: rows.subarray(s.train.from, s.train.to), valid: rows.subarray(s.valid.from, s.valid.to), test: rows.subarray(s.test.from, s.test.to), purged: s.purged };
}
