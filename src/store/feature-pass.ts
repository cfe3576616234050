/**
 * One pass of a stream through parser → book → feature kernel, cut into batches
 * of at most N frames: after each batch the caller gets the batch's frames and the
 * feature rows they produced, and commits them (ingest, recompute). Same engine,
 * same rows as `btc-engine features` on the same input. With HHT settings the
 * rows carry the HHT columns from the worker stage in replay timing; call
 * start() before run() (run starts it otherwise) and close() at the end.
 */
import { BookPipeline } from '../book/pipeline.js';
import { UsageError } from '../errors.js';
import { createParser } from '../book/backends.js';
import type { BackendName } from '../book/types.js';
import type { FrameParser } from '../feed/frame-parser.js';
import type { Instrument } from '../feed/instrument.js';
import { REJECT_KINDS } from '../feed/reject.js';
import type { StreamItem } from '../feed/stream.js';
import { createFeatureKernel } from '../features/backends.js';
import type { Calibration } from '../features/calibrate.js';
import type { FeatureKernel } from '../features/kernel.js';
import { startHhtStage, type HhtStage, type HhtStageOptions } from '../hht/stage.js';
import { hhtFeatureDefs } from '../features/registry.js';
import { takeFrames, type FrameSpan } from './frames.js';
import { RowStage } from './row-table.js';

/** What decides the rows: the same for every batch of a source. */
export interface FeatureSettings {
  backend: BackendName;
  instrument: Instrument;
  extended: boolean;
  calibration?: Calibration;
  /** HHT columns after the feature columns (absent: none). */
  hht?: HhtStageOptions;
}

/** Reports bad input once per kind (src/cli/report.ts OncePerKind fits). */
export interface Reporter {
  where: string;
  report(kind: string, where: string, detail: string): boolean;
}

/** A batch handed to the caller: frames are spans of `bytes`; rows are in `rows` (stage). */
export interface Batch {
  part: string;
  bytes: Buffer;
  /** Input bytes (decompressed) this batch covered. */
  byteCount: number;
  frames: FrameSpan[];
  rows: RowStage;
}

export class FeaturePass {
  readonly kernel: FeatureKernel;
  readonly parser: FrameParser;
  readonly stage: RowStage;
  /** Parts (files, zip entries) in the order met, with the frame each starts at. */
  readonly parts: Array<{ name: string; firstFrame: number }> = [];
  /** Damaged containers met. */
  problems = 0;
  private readonly pipeline: BookPipeline;
  private framesSeen = 0;
  private hht: HhtStage | undefined;
  private closed = false;

  constructor(private readonly settings: FeatureSettings, private readonly report: Reporter) {
    const { backend, instrument, extended, calibration } = settings;
    this.kernel = createFeatureKernel(backend, instrument, { calibration, extended });
    this.parser = createParser(this.kernel, instrument, (kind, line, detail) => {
      report.report(REJECT_KINDS[kind], `${report.where}:${line}`, detail);
    });
    this.stage = new RowStage(this.kernel.rowStride + (settings.hht ? hhtFeatureDefs(settings.hht.k).length : 0));
    this.pipeline = new BookPipeline(this.kernel, this.parser, {
      holdBeforeSnapshot: instrument.exchange === 'binance',
      onApplied: (rows, n) => this.stage.pushAll(this.hht ? this.hht.join(rows, n) : rows, n),
    });
  }

  /** Starts the HHT worker when the settings ask for HHT columns; resolves to its backend (undefined without HHT). */
  async start(): Promise<string | undefined> {
    if (this.settings.hht && !this.hht) {
      let stage: HhtStage;
      try {
        stage = await startHhtStage(this.kernel.rowStride, this.settings.hht);
      } catch (err) {
        throw new UsageError(`features.hht: ${(err as Error).message}`);
      }
      if (this.closed) { stage.close(); throw new Error('feature pass closed while its HHT worker started'); }
      this.hht = stage;
    }
    return this.hht?.backend;
  }

  /** Runs the stream; `onBatch` is called after every batch of up to `batchFrames` frames. */
  async run(items: AsyncIterable<StreamItem>, batchFrames: number, onBatch: (b: Batch) => void): Promise<void> {
    await this.start();
    const frames: FrameSpan[] = [];
    for await (const item of items) {
      if ('problem' in item) {
        this.problems++;
        this.report.report('truncated-input', item.part, item.problem);
        continue;
      }
      if (item.first) {
        this.report.where = item.part;
        this.parser.beginFile();
        this.parts.push({ name: item.part, firstFrame: this.framesSeen });
      }
      const bytes = item.bytes;
      for (let pos = 0; pos < bytes.length;) {
        frames.length = 0;
        const next = takeFrames(bytes, pos, bytes.length, batchFrames, frames);
        this.stage.clear();
        this.pipeline.feed(bytes.subarray(pos, next));
        this.reportBook();
        this.framesSeen += frames.length;
        onBatch({ part: item.part, bytes, byteCount: next - pos, frames, rows: this.stage });
        pos = next;
      }
    }
  }

  close(): void {
    this.closed = true;
    this.hht?.close();
    this.kernel.close();
  }

  private reportBook(): void {
    const c = this.kernel.counters();
    const r = this.report;
    if (c.gaps > 0) r.report('gap', `${r.where}:${c.lastGapLine}`, `update-id sequence broken; book invalid until the next snapshot (${c.gaps} so far)`);
    if (c.crossed > 0) r.report('crossed', `${r.where}:${c.lastCrossedLine}`, `best bid >= best ask after applying the message (${c.crossed} so far)`);
  }
}
