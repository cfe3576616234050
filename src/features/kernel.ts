/**
 * The feature-kernel contract every backend implements (TS reference
 * FeatureEngine, WASM, native): a BookKernel whose output holds one feature row per
 * applied book message (src/layout/feature-row.ts) instead of top-N records.
 */
import type { BookKernel, BookKernelOptions } from '../book/types.js';
import type { FeatureKernelConfig } from './kernel-params.js';

export interface FeatureKernel extends BookKernel {
  /** Rows carry the extended set after the core columns. */
  readonly extended: boolean;
  /** f64 slots per row: rowStride(extended). */
  readonly rowStride: number;
}

export interface FeatureKernelOptions extends FeatureKernelConfig, Omit<BookKernelOptions, 'depth'> {}
