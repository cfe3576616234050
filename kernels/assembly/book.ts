/**
 * Order-book kernel: the WASM port of src/book/reference.ts. Same applyBatch
 * semantics, output records and counters, bit for bit.
 *
 * Buffers (all owned by the JS wrapper src/book/wasm.ts, addresses in linear memory):
 *   input    recordCapacity × 64-byte event records (layout.ts / src/layout/event.ts)
 *   output   outputCapacity × (OUT_HEAD_F64 + 4·depth) f64, one record per applied
 *            depth message (src/layout/book-out.ts)
 *   counters COUNTER_SLOTS f64 (C_* slots), monotonically increasing
 *   pool     [heapStart, heapEnd): trie nodes of both sides (trie.ts)
 * Units: prices in integer ticks (keys of the trie, 1 ..= 2^30-1), sizes in integer
 * lots, ids as f64 exact integers; exchange time in i64 ns, written out as f64 ms.
 *
 * Per depth header (see reference.ts): snapshot → clear, apply, valid + bridging;
 * diff → applied when continuous (bridging: U <= last(+1) <= u), else a gap clears
 * the book and diffs are skipped until the next snapshot. The best bid/ask are kept
 * per level and looked up again (findLE/findGE) at most once per message when the
 * best level was deleted.
 *
 * Complexity: O(6) per level record; O(depth) per output record (the top-N walk
 * reads whole leaves through their masks and searches only between leaves).
 */
import { E_BAD_RECORD, E_CAPACITY, E_OUT_FULL, FAIL_BOOK_POOL } from './errors';
import {
  C_APPLIED, C_CROSSED, C_DEPTH_MESSAGES, C_GAPS, C_LAST_CROSSED_LINE, C_LAST_GAP_LINE,
  C_LEVEL_CHANGES, C_REJECTED, C_RESYNCS, C_SKIPPED, C_STALE, C_TICKERS, C_TRADES,
  COUNTER_SLOTS, DEPTH_SEQ_PREV, DEPTH_SNAPSHOT, EV_EXCH_TS, EV_FVAL, EV_ID, EV_IVAL,
  EV_PX, EV_QTY, EVENT_BYTES, KIND_DEPTH, KIND_LEVEL, KIND_MASK, KIND_TICKER, KIND_TRADE,
  MAX_PX_TICKS, OUT_ASK_COUNT, OUT_BID_COUNT, OUT_EXCH_TS_MS, OUT_FLAGS, OUT_HEAD_F64,
  OUT_ID, OUT_LEVEL_CHANGES, OUTF_CROSSED, OUTF_RESYNC, OUTF_SNAPSHOT, SIDE_BID, outStrideF64,
} from './layout';
import {
  allocInternal, trieClearAll, trieFindGE, trieFindLE, trieGet, trieLeaf, triePool, trieSet,
} from './trie';
import {
  failReason, featAfter, featBefore, featFail, featFailed, featGap, featLevel, featReset, featSetup,
  featStateBytes, featTrade, rowStride,
} from './feat';

// Buffers.
let inPtr: usize = 0;
let recCap: u32 = 0;
let outPtr: usize = 0;
let outCap: u32 = 0;
let depth: i32 = 1;
let outStride: usize = 0; // bytes
let ctr: usize = 0;
// Book state.
let bids: usize = 0; // trie roots
let asks: usize = 0;
let bidCount: i32 = 0;
let askCount: i32 = 0;
let bestBid: i32 = 0; // ticks, 0 = side empty
let bestAsk: i32 = 0;
let valid = false;
let bridging = false;
let hadGap = false;
let lastId: f64 = -1;
// Feature mode (featInit): rows of feat.ts instead of top-N records.
let featOn = false;

@inline function f64At(rec: usize, slot: i32): f64 { return load<f64>(rec + (<usize>slot << 3)); }
@inline function bump(slot: i32): void {
  const a = ctr + (<usize>slot << 3);
  store<f64>(a, load<f64>(a) + 1);
}
@inline function setCounter(slot: i32, v: f64): void { store<f64>(ctr + (<usize>slot << 3), v); }

export function bookInit(
  inputPtr: usize, recordCapacity: u32, outputPtr: usize, outputCapacity: u32, topN: u32,
  countersPtr: usize, heapStart: usize, heapEnd: usize,
): i32 {
  inPtr = inputPtr;
  recCap = recordCapacity;
  outPtr = outputPtr;
  outCap = outputCapacity;
  depth = <i32>max<u32>(1, topN);
  outStride = <usize>outStrideF64(depth) << 3;
  ctr = countersPtr;
  triePool(heapStart, heapEnd);
  bookReset();
  return bids != 0 && asks != 0 ? 0 : E_CAPACITY;
}

/** Bytes of feature state featInit needs for the parameter block at `paramsPtr` and this input capacity. */
export function featBytes(paramsPtr: usize, recordCapacity: u32): usize {
  return featStateBytes(paramsPtr, <i32>recordCapacity);
}

/**
 * Switches this instance to feature mode (after bookInit): the output holds one
 * feature row per applied message (feat.ts), state in [stateLo, stateHi).
 * Returns 0 or E_CAPACITY (region too small).
 */
export function featInit(paramsPtr: usize, stateLo: usize, stateHi: usize): i32 {
  const rc = featSetup(paramsPtr, <i32>recCap, stateLo, stateHi);
  if (rc < 0) return rc;
  featOn = true;
  outStride = <usize>rowStride << 3;
  return 0;
}

/** Feature mode: why the last E_CAPACITY happened (errors.ts FAIL_*). */
export function featError(): i32 {
  return failReason;
}

/** Empties both sides (O(1): the whole pool is dropped) and re-creates the roots. */
function clearBook(): void {
  trieClearAll();
  bids = allocInternal();
  asks = allocInternal();
  bidCount = 0;
  askCount = 0;
  bestBid = 0;
  bestAsk = 0;
}

export function bookReset(): void {
  clearBook();
  valid = false;
  bridging = false;
  hadGap = false;
  lastId = -1;
  memory.fill(ctr, 0, <usize>COUNTER_SLOTS << 3);
  if (featOn) featReset();
}

export function applyBatch(count: u32): i32 {
  if (count > recCap) return E_BAD_RECORD;
  if (featOn && featFailed) return E_CAPACITY;
  let out: u32 = 0;
  let i: u32 = 0;
  while (i < count) {
    const rec = inPtr + (<usize>i << 6);
    const flags = load<u32>(rec);
    const kind = flags & KIND_MASK;
    if (kind == KIND_TRADE) {
      bump(C_TRADES);
      if (featOn) { const rc = featTrade(rec); if (rc < 0) return rc; }
      i++;
      continue;
    }
    if (kind == KIND_TICKER) { bump(C_TICKERS); i++; continue; }
    if (kind != KIND_DEPTH) return E_BAD_RECORD;
    const nLevels = load<u32>(rec, 4);
    if (<u64>i + 1 + <u64>nLevels > <u64>count) return E_BAD_RECORD;
    // Checked before the header touches any state, so a full output never half-applies a message.
    if (out >= outCap) return E_OUT_FULL;
    bump(C_DEPTH_MESSAGES);
    const outFlags = admit(rec, flags);
    if (outFlags >= 0) {
      if (featOn) featBefore(rec, bestBid, bestAsk);
      const changes = applyLevels(rec + EVENT_BYTES, nLevels);
      if (changes < 0) {
        // Pool exhausted: the book is unusable; drop it and wait for a snapshot.
        clearBook();
        valid = false;
        bridging = false;
        hadGap = true;
        if (featOn) featFail(FAIL_BOOK_POOL); // the features missed a message: unusable until reset
        return E_CAPACITY;
      }
      if (featOn) {
        countApplied(rec);
        const rc = featAfter(outPtr + <usize>out * outStride, rec, outFlags, bids, bestBid, asks, bestAsk);
        out++;
        if (rc < 0) return rc;
      } else {
        writeOut(out++, rec, outFlags, changes);
      }
    }
    i += 1 + nLevels;
  }
  return <i32>out;
}

/** Decides what a depth header does to the book; returns output flags, or -1 to skip it. */
function admit(rec: usize, flags: u32): i32 {
  const id = f64At(rec, EV_ID);
  if ((flags & DEPTH_SNAPSHOT) != 0) {
    clearBook();
    let outFlags = OUTF_SNAPSHOT;
    if (hadGap) { bump(C_RESYNCS); outFlags |= OUTF_RESYNC; hadGap = false; }
    valid = true;
    bridging = true;
    lastId = id;
    return outFlags;
  }
  if (!valid) { bump(C_SKIPPED); return -1; }
  const first = f64At(rec, EV_IVAL);
  const prev = f64At(rec, EV_FVAL);
  const usePrev = (flags & DEPTH_SEQ_PREV) != 0;
  if (bridging) {
    if (usePrev ? id < lastId : id <= lastId) { bump(C_STALE); return -1; }
    const target = usePrev ? lastId : lastId + 1;
    if (first <= target && target <= id) {
      bridging = false;
      lastId = id;
      return 0;
    }
  } else if (usePrev ? prev == lastId && id > lastId : first == lastId + 1) {
    lastId = id;
    return 0;
  }
  bump(C_GAPS);
  setCounter(C_LAST_GAP_LINE, f64At(rec, EV_PX));
  valid = false;
  hadGap = true;
  clearBook();
  if (featOn) featGap(rec);
  return -1;
}

/** Applies `n` LEVEL records from address `rec`; returns how many were applied, or E_CAPACITY. */
function applyLevels(rec: usize, n: u32): i32 {
  let applied = 0;
  let bidDirty = false;
  let askDirty = false;
  for (let end = rec + (<usize>n << 6); rec < end; rec += EVENT_BYTES) {
    const flags = load<u32>(rec);
    const px = f64At(rec, EV_PX);
    const qty = f64At(rec, EV_QTY);
    // Same test as the reference: kind LEVEL, px integer in [1, 2^30-1], qty finite integer >= 0.
    if ((flags & KIND_MASK) != KIND_LEVEL || !(px >= 1 && px <= <f64>MAX_PX_TICKS) ||
        trunc<f64>(px) != px || !(qty >= 0 && qty < Infinity) || trunc<f64>(qty) != qty) {
      bump(C_REJECTED);
      continue;
    }
    applied++;
    const key = <i32>px;
    // Feature mode: the level hook sees the old size before the book changes (reference.ts).
    if (featOn) {
      const isBid = (flags & SIDE_BID) != 0;
      featLevel(isBid, isBid ? bids : asks, key, qty);
    }
    if ((flags & SIDE_BID) != 0) {
      const d = trieSet(bids, key, qty);
      if (d == E_CAPACITY) return E_CAPACITY;
      bidCount += d;
      if (qty > 0) { if (key > bestBid) bestBid = key; } else if (key == bestBid) bidDirty = true;
    } else {
      const d = trieSet(asks, key, qty);
      if (d == E_CAPACITY) return E_CAPACITY;
      askCount += d;
      if (qty > 0) { if (bestAsk == 0 || key < bestAsk) bestAsk = key; } else if (key == bestAsk) askDirty = true;
    }
  }
  // A deleted best is looked up once per message, after all its levels.
  if (bidDirty && trieGet(bids, bestBid) == 0) bestBid = max(0, trieFindLE(bids, bestBid));
  if (askDirty && trieGet(asks, bestAsk) == 0) bestAsk = max(0, trieFindGE(asks, bestAsk));
  const a = ctr + (<usize>C_LEVEL_CHANGES << 3);
  store<f64>(a, load<f64>(a) + <f64>applied);
  return applied;
}

/** Counts an applied message (and a crossed or locked book); returns OUTF_CROSSED or 0. */
function countApplied(hdr: usize): i32 {
  bump(C_APPLIED);
  if (bestBid > 0 && bestAsk > 0 && bestBid >= bestAsk) {
    bump(C_CROSSED);
    setCounter(C_LAST_CROSSED_LINE, f64At(hdr, EV_PX));
    return OUTF_CROSSED;
  }
  return 0;
}

function writeOut(slot: u32, hdr: usize, flags: i32, changes: i32): void {
  const o = outPtr + <usize>slot * outStride;
  flags |= countApplied(hdr);
  store<f64>(o, <f64>flags, OUT_FLAGS << 3);
  store<f64>(o, f64At(hdr, EV_ID), OUT_ID << 3);
  store<f64>(o, <f64>(load<i64>(hdr + (<usize>EV_EXCH_TS << 3)) / 1_000_000), OUT_EXCH_TS_MS << 3);
  store<f64>(o, <f64>changes, OUT_LEVEL_CHANGES << 3);
  store<f64>(o, <f64>bidCount, OUT_BID_COUNT << 3);
  store<f64>(o, <f64>askCount, OUT_ASK_COUNT << 3);
  store<f64>(o, 0, 6 << 3);
  store<f64>(o, 0, 7 << 3);
  const p = o + (<usize>OUT_HEAD_F64 << 3);
  writeSide(bids, bestBid, p, true);
  writeSide(asks, bestAsk, p + (<usize>depth << 4), false);
}

/**
 * Writes the top `depth` (px, qty) pairs of one side from its best level `best`
 * (0 = empty), best first, then zero pairs. Walks each leaf through its mask and
 * searches the trie only to jump to the next leaf: the same sequence as the
 * reference's get(px) / findLE(px - 1) (findGE(px + 1)) loop, since `best` is
 * always 0 or an occupied level.
 */
function writeSide(root: usize, best: i32, p: usize, descending: bool): void {
  let d = 0;
  let key = best > 0 ? best : -1;
  while (d < depth && key > 0) {
    const leaf = trieLeaf(root, key);
    if (leaf == 0) break; // unreachable while `best` is occupied
    const base = key & ~31;
    const c = <u32>key & 31;
    let m = load<u32>(leaf) & (descending ? <u32>0xffffffff >> (31 - c) : <u32>0xffffffff << c);
    while (m != 0 && d < depth) {
      const b: u32 = descending ? 31 - clz<u32>(m) : ctz<u32>(m);
      store<f64>(p, <f64>(base + <i32>b));
      store<f64>(p, load<f64>(leaf + 8 + (<usize>b << 3)), 8);
      m &= ~(<u32>1 << b);
      d++;
      p += 16;
    }
    if (d == depth) break;
    key = descending ? trieFindLE(root, base - 1) : trieFindGE(root, base + 32);
  }
  for (; d < depth; d++, p += 16) {
    store<f64>(p, 0);
    store<f64>(p, 0, 8);
  }
}
