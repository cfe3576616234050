/**
 * The live market pipeline: raw frames (with their local receive time) →
 * parser → feature kernel (+ the live HHT stage, which never waits) → rows →
 * predictions → TradingLoop. Same parts as replay (src/engine/replay.ts); the
 * difference is timing: frames are queued as they arrive and a pump drains the
 * queue, so whatever arrived while the previous batch was being decided is
 * handled as the next batch (natural micro-batching, no unbounded backlog of
 * promises).
 *
 * Tick-to-decision latency = time the row's decision finished − receive time of
 * the frame the row came from (matched by update id through the records the
 * kernel applied).
 */
import { BookPipeline } from '../book/pipeline.js';
import type { FeatureKernel } from '../features/kernel.js';
import type { FrameParser } from '../feed/frame-parser.js';
import type { HhtStage } from '../hht/stage.js';
import { EV_AUX_U32, EV_FLAGS, EV_ID, EV_LOCAL_TS, EVENT_F64, EVENT_U32, KIND_DEPTH, KIND_MASK } from '../layout/event.js';
import { ROW_TS_MS, ROW_U } from '../layout/feature-row.js';
import type { TradingSession } from '../engine/session.js';
import { RowBuffer } from '../engine/row-buffer.js';
import { LatencyHistogram } from './latency-histogram.js';

export interface LiveEngineParts {
  kernel: FeatureKernel;
  parser: FrameParser;
  session: TradingSession;
  hht?: HhtStage;
  holdBeforeSnapshot: boolean;
  /** Called after each batch was ticked (state saving, dashboards). */
  afterBatch?: (rows: number) => void;
  /** Errors of the pump (the engine keeps running; the caller logs them). */
  onError: (err: Error) => void;
  /** The clock the feed stamps receive times with (ns since the epoch). */
  clockNs: () => bigint;
}

export class LiveEngine {
  readonly latency = new LatencyHistogram();
  /** Rows ticked. */
  rows = 0;
  /** Exchange time of the last row, and the wall clock (ms) when it was ticked. */
  lastRowTsMs = NaN;
  lastRowWallMs = NaN;
  private queue: string[] = [];
  private pumping = false;
  private stopped = false;
  private readonly pipeline: BookPipeline;
  private readonly buffer: RowBuffer;
  private readonly stride: number;
  /** Receive time (ns) of each depth message in the current batch, by update id. */
  private readonly recvNsByU = new Map<number, number>();

  constructor(private readonly p: LiveEngineParts) {
    this.stride = p.hht ? p.hht.outStride : p.kernel.rowStride;
    this.buffer = new RowBuffer(this.stride, 256);
    const venue = p.session.loop.parts.venue;
    this.pipeline = new BookPipeline(p.kernel, p.parser, {
      holdBeforeSnapshot: p.holdBeforeSnapshot,
      beforeApply: (input, count) => { this.noteRecvTimes(input, count); venue.enqueue(input, count); },
      onApplied: (rows, n) => this.buffer.push(p.hht ? p.hht.join(rows, n) : rows, n),
    });
    p.parser.beginFile();
  }

  /** A raw data frame as received; `recvNs` = local receive time, ns since the epoch. */
  push(frame: string, recvNs: bigint): void {
    if (this.stopped) return;
    // The parser's `<receive time> <frame>` line format carries the receive time into the records.
    this.queue.push(`${recvNs} ${frame}\n`);
    if (!this.pumping) void this.pump();
  }

  /** Stops taking frames; resolves when the batch in hand is done. */
  async stop(): Promise<void> {
    this.stopped = true;
    while (this.pumping) await new Promise((r) => setTimeout(r, 1));
  }

  /** Frames waiting for the pump. */
  get backlog(): number {
    return this.queue.length;
  }

  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      while (this.queue.length > 0 && !this.stopped) {
        const lines = this.queue;
        this.queue = [];
        await this.batch(Buffer.from(lines.join(''), 'utf8'));
      }
    } catch (err) {
      this.p.onError(err as Error);
    } finally {
      this.pumping = false;
    }
  }

  private async batch(bytes: Buffer): Promise<void> {
    this.buffer.clear();
    this.recvNsByU.clear();
    this.pipeline.feed(bytes);
    const n = this.buffer.count;
    if (n === 0) return;
    const { loop, predictor } = this.p.session;
    const rows = this.buffer.rows;
    const preds = predictor.predictSync ? predictor.predictSync(rows, n, this.stride) : await predictor.predict(rows, n, this.stride);
    const stride = this.stride;
    for (let i = 0; i < n; i++) {
      loop.tickRows(rows, i, i + 1, stride, preds);
      const recvNs = this.recvNsByU.get(rows[i * stride + ROW_U]);
      if (recvNs !== undefined) this.latency.record(Number(this.p.clockNs()) - recvNs);
    }
    this.rows += n;
    this.lastRowTsMs = rows[(n - 1) * stride + ROW_TS_MS];
    this.lastRowWallMs = Date.now();
    this.p.afterBatch?.(n);
  }

  /** Records the receive time of every depth header the kernel is about to apply. */
  private noteRecvTimes(input: Float64Array, count: number): void {
    // The kernel's own views of its input (no views allocated per batch).
    const { inputU32: u32, inputI64: i64 } = this.p.kernel;
    for (let i = 0; i < count;) {
      const flags = u32[i * EVENT_U32 + EV_FLAGS];
      if ((flags & KIND_MASK) !== KIND_DEPTH) { i++; continue; }
      this.recvNsByU.set(input[i * EVENT_F64 + EV_ID], Number(i64[i * EVENT_F64 + EV_LOCAL_TS]));
      i += 1 + u32[i * EVENT_U32 + EV_AUX_U32];
    }
  }
}
