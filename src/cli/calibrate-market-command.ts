/**
 * `btc-engine calibrate-market FILE...`: fits the synthetic market's parameters
 * (src/feed/synthetic/, docs/SYNTHETIC.md) from Bybit recordings. Each file is
 * read as its own stream through the project's parser and reference book; the
 * statistics are pooled. Writes the parameters as JSON (stdout or --out; an --out
 * ending in .ts writes the module the repo ships as its defaults) and a summary
 * on stderr; --check also generates the fitted market and prints its stylised
 * facts beside the recordings'.
 */
import { createHash } from 'node:crypto';
import { createReadStream, statSync, writeFileSync } from 'node:fs';
import { UsageError } from '../errors.js';
import { loadConfig } from '../config/load.js';
import { createBook, createParser } from '../book/backends.js';
import { BookPipeline } from '../book/pipeline.js';
import { gridText } from '../feed/decimal.js';
import { REJECT_KINDS } from '../feed/reject.js';
import { MarketCollector } from '../feed/synthetic/collect.js';
import { measureFacts, type StylisedFacts } from '../feed/synthetic/facts.js';
import { fitInsideRate } from '../feed/synthetic/moment-fit.js';
import { FIT_BUCKET_EDGES_LOTS, FIT_NEAR_LEVELS, FIT_WINDOW_TICKS, fitMarket } from '../feed/synthetic/fit.js';
import type { FittedFile, SyntheticParams } from '../feed/synthetic/params.js';
import { streamFile } from '../feed/stream.js';
import { syntheticRecording } from '../exchange/offline.js';
import { consume, openInput } from './input.js';
import { OncePerKind } from './report.js';

export interface CalibrateMarketOptions {
  out?: string;
  config?: string;
  /** Seconds of synthetic market to measure against the recordings (0 = no check). */
  check?: number;
  seed?: number;
}

const who = 'btc-engine calibrate-market';

export async function runCalibrateMarket(files: string[], o: CalibrateMarketOptions): Promise<number> {
  const cfg = loadConfig(o.config, [[['instrument', 'exchange'], 'bybit']]);
  const collector = new MarketCollector(FIT_NEAR_LEVELS + 1, FIT_BUCKET_EDGES_LOTS, FIT_WINDOW_TICKS);
  const fitted: FittedFile[] = [];
  let inst: { symbol: string; tick: string; lot: string } | undefined;
  for (const file of files) {
    const report = new OncePerKind(who);
    const { instrument, items } = await openInput([file], cfg, report, who);
    if (instrument.market !== 'linear') throw new UsageError(`${file}: calibrate-market fits a Bybit linear perpetual, this is ${instrument.market}`);
    const here = { symbol: instrument.symbol, tick: gridText(instrument.tick), lot: gridText(instrument.lot) };
    if (inst && (inst.symbol !== here.symbol || inst.tick !== here.tick || inst.lot !== here.lot)) {
      throw new UsageError(`${file}: ${here.symbol} (tick ${here.tick}, lot ${here.lot}) differs from the first file's ${inst.symbol} (tick ${inst.tick}, lot ${inst.lot})`);
    }
    inst = here;
    const kernel = createBook('ts', { depth: 1 });
    const parser = createParser(kernel, instrument, (kind, line, detail) => report.report(REJECT_KINDS[kind], `${report.where}:${line}`, detail));
    collector.beginFile();
    const pipeline = new BookPipeline(kernel, parser, {
      holdBeforeSnapshot: false,
      beforeApply: (input, n) => collector.records(input, kernel.inputU32, kernel.inputI64, n),
    });
    await consume(items, parser, pipeline, kernel, report);
    collector.endFile();
    fitted.push({
      path: file, bytes: statSync(file).size, sha256: await sha256(file), spanS: collector.spansS[collector.spansS.length - 1] ?? 0,
      depthMessages: parser.stats.depthMessages, levelChanges: kernel.counters().levelChanges, trades: parser.stats.trades,
    });
    kernel.close();
  }
  const { params, hawkes, warnings } = fitMarket(collector, fitted, `btc-engine calibrate-market ${files.join(' ')}`, inst!);
  const targetShare = collector.bookS > 0 ? collector.oneTickS / collector.bookS : 1;
  const direct = params.insideSpread.ratePerTickPerS;
  const inside = fitInsideRate(params, targetShare);
  params.insideSpread.ratePerTickPerS = inside.ratePerTickPerS;
  params.fittedFrom.notes.push(
    `inside-spread rate: direct estimate ${direct}/s per tick and side; simulated-moments fit to the recorded one-tick time share ` +
    `${targetShare.toFixed(4)} gives ${inside.ratePerTickPerS} (synthetic share ${inside.share.toFixed(4)}, ${inside.iterations} runs of 300 s, seed 7)`);
  // Arrays of numbers on one line: the file stays readable (and reviewable) at ~150 lines.
  const json = `${JSON.stringify(params, null, 2).replace(/\[\s+([-0-9.e,\s]*?)\s+\]/g, (_, xs: string) => `[${xs.split(/,\s*/).join(', ')}]`)}\n`;
  const text = o.out?.endsWith('.ts') ? tsModule(json) : json;
  if (o.out) {
    try { writeFileSync(o.out, text); } catch (err) { throw new UsageError(`cannot write ${o.out}: ${(err as Error).message}`); }
  } else {
    process.stdout.write(text);
  }
  for (const w of warnings) process.stderr.write(`${who}: warning: ${w}\n`);
  const m = params.market;
  const l0 = params.levels[0];
  process.stderr.write(
    `${who}: ${files.length} file(s), ${fitted.reduce((s, f) => s + f.spanS, 0).toFixed(1)} s, ${params.fittedFrom.notes[0]}\n` +
    `  market orders: Hawkes base ${m.baseRatePerS.toFixed(3)}/s, ${m.kernels.map((k) => `branching ${k.branching.toFixed(3)} decay ${k.decayPerS.toFixed(2)}/s`).join(' + ')} ` +
    `(mean rate ${(m.baseRatePerS / (1 - m.kernels.reduce((s, k) => s + k.branching, 0))).toFixed(2)}/s over ${hawkes.arrivals} orders); buy ${m.buyProb.toFixed(3)}, persistence ${m.sidePersistence.toFixed(3)}\n` +
    `  order size: body ln N(${m.sizeLots.lnMean.toFixed(2)}, ${m.sizeLots.lnSd.toFixed(2)}) lots, Pareto tail above ${m.sizeLots.tailFromLots} lots ` +
    `(p ${m.sizeLots.tailProb.toFixed(3)}, alpha ${m.sizeLots.tailAlpha.toFixed(2)}); prints per fill 1 + Poisson(${m.prints.scale.toFixed(3)}·fill^${m.prints.exponent.toFixed(2)}), weights ln sd ${m.prints.weightLnSd}\n` +
    `  best level: add/s by queue bucket ${l0.addRatePerS.map((x) => x.toFixed(2)).join(' ')}\n` +
    `              cancel/s by bucket    ${l0.cancelRatePerS.map((x) => x.toFixed(2)).join(' ')} (full ${l0.cancelFullProb.toFixed(2)})\n` +
    `  inside-spread placements ${params.insideSpread.ratePerTickPerS.toFixed(2)}/s per tick and side (${params.fittedFrom.notes[params.fittedFrom.notes.length - 1]})\n`,
  );
  if (o.check) await check(files, params, o.check, o.seed ?? 1);
  return 0;
}

async function check(files: string[], params: SyntheticParams, seconds: number, seed: number): Promise<void> {
  const rows: Array<[string, StylisedFacts]> = [];
  for (const f of files) rows.push([f.slice(f.lastIndexOf('/') + 1), await measureFacts(chunksOf(f))]);
  const lines = syntheticRecording({ params, seed, durationMs: seconds * 1000, depth: 1 });
  rows.push([`synthetic seed ${seed}, ${seconds} s`, await measureFacts([Buffer.from(lines.join('\n') + '\n')])]);
  const f2 = (x: number | null): string => (x === null ? 'n/a' : x.toFixed(2));
  process.stderr.write('  stylised facts: span s | spread 1 tick | 1 s returns: n, std bps, excess kurtosis, zero share, acf|r| lag 1..3 | prints/s, median, p99, p99/median lots\n');
  for (const [name, s] of rows) {
    const r = s.returns1s, t = s.trades;
    process.stderr.write(`  ${name}: ${s.spanS.toFixed(0)} | ${s.spreadShare['1'].toFixed(3)} | ${r.n}, ${r.stdBps.toFixed(3)}, ${f2(r.excessKurtosis)}, ${r.zeroShare.toFixed(2)}, ` +
      `${r.absAcf.slice(0, 3).map((x) => x.toFixed(3)).join(' ')} | ${t.perS.toFixed(2)}, ${t.medianLots}, ${t.p99Lots}, ${t.p99OverMedian.toFixed(1)}\n`);
  }
}

async function* chunksOf(file: string): AsyncGenerator<Uint8Array> {
  for await (const item of streamFile(file)) if ('bytes' in item) yield item.bytes;
}

function sha256(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(file).on('data', (d) => h.update(d)).on('end', () => resolve(h.digest('hex'))).on('error', reject);
  });
}

function tsModule(json: string): string {
  return '/**\n * Default synthetic-market parameters, FITTED (not hand-set) by\n' +
    ' *   btc-engine calibrate-market FILE... --out src/feed/synthetic/default-params.ts\n' +
    ' * from the recordings named in `fittedFrom`. Regenerate with that command; do not edit.\n */\n' +
    "import type { SyntheticParams } from './params.js';\n\n" +
    `export const DEFAULT_PARAMS: SyntheticParams = ${json.trimEnd()};\n`;
}
