/** Shared setup for the benchmarks: recordings pre-parsed once, result rows, options. */
import { readContainer } from '../src/feed/containers.js';
import { detectInstrument } from '../src/feed/detect.js';
import { TsFrameParser } from '../src/feed/frame-parser.js';
import type { Instrument } from '../src/feed/instrument.js';
import { PreSync } from '../src/book/presync.js';
import { EV_AUX_U32, EV_FLAGS, EVENT_BYTES, EVENT_U32, KIND_DEPTH, KIND_MASK } from '../src/layout/event.js';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { PROJECT_ROOT } from '../src/native/load.js';

export const DATA = join(PROJECT_ROOT, '..', 'shared', 'data');

export interface BenchConfig {
  /** Milliseconds per task. */
  timeMs: number;
  /** Minimum runs per task. */
  iterations: number;
  quick: boolean;
}

/** One row of the printed table / JSON file. */
export interface BenchRow {
  suite: string;
  task: string;
  /** Mean time per task run, ms. */
  meanMs: number;
  samples: number;
  [metric: string]: string | number;
}

export interface Stream {
  name: string;
  instrument: Instrument;
  /** Decompressed bytes of all files, in order (one buffer per file). */
  files: Buffer[];
  /** Every record of the stream, parsed once (with Binance pre-snapshot order kept as recorded). */
  records: Uint8Array;
  recordCount: number;
  depthMessages: number;
  levelChanges: number;
  frames: number;
  /** Record index where each depth message starts. */
  msgStarts: number[];
}

export const STREAMS: Record<string, string[]> = {
  'bybit-shaped': ['bybit/derived_bybit-shaped_ob200_BTCUSDT_2023-04-04.jsonl'],
  'bybit-linear': ['bybit/bybit_linear_BTCUSDT_ob200_trades_2026-08-09.jsonl'],
  'binance-usdm': ['binance/usdm/btcusdt_20230404.dat.gz', 'binance/usdm/btcusdt_20230405.dat.gz'],
  'binance-spot': ['binance/spot/btcusdt_20240808.gz', 'binance/spot/btcusdt_20240809.gz'],
};

/** Loads and pre-parses a stream; throws if ../shared/data is missing. */
export function loadStream(name: string): Stream {
  const paths = STREAMS[name].map((f) => join(DATA, f));
  for (const p of paths) if (!existsSync(p)) throw new Error(`benchmark data ${p} is missing (../shared/data)`);
  const files = paths.flatMap((p) => readContainer(p).parts.map((x) => x.bytes));
  const instrument = detectInstrument(files[0].subarray(0, 1 << 20));
  const cap = 1 << 21;
  const buf = new ArrayBuffer(cap * EVENT_BYTES);
  const rb = { input: new Float64Array(buf), inputU32: new Uint32Array(buf), inputI64: new BigInt64Array(buf), recordCapacity: cap, outputCapacity: cap };
  const parser = new TsFrameParser(instrument, rb);
  // Binance diffs recorded before the REST snapshot are moved after it, as the
  // pipeline does, so every depth message of the stream is really applied.
  const presync = instrument.exchange === 'binance' ? new PreSync() : undefined;
  let synced = !presync;
  const chunks: Uint8Array[] = [];
  let recordCount = 0;
  for (const f of files) {
    parser.beginFile();
    let pos = 0;
    while (pos < f.length) {
      pos = parser.parse(f, pos, f.length);
      let chunk: Uint8Array = new Uint8Array(buf, 0, parser.records * EVENT_BYTES).slice();
      if (!synced) {
        const r = presync!.route(chunk, new Uint32Array(chunk.buffer), parser.records);
        chunk = r.out;
        synced = r.synced;
      }
      chunks.push(chunk);
      recordCount += chunk.length / EVENT_BYTES;
    }
  }
  const records = new Uint8Array(recordCount * EVENT_BYTES);
  let at = 0;
  for (const c of chunks) { records.set(c, at); at += c.length; }
  const u32 = new Uint32Array(records.buffer);
  const msgStarts: number[] = [];
  let levelChanges = 0;
  for (let i = 0; i < recordCount;) {
    if ((u32[i * EVENT_U32 + EV_FLAGS] & KIND_MASK) === KIND_DEPTH) {
      msgStarts.push(i);
      const n = u32[i * EVENT_U32 + EV_AUX_U32];
      levelChanges += n;
      i += 1 + n;
    } else i++;
  }
  return { name, instrument, files, records, recordCount, depthMessages: msgStarts.length, levelChanges, frames: parser.stats.lines, msgStarts };
}

/** Formats a number for the table with 3 significant digits. */
export function sig3(x: number): number {
  return Number(x.toPrecision(3));
}

/** A task that threw is reported (and makes the run exit non-zero), never silently dropped. */
export function reportFailure(t: { name: string; result?: unknown }): void {
  const err = (t.result as { error?: Error } | undefined)?.error;
  console.error(`bench task "${t.name}" failed: ${err?.message ?? 'no result'}`);
  process.exitCode = 1;
}
