/**
 * `btc-engine calibrate`: fits the three offline-calibrated feature parameters
 * (VPIN bucket size, iOFI weights, micro-price g* table) from recordings and
 * writes one JSON file that `features` loads through config `features.calibration`
 * (docs/FEATURES.md "Calibration"). A short summary goes to stderr.
 */
import { writeFileSync } from 'node:fs';
import { UsageError } from '../errors.js';
import { loadConfig } from '../config/load.js';
import { BookPipeline } from '../book/pipeline.js';
import { createParser } from '../book/backends.js';
import { CalibrationCollector, fitCalibration } from '../features/calibrate.js';
import { FeatureEngine } from '../features/engine.js';
import type { Venue } from '../feed/instrument.js';
import { REJECT_KINDS } from '../feed/reject.js';
import { consume, openInput } from './input.js';
import { OncePerKind } from './report.js';

export interface CalibrateCommandOptions {
  config?: string;
  exchange?: Venue | 'auto';
  out?: string;
  symbol?: string;
  tick?: string;
  lot?: string;
}

export async function runCalibrate(files: string[], o: CalibrateCommandOptions): Promise<number> {
  const cfg = loadConfig(o.config, [
    [['instrument', 'exchange'], o.exchange], [['instrument', 'symbol'], o.symbol],
    [['instrument', 'tick'], o.tick], [['instrument', 'lot'], o.lot],
  ]);
  const who = 'btc-engine calibrate';
  const report = new OncePerKind(who);
  const { instrument, items } = await openInput(files, cfg, report, who);
  const collector = new CalibrationCollector();
  const engine = new FeatureEngine(instrument, { modules: [collector] });
  const parser = createParser(engine, instrument, (kind, line, detail) => {
    report.report(REJECT_KINDS[kind], `${report.where}:${line}`, detail);
  });
  const pipeline = new BookPipeline(engine, parser, { holdBeforeSnapshot: instrument.exchange === 'binance' });
  await consume(items, parser, pipeline, engine, report);
  collector.finish();
  const { calibration: cal, warnings } = fitCalibration(collector, instrument);
  const text = `${JSON.stringify(cal, null, 2)}\n`;
  if (o.out) {
    try {
      writeFileSync(o.out, text);
    } catch (err) {
      throw new UsageError(`cannot write ${o.out}: ${(err as Error).message}`);
    }
  } else {
    process.stdout.write(text);
  }
  for (const w of warnings) process.stderr.write(`${who}: warning: ${w}\n`);
  const st = cal.stats;
  const hours = (Number(st.spanMs) / 3_600_000).toFixed(2);
  const f = (x: number): string => x.toFixed(4);
  process.stderr.write(
    `${who}: ${cal.instrument.symbol} ${hours} h of exchange time, ${String(st.trades)} trades\n` +
    `  vpinBucketBtc ${cal.vpinBucketBtc} (${String(st.vpinBucketLots)} lots)\n` +
    `  iofi weights (${String(st.iofiBars)} bars${st.iofiFitted ? '' : ', default'}): ${cal.iofi.weights.map(f).join(' ')}\n` +
    `  microprice: ${cal.microprice.imbalanceEdges.length + 1} buckets; transitions ${String(st.microTransitions ?? 0)}, kept ${String(st.microKept ?? 0)}, ` +
    `dropped |dm| > 1 tick ${String(st.microDroppedLargeMove ?? 0)} (${(100 * Number(st.microDroppedLargeMoveFraction ?? 0)).toFixed(1)}%), ` +
    `outside spread states ${String(st.microDroppedOutsideStates ?? 0)}\n` +
    cal.microprice.adjustmentTicks.map((r, i) => `  g* S=${cal.microprice.spreadTicks[i]}: ${r.map(f).join(' ')}\n`).join(''),
  );
  return 0;
}
