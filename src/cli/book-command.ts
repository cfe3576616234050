/**
 * `btc-engine book`: rebuild the L2 book of one recording (several files = one
 * continuous stream) and print best bid/ask, top-N or a summary. Output formats
 * are contracts (issue 2): see README "btc-engine book". Input is streamed in
 * whole-line chunks, so a day archive of any size runs in constant memory.
 */
import { accessSync, constants as fsc } from 'node:fs';
import { UsageError } from '../errors.js';
import { loadConfig } from '../config/load.js';
import { createBook, createParser, resolveBackend, type BackendChoice } from '../book/backends.js';
import { BookPipeline } from '../book/pipeline.js';
import { streamFile, type StreamItem } from '../feed/stream.js';
import { detectInstrument } from '../feed/detect.js';
import { gridText } from '../feed/decimal.js';
import type { Instrument, Venue } from '../feed/instrument.js';
import { REJECT_KINDS } from '../feed/reject.js';
import { formatRecord, type EmitMode } from './format.js';
import { OncePerKind } from './report.js';
import { StdoutBuffer } from './stdout.js';

export interface BookCommandOptions {
  config?: string;
  /** Flags override the config file (undefined = not given). */
  exchange?: Venue | 'auto';
  backend?: BackendChoice;
  emit: EmitMode;
  depth: number;
  symbol?: string;
  tick?: string;
  lot?: string;
  strict: boolean;
}

/** Bytes of the first decompressed lines the instrument is detected from. */
const SAMPLE_BYTES = 1 << 20;

/** Runs the command; resolves to the process exit status. */
export async function runBook(files: string[], o: BookCommandOptions): Promise<number> {
  const cfg = loadConfig(o.config, [
    [['kernels'], o.backend], [['instrument', 'exchange'], o.exchange], [['instrument', 'symbol'], o.symbol],
    [['instrument', 'tick'], o.tick], [['instrument', 'lot'], o.lot],
  ]);
  for (const f of files) {
    try {
      accessSync(f, fsc.R_OK);
    } catch (err) {
      throw new UsageError(`cannot read ${f}: ${(err as Error).message}`);
    }
  }
  const report = new OncePerKind('btc-engine book');
  const items = streamAll(files);
  // Hold the first lines back until the instrument is known.
  const held: StreamItem[] = [];
  let sampled = 0;
  while (sampled < SAMPLE_BYTES) {
    const r = await items.next();
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
  noteInstrument(instrument);

  const backend = resolveBackend(cfg.kernels);
  const depth = o.emit === 'top' ? o.depth : 1;
  const kernel = createBook(backend, { depth });
  let where = '';
  const parser = createParser(kernel, instrument, (kind, line, detail) => {
    report.report(REJECT_KINDS[kind], `${where}:${line}`, detail);
  });
  const out = new StdoutBuffer();
  const pipeline = new BookPipeline(kernel, parser, {
    holdBeforeSnapshot: instrument.exchange === 'binance',
    onApplied: o.emit === 'summary' ? undefined : (buf, n) => {
      for (let i = 0; i < n; i++) out.line(formatRecord(buf, i, depth, o.emit as 'bbo' | 'top', instrument.tick, instrument.lot, o.depth));
    },
  });
  let containerProblems = 0;
  const handle = (item: StreamItem): void => {
    if ('problem' in item) {
      containerProblems++;
      report.report('truncated-input', item.part, item.problem);
      return;
    }
    if (item.first) { where = item.part; parser.beginFile(); }
    pipeline.feed(item.bytes);
    const c = kernel.counters();
    if (c.gaps > 0) report.report('gap', `${where}:${c.lastGapLine}`, `update-id sequence broken; book invalid until the next snapshot (${c.gaps} so far)`);
    if (c.crossed > 0) report.report('crossed', `${where}:${c.lastCrossedLine}`, `best bid >= best ask after applying the message (${c.crossed} so far)`);
  };
  try {
    for (const item of held) handle(item);
    for await (const item of items) handle(item);
    const c = kernel.counters();
    const s = parser.stats;
    const rejected = s.rejected + c.rejected + containerProblems;
    if (o.emit === 'summary') {
      out.line(JSON.stringify({
        messages: s.lines, bookMessages: c.applied, levelChanges: c.levelChanges, trades: s.trades,
        gaps: c.gaps, resyncs: c.resyncs, crossed: c.crossed, rejected, backend,
        elapsedMs: Math.round(Number(pipeline.elapsedNs) / 1e4) / 100,
        exchange: instrument.exchange, market: instrument.market, symbol: instrument.symbol,
        tickers: s.tickers, ignored: s.ignored, stale: c.stale, skipped: c.skipped,
      }));
    }
    out.flush();
    return o.strict && rejected + c.gaps + c.crossed > 0 ? 1 : 0;
  } finally {
    kernel.close();
  }
}

async function* streamAll(files: string[]): AsyncGenerator<StreamItem> {
  for (const f of files) yield* streamFile(f);
}

/** Says on stderr where tick and lot did not come straight from the table. */
function noteInstrument(i: Instrument): void {
  if (!i.known) {
    process.stderr.write(`btc-engine book: ${i.symbol} is not in the instrument table; using tick ${gridText(i.tick)} and lot ${gridText(i.lot)} inferred from the data (override with --tick / --lot)\n`);
  }
  if (i.lotRefined) {
    process.stderr.write(`btc-engine book: sizes in the first frames are finer than the ${i.symbol} lot in the table; reading them on a ${gridText(i.lot)} grid (override with --lot)\n`);
  }
}
