/**
 * Histogram kernel, native backend: the C++ loops of native/src/hist_kernel.cc
 * (functions histBuildBatch / histSubtractBatch of the addon
 * build/native/btc_engine.node) behind the HistogramKernel interface.
 *
 * Nothing is copied: the addon reads bins, rows, grad and feats and writes out in
 * place during the one call per node; the wrapper only owns the `gathered` scratch
 * (nRows f64, allocated at bind). Stateless on the C++ side, so one wrapper per
 * training run and any number per thread.
 *
 * Variants: 'unrolled' (default) walks four feature slots per pass over the rows,
 * 'plain' is the reference's loop nest; both give the reference's bits.
 */
import type { BackendName } from '../book/types.js';
import { nativeUnavailable } from '../errors.js';
import { nativeAddon, nativeLoadError } from '../native/load.js';
import { checkBind, checkBuild, checkSubtract, histStatusError, HIST_OK, type HistogramKernel } from './histogram-kernel.js';

/** The addon export the native backend needs (src/model/histogram-backends.ts checks for it). */
export const NATIVE_HIST_EXPORT = 'histBuildBatch';

type NativeBuild = (bins: Uint8Array, nRows: number, nFeatures: number, rows: Uint32Array, rowCount: number, grad: Float64Array,
  feats: Int32Array, featCount: number, gathered: Float64Array, out: Float64Array, variant: number) => number;
type NativeSubtract = (parent: Float64Array, child: Float64Array, featCount: number, out: Float64Array) => number;

/** Loop shape of the native kernel: results are identical, speed is not. */
export type NativeHistogramVariant = 'plain' | 'unrolled';

export class NativeHistogramKernel implements HistogramKernel {
  readonly backend: BackendName = 'native';
  private bins: Uint8Array | undefined;
  private nRows = 0;
  private nFeatures = 0;
  private gathered = new Float64Array(0);
  private closed = false;
  private readonly variant: number;

  /** Use createNativeHistogramKernel(), which reports a missing addon as a UsageError. */
  constructor(private readonly build: NativeBuild, private readonly subtract: NativeSubtract, variant: NativeHistogramVariant = 'unrolled') {
    if (variant !== 'plain' && variant !== 'unrolled') throw new RangeError(`variant must be 'plain' or 'unrolled', was ${String(variant)}`);
    this.variant = variant === 'unrolled' ? 1 : 0;
  }

  bind(bins: Uint8Array, nRows: number, nFeatures: number): void {
    this.open();
    checkBind(bins, nRows, nFeatures);
    this.bins = bins;
    this.nRows = nRows;
    this.nFeatures = nFeatures;
    if (this.gathered.length < nRows) this.gathered = new Float64Array(nRows);
  }

  buildBatch(rows: Uint32Array, rowCount: number, grad: Float64Array, feats: Int32Array, featCount: number, out: Float64Array): void {
    this.open();
    const bins = this.bins;
    if (!bins) throw new Error('native histogram kernel: bind() the binned matrix first');
    checkBuild(this.nRows, rows, rowCount, grad, feats, featCount, out);
    if (this.gathered.length < rowCount) this.gathered = new Float64Array(rowCount);
    const rc = this.build(bins, this.nRows, this.nFeatures, rows, rowCount, grad, feats, featCount, this.gathered, out, this.variant);
    if (rc !== HIST_OK) throw histStatusError(rc, 'native', this.nRows, this.nFeatures, rows, rowCount, feats, featCount);
  }

  subtractBatch(parent: Float64Array, child: Float64Array, featCount: number, out: Float64Array): void {
    this.open();
    checkSubtract(parent, child, featCount, out);
    this.subtract(parent, child, featCount, out);
  }

  close(): void {
    this.closed = true;
    this.bins = undefined;
    this.gathered = new Float64Array(0);
  }

  private open(): void {
    if (this.closed) throw new Error('native histogram kernel is closed');
  }
}

/** A native histogram kernel; throws a UsageError when the addon is unavailable or predates the kernel. */
export function createNativeHistogramKernel(variant?: NativeHistogramVariant): NativeHistogramKernel {
  const addon = nativeAddon();
  if (!addon) throw nativeUnavailable(nativeLoadError() ?? 'the addon did not load');
  const build = addon[NATIVE_HIST_EXPORT];
  const subtract = addon['histSubtractBatch'];
  if (typeof build !== 'function' || typeof subtract !== 'function') {
    throw nativeUnavailable('the addon has no histogram kernel (stale build: rerun npm run build:native)');
  }
  return new NativeHistogramKernel(build as NativeBuild, subtract as NativeSubtract, variant);
}
