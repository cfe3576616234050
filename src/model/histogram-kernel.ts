/**
 * The contract of the histogram kernels (TS reference src/model/histogram.ts, WASM
 * kernels/model/, native native/src/hist_*): one kernel per training run, bound to
 * the run's binned matrix once, then asked for one node's histograms per call.
 * Every backend gives the reference's histograms bit for bit: per (feature, bin)
 * the gradients are added in row order, in f64, starting from +0.
 *
 * Status codes (the kernels' negative returns; mirrored by kernels/model/errors.ts
 * and native/src/hist_kernel.h, test/model/histogram-kernels.test.ts holds them
 * together) and the argument checks every backend makes live here, so a bad call
 * fails with the same RangeError / TypeError text whichever backend runs it.
 */
import type { BackendName } from '../book/types.js';
import { HIST_STRIDE } from './histogram.js';

export const HIST_OK = 0;
/** A row index was not below nRows. */
export const HIST_E_ROW = -1;
/** A feature index was outside [0, nFeatures). */
export const HIST_E_FEATURE = -2;
/** A count or buffer size the wrapper should have refused (a wrapper bug). */
export const HIST_E_SIZE = -3;

/** Largest nRows or nFeatures accepted: indices cross as u32 / i32. */
export const HIST_MAX_INDEX = 2 ** 31 - 1;

export interface HistogramKernel {
  readonly backend: BackendName;
  /**
   * Binds the run's column-major binned matrix (src/model/binning.ts binMatrix:
   * nFeatures columns of nRows codes). WASM copies it into its memory here, once;
   * the others keep a reference, so `bins` must not change while bound.
   */
  bind(bins: Uint8Array, nRows: number, nFeatures: number): void;
  /**
   * Histograms of feats[0, featCount) over rows[0, rowCount) with gradients
   * grad[row] into out[0, featCount × HIST_STRIDE) (layout: src/model/histogram.ts).
   */
  buildBatch(rows: Uint32Array, rowCount: number, grad: Float64Array, feats: Int32Array, featCount: number, out: Float64Array): void;
  /** out = parent − child over featCount features (the sibling's histograms). */
  subtractBatch(parent: Float64Array, child: Float64Array, featCount: number, out: Float64Array): void;
  /** Frees WASM / native resources; later calls throw. */
  close(): void;
}

function checkType(name: string, v: unknown, ctor: { name: string; prototype: object }): void {
  if (!(v instanceof (ctor as unknown as new () => object))) throw new TypeError(`${name} must be ${ctor.name.startsWith('Int') ? 'an' : 'a'} ${ctor.name}`);
}

function checkInt(name: string, v: number, lo: number, hi: number, hiText = String(hi)): void {
  if (!Number.isInteger(v) || v < lo || v > hi) throw new RangeError(`${name} must be an integer in [${lo}, ${hiText}], was ${v}`);
}

/** The checks of bind(), the same for every backend. */
export function checkBind(bins: Uint8Array, nRows: number, nFeatures: number): void {
  checkType('bins', bins, Uint8Array);
  checkInt('nRows', nRows, 0, HIST_MAX_INDEX);
  checkInt('nFeatures', nFeatures, 0, HIST_MAX_INDEX);
  if (bins.length !== nRows * nFeatures) {
    throw new RangeError(`bins.length must equal nRows × nFeatures (${nRows} × ${nFeatures} = ${nRows * nFeatures}), was ${bins.length}`);
  }
}

/** The size checks of buildBatch() against the bound matrix, the same for every backend. */
export function checkBuild(nRows: number, rows: Uint32Array, rowCount: number, grad: Float64Array, feats: Int32Array,
                           featCount: number, out: Float64Array): void {
  checkType('rows', rows, Uint32Array);
  checkType('grad', grad, Float64Array);
  checkType('feats', feats, Int32Array);
  checkType('out', out, Float64Array);
  checkInt('rowCount', rowCount, 0, rows.length, `rows.length (${rows.length})`);
  checkInt('featCount', featCount, 0, feats.length, `feats.length (${feats.length})`);
  if (grad.length < nRows) throw new RangeError(`grad.length must be at least nRows (${nRows}), was ${grad.length}`);
  const need = featCount * HIST_STRIDE;
  if (out.length < need) throw new RangeError(`out.length must be at least featCount × HIST_STRIDE (${featCount} × ${HIST_STRIDE} = ${need}), was ${out.length}`);
}

/** The checks of subtractBatch(), the same for every backend. */
export function checkSubtract(parent: Float64Array, child: Float64Array, featCount: number, out: Float64Array): void {
  checkType('parent', parent, Float64Array);
  checkType('child', child, Float64Array);
  checkType('out', out, Float64Array);
  checkInt('featCount', featCount, 0, HIST_MAX_INDEX);
  const need = featCount * HIST_STRIDE;
  for (const [name, a] of [['parent', parent], ['child', child], ['out', out]] as const) {
    if (a.length < need) throw new RangeError(`${name}.length must be at least featCount × HIST_STRIDE (${need}), was ${a.length}`);
  }
}

/** First index of rows[0, rowCount) that is not below nRows, or -1. */
export function badRow(rows: Uint32Array, rowCount: number, nRows: number): number {
  for (let k = 0; k < rowCount; k++) if (rows[k] >= nRows) return k;
  return -1;
}

/** First index of feats[0, featCount) outside [0, nFeatures), or -1. */
export function badFeature(feats: Int32Array, featCount: number, nFeatures: number): number {
  for (let s = 0; s < featCount; s++) if (feats[s] < 0 || feats[s] >= nFeatures) return s;
  return -1;
}

/**
 * A kernel's negative status as the RangeError naming the offending element
 * (found again here, off the hot path), or an Error for a status no check explains.
 */
export function histStatusError(code: number, backend: BackendName, nRows: number, nFeatures: number,
                                rows: Uint32Array, rowCount: number, feats: Int32Array, featCount: number): Error {
  if (code === HIST_E_ROW) {
    const k = badRow(rows, rowCount, nRows);
    if (k >= 0) return new RangeError(`rows[${k}] must be a row index below nRows (${nRows}), was ${rows[k]}`);
  }
  if (code === HIST_E_FEATURE) {
    const s = badFeature(feats, featCount, nFeatures);
    if (s >= 0) return new RangeError(`feats[${s}] must be a feature index in [0, ${nFeatures}), was ${feats[s]}`);
  }
  const why = code === HIST_E_SIZE ? 'a count beyond its buffer (the wrapper let it through)' : 'unknown status';
  return new Error(`${backend} histogram kernel failed with status ${code}: ${why}`);
}

/** The element checks the kernels make, for backends that check before calling (TS): throws the kernels' RangeError. */
export function checkIndices(backend: BackendName, nRows: number, nFeatures: number, rows: Uint32Array, rowCount: number,
                             feats: Int32Array, featCount: number): void {
  const code = badFeature(feats, featCount, nFeatures) >= 0 ? HIST_E_FEATURE : badRow(rows, rowCount, nRows) >= 0 ? HIST_E_ROW : HIST_OK;
  if (code !== HIST_OK) throw histStatusError(code, backend, nRows, nFeatures, rows, rowCount, feats, featCount);
}
