/**
 * `btc-engine hht`: decomposes one series and writes IMFs, residue, sift counts,
 * the Hilbert spectrum of each IMF and the timing as one JSON file (contract in
 * issue 4). Timing covers the decomposition + Hilbert only, median and p99 over
 * --repeat runs on the same input.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { UsageError } from '../errors.js';
import type { BackendChoice } from '../book/backends.js';
import { openHhtKernel } from '../hht/worker/open-kernel.js';
import { modeOptions, type EmdMode } from '../hht/modes.js';
import type { EmdResult } from '../hht/emd.js';
import type { HilbertSpectrum } from '../hht/hilbert.js';

export interface HhtCommandOptions {
  input: string;
  column?: string;
  mode: EmdMode;
  backend: BackendChoice;
  fixe?: number;
  maxImf?: number;
  repeat: number;
  out: string;
}

export function runHht(o: HhtCommandOptions): number {
  const x = readSeries(o.input, o.column);
  // auto: native if built, else wasm, else the TS reference (the HHT ports land after this command).
  let kernel;
  try {
    kernel = openHhtKernel(o.backend, Math.max(3, x.length)); // a too-short input is reported by decompose()
  } catch (err) {
    throw new UsageError(`--backend ${o.backend}: ${(err as Error).message}`);
  }
  const backend = kernel.backend;
  const opts = modeOptions(o.mode, { ...(o.fixe !== undefined && { fixe: o.fixe }), ...(o.maxImf !== undefined && { maxImf: o.maxImf }) });
  let result: EmdResult | undefined;
  let spectra: HilbertSpectrum[] = [];
  const us: number[] = [];
  try {
    for (let r = 0; r < o.repeat; r++) {
      const t0 = process.hrtime.bigint();
      result = kernel.decompose(x, opts);
      spectra = result.imfs.map((imf) => kernel.hilbert(imf));
      us.push(Number(process.hrtime.bigint() - t0) / 1e3);
    }
  } catch (err) {
    if (err instanceof RangeError) throw new UsageError(`${o.input}: ${err.message}`);
    throw err;
  } finally {
    kernel.close();
  }
  us.sort((a, b) => a - b);
  const doc = {
    imfs: result!.imfs.map((a) => Array.from(a)),
    residue: Array.from(result!.residue),
    siftsPerImf: result!.siftsPerImf,
    hilbert: spectra.map((s) => ({
      amplitude: Array.from(s.amplitude), phase: Array.from(s.phaseRad), freq: Array.from(s.frequencyCyclesPerSample),
    })),
    timing: { repeat: o.repeat, medianUs: us[us.length >> 1]!, p99Us: us[Math.min(us.length - 1, Math.floor(0.99 * us.length))]! },
  };
  try {
    writeFileSync(o.out, JSON.stringify(doc));
  } catch (err) {
    throw new UsageError(`cannot write ${o.out}: ${(err as Error).message}`);
  }
  process.stderr.write(`btc-engine hht: ${x.length} samples, ${result!.imfs.length} IMFs (sifts ${result!.siftsPerImf.join(', ')}), ` +
    `${backend} ${o.mode}, median ${doc.timing.medianUs.toFixed(1)} µs over ${o.repeat}\n`);
  return 0;
}

/**
 * The series: a JSON file with an `input` array (../shared/hht-vectors), or CSV with
 * a header (--column NAME, default the first column), or one number per line.
 */
export function readSeries(file: string, column?: string): Float64Array {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as Error).message}`);
  }
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return fromJson(file, trimmed);
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length === 0) throw new UsageError(`${file}: no samples`);
  const first = lines[0]!.split(',').map((c) => c.trim());
  const hasHeader = first.some((c) => c === '' || !Number.isFinite(Number(c)));
  let col = 0;
  if (hasHeader) {
    col = column === undefined ? 0 : first.indexOf(column);
    if (col < 0) throw new UsageError(`${file}: no column "${column}" (columns: ${first.join(', ')})`);
  } else if (column !== undefined) {
    throw new UsageError(`${file}: --column needs a CSV header line`);
  }
  const body = hasHeader ? lines.slice(1) : lines;
  const x = new Float64Array(body.length);
  body.forEach((l, i) => {
    const cell = l.split(',')[col]?.trim() ?? '';
    const v = cell === '' ? NaN : Number(cell);
    if (!Number.isFinite(v)) throw new UsageError(`${file}:${i + (hasHeader ? 2 : 1)}: "${cell}" is not a finite number`);
    x[i] = v;
  });
  return x;
}

function fromJson(file: string, text: string): Float64Array {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${file}: not valid JSON (${(err as Error).message})`);
  }
  const arr = Array.isArray(doc) ? doc : (doc as { input?: unknown }).input;
  if (!Array.isArray(arr)) throw new UsageError(`${file}: expected an "input" array`);
  const x = new Float64Array(arr.length);
  arr.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new UsageError(`${file}: input[${i}] is not a finite number`);
    x[i] = v;
  });
  return x;
}
