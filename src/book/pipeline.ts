/**
 * Parser → book kernel, batch by batch: the one loop every consumer of a
 * recording (CLI `book`, tests, benchmarks, later the replay source) runs.
 * Time spent in parse + apply is accumulated in `elapsedNs`; output handling in
 * the `onApplied` callback is not counted.
 */
import { EV_AUX_U32, EV_FLAGS, EVENT_BYTES, EVENT_U32, KIND_DEPTH, KIND_MASK } from '../layout/event.js';
import type { FrameParser } from '../feed/frame-parser.js';
import { PreSync } from './presync.js';
import type { BookKernel } from './types.js';

/** Called after each kernel batch with its output records (valid until the next call). */
export type AppliedHandler = (output: Float64Array, count: number) => void;

export interface PipelineOptions {
  /** Hold diffs until the first snapshot and after gaps (Binance REST-snapshot sync). */
  holdBeforeSnapshot: boolean;
  onApplied?: AppliedHandler;
}

export class BookPipeline {
  /** Nanoseconds spent parsing and applying. */
  elapsedNs = 0n;
  private readonly presync?: PreSync;
  private synced = false;
  private gapsSeen = 0;
  private readonly inputBytes: Uint8Array;
  private readonly onApplied: AppliedHandler;

  constructor(readonly kernel: BookKernel, readonly parser: FrameParser, opts: PipelineOptions) {
    if (opts.holdBeforeSnapshot) this.presync = new PreSync();
    this.onApplied = opts.onApplied ?? (() => {});
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
      if (this.presync && !this.synced) {
        this.elapsedNs += process.hrtime.bigint() - t0;
        this.applyHeld(n);
      } else {
        const out = this.kernel.applyBatch(n);
        this.elapsedNs += process.hrtime.bigint() - t0;
        this.onApplied(this.kernel.output, out);
      }
      this.trackGaps();
      if (next === pos) throw new Error(`parser made no progress at byte ${pos}`); // cannot happen: a line is consumed or rejected
      pos = next;
    }
  }

  /** After a gap the book needs a new snapshot; Binance diffs are held again until it comes. */
  private trackGaps(): void {
    if (!this.presync) return;
    const gaps = this.kernel.counters().gaps;
    if (gaps !== this.gapsSeen) {
      this.gapsSeen = gaps;
      this.synced = false;
    }
  }

  private applyHeld(n: number): void {
    const t0 = process.hrtime.bigint();
    const { out, synced } = this.presync!.route(this.inputBytes, this.kernel.inputU32, n);
    if (synced) this.synced = true;
    this.elapsedNs += process.hrtime.bigint() - t0;
    this.applyBytes(out);
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
      const out = this.kernel.applyBatch(j - i);
      this.elapsedNs += process.hrtime.bigint() - t0;
      this.onApplied(this.kernel.output, out);
      i = j;
    }
  }
}
