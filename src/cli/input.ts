/**
 * Shared input handling of the recording commands (`book`, `features`): checks
 * the files, streams them, detects the instrument from the first MiB of lines,
 * and hands every chunk to a consumer with file-change and problem reporting.
 */
import { accessSync, constants as fsc } from 'node:fs';
import { UsageError } from '../errors.js';
import type { Config } from '../config/schema.js';
import { detectInstrument } from '../feed/detect.js';
import { gridText } from '../feed/decimal.js';
import type { Instrument } from '../feed/instrument.js';
import { streamFile, type StreamItem } from '../feed/stream.js';
import type { OncePerKind } from './report.js';
import type { BookPipeline } from '../book/pipeline.js';
import type { BookKernel } from '../book/types.js';
import type { FrameParser } from '../feed/frame-parser.js';

/** Bytes of the first decompressed lines the instrument is detected from. */
const SAMPLE_BYTES = 1 << 20;

export interface OpenedInput {
  instrument: Instrument;
  /** Every chunk of the stream, the sampled ones first. */
  items: AsyncGenerator<StreamItem>;
}

/** Opens the files as one stream and detects its instrument (UsageError when impossible). */
export async function openInput(files: string[], cfg: Config, report: OncePerKind, who: string): Promise<OpenedInput> {
  for (const f of files) {
    try {
      accessSync(f, fsc.R_OK);
    } catch (err) {
      throw new UsageError(`cannot read ${f}: ${(err as Error).message}`);
    }
  }
  const rest = streamAll(files);
  const held: StreamItem[] = [];
  let sampled = 0;
  while (sampled < SAMPLE_BYTES) {
    const r = await rest.next();
    if (r.done) break;
    held.push(r.value);
    if ('bytes' in r.value) sampled += r.value.bytes.length;
  }
  const sample = Buffer.concat(held.flatMap((i) => ('bytes' in i ? [i.bytes] : []))).subarray(0, SAMPLE_BYTES);
  if (sample.length === 0) {
    for (const i of held) if ('problem' in i) report.report('truncated-input', i.part, i.problem);
    throw new UsageError('no input: every file is empty or unreadable');
  }
  const ic = cfg.instrument;
  const instrument = detectInstrument(sample, {
    venue: ic.exchange === 'auto' ? undefined : ic.exchange, symbol: ic.symbol, tick: ic.tick, lot: ic.lot, table: cfg.instruments,
  });
  noteInstrument(instrument, who);
  async function* items(): AsyncGenerator<StreamItem> {
    yield* held;
    yield* rest;
  }
  return { instrument, items: items() };
}

async function* streamAll(files: string[]): AsyncGenerator<StreamItem> {
  for (const f of files) yield* streamFile(f);
}

/** Says on stderr where tick and lot did not come straight from the table. */
function noteInstrument(i: Instrument, who: string): void {
  if (!i.known) {
    process.stderr.write(`${who}: ${i.symbol} is not in the instrument table; using tick ${gridText(i.tick)} and lot ${gridText(i.lot)} inferred from the data (override with --tick / --lot)\n`);
  }
  if (i.lotRefined) {
    process.stderr.write(`${who}: sizes in the first frames are finer than the ${i.symbol} lot in the table; reading them on a ${gridText(i.lot)} grid (override with --lot)\n`);
  }
}

/**
 * Feeds every chunk to the pipeline: a new part starts a new file for the parser
 * (line numbers) and the reporter (`report.where`); container problems and the first
 * gap / crossed book are reported once. Resolves to the number of container problems.
 */
export async function consume(items: AsyncIterable<StreamItem>, parser: FrameParser, pipeline: BookPipeline,
                              kernel: BookKernel, report: OncePerKind): Promise<number> {
  let problems = 0;
  for await (const item of items) {
    if ('problem' in item) {
      problems++;
      report.report('truncated-input', item.part, item.problem);
      continue;
    }
    if (item.first) { report.where = item.part; parser.beginFile(); }
    pipeline.feed(item.bytes);
    const c = kernel.counters();
    if (c.gaps > 0) report.report('gap', `${report.where}:${c.lastGapLine}`, `update-id sequence broken; book invalid until the next snapshot (${c.gaps} so far)`);
    if (c.crossed > 0) report.report('crossed', `${report.where}:${c.lastCrossedLine}`, `best bid >= best ask after applying the message (${c.crossed} so far)`);
  }
  return problems;
}
