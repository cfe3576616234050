/**
 * Feature engine, TS reference: the reference book plus every feature module,
 * one feature row per applied book message (src/layout/feature-row.ts). It is a
 * BookKernel, so the same parser → pipeline loop that drives the book drives it.
 * The WASM and native feature kernels (issue 3, next increments) must match its
 * rows column by column.
 */
import { ReferenceBook } from '../book/reference.js';
import type { BookCounters } from '../book/counters.js';
import type { BookKernel, BookKernelOptions } from '../book/types.js';
import type { Instrument } from '../feed/instrument.js';
import { EV_EXCH_TS, EV_FLAGS, EV_ID, EV_PX, EV_QTY, EVENT_F64, EVENT_U32, SIDE_BUY } from '../layout/event.js';
import { OUTF_SNAPSHOT } from '../layout/book-out.js';
import { ROW_FEATURES, ROW_FLAGS, ROW_TS_MS, ROW_U, rowStride } from '../layout/feature-row.js';
import { computeExtended } from './extended.js';
import { FLAG_OFI_RESET, FLAG_WARMUP } from './registry.js';
import { computeStatic, DEFAULT_STATIC_PARAMS, type StaticParams } from './static.js';
import type { BookState, StatefulFeature, TradeEvent } from './stateful.js';
import { gridValue } from './units.js';

/** Rows in the first WARMUP_MS of exchange time carry FLAG_WARMUP. */
export const WARMUP_MS = 60_000;

export interface FeatureEngineOptions extends Omit<BookKernelOptions, 'depth'> {
  modules?: StatefulFeature[];
  staticParams?: StaticParams;
  /** Append the extended set (registry EXTENDED_FEATURES) to every row. */
  extended?: boolean;
}

export class FeatureEngine implements BookKernel {
  readonly backend = 'ts' as const;
  readonly depth = 1;
  readonly book: ReferenceBook;
  /** Feature rows of the last batch, stride `rowStride`. */
  readonly output: Float64Array;
  readonly extended: boolean;
  /** rowStride(extended) f64 slots per row. */
  readonly rowStride: number;
  readonly outputCapacity: number;
  private readonly modules: StatefulFeature[];
  private readonly staticParams: StaticParams;
  private rows = 0;
  private startMs = NaN;

  constructor(readonly instrument: Instrument, opts: FeatureEngineOptions = {}) {
    this.book = new ReferenceBook({ depth: 1, recordCapacity: opts.recordCapacity, outputCapacity: opts.outputCapacity });
    this.outputCapacity = this.book.outputCapacity;
    this.extended = opts.extended ?? false;
    this.rowStride = rowStride(this.extended);
    this.output = new Float64Array(this.outputCapacity * this.rowStride);
    this.modules = opts.modules ?? [];
    this.staticParams = opts.staticParams ?? DEFAULT_STATIC_PARAMS;
    this.book.hooks = {
      trade: (rec) => this.onTrade(rec),
      gap: (hdr) => { const t = this.tMs(hdr); for (const m of this.modules) m.onGap?.(t); },
      beforeMessage: (hdr, outFlags) => this.beforeMessage(hdr, outFlags),
      level: (isBid, px, oldLots, newLots) => { for (const m of this.modules) m.onLevel?.(isBid, px, oldLots, newLots); },
      afterMessage: (hdr, outFlags) => this.afterMessage(hdr, outFlags),
    };
  }

  get input(): Float64Array { return this.book.input; }
  get inputU32(): Uint32Array { return this.book.inputU32; }
  get inputI64(): BigInt64Array { return this.book.inputI64; }
  get recordCapacity(): number { return this.book.recordCapacity; }

  applyBatch(count: number): number {
    this.rows = 0;
    this.book.applyBatch(count);
    return this.rows;
  }

  counters(): BookCounters {
    return this.book.counters();
  }

  reset(): void {
    throw new Error('FeatureEngine keeps feature history; create a new one instead of resetting');
  }

  close(): void {}

  /** Exchange time of record `rec` in ms, keeping sub-ms digits. */
  private tMs(rec: number): number {
    const ns = this.book.inputI64[rec * EVENT_F64 + EV_EXCH_TS];
    const t = Number(ns / 1_000_000n) + Number(ns % 1_000_000n) / 1e6;
    if (Number.isNaN(this.startMs)) this.startMs = t;
    return t;
  }

  private onTrade(rec: number): void {
    const f = this.book.input;
    const o = rec * EVENT_F64;
    const t: TradeEvent = {
      tMs: this.tMs(rec),
      buy: (this.book.inputU32[rec * EVENT_U32 + EV_FLAGS] & SIDE_BUY) !== 0,
      pxTicks: f[o + EV_PX],
      qtyLots: f[o + EV_QTY],
    };
    for (const m of this.modules) m.onTrade?.(t);
  }

  private state(hdr: number, outFlags: number): BookState {
    const bids = this.book.bidView;
    const asks = this.book.askView;
    const b = bids.best();
    const a = asks.best();
    const valid = b > 0 && a > 0 && b <= a;
    const tick = this.instrument.tick;
    return {
      tMs: this.tMs(hdr), bids, asks, inst: this.instrument, valid,
      mid: valid ? (gridValue(b, tick) + gridValue(a, tick)) / 2 : NaN,
      resync: (outFlags & OUTF_SNAPSHOT) !== 0,
    };
  }

  private beforeMessage(hdr: number, outFlags: number): void {
    const s = this.state(hdr, outFlags);
    for (const m of this.modules) m.beforeBook?.(s);
  }

  private afterMessage(hdr: number, outFlags: number): void {
    const s = this.state(hdr, outFlags);
    const base = this.rows * this.rowStride;
    const row = this.output.subarray(base + ROW_FEATURES, base + this.rowStride);
    row.fill(NaN);
    let flags = computeStatic(s.bids, s.asks, this.instrument, row, this.staticParams);
    if (this.extended) computeExtended(s.bids, s.asks, this.instrument, row);
    for (const m of this.modules) flags |= m.afterBook(s, row);
    if (s.resync) flags |= FLAG_OFI_RESET;
    if (s.tMs - this.startMs < WARMUP_MS) flags |= FLAG_WARMUP;
    this.output[base + ROW_TS_MS] = Math.floor(s.tMs);
    this.output[base + ROW_U] = this.book.input[hdr * EVENT_F64 + EV_ID];
    this.output[base + ROW_FLAGS] = flags;
    this.rows++;
  }
}
