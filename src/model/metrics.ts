/**
 * Out-of-sample metrics of a prediction against the realised label:
 * - IC: Spearman rank correlation (ties get their average rank);
 * - Pearson correlation;
 * - hit rate: share of rows where the prediction and the label have the same
 *   sign, over the rows where neither is 0 (an unchanged mid, common at short
 *   horizons, has no direction to hit);
 * computed over the rows where both are defined (not NaN).
 */

export interface Metrics {
  /** Spearman rank correlation. */
  ic: number;
  pearson: number;
  hitRate: number;
  /** Rows with both values defined. */
  rows: number;
}

/** Pearson correlation of a and b (first n values); NaN when either is constant. */
export function pearson(a: Float64Array, b: Float64Array, n = a.length): number {
  let ma = 0; let mb = 0;
  for (let i = 0; i < n; i++) { ma += a[i]; mb += b[i]; }
  ma /= n; mb /= n;
  let sab = 0; let saa = 0; let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i] - ma; const db = b[i] - mb;
    sab += da * db; saa += da * da; sbb += db * db;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : NaN;
}

/**
 * Ranks 1..n of the first n values, ties averaged. The values are sorted as a
 * Float64Array (native numeric sort, no comparator callback), then each value's
 * tie group [lo, hi) is found by binary search: its average rank is (lo + 1 + hi) / 2.
 */
export function ranks(v: Float64Array, n = v.length): Float64Array {
  const sorted = v.slice(0, n).sort();
  const r = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = v[i];
    let lo = 0;
    let hi = n;
    while (lo < hi) { const m = (lo + hi) >>> 1; if (sorted[m] < x) lo = m + 1; else hi = m; }
    let top = lo;
    hi = n;
    while (top < hi) { const m = (top + hi) >>> 1; if (sorted[m] <= x) top = m + 1; else hi = m; }
    r[i] = (lo + 1 + top) / 2;
  }
  return r;
}

/** Spearman rank correlation of the first n values. */
export function spearman(a: Float64Array, b: Float64Array, n = a.length): number {
  return pearson(ranks(a, n), ranks(b, n), n);
}

/** IC, Pearson and hit rate of `pred` against `label` over the rows where both are defined. */
export function scorePredictions(pred: Float64Array, label: Float64Array): Metrics {
  const p = new Float64Array(pred.length);
  const y = new Float64Array(pred.length);
  let n = 0;
  let hits = 0;
  let signed = 0;
  for (let i = 0; i < pred.length; i++) {
    if (Number.isNaN(pred[i]) || Number.isNaN(label[i])) continue;
    p[n] = pred[i]; y[n] = label[i]; n++;
    if (pred[i] !== 0 && label[i] !== 0) { signed++; if ((pred[i] > 0) === (label[i] > 0)) hits++; }
  }
  return { ic: spearman(p, y, n), pearson: pearson(p, y, n), hitRate: signed > 0 ? hits / signed : NaN, rows: n };
}
