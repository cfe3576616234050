/**
 * Order book, TypeScript reference backend: the readable specification the WASM
 * (kernels/assembly/book.ts) and native (native/src/book.cc) kernels must match
 * output for output.
 *
 * applyBatch walks event records (src/layout/event.ts). For each DEPTH header
 * (update-id rules in src/book/reference-seq.ts, shared with the paper venue):
 *   snapshot  → clear both sides, apply its levels, book valid; the next diff must
 *               bridge: stale diffs (u older than the snapshot) are dropped, the
 *               first applied one must span it (Binance spot / Bybit:
 *               U <= last+1 <= u; Binance futures: U <= last <= u).
 *   diff      → applied when continuous (futures: pu == last and u > last;
 *               otherwise U == last + 1); otherwise a gap: the book is cleared and marked
 *               invalid, and diffs are skipped until the next snapshot.
 * Every applied message writes one output record (src/layout/book-out.ts).
 * TRADE and TICKER records are counted and passed over.
 */
import {
  C_APPLIED, C_CROSSED, C_DEPTH_MESSAGES, C_GAPS, C_LEVEL_CHANGES, C_REJECTED, C_RESYNCS,
  C_LAST_CROSSED_LINE, C_LAST_GAP_LINE, C_SKIPPED, C_STALE, C_TICKERS, C_TRADES, COUNTER_SLOTS, E_BAD_RECORD, E_OUT_FULL,
  OUT_ASK_COUNT, OUT_BID_COUNT, OUT_EXCH_TS_MS, OUT_FLAGS, OUT_ID, OUT_LEVEL_CHANGES,
  OUTF_CROSSED, OUTF_RESYNC, OUTF_SNAPSHOT, OUT_HEAD_F64, outStrideF64,
} from '../layout/book-out.js';
import {
  EV_AUX_U32, EV_EXCH_TS, EV_FLAGS, EV_FVAL, EV_ID, EV_IVAL,
  EV_PX, EV_QTY, EVENT_F64, EVENT_U32, KIND_DEPTH, KIND_LEVEL, KIND_MASK, KIND_TICKER,
  KIND_TRADE, MAX_PX_TICKS, SIDE_BID,
} from '../layout/event.js';
import { readCounters, type BookCounters } from './counters.js';
import { DepthSequencer, SEQ_SKIPPED, SEQ_STALE } from './reference-seq.js';
import { TickTrie } from './tick-trie.js';
import { checkCount, resolveOptions, type BookKernel, type BookKernelOptions, type SideView } from './types.js';
import { kernelError } from '../errors.js';

/**
 * Observers of the reference book's message loop, for the TS feature reference
 * (src/features/engine.ts), which needs the book before and after each message and
 * every level change with its old size. The kernels fuse features natively instead.
 */
export interface BookHooks {
  /** A TRADE record at input index `rec`. */
  trade?(rec: number): void;
  /** The depth message at `hdr` broke the sequence: the book was cleared and is invalid until a snapshot. */
  gap?(hdr: number): void;
  /** A depth message at `hdr` was admitted and is about to be applied (book still as before it). */
  beforeMessage?(hdr: number, outFlags: number): void;
  /** One level record applied: sizes in lots before and after. */
  level?(isBid: boolean, pxTicks: number, oldLots: number, newLots: number): void;
  /** The message at `hdr` has been applied and its output record written. */
  afterMessage?(hdr: number, outFlags: number): void;
}

export class ReferenceBook implements BookKernel {
  /** Optional observers (feature reference); undefined in normal use. */
  hooks?: BookHooks;
  readonly backend = 'ts' as const;
  readonly input: Float64Array;
  readonly inputU32: Uint32Array;
  readonly inputI64: BigInt64Array;
  readonly recordCapacity: number;
  readonly output: Float64Array;
  readonly outputCapacity: number;
  readonly depth: number;
  private readonly bids = new TickTrie();
  private readonly asks = new TickTrie();
  private bestBid = 0; // ticks, 0 = side empty
  private bestAsk = 0;
  /** Update-id rules (shared with the paper venue's book). */
  private readonly seq = new DepthSequencer();
  private readonly c = new Float64Array(COUNTER_SLOTS);

  constructor(opts: BookKernelOptions) {
    ({ depth: this.depth, recordCapacity: this.recordCapacity, outputCapacity: this.outputCapacity } = resolveOptions(opts));
    const buf = new ArrayBuffer(this.recordCapacity * EVENT_F64 * 8);
    this.input = new Float64Array(buf);
    this.inputU32 = new Uint32Array(buf);
    this.inputI64 = new BigInt64Array(buf);
    this.output = new Float64Array(this.outputCapacity * outStrideF64(this.depth));
  }

  applyBatch(count: number): number {
    checkCount(count, this.recordCapacity);
    const rc = this.run(count);
    if (rc < 0) throw kernelError(rc, 'ts');
    return rc;
  }

  private run(count: number): number {
    const u32 = this.inputU32;
    const c = this.c;
    let out = 0;
    let i = 0;
    while (i < count) {
      const flags = u32[i * EVENT_U32 + EV_FLAGS];
      const kind = flags & KIND_MASK;
      if (kind === KIND_TRADE) { c[C_TRADES]++; this.hooks?.trade?.(i); i++; continue; }
      if (kind === KIND_TICKER) { c[C_TICKERS]++; i++; continue; }
      if (kind !== KIND_DEPTH) return E_BAD_RECORD;
      const nLevels = u32[i * EVENT_U32 + EV_AUX_U32];
      if (i + 1 + nLevels > count) return E_BAD_RECORD;
      // Checked before the header touches any state, so a full output never half-applies a message.
      if (out >= this.outputCapacity) return E_OUT_FULL;
      c[C_DEPTH_MESSAGES]++;
      const outFlags = this.admit(i, flags);
      if (outFlags >= 0) {
        this.hooks?.beforeMessage?.(i, outFlags);
        const changes = this.applyLevels(i + 1, nLevels);
        this.writeOut(out++, i, outFlags, changes);
        this.hooks?.afterMessage?.(i, outFlags);
      }
      i += 1 + nLevels;
    }
    return out;
  }

  /** Decides what a depth header does to the book (DepthSequencer); returns output flags, or -1 to skip it. */
  private admit(i: number, flags: number): number {
    const r = this.input;
    const o = i * EVENT_F64;
    const c = this.c;
    const a = this.seq.admit(flags, r[o + EV_ID], r[o + EV_IVAL], r[o + EV_FVAL]);
    if (a >= 0) {
      if ((a & OUTF_SNAPSHOT) !== 0) this.clearBook();
      if ((a & OUTF_RESYNC) !== 0) c[C_RESYNCS]++;
      return a;
    }
    if (a === SEQ_SKIPPED) { c[C_SKIPPED]++; return -1; }
    if (a === SEQ_STALE) { c[C_STALE]++; return -1; }
    c[C_GAPS]++;
    c[C_LAST_GAP_LINE] = r[o + EV_PX];
    this.clearBook();
    this.hooks?.gap?.(i);
    return -1;
  }

  /** Applies `n` LEVEL records starting at record `start`; returns how many were applied. */
  private applyLevels(start: number, n: number): number {
    const r = this.input;
    const u32 = this.inputU32;
    let applied = 0;
    let bidDirty = false;
    let askDirty = false;
    for (let k = start; k < start + n; k++) {
      const flags = u32[k * EVENT_U32 + EV_FLAGS];
      const px = r[k * EVENT_F64 + EV_PX];
      const qty = r[k * EVENT_F64 + EV_QTY];
      if ((flags & KIND_MASK) !== KIND_LEVEL || !(px >= 1 && px <= MAX_PX_TICKS) ||
          !Number.isInteger(px) || !(qty >= 0) || !Number.isInteger(qty)) {
        this.c[C_REJECTED]++;
        continue;
      }
      applied++;
      const isBid = (flags & SIDE_BID) !== 0;
      if (this.hooks?.level) this.hooks.level(isBid, px, (isBid ? this.bids : this.asks).get(px), qty);
      if (isBid) {
        this.bids.set(px, qty);
        if (qty > 0) { if (px > this.bestBid) this.bestBid = px; } else if (px === this.bestBid) bidDirty = true;
      } else {
        this.asks.set(px, qty);
        if (qty > 0) { if (this.bestAsk === 0 || px < this.bestAsk) this.bestAsk = px; } else if (px === this.bestAsk) askDirty = true;
      }
    }
    // A deleted best is looked up once per message, after all its levels.
    if (bidDirty && this.bids.get(this.bestBid) === 0) this.bestBid = Math.max(0, this.bids.findLE(this.bestBid));
    if (askDirty && this.asks.get(this.bestAsk) === 0) this.bestAsk = Math.max(0, this.asks.findGE(this.bestAsk));
    this.c[C_LEVEL_CHANGES] += applied;
    return applied;
  }

  private writeOut(slot: number, hdr: number, flags: number, changes: number): void {
    const c = this.c;
    const o = this.output;
    const base = slot * outStrideF64(this.depth);
    c[C_APPLIED]++;
    if (this.bestBid > 0 && this.bestAsk > 0 && this.bestBid >= this.bestAsk) {
      flags |= OUTF_CROSSED;
      c[C_CROSSED]++;
      c[C_LAST_CROSSED_LINE] = this.input[hdr * EVENT_F64 + EV_PX];
    }
    o[base + OUT_FLAGS] = flags;
    o[base + OUT_ID] = this.input[hdr * EVENT_F64 + EV_ID];
    o[base + OUT_EXCH_TS_MS] = Number(this.inputI64[hdr * EVENT_F64 + EV_EXCH_TS] / 1_000_000n);
    o[base + OUT_LEVEL_CHANGES] = changes;
    o[base + OUT_BID_COUNT] = this.bids.count;
    o[base + OUT_ASK_COUNT] = this.asks.count;
    o[base + 6] = 0;
    o[base + 7] = 0;
    let p = base + OUT_HEAD_F64;
    let px = this.bestBid > 0 ? this.bestBid : -1;
    for (let d = 0; d < this.depth; d++, p += 2) {
      if (px > 0) { o[p] = px; o[p + 1] = this.bids.get(px); px = this.bids.findLE(px - 1); } else { o[p] = 0; o[p + 1] = 0; }
    }
    px = this.bestAsk > 0 ? this.bestAsk : -1;
    for (let d = 0; d < this.depth; d++, p += 2) {
      if (px > 0) { o[p] = px; o[p + 1] = this.asks.get(px); px = this.asks.findGE(px + 1); } else { o[p] = 0; o[p + 1] = 0; }
    }
  }

  private clearBook(): void {
    this.bids.clear();
    this.asks.clear();
    this.bestBid = 0;
    this.bestAsk = 0;
  }

  counters(): BookCounters {
    return readCounters(this.c);
  }

  /** The bid side as it stands after the last batch. */
  get bidView(): SideView {
    const t = this.bids;
    const best = (): number => this.bestBid;
    return {
      get count() { return t.count; },
      best,
      next: (px) => Math.max(0, t.findLE(px - 1)),
      qty: (px) => t.get(px),
    };
  }

  /** The ask side as it stands after the last batch. */
  get askView(): SideView {
    const t = this.asks;
    const best = (): number => this.bestAsk;
    return {
      get count() { return t.count; },
      best,
      next: (px) => Math.max(0, t.findGE(px + 1)),
      qty: (px) => t.get(px),
    };
  }

  reset(): void {
    this.clearBook();
    this.seq.reset();
    this.c.fill(0);
  }

  close(): void {}
}
