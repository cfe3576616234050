/**
 * Labels: the future mid-price log return over each horizon, in basis points,
 * on exchange time. For the l2_features row i at exchange time t_i (ms):
 *
 *   j = the first row, in key order (ts, u), with t_j >= t_i + h        ("as-of forward")
 *   label_h(i) = 1e4 · ln(mid_j / mid_i)                                  bps
 *
 * so a label always spans at least h and never uses a mid from before t_i + h.
 * A label is NaN when there is no such row in the same segment (the horizon does
 * not fit before the data ends: no full horizon ahead), or when mid_i or mid_j is
 * NaN (a side of the book empty, or the book invalid after a gap). A segment is a
 * run of time covered by ingested sources ([first, last] exchange ms of each
 * source, overlapping ranges merged): each source starts with a fresh book, so a
 * label never spans two recordings with a hole between them.
 *
 * A row enters l2_training_data when at least one of its labels is defined; the
 * trainer then skips, per horizon, the rows whose label is NaN. Rows near the end
 * of a segment thus keep their short-horizon labels.
 */
import { storeErrors } from '../errors.js';
import { ROW_FEATURES, ROW_TS_MS, ROW_U } from '../layout/feature-row.js';
import { featureKey } from '../store/layout.js';
import { scanRows } from '../store/row-table.js';
import type { Store } from '../store/store.js';
import { defineTraining, putTrainingRows } from '../store/training.js';

/** Basis points per unit of log return. */
export const BPS = 1e4;

/** The ts / u / mid of every l2_features row, in key order. */
export interface Timeline {
  n: number;
  tsMs: Float64Array;
  u: Float64Array;
  mid: Float64Array;
  /** Segment of each row (-1: outside every source's time range, never labelled). */
  segment: Int32Array;
}

/**
 * Writes label_h(i) for every row into out[i·stride + off] (the label convention
 * is in the file header). `tsMs` must be non-decreasing. O(n) per horizon: the
 * forward row j only moves forward as i does.
 */
export function forwardReturnsBps(tl: Timeline, horizonMs: number, out: Float64Array, stride: number, off: number): void {
  const { n, tsMs, mid, segment } = tl;
  let j = 0;
  for (let i = 0; i < n; i++) {
    const target = tsMs[i] + horizonMs;
    if (j < i) j = i;
    while (j < n && tsMs[j] < target) j++;
    const ok = j < n && segment[i] >= 0 && segment[j] === segment[i];
    out[i * stride + off] = ok ? BPS * Math.log(mid[j] / mid[i]) : NaN; // NaN mids give NaN
  }
}

/** Time ranges of the store's sources, overlapping ones merged, ascending: [from, to] pairs in exchange ms. */
export function sourceSegments(store: Store): Array<[number, number]> {
  const ranges = store.ingestRuns()
    .filter((r) => r.progress.firstTsMs !== null && r.progress.lastTsMs !== null)
    .map((r) => [r.progress.firstTsMs as number, r.progress.lastTsMs as number] as [number, number])
    .sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

/** Reads ts, u and mid_px of every l2_features row (one scan) and assigns segments. */
export function readTimeline(store: Store): Timeline {
  const meta = store.meta();
  if (meta.recompute) throw storeErrors.staleRows(store.dir, meta.featureSetVersion, meta.recompute.toVersion);
  const midCol = meta.columns.indexOf('mid_px');
  if (midCol < 0) throw new Error(`store ${store.dir} has no mid_px column: labels need the mid price`);
  const stride = ROW_FEATURES + meta.columns.length;
  const cap = store.features.getKeysCount();
  const tl: Timeline = { n: 0, tsMs: new Float64Array(cap), u: new Float64Array(cap), mid: new Float64Array(cap), segment: new Int32Array(cap) };
  scanRows(store.featureTable, stride, (rows, count) => {
    if (tl.n + count > cap) throw new Error(`l2_features grew while it was read (more than ${cap} rows): run train again`);
    for (let k = 0; k < count; k++, tl.n++) {
      const b = k * stride;
      tl.tsMs[tl.n] = rows[b + ROW_TS_MS];
      tl.u[tl.n] = rows[b + ROW_U];
      tl.mid[tl.n] = rows[b + ROW_FEATURES + midCol];
    }
  });
  const segs = sourceSegments(store);
  let s = 0;
  for (let i = 0; i < tl.n; i++) {
    const t = tl.tsMs[i];
    while (s < segs.length && segs[s][1] < t) s++;
    tl.segment[i] = s < segs.length && segs[s][0] <= t ? s : -1;
  }
  return tl;
}

/** Labels of every row of a timeline: n × horizons, row-major, NaN where undefined. */
export function labelMatrix(tl: Timeline, horizonsMs: readonly number[]): Float64Array {
  const h = horizonsMs.length;
  const out = new Float64Array(tl.n * h);
  horizonsMs.forEach((ms, k) => forwardReturnsBps(tl, ms, out, h, k));
  return out;
}

/** What writeLabels did. */
export interface LabelOutcome {
  /** l2_features rows read. */
  rows: number;
  /** Rows with at least one label (the rows of l2_training_data). */
  labelled: number;
  /** Rows with a defined label, per horizon. */
  perHorizon: number[];
  /** False when l2_training_data already held exactly these rows (nothing written). */
  written: boolean;
}

/** Rows per write transaction of writeLabels. */
const WRITE_BATCH_ROWS = 8192;

/**
 * Computes the labels of every l2_features row and writes the labelled rows to
 * l2_training_data (src/store/training.ts), in transactions of WRITE_BATCH_ROWS
 * rows. Read-before-write: when the table already has these horizons and as many
 * rows as would be written, nothing is written (a recompute of the features
 * clears the table, so equal counts mean equal rows); otherwise the table is
 * cleared and rewritten.
 */
export function writeLabels(store: Store, horizonsMs: readonly number[], onProgress?: (done: number, total: number) => void): LabelOutcome {
  const tl = readTimeline(store);
  const h = horizonsMs.length;
  const labels = labelMatrix(tl, horizonsMs);
  const keep = new Uint8Array(tl.n);
  const perHorizon = new Array<number>(h).fill(0);
  let labelled = 0;
  for (let i = 0; i < tl.n; i++) {
    for (let k = 0; k < h; k++) if (!Number.isNaN(labels[i * h + k])) { perHorizon[k]++; keep[i] = 1; }
    labelled += keep[i];
  }
  const before = store.meta().training;
  const same = before !== undefined && before.horizonsMs.join(',') === horizonsMs.join(',');
  if (same && store.training.getKeysCount() === labelled) return { rows: tl.n, labelled, perHorizon, written: false };
  defineTraining(store, horizonsMs);
  if (store.training.getKeysCount() > 0) store.write('clearing l2_training_data', () => store.training.clearSync());

  const meta = store.meta();
  const fStride = ROW_FEATURES + meta.columns.length;
  const tStride = fStride + h;
  const batch = new Float64Array(WRITE_BATCH_ROWS * tStride);
  for (let from = 0; from < tl.n; from += WRITE_BATCH_ROWS) {
    const to = Math.min(tl.n, from + WRITE_BATCH_ROWS);
    let i = from;
    let m = 0;
    // Key range [row from, row to): the rows are scanned first, then written (no write under an open cursor).
    scanRows(store.featureTable, fStride, (rows, count) => {
      for (let k = 0; k < count; k++, i++) {
        if (!keep[i]) continue;
        batch.set(rows.subarray(k * fStride, (k + 1) * fStride), m * tStride);
        batch.set(labels.subarray(i * h, (i + 1) * h), m * tStride + fStride);
        m++;
      }
    }, { start: featureKey(tl.tsMs[from], tl.u[from]), end: to < tl.n ? featureKey(tl.tsMs[to], tl.u[to]) : undefined });
    if (i !== to) throw new Error(`l2_features changed while labels were written (rows ${from}–${to} read as ${i - from}): run train again`);
    if (m > 0) putTrainingRows(store, batch, m);
    onProgress?.(to, tl.n);
  }
  return { rows: tl.n, labelled, perHorizon, written: true };
}
