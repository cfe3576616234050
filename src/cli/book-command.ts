/**
 * `btc-engine book`: rebuild the L2 book of one recording (several files = one
 * continuous stream) and print best bid/ask, top-N or a summary. Output formats
 * are contracts (issue 2): see README "btc-engine book". Input is streamed in
 * whole-line chunks, so a day archive of any size runs in constant memory.
 */
import { loadConfig } from '../config/load.js';
import { createBook, createParser, resolveBackend, type BackendChoice } from '../book/backends.js';
import { BookPipeline } from '../book/pipeline.js';
import type { Venue } from '../feed/instrument.js';
import { REJECT_KINDS } from '../feed/reject.js';
import { formatRecord, type EmitMode } from './format.js';
import { OncePerKind } from './report.js';
import { StdoutBuffer } from './stdout.js';
import { consume, openInput } from './input.js';

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

/** Runs the command; resolves to the process exit status. */
export async function runBook(files: string[], o: BookCommandOptions): Promise<number> {
  const cfg = loadConfig(o.config, [
    [['kernels'], o.backend], [['instrument', 'exchange'], o.exchange], [['instrument', 'symbol'], o.symbol],
    [['instrument', 'tick'], o.tick], [['instrument', 'lot'], o.lot],
  ]);
  const report = new OncePerKind('btc-engine book');
  const { instrument, items } = await openInput(files, cfg, report, 'btc-engine book');

  const backend = resolveBackend(cfg.kernels);
  const depth = o.emit === 'top' ? o.depth : 1;
  const kernel = createBook(backend, { depth });
  const parser = createParser(kernel, instrument, (kind, line, detail) => {
    report.report(REJECT_KINDS[kind], `${report.where}:${line}`, detail);
  });
  const out = new StdoutBuffer();
  const pipeline = new BookPipeline(kernel, parser, {
    holdBeforeSnapshot: instrument.exchange === 'binance',
    onApplied: o.emit === 'summary' ? undefined : (buf, n) => {
      for (let i = 0; i < n; i++) out.line(formatRecord(buf, i, depth, o.emit as 'bbo' | 'top', instrument.tick, instrument.lot, o.depth));
    },
  });
  try {
    const containerProblems = await consume(items, parser, pipeline, kernel, report);
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
