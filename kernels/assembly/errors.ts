/**
 * Kernel status codes: the negative return values of applyBatch, mirroring
 * src/layout/book-out.ts (the JS wrapper maps them with kernelError() in
 * src/errors.ts). Also listed in layout.ts so the layout test sees every constant.
 */

export const E_OK: i32 = 0;
// a record of unknown kind, or a DEPTH header whose levels run past the batch
export const E_BAD_RECORD: i32 = -1;
// more applied messages than the output capacity
export const E_OUT_FULL: i32 = -2;
// node pool exhausted (raise the WASM memory size)
export const E_CAPACITY: i32 = -3;

// Feature mode: which structure returned E_CAPACITY (featError(); src/features/wasm.ts names them).
export const FAIL_NONE: i32 = 0;
export const FAIL_OFI_RING: i32 = 1;
export const FAIL_HISTORY: i32 = 2;
export const FAIL_TAPE: i32 = 3;
export const FAIL_BOOK_POOL: i32 = 4;
