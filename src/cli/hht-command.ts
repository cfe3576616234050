/**
 * `btc-engine hht`: decomposes one series and writes IMFs, residue, sift counts,
 * the Hilbert spectrum of each IMF and the timing as one JSON file (contract in
 * issue 4). Timing covers the decomposition + Hilbert only, median and p99 over
 * --repeat runs on the same input. A JSON input in the reference vectors' format
 * may carry the PyEMD settings it was made with (`reference.settings`: FIXE,
 * max_imf, thresholds, …); those are the defaults, and --fixe / --fixe-h /
 * --max-imf override them.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { UsageError } from '../errors.js';
import type { BackendChoice } from '../book/backends.js';
import { openHhtKernel } from '../hht/worker/open-kernel.js';
import { modeOptions, type EmdMode } from '../hht/modes.js';
import type { EmdKernelOptions } from '../hht/kernel.js';
import { describeSettings, emdOptionsFromSettings, vectorSettingsOf } from '../hht/vector-settings.js';
import type { EmdResult } from '../hht/emd.js';
import type { HilbertSpectrum } from '../hht/hilbert.js';

export interface HhtCommandOptions {
  input: string;
  column?: string;
  mode: EmdMode;
  backend: BackendChoice;
  fixe?: number;
  fixeH?: number;
  maxImf?: number;
  repeat: number;
  out: string;
}

export function runHht(o: HhtCommandOptions): number {
  const { x, settings } = readInput(o.input, o.column);
  // auto: native if built, else wasm, else the TS reference (the HHT ports land after this command).
  let kernel;
  try {
    kernel = openHhtKernel(o.backend, Math.max(3, x.length)); // a too-short input is reported by decompose()
  } catch (err) {
    throw new UsageError(`--backend ${o.backend}: ${(err as Error).message}`);
  }
  const backend = kernel.backend;
  const opts = emdOptions(o, settings);
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
  const nonDefault = describeSettings(opts);
  process.stderr.write(`btc-engine hht: ${x.length} samples, ${result!.imfs.length} IMFs (sifts ${result!.siftsPerImf.join(', ') || 'none'}), ` +
    `${backend} ${o.mode}${nonDefault === '' ? '' : ` (${nonDefault})`}, median ${doc.timing.medianUs.toFixed(1)} µs over ${o.repeat}\n`);
  return 0;
}

/**
 * The EMD options: the input file's recorded settings, then the flags; fast mode's
 * sift bound holds even under a file's larger MAX_ITERATION.
 */
function emdOptions(o: HhtCommandOptions, fromFile: EmdKernelOptions): EmdKernelOptions {
  const opts: EmdKernelOptions = { ...fromFile };
  if (o.fixe !== undefined) opts.fixe = o.fixe;
  if (o.fixeH !== undefined) opts.fixeH = o.fixeH;
  if (o.maxImf !== undefined) opts.maxImf = o.maxImf;
  const bound = modeOptions(o.mode).maxIteration;
  if (bound !== undefined) opts.maxIteration = Math.min(opts.maxIteration ?? Infinity, bound);
  return opts;
}

/**
 * The series: a JSON file with an `input` array (../shared/hht-vectors; --column
 * NAME reads its NAME array instead) and, if it records them, the EMD settings it
 * was made with; or CSV with a header (--column NAME, default the first column;
 * quoted cells and a byte-order mark are fine); or one number per line.
 */
function readInput(file: string, column?: string): { x: Float64Array; settings: EmdKernelOptions } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as Error).message}`);
  }
  text = text.replace(/^\uFEFF/, ''); // a UTF-8 byte-order mark (spreadsheet exports) is not content
  if (/^\s*[[{]/.test(text)) return fromJson(file, text, column);
  return { x: fromDelimited(file, text, column), settings: {} };
}

/** A CSV line's cells, trimmed, with surrounding double quotes removed (`"mid"` is mid). */
const cellsOf = (line: string): string[] => line.split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1').trim());

function fromDelimited(file: string, text: string, column?: string): Float64Array {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length === 0) throw new UsageError(`${file}: no samples`);
  const first = cellsOf(lines[0]!);
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
    const cell = cellsOf(l)[col] ?? '';
    const v = cell === '' ? NaN : Number(cell);
    if (!Number.isFinite(v)) throw new UsageError(`${file}:${i + (hasHeader ? 2 : 1)}: "${cell}" is not a finite number`);
    x[i] = v;
  });
  return x;
}

/** A JSON array, or an object's `input` array (--column NAME: its NAME array instead). */
function fromJson(file: string, text: string, column?: string): { x: Float64Array; settings: EmdKernelOptions } {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${file}: not valid JSON (${(err as Error).message})`);
  }
  const key = column ?? 'input';
  if (Array.isArray(doc) && column !== undefined) throw new UsageError(`${file}: --column needs a JSON object or a CSV header line`);
  const arr = Array.isArray(doc) ? doc : (doc as Record<string, unknown> | null)?.[key];
  if (!Array.isArray(arr)) throw new UsageError(`${file}: expected an "${key}" array`);
  const x = new Float64Array(arr.length);
  arr.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new UsageError(`${file}: ${key}[${i}] is not a finite number`);
    x[i] = v;
  });
  try {
    return { x, settings: emdOptionsFromSettings(vectorSettingsOf(doc), file) };
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}
