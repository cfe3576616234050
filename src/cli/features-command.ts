/**
 * `btc-engine features`: one feature row per applied book message of a recording
 * (every K-th with --every), as CSV or JSONL. Contract (issue 3): header
 * `ts,u,book_flags,<feature names in registry order>`; NaN is an empty CSV cell or
 * `null` in JSONL; `ts` is exchange ms, `u` the exchange update id. With
 * features.hht.enabled (or --hht) the HHT columns follow, computed on a worker in
 * replay timing (docs/HHT.md): deterministic, each row sees only the past.
 */
import { UsageError } from '../errors.js';
import { loadConfig } from '../config/load.js';
import { BookPipeline } from '../book/pipeline.js';
import { createParser, resolveBackend, type BackendChoice } from '../book/backends.js';
import { createFeatureKernel } from '../features/backends.js';
import { rowFeatureDefs } from '../features/registry.js';
import { hhtStageOptions, startHhtStage, type HhtStage } from '../hht/stage.js';
import type { Venue } from '../feed/instrument.js';
import { REJECT_KINDS } from '../feed/reject.js';
import { consume, openInput } from './input.js';
import { OncePerKind } from './report.js';
import { loadConfiguredCalibration } from './calibration-file.js';
import { LineSink } from './line-sink.js';
import { csvHeader, rowFormatter } from './row-format.js';

export interface FeaturesCommandOptions {
  config?: string;
  exchange?: Venue | 'auto';
  backend?: BackendChoice;
  format: 'csv' | 'jsonl';
  every: number;
  /** Append the extended set (overrides config features.extended). */
  extended?: boolean;
  /** Append the HHT columns (overrides config features.hht.enabled). */
  hht?: boolean;
  out?: string;
  symbol?: string;
  tick?: string;
  lot?: string;
}

export async function runFeatures(files: string[], o: FeaturesCommandOptions): Promise<number> {
  const cfg = loadConfig(o.config, [
    [['kernels'], o.backend], [['instrument', 'exchange'], o.exchange], [['instrument', 'symbol'], o.symbol],
    [['instrument', 'tick'], o.tick], [['instrument', 'lot'], o.lot], [['features', 'extended'], o.extended],
    [['features', 'hht', 'enabled'], o.hht],
  ]);
  const backend = resolveBackend(cfg.kernels);
  const extended = cfg.features.extended;
  const hhtOptions = hhtStageOptions(cfg.features.hht);
  const names = rowFeatureDefs(extended, hhtOptions?.k ?? 0).map((d) => d.name);
  const who = 'btc-engine features';
  const { calibration } = loadConfiguredCalibration(cfg, o.config);
  const report = new OncePerKind(who);
  const { instrument, items } = await openInput(files, cfg, report, who);
  if (calibration && calibration.instrument.symbol !== instrument.symbol) {
    process.stderr.write(`${who}: the calibration was fitted on ${calibration.instrument.symbol}, the stream is ${instrument.symbol}\n`);
  }
  let engine;
  try {
    engine = createFeatureKernel(backend, instrument, { calibration, extended });
  } catch (err) {
    if (err instanceof RangeError) throw new UsageError(`calibration: ${err.message}`);
    throw err;
  }
  const parser = createParser(engine, instrument, (kind, line, detail) => {
    report.report(REJECT_KINDS[kind], `${report.where}:${line}`, detail);
  });
  let hht: HhtStage | undefined;
  if (hhtOptions) hht = await startHhtStage(engine.rowStride, hhtOptions);
  const out = LineSink.open(o.out);
  const format = rowFormatter(o.format);
  if (o.format === 'csv') out.line(csvHeader(names));
  const stride = hht ? hht.outStride : engine.rowStride;
  let seen = 0;
  const pipeline = new BookPipeline(engine, parser, {
    holdBeforeSnapshot: instrument.exchange === 'binance',
    onApplied: (kernelRows, n) => {
      const rows = hht ? hht.join(kernelRows, n) : kernelRows;
      for (let i = 0; i < n; i++, seen++) {
        if (seen % o.every !== 0) continue;
        out.line(format(rows, i * stride, names));
      }
    },
  });
  try {
    await consume(items, parser, pipeline, engine, report);
  } finally {
    hht?.close();
    out.close();
  }
  return 0;
}
