/**
 * Parser → book kernel, batch by batch: the one loop every consumer of a
 * recording (CLI `book`, tests, benchmarks, later the replay source) runs.
 * Time spent in parse + apply is accumulated in `elapsedNs`; output handling in
 * the `onApplied` callback is not counted.
 */
import { EV_AUX_U32, EV_FLAGS, EVENT_BYTES, EVENT_F64, EVENT_U32, KIND_DEPTH, KIND_MASK } from '../layout/event.js';
import type { FrameParser } from '../feed/frame-parser.js';
import { PreSync } from './presync.js';
import { SeqTracker } from './seq-tracker.js';
import type { BookKernel } from './types.js';

/** Called after each kernel batch with its output records (valid until the next call). */
export type AppliedHandler = (output: Float64Array, count: number) => void;

export interface PipelineOptions {
  /** Hold diffs until the first snapshot and after gaps (Binance REST-snapshot sync). */
  holdBeforeSnapshot: boolean;
  onApplied?: AppliedHandler;
  /**
   * Called with the kernel's input right before each applyBatch: exactly the
   * records the kernel is about to apply, in order (the paper venue's feed).
   */
  beforeApply?: (input: Float64Array, count: number) => void;
}

export class BookPipeline {
  /** Nanoseconds spent parsing and applying. */
  elapsedNs = 0n;
  private readonly presync?: PreSync;
  private synced = false;
  /** Binance only: where the kernel's next gap falls (see feedSynced). */
  private readonly seq = new SeqTracker();
  private readonly inputBytes: Uint8Array;
  private readonly onApplied: AppliedHandler;
  private readonly beforeApply?: (input: Float64Array, count: number) => void;

  constructor(readonly kernel: BookKernel, readonly parser: FrameParser, opts: PipelineOptions) {
    if (opts.holdBeforeSnapshot) this.presync = new PreSync();
    this.onApplied = opts.onApplied ?? (() => {});
    this.beforeApply = opts.beforeApply;
    const inp = kernel.input;
    this.inputBytes = new Uint8Array(inp.buffer, inp.byteOffset, kernel.recordCapacity * EVENT_BYTES);
  }

  /** Diff messages dropped while waiting for a snapshot because too many were held. */
  get heldDropped(): number {
    return this.presync?.dropped ?? 0;
  }

  /** Feeds one decompressed file (whole lines); call parser.beginFile() before each file. */
  feed(bytes: Uint8Array): void {
    let pos = 0;
    while (pos < bytes.length) {
      const t0 = process.hrtime.bigint();
      const next = this.parser.parse(bytes, pos, bytes.length);
      const n = this.parser.records;
      if (!this.presync) {
        this.beforeApply?.(this.kernel.input, n);
        const out = this.kernel.applyBatch(n);
        this.elapsedNs += process.hrtime.bigint() - t0;
        this.onApplied(this.kernel.output, out);
      } else {
        this.elapsedNs += process.hrtime.bigint() - t0;
        this.feedSynced(n);
      }
      if (next === pos) throw new Error(`parser made no progress at byte ${pos}`); // cannot happen: a line is consumed or rejected
      pos = next;
    }
  }

  /**
   * Binance path for a parsed batch in the kernel's input. In sync and without a
   * gap ahead (the common case) it is applied in place. Otherwise the batch is cut
   * right after the gap the kernel will see, and everything behind the cut goes
   * through the pre-sync hold, so no diff that could bridge the resync snapshot is
   * skipped, wherever the batch boundaries fall.
   */
  private feedSynced(n: number): void {
    if (!this.synced) {
      this.route(this.inputBytes.slice(0, n * EVENT_BYTES));
      return;
    }
    const t0 = process.hrtime.bigint();
    const k = this.seq.cutAfterGap(this.kernel.input, this.kernel.inputU32, n);
    const rest = k < n ? this.inputBytes.slice(k * EVENT_BYTES, n * EVENT_BYTES) : undefined;
    this.beforeApply?.(this.kernel.input, k);
    const out = this.kernel.applyBatch(k);
    this.elapsedNs += process.hrtime.bigint() - t0;
    this.onApplied(this.kernel.output, out);
    if (this.seq.awaitingSnapshot) {
      this.synced = false;
      if (rest) this.route(rest);
    }
  }

  /** Records awaiting sync: hold diffs until a snapshot, then apply up to the next gap, and so on. */
  private route(bytes: Uint8Array): void {
    let rest = bytes;
    while (rest.length > 0) {
      const t0 = process.hrtime.bigint();
      const { out, synced } = this.presync!.route(rest, new Uint32Array(rest.buffer, rest.byteOffset, rest.length / 4), rest.length / EVENT_BYTES);
      this.elapsedNs += process.hrtime.bigint() - t0;
      if (!synced) { this.applyBytes(out); return; }
      this.synced = true;
      const total = out.length / EVENT_BYTES;
      const f64 = new Float64Array(out.buffer, out.byteOffset, total * EVENT_F64);
      const k = this.seq.cutAfterGap(f64, new Uint32Array(out.buffer, out.byteOffset, total * EVENT_U32), total);
      this.applyBytes(out.subarray(0, k * EVENT_BYTES));
      if (!this.seq.awaitingSnapshot) return;
      this.synced = false;
      rest = out.slice(k * EVENT_BYTES);
    }
  }

  /** Applies whole messages from `bytes` in batches that fit the kernel's capacities. */
  private applyBytes(bytes: Uint8Array): void {
    const total = bytes.length / EVENT_BYTES;
    const u32 = new Uint32Array(bytes.buffer, bytes.byteOffset, total * EVENT_U32);
    let i = 0;
    while (i < total) {
      let j = i;
      let depth = 0;
      while (j < total) {
        const flags = u32[j * EVENT_U32 + EV_FLAGS];
        const isDepth = (flags & KIND_MASK) === KIND_DEPTH;
        const len = isDepth ? 1 + u32[j * EVENT_U32 + EV_AUX_U32] : 1;
        if (j + len - i > this.kernel.recordCapacity || (isDepth && depth === this.kernel.outputCapacity)) break;
        if (isDepth) depth++;
        j += len;
      }
      const t0 = process.hrtime.bigint();
      this.inputBytes.set(bytes.subarray(i * EVENT_BYTES, j * EVENT_BYTES));
      this.beforeApply?.(this.kernel.input, j - i);
      const out = this.kernel.applyBatch(j - i);
      this.elapsedNs += process.hrtime.bigint() - t0;
      this.onApplied(this.kernel.output, out);
      i = j;
    }
  }
}
