/**
 * Exports of the order-book kernel (build/wasm/book.wasm), built with
 * `--runtime stub --importMemory --sharedMemory`: the module allocates nothing, the
 * JS wrapper (src/book/wasm.ts) owns the imported memory and lays it out:
 *
 *   [0, __heap_base)  static data of this module
 *   align64(heapBase())  input records   recordCapacity × 64 B
 *   then                 output records  outputCapacity × outStrideF64(depth) × 8 B
 *   then (align 64)      counters        COUNTER_SLOTS × 8 B (f64)
 *   then (align 64) … end of memory: trie node pool of both book sides
 *
 * Feature mode (featInit after bookInit; wrapper src/features/wasm.ts): the output
 * records are feature rows (feat.ts), and between the counters and the node pool
 * sit the parameter block (FP_SLOTS f64) and the feature state (featBytes bytes).
 *
 * Every call takes or uses raw addresses into that memory; nothing here allocates
 * or generates bindings. Status codes: errors.ts.
 */
export { applyBatch, bookInit, bookReset, featBytes, featError, featInit } from './book';

/** First free byte after this module's static data. */
export function heapBase(): usize {
  return __heap_base;
}
