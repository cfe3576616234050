/**
 * l2_training_data: feature rows joined with their labels, one label per horizon
 * (src/model/labels.ts computes them: future mid-price log return over each
 * horizon, bps; docs/MODELS.md). The table's shape is declared once in meta
 * (`training`); a row is the l2_features row it was joined to, then the labels,
 * f64 LE, under the same 16-byte key:
 *
 *   [ ts, u, book_flags, <meta.columns…>, <one label per meta.training.horizonsMs> ]
 *
 * Write path: defineTraining, then putTrainingRows in batches (each batch one
 * transaction). Read path: scanTraining, in key order, like scanRows.
 */
import { FEATURE_SET_VERSION } from '../features/registry.js';
import { ROW_FEATURES } from '../layout/feature-row.js';
import { putRows, scanRows, type ScanOptions, type ScanResult } from './row-table.js';
import type { StoreMeta, TrainingMeta } from './schema.js';
import type { Store } from './store.js';

/** The label column of a horizon: forward mid-price log return over `horizonMs`. */
export function labelName(horizonMs: number): string {
  return `label_logret_${horizonMs}ms`;
}

/** f64 slots of a training row of this store. */
export function trainingStride(meta: StoreMeta): number {
  if (!meta.training) throw new Error('l2_training_data has no labels defined yet (defineTraining)');
  return ROW_FEATURES + meta.columns.length + meta.training.horizonsMs.length;
}

/** Column names after ts, u, book_flags: the features, then the labels. */
export function trainingColumns(meta: StoreMeta): string[] {
  return [...meta.columns, ...(meta.training?.labelNames ?? [])];
}

/**
 * Declares the label horizons. The same horizons again is a no-op; other
 * horizons clear the rows first (they no longer fit the table's shape).
 */
export function defineTraining(store: Store, horizonsMs: readonly number[]): TrainingMeta {
  for (const h of horizonsMs) {
    if (!Number.isSafeInteger(h) || h <= 0) throw new RangeError(`training horizons must be positive integers (ms), was ${h}`);
  }
  if (horizonsMs.length === 0 || new Set(horizonsMs).size !== horizonsMs.length) {
    throw new RangeError(`training horizons must be distinct and at least one, was [${horizonsMs.join(', ')}]`);
  }
  const training: TrainingMeta = { horizonsMs: [...horizonsMs], labelNames: horizonsMs.map(labelName), featureSetVersion: FEATURE_SET_VERSION };
  store.write('defining l2_training_data', () => {
    const m = store.meta();
    if (m.training && m.training.horizonsMs.join(',') === training.horizonsMs.join(',')) return;
    const old = store.training.getKeysCount();
    if (old > 0) {
      store.training.clearSync();
      m.history.push(store.historyEntry('cleared', `l2_training_data (${old} rows): horizons changed to ${training.horizonsMs.join(', ')} ms`));
    }
    m.training = training;
    store.putMeta(m);
  });
  return training;
}

/**
 * Writes `count` training rows (stride trainingStride) in one transaction;
 * returns how many replaced a row with the same key.
 */
export function putTrainingRows(store: Store, rows: Float64Array, count: number): number {
  const stride = trainingStride(store.meta());
  if (rows.length < count * stride) throw new RangeError(`training rows: ${count} rows of ${stride} values need ${count * stride}, the array holds ${rows.length}`);
  return store.write('writing l2_training_data rows', () => putRows(store.trainingTable, rows, stride, 0, count));
}

/** Scans l2_training_data in key order (chunks valid only during the callback). */
export function scanTraining(store: Store, onChunk: (rows: Float64Array, count: number) => void, opts: ScanOptions = {}): ScanResult {
  return store.freshRead(() => scanRows(store.trainingTable, trainingStride(store.meta()), onChunk, opts));
}
