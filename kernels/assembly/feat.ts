/**
 * The feature kernel: the port of src/features/engine.ts + modules.ts, fused into
 * the book kernel (book.ts calls the hooks below from its applyBatch loop, in the
 * order reference.ts calls BookHooks). One feature row per applied depth message,
 * written where the book-only mode writes its top-N record:
 *
 *   row = [exchTsMs, u, book_flags, 51 core columns (, 57 extended)]  f64
 *
 * Hook order per record, as the TS engine's modules (flow, dynamics, trades) see it:
 *   TRADE      featTrade   λ bars / RV grid / Kyle bars advance, trade enters the tape
 *   gap        featGap     bars and grid advance with the pre-gap mid, which turns NaN
 *   admitted   featBefore  bars / grid advance with the previous message's mid
 *   level      featLevel   netting of size changes (only records the book accepts)
 *   applied    featAfter   fused walk + every module's columns, flags
 *
 * Memory: the parameter block and the state region [stateLo, stateHi) are carved by
 * the JS wrapper (src/features/wasm.ts); featStateBytes() tells it how much the
 * layout below needs. Small fixed arrays live in this module's static data.
 *   feat-bands   pressure weight caches        2 × (65536 × 8 + 2048 × 8) B  (1 MB)
 *   feat-flow    OFI window ring               2^18 × (1 + K) × 8 B (K = 10: 23 MB), λ bars
 *   feat-history as-of ring                    2^19 × 24 B (12.6 MB)
 *   feat-trades  trade tape                    2^20 × 33 B (34.6 MB)
 *   feat-dyn     level-change list + hash      recordCapacity × (24 + 8) B
 * Status: E_CAPACITY when a ring is full (see each file); the kernel then refuses
 * further batches until featReset.
 *
 * Files: feat-params (parameters, units, state carving), feat-cols (columns, flags,
 * registry defaults), feat-bands (band thresholds, pressure weights), feat-walk
 * (the fused walk over both sides), feat-static (S0/SC and extended columns),
 * feat-pressure (exact pressure when nearly balanced), feat-flow, feat-history +
 * feat-dyn (dynamics), feat-trades + feat-kyle (trades, VPIN, Kyle λ); helpers
 * trie-iter, ols, i128, host-math.
 */
import { E_CAPACITY, FAIL_HISTORY, FAIL_NONE, FAIL_OFI_RING, FAIL_TAPE } from './errors';
import {
  EV_EXCH_TS, EV_ID, EV_PX, EV_QTY, OUTF_SNAPSHOT, ROW_FEATURES, ROW_FLAGS, ROW_STRIDE, ROW_STRIDE_EXTENDED,
  ROW_TS_MS, ROW_U, SIDE_BUY,
} from './layout';
import { FLAG_OFI_RESET, FLAG_WARMUP, LADDER_LEVELS, WARMUP_MS } from './feat-cols';
import {
  carveBegin, carveEnd, carveFailed, extended, imbCumLevels, ofiLevels, pxUsd, readParams, slopeLevels,
} from './feat-params';
import { bandsCarve, bandsReset } from './feat-bands';
import { setTopWanted, walkReset } from './feat-walk';
import { computeStatic, staticReset } from './feat-static';
import { flowAdvance, flowAfter, flowCarve, flowGap, flowReset } from './feat-flow';
import { gridAdvance, historyCarve, historyReset } from './feat-history';
import { dynAfter, dynBefore, dynCarve, dynLevel, dynReset, dynTrade, dynWantsLevels } from './feat-dyn';
import { trieGet } from './trie';
import { tradesAfter, tradesCarve, tradesEvent, tradesOnTrade, tradesReset } from './feat-trades';
import { kyleReset } from './feat-kyle';

/** Row stride in f64 slots. */
export let rowStride: i32 = ROW_STRIDE;
/** A ring overflowed: the state is no longer the reference's; batches fail until reset. */
export let featFailed = false;
/** Which structure overflowed (errors.ts FAIL_*). */
export let failReason: i32 = FAIL_NONE;
/** Exchange time (ms) of the first event of the stream, NaN before it. */
let startMs: f64 = NaN;
/** Mid after the last applied book message (NaN while invalid, after a gap, before the first). */
let lastMid: f64 = NaN;
/** The message being applied: its time, from featBefore to featAfter. */
let msgMs: f64 = NaN;

function carveAll(maxLevels: i32): void {
  bandsCarve();
  flowCarve();
  historyCarve();
  tradesCarve();
  dynCarve(maxLevels);
}

/** Bytes of state region the parameters at `paramsPtr` need (messages of up to `maxLevels` levels). */
export function featStateBytes(paramsPtr: usize, maxLevels: i32): usize {
  readParams(paramsPtr);
  carveBegin(0, usize.MAX_VALUE >> 1);
  carveAll(maxLevels);
  return carveEnd();
}

/** Reads the parameters, lays the state out in [stateLo, stateHi) and resets it; 0 or E_CAPACITY. */
export function featSetup(paramsPtr: usize, maxLevels: i32, stateLo: usize, stateHi: usize): i32 {
  readParams(paramsPtr);
  rowStride = extended ? ROW_STRIDE_EXTENDED : ROW_STRIDE;
  setTopWanted(max(max(ofiLevels, imbCumLevels), max(slopeLevels, extended ? LADDER_LEVELS : 0)));
  carveBegin(stateLo, stateHi);
  carveAll(maxLevels);
  if (carveFailed()) return E_CAPACITY;
  featReset();
  return 0;
}

/** Marks the state unusable (a ring or the book's node pool overflowed); returns E_CAPACITY. */
export function featFail(reason: i32): i32 {
  featFailed = true;
  failReason = reason;
  return E_CAPACITY;
}

/** Forgets every feature state: the kernel behaves like a new one. */
export function featReset(): void {
  bandsReset();
  staticReset();
  walkReset();
  flowReset();
  historyReset();
  dynReset();
  tradesReset();
  kyleReset();
  featFailed = false;
  failReason = FAIL_NONE;
  startMs = NaN;
  lastMid = NaN;
  msgMs = NaN;
}

/** Exchange time of a record in ms, sub-ms kept (engine.ts tMs, BigInt semantics). */
function tMsOf(rec: usize): f64 {
  const ns = load<i64>(rec + (<usize>EV_EXCH_TS << 3));
  const t = <f64>(ns / 1_000_000) + <f64>(ns % 1_000_000) / 1e6;
  if (isNaN(startMs)) startMs = t;
  return t;
}

@inline function midOf(bb: i32, ba: i32): f64 {
  return bb > 0 && ba > 0 && bb <= ba ? (pxUsd(<f64>bb) + pxUsd(<f64>ba)) / 2 : NaN;
}

/** A TRADE record; 0 or E_CAPACITY (trade tape full). */
export function featTrade(rec: usize): i32 {
  const t = tMsOf(rec);
  const buy = (load<u32>(rec) & SIDE_BUY) != 0;
  const px = load<f64>(rec + (<usize>EV_PX << 3));
  const qty = load<f64>(rec + (<usize>EV_QTY << 3));
  flowAdvance(t, lastMid);
  dynTrade(t, lastMid, buy, qty);
  return tradesOnTrade(t, lastMid, buy, px, qty) < 0 ? featFail(FAIL_TAPE) : 0;
}

/** The depth message at `rec` broke the sequence (the book is already cleared). */
export function featGap(rec: usize): void {
  const t = tMsOf(rec);
  flowAdvance(t, lastMid);
  gridAdvance(t, lastMid);
  tradesEvent(t, lastMid);
  flowGap();
  lastMid = NaN;
}

/** An admitted message, before its levels; bb / ba: the book as it stands (0 = side empty). */
export function featBefore(rec: usize, bb: i32, ba: i32): void {
  const t = tMsOf(rec);
  msgMs = t;
  const mid = midOf(bb, ba);
  flowAdvance(t, lastMid);
  dynBefore(t, lastMid, !isNaN(mid), mid);
  tradesEvent(t, lastMid);
}

/**
 * One accepted level record, before the book changes: `root` is its side's trie,
 * read for the old size only while the netting of size changes wants it (the
 * pre-update book is valid; never on a snapshot, whose book was just cleared).
 */
@inline export function featLevel(isBid: bool, root: usize, pxTicks: i32, newLots: f64): void {
  if (dynWantsLevels()) dynLevel(isBid, pxTicks, trieGet(root, pxTicks), newLots);
}

/** The applied message's row at `row`; 0 or E_CAPACITY. */
export function featAfter(row: usize, rec: usize, outFlags: i32, bids: usize, bb: i32, asks: usize, ba: i32): i32 {
  const t = msgMs;
  const valid = bb > 0 && ba > 0 && bb <= ba;
  const mid = midOf(bb, ba);
  const resync = (outFlags & OUTF_SNAPSHOT) != 0;
  const f = row + (<usize>ROW_FEATURES << 3);
  const n = rowStride - ROW_FEATURES;
  for (let c = 0; c < n; c++) store<f64>(f + (<usize>c << 3), NaN);
  let flags = computeStatic(f, bids, bb, asks, ba);
  const fl = flowAfter(f, t, valid, resync);
  if (fl < 0) return featFail(FAIL_OFI_RING);
  if (!dynAfter(f, t, valid, mid, ba - bb)) return featFail(FAIL_HISTORY);
  flags |= fl;
  tradesAfter(f, t, valid && mid > 0 ? mid : NaN);
  lastMid = mid;
  if (resync) flags |= FLAG_OFI_RESET;
  if (t - startMs < WARMUP_MS) flags |= FLAG_WARMUP;
  store<f64>(row + (<usize>ROW_TS_MS << 3), Math.floor(t));
  store<f64>(row + (<usize>ROW_U << 3), load<f64>(rec + (<usize>EV_ID << 3)));
  store<f64>(row + (<usize>ROW_FLAGS << 3), <f64>flags);
  return 0;
}
