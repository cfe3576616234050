/**
 * Exports of the trainer's histogram kernel (dist/wasm/hist.wasm), the port of
 * buildHistogramsBatch in src/model/histogram.ts. Built with `--runtime stub
 * --importMemory` (asconfig.json): the module allocates nothing; the JS wrapper
 * (src/model/histogram-wasm.ts) owns the memory, copies the binned matrix in
 * once per training run and the node's rows and gathered gradients per call:
 *
 *   [0, heapBase)        static data of this module
 *   align64(heapBase())  bins      u8[nFeatures · nRows], column-major (binning.ts)
 *   then (align 64)      feats     i32[featCap]
 *   then (align 64)      out       f64[featCap · HIST_STRIDE]
 *   then (align 64)      rows      u32[rowCap]
 *   then (align 64)      gathered  f64[rowCap]: grad[rows[k]], written by the wrapper
 *
 * One call per tree node. Status codes: errors.ts.
 */
export { histBuildBatch } from './hist';

/** First free byte after this module's static data. */
export function heapBase(): usize {
  return __heap_base;
}
