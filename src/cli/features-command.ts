/**
 * `btc-engine features`: one feature row per applied book message of a recording
 * (every K-th with --every), as CSV or JSONL. Contract (issue 3): header
 * `ts,u,book_flags,<feature names in registry order>`; NaN is an empty CSV cell or
 * `null` in JSONL; `ts` is exchange ms, `u` the exchange update id.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { UsageError } from '../errors.js';
import { loadConfig } from '../config/load.js';
import { BookPipeline } from '../book/pipeline.js';
import { createParser, resolveBackend, type BackendChoice } from '../book/backends.js';
import { dirname, resolve } from 'node:path';
import { createFeatureKernel } from '../features/backends.js';
import { loadCalibration, type Calibration } from '../features/calibrate.js';
import { featureDefs } from '../features/registry.js';
import type { Venue } from '../feed/instrument.js';
import { REJECT_KINDS } from '../feed/reject.js';
import { ROW_FEATURES, ROW_FLAGS, ROW_TS_MS, ROW_U } from '../layout/feature-row.js';
import { consume, openInput } from './input.js';
import { OncePerKind } from './report.js';
import { StdoutBuffer } from './stdout.js';

export interface FeaturesCommandOptions {
  config?: string;
  exchange?: Venue | 'auto';
  backend?: BackendChoice;
  format: 'csv' | 'jsonl';
  every: number;
  /** Append the extended set (overrides config features.extended). */
  extended?: boolean;
  out?: string;
  symbol?: string;
  tick?: string;
  lot?: string;
}

const FLUSH_CHARS = 1 << 20;

export async function runFeatures(files: string[], o: FeaturesCommandOptions): Promise<number> {
  const cfg = loadConfig(o.config, [
    [['kernels'], o.backend], [['instrument', 'exchange'], o.exchange], [['instrument', 'symbol'], o.symbol],
    [['instrument', 'tick'], o.tick], [['instrument', 'lot'], o.lot], [['features', 'extended'], o.extended],
  ]);
  const backend = resolveBackend(cfg.kernels);
  const extended = cfg.features.extended;
  const names = featureDefs(extended).map((d) => d.name);
  const who = 'btc-engine features';
  let calibration: Calibration | undefined;
  if (cfg.features.calibration) {
    // Relative to the config file that names it.
    const file = resolve(o.config ? dirname(o.config) : '.', cfg.features.calibration);
    try {
      calibration = loadCalibration(file);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  }
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
  let fd: number | undefined;
  if (o.out) {
    try {
      fd = openSync(o.out, 'w');
    } catch (err) {
      throw new UsageError(`cannot write ${o.out}: ${(err as Error).message}`);
    }
  }
  // stdout goes through process.stdout (a pipe may take only part of a raw write);
  // a file gets whole synchronous writes.
  const stdout = fd === undefined ? new StdoutBuffer() : undefined;
  let buf = '';
  const flush = (): void => {
    if (buf && fd !== undefined) writeAll(fd, buf);
    buf = '';
  };
  const emit = (s: string): void => {
    if (stdout) { stdout.line(s); return; }
    buf += `${s}\n`;
    if (buf.length >= FLUSH_CHARS) flush();
  };
  if (o.format === 'csv') emit(`ts,u,book_flags,${names.join(',')}`);
  const stride = engine.rowStride;
  let seen = 0;
  const pipeline = new BookPipeline(engine, parser, {
    holdBeforeSnapshot: instrument.exchange === 'binance',
    onApplied: (rows, n) => {
      for (let i = 0; i < n; i++, seen++) {
        if (seen % o.every !== 0) continue;
        emit(o.format === 'csv' ? csvRow(rows, i * stride, names) : jsonRow(rows, i * stride, names));
      }
    },
  });
  try {
    await consume(items, parser, pipeline, engine, report);
    flush();
    stdout?.flush();
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return 0;
}

/** Writes all of `s`, however many calls the file takes. */
function writeAll(fd: number, s: string): void {
  const b = Buffer.from(s);
  for (let off = 0; off < b.length;) off += writeSync(fd, b, off);
}

function csvRow(r: Float64Array, b: number, names: readonly string[]): string {
  let s = `${r[b + ROW_TS_MS]},${r[b + ROW_U]},${r[b + ROW_FLAGS]}`;
  for (let k = 0; k < names.length; k++) {
    const v = r[b + ROW_FEATURES + k];
    s += Number.isNaN(v) ? ',' : `,${v}`;
  }
  return s;
}

function jsonRow(r: Float64Array, b: number, names: readonly string[]): string {
  let s = `{"ts":${r[b + ROW_TS_MS]},"u":${r[b + ROW_U]},"book_flags":${r[b + ROW_FLAGS]}`;
  for (let k = 0; k < names.length; k++) {
    const v = r[b + ROW_FEATURES + k];
    s += `,"${names[k]}":${Number.isFinite(v) ? v : 'null'}`;
  }
  return s + '}';
}
