/**
 * Feature binning for the histogram trees. Each feature gets ascending upper
 * edges e_0 < e_1 < … < e_{B-2} fitted on the training rows, and a value's bin is
 *
 *   bin(x) = MISSING_BIN                          when x is NaN
 *          = the smallest b with x <= e_b         otherwise (B-1 when x > e_{B-2})
 *
 * A split "bin <= b" is therefore exactly "x <= e_b" on the raw value (with
 * e_{B-1} = +Infinity), for any x, training row or not: the thresholds the trees
 * are exported with route every input as the binned training did.
 *
 * Edges are midpoints between consecutive distinct training values when a
 * feature has at most maxBins of them, else midpoints at evenly spaced ranks
 * (quantiles) of the sorted values. Fitting reads at most SAMPLE_ROWS rows,
 * evenly spaced in time (deterministic, no PRNG).
 */

/** Bin code of a NaN value (the last of the 256 histogram slots). */
export const MISSING_BIN = 255;
/** Histogram slots per feature: 255 value bins and the missing bin. */
export const HIST_BINS = 256;
/** Upper limit of value bins per feature. */
export const MAX_VALUE_BINS = 255;
/** Rows read to fit the edges of a feature. */
export const SAMPLE_ROWS = 200_000;

export interface FeatureBins {
  /** Upper edges of each feature (length = value bins − 1; empty: the feature is one bin). */
  edges: Float64Array[];
}

/** Fits the edges of every feature on rows[0..count) of x (n × f, row-major). */
export function fitBins(x: Float64Array, f: number, rows: Uint32Array, maxBins: number): FeatureBins {
  if (!Number.isInteger(maxBins) || maxBins < 2 || maxBins > MAX_VALUE_BINS) {
    throw new RangeError(`maxBins must be an integer from 2 to ${MAX_VALUE_BINS}, was ${maxBins}`);
  }
  const step = Math.max(1, rows.length / SAMPLE_ROWS);
  const m = Math.min(rows.length, SAMPLE_ROWS);
  const vals = new Float64Array(m);
  const edges: Float64Array[] = [];
  for (let c = 0; c < f; c++) {
    let k = 0;
    for (let s = 0; s < m; s++) {
      const v = x[rows[Math.floor(s * step)] * f + c];
      if (!Number.isNaN(v)) vals[k++] = v;
    }
    edges.push(edgesOf(vals.subarray(0, k).sort(), maxBins));
  }
  return { edges };
}

/** Edges of sorted finite values (see the file header). */
function edgesOf(sorted: Float64Array, maxBins: number): Float64Array {
  const distinct: number[] = [];
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i]);
  const out: number[] = [];
  const push = (a: number, b: number): void => {
    let e = a + (b - a) / 2;
    if (!(e < b)) e = a; // adjacent doubles (or an infinite value): cutting at a is still exact
    if (out.length === 0 || e > out[out.length - 1]) out.push(e);
  };
  if (distinct.length <= maxBins) {
    for (let i = 1; i < distinct.length; i++) push(distinct[i - 1], distinct[i]);
    return Float64Array.from(out);
  }
  for (let q = 1; q < maxBins; q++) {
    const r = Math.floor((q * sorted.length) / maxBins);
    const hi = sorted[r];
    // Cut just below the quantile value: between it and the largest value below it.
    let j = r;
    while (j > 0 && sorted[j - 1] === hi) j--;
    if (j > 0) push(sorted[j - 1], hi);
  }
  return Float64Array.from(out);
}

/** The bin of value v under `edges` (file header). */
export function binOf(edges: Float64Array, v: number): number {
  if (Number.isNaN(v)) return MISSING_BIN;
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (v <= edges[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Bins every row of x (n × f) into a column-major Uint8Array: feature c's codes
 * are at [c·n, (c+1)·n). Column-major, because the histogram kernel reads one
 * feature over many rows at a time.
 */
export function binMatrix(x: Float64Array, n: number, f: number, bins: FeatureBins): Uint8Array {
  const out = new Uint8Array(n * f);
  for (let c = 0; c < f; c++) {
    const e = bins.edges[c];
    const col = c * n;
    for (let i = 0; i < n; i++) out[col + i] = binOf(e, x[i * f + c]);
  }
  return out;
}

/** The raw threshold of a split at bin b of feature c: its upper edge, +Infinity for the last bin. */
export function thresholdOf(bins: FeatureBins, c: number, b: number): number {
  const e = bins.edges[c];
  return b < e.length ? e[b] : Infinity;
}
