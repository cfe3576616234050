/**
 * Histogram kernel of the tree trainer, TypeScript reference: the one loop where
 * training spends its time, behind a typed-array interface that the WASM
 * (kernels/model/) and native (native/src/hist_kernel.cc) kernels implement bit
 * for bit (DESIGN.md §5; backends: histogram-backends.ts).
 *
 * Layout (all caller-owned, allocated once per training run):
 *   bins      Uint8Array, column-major: feature c's bin codes at [c·nRows, (c+1)·nRows)
 *             (src/model/binning.ts; code 255 = missing)
 *   rows      Uint32Array: the node's row indices (ascending keeps the column reads local)
 *   grad      Float64Array[nRows]: gradient of each row (L2 loss: prediction − label)
 *   feats     Int32Array: the features to build (the tree's feature subsample)
 *   gathered  Float64Array[≥ rowCount]: scratch for the node's gradients
 *   out       Float64Array[featCount × HIST_BINS × 2]: for feature slot s and bin b,
 *             out[(s·HIST_BINS + b)·2] = Σ grad, out[(s·HIST_BINS + b)·2 + 1] = row count
 *
 * The hessian of the L2 loss is 1 per row, so the count doubles as the hessian
 * sum. Cost: O(rowCount × featCount) reads and adds, no allocation.
 */
import { HIST_BINS } from './binning.js';

/** f64 slots per feature in a histogram: HIST_BINS × (Σ grad, count). */
export const HIST_STRIDE = HIST_BINS * 2;

/**
 * Builds the histograms of `featCount` features over `rowCount` rows into `out`
 * (zeroed first). Returns 0; a negative status is reserved for the kernels.
 */
export function buildHistogramsBatch(
  bins: Uint8Array, nRows: number, rows: Uint32Array, rowCount: number, grad: Float64Array,
  feats: Int32Array, featCount: number, gathered: Float64Array, out: Float64Array,
): number {
  out.fill(0, 0, featCount * HIST_STRIDE);
  for (let k = 0; k < rowCount; k++) gathered[k] = grad[rows[k]];
  for (let s = 0; s < featCount; s++) {
    const col = feats[s] * nRows;
    const h = s * HIST_STRIDE;
    for (let k = 0; k < rowCount; k++) {
      const slot = h + (bins[col + rows[k]] << 1);
      out[slot] += gathered[k];
      out[slot + 1] += 1;
    }
  }
  return 0;
}

/** out = parent − child over featCount features: the sibling's histogram without reading its rows. */
export function subtractHistograms(parent: Float64Array, child: Float64Array, featCount: number, out: Float64Array): void {
  const m = featCount * HIST_STRIDE;
  for (let i = 0; i < m; i++) out[i] = parent[i] - child[i];
}
