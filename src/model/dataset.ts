/**
 * A labelled data set in memory: feature rows (row-major f64, registry order) and
 * one label per horizon, in time order. Read from l2_training_data (train), or
 * computed from l2_features with the same label code without writing anything
 * (evaluate).
 *
 * Memory: (features + horizons) × 8 bytes a row, 432 B for the core set and three
 * horizons: about 43 MB per 100 k rows.
 */
import { storeErrors } from '../errors.js';
import { ROW_FEATURES, ROW_TS_MS, ROW_U } from '../layout/feature-row.js';
import { scanRows } from '../store/row-table.js';
import type { StoreMeta } from '../store/schema.js';
import type { Store } from '../store/store.js';
import { scanTraining, trainingStride } from '../store/training.js';
import { labelMatrix, readTimeline } from './labels.js';

export interface Dataset {
  /** Rows, in exchange-time order. */
  n: number;
  featureNames: string[];
  featureSetVersion: number;
  horizonsMs: number[];
  /** Exchange time of each row, ms. */
  tsMs: Float64Array;
  /** n × featureNames.length, row-major; NaN = undefined feature. */
  x: Float64Array;
  /** n × horizonsMs.length, row-major, bps; NaN = no label for that horizon. */
  y: Float64Array;
}

/** Copies the feature part of `count` rows of stride `stride` into the dataset at row `at`. */
function takeRows(ds: Dataset, rows: Float64Array, count: number, stride: number, at: number, labelOff: number, labelCols: number[]): void {
  const f = ds.featureNames.length;
  const h = ds.horizonsMs.length;
  for (let k = 0; k < count; k++) {
    const b = k * stride;
    const i = at + k;
    ds.tsMs[i] = rows[b + ROW_TS_MS];
    ds.x.set(rows.subarray(b + ROW_FEATURES, b + ROW_FEATURES + f), i * f);
    for (let c = 0; c < h; c++) ds.y[i * h + c] = labelCols[c] < 0 ? NaN : rows[b + labelOff + labelCols[c]];
  }
}

function emptyDataset(meta: StoreMeta, horizonsMs: readonly number[], n: number): Dataset {
  const f = meta.columns.length;
  return {
    n, featureNames: [...meta.columns], featureSetVersion: meta.featureSetVersion, horizonsMs: [...horizonsMs],
    tsMs: new Float64Array(n), x: new Float64Array(n * f), y: new Float64Array(n * horizonsMs.length),
  };
}

/** The labelled rows of l2_training_data, with the labels of `horizonsMs` (each must be defined there). */
export function readTrainingDataset(store: Store, horizonsMs: readonly number[]): Dataset {
  // One snapshot for the row count and the scan, the newest even in the writer (train) that just wrote the rows.
  return store.freshRead(() => readTraining(store, horizonsMs));
}

function readTraining(store: Store, horizonsMs: readonly number[]): Dataset {
  const meta = store.meta();
  if (meta.recompute) throw storeErrors.staleRows(store.dir, meta.featureSetVersion, meta.recompute.toVersion);
  const t = meta.training;
  const missing = horizonsMs.filter((h) => !t?.horizonsMs.includes(h));
  if (!t || missing.length > 0) {
    throw new Error(`l2_training_data of ${store.dir} has no labels for ${missing.join(', ')} ms (it has ${t ? t.horizonsMs.join(', ') + ' ms' : 'none'})`);
  }
  const cols = horizonsMs.map((h) => t.horizonsMs.indexOf(h));
  const stride = trainingStride(meta);
  const ds = emptyDataset(meta, horizonsMs, store.training.getKeysCount());
  let at = 0;
  const r = scanTraining(store, (rows, count) => {
    takeRows(ds, rows, count, stride, at, ROW_FEATURES + meta.columns.length, cols);
    at += count;
  });
  if (r.badSize > 0) throw new Error(`l2_training_data: ${r.badSize} rows are not ${stride} values wide; run btc-engine store verify`);
  ds.n = at;
  return ds;
}

/**
 * Every l2_features row with its labels computed in memory (src/model/labels.ts),
 * rows without any label dropped; the store is not written.
 */
export function computeDataset(store: Store, horizonsMs: readonly number[]): Dataset {
  const meta = store.meta();
  const tl = readTimeline(store);
  const h = horizonsMs.length;
  const labels = labelMatrix(tl, horizonsMs);
  const stride = ROW_FEATURES + meta.columns.length;
  const f = meta.columns.length;
  const ds = emptyDataset(meta, horizonsMs, tl.n);
  let i = 0;
  let m = 0;
  scanRows(store.featureTable, stride, (rows, count) => {
    for (let k = 0; k < count; k++, i++) {
      let any = false;
      for (let c = 0; c < h; c++) any ||= !Number.isNaN(labels[i * h + c]);
      if (!any) continue;
      ds.tsMs[m] = rows[k * stride + ROW_TS_MS];
      ds.x.set(rows.subarray(k * stride + ROW_FEATURES, k * stride + ROW_FEATURES + f), m * f);
      ds.y.set(labels.subarray(i * h, (i + 1) * h), m * h);
      m++;
    }
  });
  ds.n = m;
  return ds;
}

/** Rows of `ds` with fromMs <= exchange time < toMs (either bound optional), as a new data set. */
export function timeRange(ds: Dataset, fromMs?: number, toMs?: number): Dataset {
  if (fromMs === undefined && toMs === undefined) return ds;
  let a = 0;
  while (a < ds.n && fromMs !== undefined && ds.tsMs[a] < fromMs) a++;
  let b = a;
  while (b < ds.n && (toMs === undefined || ds.tsMs[b] < toMs)) b++;
  const f = ds.featureNames.length;
  const h = ds.horizonsMs.length;
  return { ...ds, n: b - a, tsMs: ds.tsMs.slice(a, b), x: ds.x.slice(a * f, b * f), y: ds.y.slice(a * h, b * h) };
}

/** Every l2_features row's time, update id and features (for predict: labels or not). */
export function readFeatureRows(store: Store): { n: number; tsMs: Float64Array; u: Float64Array; x: Float64Array; names: string[] } {
  const meta = store.meta();
  if (meta.recompute) throw storeErrors.staleRows(store.dir, meta.featureSetVersion, meta.recompute.toVersion);
  const f = meta.columns.length;
  const stride = ROW_FEATURES + f;
  const cap = store.features.getKeysCount();
  const out = { n: 0, tsMs: new Float64Array(cap), u: new Float64Array(cap), x: new Float64Array(cap * f), names: [...meta.columns] };
  scanRows(store.featureTable, stride, (rows, count) => {
    if (out.n + count > cap) throw new Error(`l2_features grew while it was read (more than ${cap} rows): run again`);
    for (let k = 0; k < count; k++, out.n++) {
      out.tsMs[out.n] = rows[k * stride + ROW_TS_MS];
      out.u[out.n] = rows[k * stride + ROW_U];
      out.x.set(rows.subarray(k * stride + ROW_FEATURES, (k + 1) * stride), out.n * f);
    }
  });
  return out;
}
