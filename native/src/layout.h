// Record layouts shared by the native kernels: a C++ mirror of
// src/layout/event.ts (64-byte input event records) and src/layout/book-out.ts
// (output records, counter slots, status codes). The TypeScript files are the
// source of truth; test/layout/layout.test.ts parses every
//   constexpr <type> NAME = VALUE;
// line below and compares it with the TS constant of the same name, so keep
// exactly one constant per line with a plain literal value.
//
// Units: prices in integer ticks, sizes in integer lots (both carried in f64,
// exact below 2^53); timestamps in ns since the Unix epoch (i64).
// Byte order: the platform's (typed arrays on the JS side use the same).
#pragma once

#include <cstddef>
#include <cstdint>

namespace btc {

// ---- src/layout/event.ts -------------------------------------------------

constexpr uint32_t EVENT_BYTES = 64;
constexpr uint32_t EVENT_F64 = 8;
constexpr uint32_t EVENT_U32 = 16;

constexpr uint32_t EV_FLAGS = 0;
constexpr uint32_t EV_AUX_U32 = 1;
constexpr uint32_t EV_EXCH_TS = 1;
constexpr uint32_t EV_LOCAL_TS = 2;
constexpr uint32_t EV_PX = 3;
constexpr uint32_t EV_QTY = 4;
constexpr uint32_t EV_ID = 5;
constexpr uint32_t EV_IVAL = 6;
constexpr uint32_t EV_FVAL = 7;

// Record kinds: low 4 bits of the flags.
constexpr uint32_t KIND_MASK = 15;
constexpr uint32_t KIND_DEPTH = 1;
constexpr uint32_t KIND_LEVEL = 2;
constexpr uint32_t KIND_TRADE = 3;
constexpr uint32_t KIND_TICKER = 4;

// LEVEL: side of the book. TRADE: aggressor side (BUY = buyer took the ask).
constexpr uint32_t SIDE_BID = 16;
constexpr uint32_t SIDE_ASK = 32;
constexpr uint32_t SIDE_BUY = 16;
constexpr uint32_t SIDE_SELL = 32;

// DEPTH modifiers.
constexpr uint32_t DEPTH_SNAPSHOT = 256;
constexpr uint32_t DEPTH_SEQ_PREV = 512;

constexpr uint32_t DEPTH_EVENT = 1;
constexpr uint32_t SNAPSHOT_EVENT = 257;
constexpr uint32_t BID_LEVEL_EVENT = 18;
constexpr uint32_t ASK_LEVEL_EVENT = 34;
constexpr uint32_t BUY_TRADE_EVENT = 19;
constexpr uint32_t SELL_TRADE_EVENT = 35;

// Largest price in ticks a book accepts (30-bit keys of the tick trie).
constexpr uint32_t MAX_PX_TICKS = 1073741823;
// Largest integer the f64 slots carry exactly (2^53 - 1).
constexpr int64_t MAX_EXACT_INT = 9007199254740991;

// One event record: 64 bytes = 8 slots of 8 bytes (see src/layout/event.ts).
struct Event {
  uint32_t flags;     // slot 0 low half: kind | side | modifiers
  uint32_t aux;       // slot 0 high half: DEPTH → number of LEVEL records that follow
  int64_t exchTsNs;   // slot 1: exchange time, ns
  int64_t localTsNs;  // slot 2: local receive time, ns (0 = not recorded)
  double px;          // slot 3: price, ticks; DEPTH: 1-based line in its file (diagnostics)
  double qty;         // slot 4: size, lots (0 = delete level)
  double id;          // slot 5: DEPTH last update id; TRADE id; TICKER u
  double ival;        // slot 6: DEPTH first update id; TICKER ask px
  double fval;        // slot 7: DEPTH previous update id or -1; TICKER ask size
};

static_assert(sizeof(Event) == EVENT_BYTES, "Event must be one 64-byte record");
static_assert(offsetof(Event, flags) == EV_FLAGS * 8, "flags slot");
static_assert(offsetof(Event, aux) == EV_AUX_U32 * 4, "aux u32 index");
static_assert(offsetof(Event, exchTsNs) == EV_EXCH_TS * 8, "exchTs slot");
static_assert(offsetof(Event, localTsNs) == EV_LOCAL_TS * 8, "localTs slot");
static_assert(offsetof(Event, px) == EV_PX * 8, "px slot");
static_assert(offsetof(Event, qty) == EV_QTY * 8, "qty slot");
static_assert(offsetof(Event, id) == EV_ID * 8, "id slot");
static_assert(offsetof(Event, ival) == EV_IVAL * 8, "ival slot");
static_assert(offsetof(Event, fval) == EV_FVAL * 8, "fval slot");
static_assert(EVENT_F64 * 8 == EVENT_BYTES && EVENT_U32 * 4 == EVENT_BYTES, "record views");
static_assert(SNAPSHOT_EVENT == (KIND_DEPTH | DEPTH_SNAPSHOT), "snapshot flags");
static_assert(BID_LEVEL_EVENT == (KIND_LEVEL | SIDE_BID), "bid level flags");
static_assert(ASK_LEVEL_EVENT == (KIND_LEVEL | SIDE_ASK), "ask level flags");
static_assert(BUY_TRADE_EVENT == (KIND_TRADE | SIDE_BUY), "buy trade flags");
static_assert(SELL_TRADE_EVENT == (KIND_TRADE | SIDE_SELL), "sell trade flags");
static_assert(MAX_PX_TICKS == (1u << 30) - 1, "30-bit trie keys");
static_assert(MAX_EXACT_INT == (int64_t{1} << 53) - 1, "f64 exact integers");

// ---- src/layout/book-out.ts ----------------------------------------------

// Output record: [flags, id, exchTsMs, levelChanges, bidCount, askCount, 0, 0,
//   bid0Px, bid0Qty, …(depth pairs), ask0Px, ask0Qty, …(depth pairs)].
constexpr uint32_t OUT_HEAD_F64 = 8;
constexpr uint32_t OUT_FLAGS = 0;
constexpr uint32_t OUT_ID = 1;
constexpr uint32_t OUT_EXCH_TS_MS = 2;
constexpr uint32_t OUT_LEVEL_CHANGES = 3;
constexpr uint32_t OUT_BID_COUNT = 4;
constexpr uint32_t OUT_ASK_COUNT = 5;

// Output flags.
constexpr uint32_t OUTF_SNAPSHOT = 1;
constexpr uint32_t OUTF_CROSSED = 2;
constexpr uint32_t OUTF_RESYNC = 4;

// Counter slots (a Float64Array of COUNTER_SLOTS). Counts increase monotonically;
// C_LAST_GAP_LINE / C_LAST_CROSSED_LINE hold the DEPTH header px (its file line)
// of the most recent gap / crossed message.
constexpr uint32_t C_DEPTH_MESSAGES = 0;
constexpr uint32_t C_APPLIED = 1;
constexpr uint32_t C_LEVEL_CHANGES = 2;
constexpr uint32_t C_GAPS = 3;
constexpr uint32_t C_RESYNCS = 4;
constexpr uint32_t C_CROSSED = 5;
constexpr uint32_t C_REJECTED = 6;
constexpr uint32_t C_STALE = 7;
constexpr uint32_t C_SKIPPED = 8;
constexpr uint32_t C_TRADES = 9;
constexpr uint32_t C_TICKERS = 10;
constexpr uint32_t C_LAST_GAP_LINE = 11;
constexpr uint32_t C_LAST_CROSSED_LINE = 12;
constexpr uint32_t COUNTER_SLOTS = 16;

// Kernel status codes (negative return values).
constexpr int32_t E_OK = 0;
constexpr int32_t E_BAD_RECORD = -1;
constexpr int32_t E_OUT_FULL = -2;
constexpr int32_t E_CAPACITY = -3;

// Stride in f64 slots of one output record for a top-N depth (depth >= 1).
inline uint64_t outStrideF64(uint32_t depth) {
  return uint64_t{OUT_HEAD_F64} + 4 * uint64_t{depth < 1 ? 1 : depth};
}

// ---- src/layout/feature-params.ts ----------------------------------------

// Parameter block of the feature kernels: FP_SLOTS f64, packed by
// src/features/kernel-params.ts, read once when a kernel is created.
constexpr uint32_t FP_TICK_UNITS = 0;
constexpr uint32_t FP_TICK_DECIMALS = 1;
constexpr uint32_t FP_LOT_UNITS = 2;
constexpr uint32_t FP_LOT_DECIMALS = 3;
constexpr uint32_t FP_EXTENDED = 4;
constexpr uint32_t FP_VAMP_BAND_BPS = 5;
constexpr uint32_t FP_NEAR_BAND_BPS = 6;
constexpr uint32_t FP_FAR_BAND_BPS = 7;
constexpr uint32_t FP_PRESSURE_BAND_BPS = 8;
constexpr uint32_t FP_PRESSURE_KAPPA_BPS = 9;
constexpr uint32_t FP_IMB_CUM_LEVELS = 10;
constexpr uint32_t FP_SLOPE_LEVELS = 11;
constexpr uint32_t FP_SHAPE_NEAR_BPS = 12;
constexpr uint32_t FP_SHAPE_FAR_BPS = 13;
constexpr uint32_t FP_IMPACT_NOTIONAL_USD = 14;
constexpr uint32_t FP_VPIN_BUCKET_LOTS = 15;
constexpr uint32_t FP_IOFI_LEVELS = 16;
constexpr uint32_t FP_IOFI_WEIGHTS = 17;
constexpr uint32_t IOFI_MAX_LEVELS = 32;
// Micro-price table: edges, states and adjustments (row pitch MP_MAX_EDGES + 1).
constexpr uint32_t FP_MP_N_EDGES = 49;
constexpr uint32_t FP_MP_N_STATES = 50;
constexpr uint32_t MP_MAX_EDGES = 63;
constexpr uint32_t MP_MAX_STATES = 16;
constexpr uint32_t FP_MP_EDGES = 51;
constexpr uint32_t FP_MP_STATES = 114;
constexpr uint32_t FP_MP_ADJ = 130;
constexpr uint32_t FP_SLOTS = 1154;

static_assert(FP_IOFI_WEIGHTS + IOFI_MAX_LEVELS == FP_MP_N_EDGES, "iOFI weights end where the table starts");
static_assert(FP_MP_EDGES + MP_MAX_EDGES == FP_MP_STATES, "edges then states");
static_assert(FP_MP_STATES + MP_MAX_STATES == FP_MP_ADJ, "states then adjustments");
static_assert(FP_MP_ADJ + MP_MAX_STATES * (MP_MAX_EDGES + 1) == FP_SLOTS, "adjustments fill the block");

// ---- src/layout/feature-row.ts -------------------------------------------

// Feature row: [exchTsMs, u, book_flags, 51 core features, (57 extended)].
constexpr uint32_t ROW_TS_MS = 0;
constexpr uint32_t ROW_U = 1;
constexpr uint32_t ROW_FLAGS = 2;
constexpr uint32_t ROW_FEATURES = 3;
constexpr uint32_t CORE_COLUMNS = 51;
constexpr uint32_t EXTENDED_COLUMNS = 108;
constexpr uint32_t ROW_STRIDE = 54;
constexpr uint32_t ROW_STRIDE_EXTENDED = 111;

static_assert(ROW_STRIDE == ROW_FEATURES + CORE_COLUMNS, "core row stride");
static_assert(ROW_STRIDE_EXTENDED == ROW_FEATURES + EXTENDED_COLUMNS, "extended row stride");

}  // namespace btc
