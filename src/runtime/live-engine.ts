/**
 * The live market pipeline, as the market worker runs it (market-worker.ts):
 * lines of `<receive ns> <frame>` read from the frame ring → parser → feature
 * kernel (+ the live HHT stage, which never waits) → rows → predictions →
 * TradingLoop. Same parts as replay (src/engine/replay.ts); the difference is
 * timing: each call handles whatever arrived while the previous batch was being
 * decided (natural micro-batching, no backlog beyond the ring).
 *
 * Tick-to-decision latency = time the row's decision finished − receive time of
 * the frame the row came from (matched by update id through the records the
 * kernel applied). Both clocks are the same wall clock (see FeedClock).
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

  /** Stops deciding: a batch in hand finishes, later ones are ignored. */
  stop(): void {
    this.stopped = true;
  }

  /**
   * Handles whole `<receive ns> <frame>` lines (the bytes are not kept). Returns
   * a promise only when predictions are asynchronous (an ONNX model).
   */
  process(bytes: Buffer): Promise<void> | void {
    if (this.stopped) return;
    return this.batch(bytes);
  }

  private batch(bytes: Buffer): Promise<void> | void {
    this.buffer.clear();
    this.recvNsByU.clear();
    this.pipeline.feed(bytes);
    const n = this.buffer.count;
    if (n === 0) return;
    const { predictor } = this.p.session;
    const rows = this.buffer.rows;
    if (predictor.predictSync) return this.decide(rows, n, predictor.predictSync(rows, n, this.stride));
    return predictor.predict(rows, n, this.stride).then((preds) => this.decide(rows, n, preds));
  }

  private decide(rows: Float64Array, n: number, preds: Float64Array[]): void {
    const { loop } = this.p.session;
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
