/**
 * Status codes of the histogram kernel (histBuildBatch's negative returns),
 * mirrored by src/model/histogram-kernel.ts and native/src/hist_kernel.h; the JS
 * wrapper (src/model/histogram-wasm.ts) turns them into a RangeError naming the
 * offending element.
 */

export const HIST_OK: i32 = 0;
// a row index was not below nRows
export const HIST_E_ROW: i32 = -1;
// a feature index was outside [0, nFeatures)
export const HIST_E_FEATURE: i32 = -2;
