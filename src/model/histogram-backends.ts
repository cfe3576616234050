/**
 * Histogram backend selection: `ts | wasm | native | auto` → a HistogramKernel.
 * auto = native when the addon loaded and has the histogram kernel, else WASM.
 * All three give the same histograms bit for bit, so the trees, the ONNX file and
 * the manifest do not depend on the choice (test/model/histogram-kernels.test.ts).
 */
import type { BackendChoice } from '../book/backends.js';
import { BACKEND_NAMES, type BackendName } from '../book/types.js';
import { UsageError } from '../errors.js';
import { nativeAddon } from '../native/load.js';
import { buildHistogramsBatch, subtractHistograms } from './histogram.js';
import { checkBind, checkBuild, checkIndices, checkSubtract, type HistogramKernel } from './histogram-kernel.js';
import { createNativeHistogramKernel, NATIVE_HIST_EXPORT } from './histogram-native.js';
import { createWasmHistogramKernel } from './histogram-wasm.js';

/** The TS reference behind the kernel interface, with the same argument checks as the others. */
export class TsHistogramKernel implements HistogramKernel {
  readonly backend = 'ts' as const;
  private bins: Uint8Array | undefined;
  private nRows = 0;
  private nFeatures = 0;
  private gathered = new Float64Array(0);
  private closed = false;

  bind(bins: Uint8Array, nRows: number, nFeatures: number): void {
    this.open();
    checkBind(bins, nRows, nFeatures);
    this.bins = bins;
    this.nRows = nRows;
    this.nFeatures = nFeatures;
    if (this.gathered.length < nRows) this.gathered = new Float64Array(nRows);
  }

  buildBatch(rows: Uint32Array, rowCount: number, grad: Float64Array, feats: Int32Array, featCount: number, out: Float64Array): void {
    const bins = this.bound();
    checkBuild(this.nRows, rows, rowCount, grad, feats, featCount, out);
    checkIndices('ts', this.nRows, this.nFeatures, rows, rowCount, feats, featCount);
    if (this.gathered.length < rowCount) this.gathered = new Float64Array(rowCount);
    buildHistogramsBatch(bins, this.nRows, rows, rowCount, grad, feats, featCount, this.gathered, out);
  }

  subtractBatch(parent: Float64Array, child: Float64Array, featCount: number, out: Float64Array): void {
    this.open();
    checkSubtract(parent, child, featCount, out);
    subtractHistograms(parent, child, featCount, out);
  }

  close(): void {
    this.closed = true;
    this.bins = undefined;
    this.gathered = new Float64Array(0);
  }

  private open(): void {
    if (this.closed) throw new Error('ts histogram kernel is closed');
  }

  private bound(): Uint8Array {
    this.open();
    if (!this.bins) throw new Error('ts histogram kernel: bind() the binned matrix first');
    return this.bins;
  }
}

/** Resolves `auto` to native when the addon has the histogram kernel, else WASM. */
export function resolveHistogramBackend(choice: BackendChoice): BackendName {
  if (choice === 'auto') return typeof nativeAddon()?.[NATIVE_HIST_EXPORT] === 'function' ? 'native' : 'wasm';
  if (!(BACKEND_NAMES as readonly string[]).includes(choice)) {
    throw new UsageError(`kernels must be one of auto, ${BACKEND_NAMES.join(', ')}, was "${String(choice)}"`);
  }
  return choice;
}

/** A histogram kernel of the given backend (`auto` resolved as above); bind() it before use. */
export function createHistogramKernel(choice: BackendChoice): HistogramKernel {
  const backend = resolveHistogramBackend(choice);
  switch (backend) {
    case 'ts': return new TsHistogramKernel();
    case 'wasm': return createWasmHistogramKernel();
    case 'native': return createNativeHistogramKernel();
  }
}
