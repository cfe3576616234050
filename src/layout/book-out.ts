/**
 * Book kernel output: one record per applied depth message, written by every
 * backend into a caller-owned Float64Array. Mirrored in kernels/assembly/layout.ts
 * and native/src/layout.h.
 *
 * Record stride = OUT_HEAD_F64 + 4 * depth (depth >= 1):
 *   [flags, id, exchTsMs, levelChanges, bidCount, askCount, reserved, reserved,
 *    bid0Px, bid0Qty, bid1Px, bid1Qty, … (depth pairs),
 *    ask0Px, ask0Qty, … (depth pairs)]
 * Prices in ticks, sizes in lots; a missing level is px 0, qty 0 (0 is never a
 * valid price: keys start at 1 tick).
 */
export const OUT_HEAD_F64 = 8;
export const OUT_FLAGS = 0;
export const OUT_ID = 1;
export const OUT_EXCH_TS_MS = 2;
export const OUT_LEVEL_CHANGES = 3;
export const OUT_BID_COUNT = 4;
export const OUT_ASK_COUNT = 5;

/** Output flags. */
export const OUTF_SNAPSHOT = 1;
export const OUTF_CROSSED = 2;
export const OUTF_RESYNC = 4;

/** Stride in f64 slots of one output record for a given top-N depth. */
export function outStrideF64(depth: number): number {
  return OUT_HEAD_F64 + 4 * Math.max(1, depth);
}

/**
 * Book counters, a Float64Array of COUNTER_SLOTS kept by each kernel.
 * All are monotonically increasing integers.
 */
export const C_DEPTH_MESSAGES = 0; // depth messages seen by the book
export const C_APPLIED = 1; // depth messages applied (one output record each)
export const C_LEVEL_CHANGES = 2; // level records applied
export const C_GAPS = 3; // continuity breaks (book invalid until the next snapshot)
export const C_RESYNCS = 4; // snapshots applied after a gap
export const C_CROSSED = 5; // applied messages after which best bid >= best ask
export const C_REJECTED = 6; // level records the kernel refused (px out of range, bad qty)
export const C_STALE = 7; // diffs dropped while bridging to a snapshot (u older than it)
export const C_SKIPPED = 8; // diffs skipped while the book was invalid
export const C_TRADES = 9; // trade records passed through
export const C_TICKERS = 10; // ticker records passed through
export const C_LAST_GAP_LINE = 11; // file line (DEPTH header px) of the most recent gap
export const C_LAST_CROSSED_LINE = 12; // file line of the most recent crossed message
export const COUNTER_SLOTS = 16;

/** Kernel status codes (negative return values). */
export const E_OK = 0;
export const E_BAD_RECORD = -1; // a record of unknown kind, or a header whose levels run past the batch
export const E_OUT_FULL = -2; // output capacity too small for the batch
export const E_CAPACITY = -3; // node pool exhausted (WASM memory)
