/**
 * Record layouts shared with the TypeScript side: a constant-for-constant mirror
 * of src/layout/event.ts (64-byte input event records), src/layout/book-out.ts
 * (output records, counter slots, status codes), src/layout/feature-params.ts (the
 * feature kernel's parameter block) and src/layout/feature-row.ts (feature rows).
 * Same names, same values;
 * test/layout/layout.test.ts compares them by parsing this file, so keep exactly
 * one literal per `export const` line.
 *
 * Units: prices in integer ticks, sizes in integer lots (both f64 holding exact
 * integers), exchange time i64 ns in, f64 ms out. Offsets here are slot indices;
 * the kernel turns them into byte offsets (×8 for f64/i64 slots, ×4 for u32).
 * The buffers themselves are owned by the JS wrapper (src/book/wasm.ts).
 */

// ---- src/layout/event.ts: one record = 64 bytes = 8 slots of 8 bytes ----
export const EVENT_BYTES: i32 = 64;
export const EVENT_F64: i32 = 8;
export const EVENT_U32: i32 = 16;

export const EV_FLAGS: i32 = 0;
// index in a u32 view, relative to the record start (DEPTH: number of LEVEL records)
export const EV_AUX_U32: i32 = 1;
export const EV_EXCH_TS: i32 = 1;
export const EV_LOCAL_TS: i32 = 2;
export const EV_PX: i32 = 3;
export const EV_QTY: i32 = 4;
export const EV_ID: i32 = 5;
export const EV_IVAL: i32 = 6;
export const EV_FVAL: i32 = 7;

// Record kinds: low 4 bits of the flags.
export const KIND_MASK: u32 = 0xf;
export const KIND_DEPTH: u32 = 1;
export const KIND_LEVEL: u32 = 2;
export const KIND_TRADE: u32 = 3;
export const KIND_TICKER: u32 = 4;

// LEVEL: side of the book (1 << 4, 1 << 5). TRADE: aggressor side.
export const SIDE_BID: u32 = 0x10;
export const SIDE_ASK: u32 = 0x20;
export const SIDE_BUY: u32 = 0x10;
export const SIDE_SELL: u32 = 0x20;

// DEPTH modifiers: snapshot (1 << 8), continuity via prevId (1 << 9).
export const DEPTH_SNAPSHOT: u32 = 0x100;
export const DEPTH_SEQ_PREV: u32 = 0x200;

export const DEPTH_EVENT: u32 = 0x1;
export const SNAPSHOT_EVENT: u32 = 0x101;
export const BID_LEVEL_EVENT: u32 = 0x12;
export const ASK_LEVEL_EVENT: u32 = 0x22;
export const BUY_TRADE_EVENT: u32 = 0x13;
export const SELL_TRADE_EVENT: u32 = 0x23;

// Largest price in ticks (2^30 - 1): trie keys are 30 bits.
export const MAX_PX_TICKS: i32 = 1073741823;
// Largest integer the f64 slots carry exactly (2^53 - 1).
export const MAX_EXACT_INT: f64 = 9007199254740991;

// ---- src/layout/book-out.ts: stride = OUT_HEAD_F64 + 4 * depth f64 slots ----
export const OUT_HEAD_F64: i32 = 8;
export const OUT_FLAGS: i32 = 0;
export const OUT_ID: i32 = 1;
export const OUT_EXCH_TS_MS: i32 = 2;
export const OUT_LEVEL_CHANGES: i32 = 3;
export const OUT_BID_COUNT: i32 = 4;
export const OUT_ASK_COUNT: i32 = 5;

// Output flags.
export const OUTF_SNAPSHOT: i32 = 1;
export const OUTF_CROSSED: i32 = 2;
export const OUTF_RESYNC: i32 = 4;

// Counter slots (f64, caller-owned area of COUNTER_SLOTS).
export const C_DEPTH_MESSAGES: i32 = 0;
export const C_APPLIED: i32 = 1;
export const C_LEVEL_CHANGES: i32 = 2;
export const C_GAPS: i32 = 3;
export const C_RESYNCS: i32 = 4;
export const C_CROSSED: i32 = 5;
export const C_REJECTED: i32 = 6;
export const C_STALE: i32 = 7;
export const C_SKIPPED: i32 = 8;
export const C_TRADES: i32 = 9;
export const C_TICKERS: i32 = 10;
export const C_LAST_GAP_LINE: i32 = 11;
export const C_LAST_CROSSED_LINE: i32 = 12;
export const COUNTER_SLOTS: i32 = 16;

// Status codes: also in errors.ts, which is what the kernel imports.
export const E_OK: i32 = 0;
export const E_BAD_RECORD: i32 = -1;
export const E_OUT_FULL: i32 = -2;
export const E_CAPACITY: i32 = -3;

// ---- src/layout/feature-params.ts: FP_SLOTS f64, packed by src/features/kernel-params.ts ----
export const FP_TICK_UNITS: i32 = 0;
export const FP_TICK_DECIMALS: i32 = 1;
export const FP_LOT_UNITS: i32 = 2;
export const FP_LOT_DECIMALS: i32 = 3;
export const FP_EXTENDED: i32 = 4;
export const FP_VAMP_BAND_BPS: i32 = 5;
export const FP_NEAR_BAND_BPS: i32 = 6;
export const FP_FAR_BAND_BPS: i32 = 7;
export const FP_PRESSURE_BAND_BPS: i32 = 8;
export const FP_PRESSURE_KAPPA_BPS: i32 = 9;
export const FP_IMB_CUM_LEVELS: i32 = 10;
export const FP_SLOPE_LEVELS: i32 = 11;
export const FP_SHAPE_NEAR_BPS: i32 = 12;
export const FP_SHAPE_FAR_BPS: i32 = 13;
export const FP_IMPACT_NOTIONAL_USD: i32 = 14;
export const FP_VPIN_BUCKET_LOTS: i32 = 15;
export const FP_IOFI_LEVELS: i32 = 16;
export const FP_IOFI_WEIGHTS: i32 = 17;
export const IOFI_MAX_LEVELS: i32 = 32;
export const FP_MP_N_EDGES: i32 = 49;
export const FP_MP_N_STATES: i32 = 50;
export const MP_MAX_EDGES: i32 = 63;
export const MP_MAX_STATES: i32 = 16;
export const FP_MP_EDGES: i32 = 51;
export const FP_MP_STATES: i32 = 114;
export const FP_MP_ADJ: i32 = 130;
export const FP_SLOTS: i32 = 1154;

// ---- src/layout/feature-row.ts: [exchTsMs, u, book_flags, core (, extended)] f64 ----
export const ROW_TS_MS: i32 = 0;
export const ROW_U: i32 = 1;
export const ROW_FLAGS: i32 = 2;
export const ROW_FEATURES: i32 = 3;
export const CORE_COLUMNS: i32 = 51;
export const EXTENDED_COLUMNS: i32 = 108;
export const ROW_STRIDE: i32 = 54;
export const ROW_STRIDE_EXTENDED: i32 = 111;

/** Stride in f64 slots of one output record for a given top-N depth. */
export function outStrideF64(depth: i32): i32 {
  return OUT_HEAD_F64 + 4 * max(1, depth);
}
