/**
 * Feature rows: one per applied book message, written by the feature engines into
 * a Float64Array of stride ROW_STRIDE:
 *   [exchTsMs, u, book_flags, <CORE_FEATURES in registry order>]
 * NaN marks an undefined feature (src/features/registry.ts, docs/FEATURES.md).
 */
import { CORE_FEATURES } from '../features/registry.js';

export const ROW_TS_MS = 0;
export const ROW_U = 1;
export const ROW_FLAGS = 2;
export const ROW_FEATURES = 3;
export const ROW_STRIDE = ROW_FEATURES + CORE_FEATURES.length;
