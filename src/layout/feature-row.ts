/**
 * Feature rows: one per applied book message, written by the feature engines into
 * a Float64Array of stride rowStride(extended):
 *   [exchTsMs, u, book_flags, <CORE_FEATURES>, <EXTENDED_FEATURES when extended>]
 * NaN marks an undefined feature (src/features/registry.ts, docs/FEATURES.md).
 */
import { CORE_FEATURES, EXTENDED_FEATURES } from '../features/registry.js';

export const ROW_TS_MS = 0;
export const ROW_U = 1;
export const ROW_FLAGS = 2;
export const ROW_FEATURES = 3;
/** Feature columns of a core row and of a row with the extended set. */
export const CORE_COLUMNS = CORE_FEATURES.length;
export const EXTENDED_COLUMNS = CORE_FEATURES.length + EXTENDED_FEATURES.length;
/** Stride of a core row (f64 slots). */
export const ROW_STRIDE = ROW_FEATURES + CORE_COLUMNS;
export const ROW_STRIDE_EXTENDED = ROW_FEATURES + EXTENDED_COLUMNS;

export function rowStride(extended: boolean): number {
  return extended ? ROW_STRIDE_EXTENDED : ROW_STRIDE;
}
