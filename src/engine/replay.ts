/**
 * Replay: the whole engine on recorded data, feed → book → features → HHT →
 * predictions → decision → execution → paper venue → portfolio / risk, through
 * the same parts the paper runtime uses. As fast as possible by default; with
 * `speed` the rows are ticked no faster than exchange time / speed.
 *
 * Per slice of an input chunk (at most SLICE_BYTES of whole lines, replay-slices.ts):
 * the pipeline parses and applies it, handing the venue the records before each
 * kernel batch and collecting the rows (with HHT columns when on); then
 * predictions for those rows are made in batches and the rows are ticked in
 * order. Nothing depends on wall time, so the same input and config give the
 * same trades.
 */
import { BookPipeline } from '../book/pipeline.js';
import type { BookCounters } from '../book/counters.js';
import { createParser, resolveBackend } from '../book/backends.js';
import type { Config } from '../config/schema.js';
import { createFeatureKernel } from '../features/backends.js';
import type { Instrument } from '../feed/instrument.js';
import type { StreamItem } from '../feed/stream.js';
import { REJECT_KINDS } from '../feed/reject.js';
import { hhtStageOptions, startHhtStage, type HhtStage } from '../hht/stage.js';
import { ROW_TS_MS } from '../layout/feature-row.js';
import type { OncePerKind } from '../cli/report.js';
import { RowBuffer } from './row-buffer.js';
import { sliceEnd } from './replay-slices.js';
import { openSession, type TradingSession } from './session.js';

/** Rows per onnxruntime call. */
const PREDICT_ROWS = 4096;

export interface ReplayRun {
  session: TradingSession;
  instrument: Instrument;
  /** Depth messages applied (= rows ticked). */
  messages: number;
  frames: number;
  rejectedFrames: number;
  /** Exchange time of the first and last row, ms. */
  firstTsMs: number;
  lastTsMs: number;
  /** Wall time of the whole run, ms (never in the report: it would break byte-identical reports). */
  wallMs: number;
  kernelBackend: string;
  hhtBackend: string | undefined;
  /** The engine book's counters (gaps, resyncs, crossed…). */
  book: BookCounters;
}

export interface ReplayInput {
  cfg: Config;
  configFile?: string;
  instrument: Instrument;
  items: AsyncIterable<StreamItem>;
  report: OncePerKind;
  /** Exchange-time speed-up (1 = real time); undefined = as fast as possible. */
  speed?: number;
  /** Called once the session is open, before the first row (the dashboard starts here). */
  onStart?: (probe: ReplayProbe) => Promise<void> | void;
  /**
   * Unpaced runs give the event loop a turn at least this often (ms of wall
   * time), so a dashboard served from this thread stays live; default never.
   */
  yieldEveryMs?: number;
}

/** A running replay as a dashboard reads it (valid after the run too). */
export interface ReplayProbe {
  session: TradingSession;
  /** Input lines read and rejected so far. */
  frames(): number;
  rejectedFrames(): number;
  /** The engine book's counters (the last ones once the kernel is closed). */
  book(): BookCounters;
  /** HHT IMF columns in the rows (0 = HHT off). */
  hhtImfs: number;
  /** True once every row was ticked and the venue flushed. */
  done(): boolean;
}

/** Rows ticked between checks of the wall clock when yielding (yieldEveryMs). */
const YIELD_CHECK_ROWS = 256;

export async function replay(inp: ReplayInput): Promise<ReplayRun> {
  const t0 = performance.now();
  const { cfg, instrument, report } = inp;
  const backend = resolveBackend(cfg.kernels);
  const engine = createFeatureKernel(backend, instrument, { extended: cfg.features.extended });
  const parser = createParser(engine, instrument, (kind, line, detail) => {
    report.report(REJECT_KINDS[kind], `${report.where}:${line}`, detail);
  });
  const hhtOptions = hhtStageOptions(cfg.features.hht);
  let hht: HhtStage | undefined;
  if (hhtOptions) hht = await startHhtStage(engine.rowStride, hhtOptions);
  const stride = hht ? hht.outStride : engine.rowStride;
  let session: TradingSession;
  try {
    session = await openSession(cfg, instrument, { configFile: inp.configFile, hhtImfs: hhtOptions?.k ?? 0 });
  } catch (err) {
    hht?.close();
    engine.close();
    throw err;
  }
  const { loop, predictor } = session;
  const venue = loop.parts.venue;
  const buffer = new RowBuffer(stride);
  const pipeline = new BookPipeline(engine, parser, {
    holdBeforeSnapshot: instrument.exchange === 'binance',
    beforeApply: (input, count) => venue.enqueue(input, count),
    onApplied: (rows, n) => buffer.push(hht ? hht.join(rows, n) : rows, n),
  });
  const pace = inp.speed ? new Pacer(inp.speed) : undefined;
  let finalCounters: BookCounters | undefined;
  let done = false;
  const yieldMs = inp.yieldEveryMs;
  let lastYieldMs = performance.now();
  let messages = 0;
  let firstTsMs = NaN;
  let lastTsMs = NaN;
  /** Predicts and ticks the rows in `buffer`, in order (paced, yielding as asked). */
  async function tickBuffered(): Promise<void> {
    for (let from = 0; from < buffer.count; from += PREDICT_ROWS) {
      const n = Math.min(PREDICT_ROWS, buffer.count - from);
      const rows = buffer.rows.subarray(from * stride, (from + n) * stride);
      const preds = await predictor.predict(rows, n, stride);
      if (!pace && yieldMs === undefined) { loop.tickRows(rows, 0, n, stride, preds); continue; }
      if (!pace) {
        for (let i = 0; i < n; i += YIELD_CHECK_ROWS) {
          loop.tickRows(rows, i, Math.min(n, i + YIELD_CHECK_ROWS), stride, preds);
          if (performance.now() - lastYieldMs >= yieldMs!) {
            await new Promise((r) => setImmediate(r));
            lastYieldMs = performance.now();
          }
        }
        continue;
      }
      for (let i = 0; i < n; i++) {
        await pace!.until(rows[i * stride + ROW_TS_MS]);
        loop.tickRows(rows, i, i + 1, stride, preds);
        if (yieldMs !== undefined && performance.now() - lastYieldMs >= yieldMs) {
          await new Promise((r) => setImmediate(r));
          lastYieldMs = performance.now();
        }
      }
    }
  }
  try {
    await inp.onStart?.({
      session, hhtImfs: hhtOptions?.k ?? 0, frames: () => parser.stats.lines, rejectedFrames: () => parser.stats.rejected,
      book: () => finalCounters ?? engine.counters(), done: () => done,
    });
    for await (const item of inp.items) {
      if ('problem' in item) { report.report('truncated-input', item.part, item.problem); continue; }
      if (item.first) { report.where = item.part; parser.beginFile(); }
      const bytes = item.bytes;
      for (let pos = 0; pos < bytes.length;) {
        const end = sliceEnd(bytes, pos);
        pipeline.feed(bytes.subarray(pos, end));
        pos = end;
        reportBookProblems(engine.counters(), report);
        if (buffer.count === 0) continue;
        if (Number.isNaN(firstTsMs)) firstTsMs = buffer.rows[ROW_TS_MS];
        lastTsMs = buffer.rows[(buffer.count - 1) * stride + ROW_TS_MS];
        await tickBuffered();
        messages += buffer.count;
        buffer.clear();
      }
    }
    loop.finish();
    done = true;
  } finally {
    hht?.close();
    await predictor.close();
  }
  const counters = engine.counters();
  finalCounters = counters;
  engine.close();
  return {
    session, instrument, messages, frames: parser.stats.lines, rejectedFrames: parser.stats.rejected,
    firstTsMs, lastTsMs, wallMs: performance.now() - t0, kernelBackend: backend, hhtBackend: hht?.backend,
    book: counters,
  };
}

/** The first gap and crossed book on stderr with where they were (then only counted), as the book command does. */
function reportBookProblems(c: BookCounters, report: OncePerKind): void {
  if (c.gaps > 0) report.report('gap', `${report.where}:${c.lastGapLine}`, `update-id sequence broken; book invalid until the next snapshot, no trading meanwhile (${c.gaps} so far)`);
  if (c.crossed > 0) report.report('crossed', `${report.where}:${c.lastCrossedLine}`, `best bid >= best ask after applying the message; no trading on it (${c.crossed} so far)`);
}

/** Holds ticks back so exchange time runs at most `speed` times wall time. */
class Pacer {
  private wall0 = NaN;
  private ts0 = NaN;
  constructor(private readonly speed: number) {}

  async until(tsMs: number): Promise<void> {
    if (Number.isNaN(this.ts0)) { this.ts0 = tsMs; this.wall0 = performance.now(); return; }
    const due = this.wall0 + (tsMs - this.ts0) / this.speed;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
  }
}
