/**
 * `btc-engine book`: rebuild the L2 book of one recording (several files = one
 * continuous stream) and print best bid/ask, top-N or a summary. Output formats
 * are contracts (issue 2): see README "btc-engine book".
 */
import { UsageError } from '../errors.js';
import { loadConfig } from '../config/load.js';
import { createBook, createParser, resolveBackend, type BackendChoice } from '../book/backends.js';
import { BookPipeline } from '../book/pipeline.js';
import { readContainer, type ContainerPart } from '../feed/containers.js';
import { detectInstrument } from '../feed/detect.js';
import { gridText } from '../feed/decimal.js';
import type { Venue } from '../feed/instrument.js';
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

/** Runs the command; returns the process exit status. */
export function runBook(files: string[], o: BookCommandOptions): number {
  const cfg = loadConfig(o.config, [
    [['kernels'], o.backend], [['instrument', 'exchange'], o.exchange], [['instrument', 'symbol'], o.symbol],
    [['instrument', 'tick'], o.tick], [['instrument', 'lot'], o.lot],
  ]);
  const report = new OncePerKind('btc-engine book');
  let containerProblems = 0;
  const parts: ContainerPart[] = [];
  for (const f of files) {
    let r;
    try {
      r = readContainer(f);
    } catch (err) {
      throw new UsageError(`cannot read ${f}: ${(err as Error).message}`);
    }
    parts.push(...r.parts);
    for (const p of r.problems) { containerProblems++; report.report('truncated-input', f, p); }
  }
  const first = parts.find((p) => p.bytes.length > 0);
  if (!first) throw new UsageError('no input: every file is empty or unreadable');
  const ic = cfg.instrument;
  const instrument = detectInstrument(first.bytes.subarray(0, 1 << 20), {
    venue: ic.exchange === 'auto' ? undefined : ic.exchange, symbol: ic.symbol, tick: ic.tick, lot: ic.lot, table: cfg.instruments,
  });
  if (!instrument.known) {
    process.stderr.write(`btc-engine book: ${instrument.symbol} is not in the instrument table; using tick ${gridText(instrument.tick)} and lot ${gridText(instrument.lot)} inferred from the data (override with --tick / --lot)\n`);
  }
  if (instrument.lotRefined) {
    process.stderr.write(`btc-engine book: sizes in ${first.name} are finer than the ${instrument.symbol} lot table entry; reading them on a ${gridText(instrument.lot)} grid (override with --lot)\n`);
  }
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
  try {
    for (const part of parts) {
      where = part.name;
      parser.beginFile();
      pipeline.feed(part.bytes);
      const c = kernel.counters();
      if (c.gaps > 0) report.report('gap', `${where}:${c.lastGapLine}`, `update-id sequence broken; book invalid until the next snapshot (${c.gaps} so far)`);
      if (c.crossed > 0) report.report('crossed', `${where}:${c.lastCrossedLine}`, `best bid >= best ask after applying the message (${c.crossed} so far)`);
    }
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
