/**
 * Fixed-stride event records: the one format every feed parser writes and every
 * book kernel reads. Source of truth; mirrored by kernels/assembly/layout.ts and
 * native/src/layout.h (test/layout/layout.test.ts compares the constants, the C++
 * copy also has static_asserts).
 *
 * One record = 64 bytes = one cache line = 8 slots of 8 bytes:
 *
 *   slot  Float64Array idx  type   meaning
 *   0     EV_FLAGS          u32    flags (kind | side | modifiers), low half
 *                           u32    aux: DEPTH header → number of LEVEL records that follow
 *   1     EV_EXCH_TS        i64    exchange time, ns since the Unix epoch
 *   2     EV_LOCAL_TS       i64    local receive time, ns (0 = not recorded)
 *   3     EV_PX             f64    price in integer ticks (exact integer < 2^53);
 *                                  DEPTH: 1-based line number in its file (diagnostics only)
 *   4     EV_QTY            f64    size in integer lots (exact integer; 0 = delete level)
 *   5     EV_ID             f64    DEPTH: last update id (Bybit u, Binance u / lastUpdateId);
 *                                  TRADE: trade id or sequence; TICKER: update id u
 *   6     EV_IVAL           f64    DEPTH: first update id (Binance U; Bybit u); TICKER: ask px ticks
 *   7     EV_FVAL           f64    DEPTH: previous update id (Binance futures pu) or -1;
 *                                  TICKER: ask size lots
 *
 * A depth message is a DEPTH header followed by `aux` LEVEL records (bids then asks,
 * in the order the exchange sent them). Ids and ticks are exact in f64 below 2^53;
 * timestamps need i64 and are read through a BigInt64Array only at the edges.
 */
export const EVENT_BYTES = 64;
export const EVENT_F64 = 8;
export const EVENT_U32 = 16;

export const EV_FLAGS = 0;
export const EV_AUX_U32 = 1; // index in a Uint32Array view, relative to the record start
export const EV_EXCH_TS = 1;
export const EV_LOCAL_TS = 2;
export const EV_PX = 3;
export const EV_QTY = 4;
export const EV_ID = 5;
export const EV_IVAL = 6;
export const EV_FVAL = 7;

/** Record kinds: low 4 bits of the flags. */
export const KIND_MASK = 0xf;
export const KIND_DEPTH = 1;
export const KIND_LEVEL = 2;
export const KIND_TRADE = 3;
export const KIND_TICKER = 4;

/** LEVEL: which side of the book. TRADE: aggressor side (BUY = buyer took the ask). */
export const SIDE_BID = 1 << 4;
export const SIDE_ASK = 1 << 5;
export const SIDE_BUY = SIDE_BID;
export const SIDE_SELL = SIDE_ASK;

/** DEPTH: the message replaces the whole book (Bybit snapshot or u == 1, Binance REST snapshot). */
export const DEPTH_SNAPSHOT = 1 << 8;
/** DEPTH: continuity is `prevId == last applied id` (Binance futures pu); else `firstId == last + 1`. */
export const DEPTH_SEQ_PREV = 1 << 9;

export const DEPTH_EVENT = KIND_DEPTH;
export const SNAPSHOT_EVENT = KIND_DEPTH | DEPTH_SNAPSHOT;
export const BID_LEVEL_EVENT = KIND_LEVEL | SIDE_BID;
export const ASK_LEVEL_EVENT = KIND_LEVEL | SIDE_ASK;
export const BUY_TRADE_EVENT = KIND_TRADE | SIDE_BUY;
export const SELL_TRADE_EVENT = KIND_TRADE | SIDE_SELL;

/** Largest price in ticks a book accepts: keys of the 6-level 32-ary tick trie are 30 bits. */
export const MAX_PX_TICKS = 2 ** 30 - 1;
/** Largest integer the f64 slots carry exactly. */
export const MAX_EXACT_INT = Number.MAX_SAFE_INTEGER;
