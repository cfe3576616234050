/**
 * Runs a stream through a feature backend and compares rows between backends:
 * the three-way differential check of issue 3 (relative error ≤ 1e-9, identical
 * NaN masks, identical ts / u / book_flags, integer-valued columns identical).
 */
import { BookPipeline } from '../../src/book/pipeline.js';
import { createParser } from '../../src/book/backends.js';
import type { BackendName } from '../../src/book/types.js';
import type { BookCounters } from '../../src/book/counters.js';
import { decodeContainer, readContainer, type ContainerPart } from '../../src/feed/containers.js';
import { detectInstrument } from '../../src/feed/detect.js';
import type { Instrument } from '../../src/feed/instrument.js';
import { createFeatureKernel } from '../../src/features/backends.js';
import type { FeatureKernelOptions } from '../../src/features/kernel.js';
import { ALL_FEATURES } from '../../src/features/registry.js';
import { ROW_FEATURES, ROW_FLAGS, ROW_TS_MS, ROW_U } from '../../src/layout/feature-row.js';

export interface FeatureRun {
  instrument: Instrument;
  /** All rows, concatenated (stride `stride`). */
  rows: Float64Array;
  n: number;
  stride: number;
  counters: BookCounters;
}

export interface FeatureRunOptions extends FeatureKernelOptions {
  instrument?: Instrument;
}

export function runFeatureFiles(files: string[], backend: BackendName, opts: FeatureRunOptions = {}): FeatureRun {
  return runFeatureParts(files.flatMap((f) => readContainer(f).parts), backend, opts);
}

/** `text`: lines of frames (JSONL or `<recv> <frame>`), as a generator writes them. */
export function runFeatureText(text: string, backend: BackendName, opts: FeatureRunOptions = {}): FeatureRun {
  return runFeatureParts(decodeContainer('generated', Buffer.from(text)).parts, backend, opts);
}

export function runFeatureParts(parts: ContainerPart[], backend: BackendName, opts: FeatureRunOptions = {}): FeatureRun {
  const { instrument, ...kopts } = opts;
  const inst = instrument ?? detectInstrument(parts[0].bytes.subarray(0, 1 << 20));
  const kernel = createFeatureKernel(backend, inst, kopts);
  const parser = createParser(kernel, inst);
  const chunks: Float64Array[] = [];
  let n = 0;
  const pipeline = new BookPipeline(kernel, parser, {
    holdBeforeSnapshot: inst.exchange === 'binance',
    onApplied: (o, k) => { chunks.push(o.slice(0, k * kernel.rowStride)); n += k; },
  });
  for (const p of parts) { parser.beginFile(); pipeline.feed(p.bytes); }
  const rows = new Float64Array(n * kernel.rowStride);
  let at = 0;
  for (const c of chunks) { rows.set(c, at); at += c.length; }
  const counters = kernel.counters();
  kernel.close();
  return { instrument: inst, rows, n, stride: kernel.rowStride, counters };
}

/** Columns whose values are integer counts converted once: they must be identical. */
const EXACT = new Set(ALL_FEATURES.map((d, i) => [d.name, i] as const)
  .filter(([name]) => /^(mid_px|spread_abs|bid_qty_1|ask_qty_1|depth_|ofi_1_1s$|mlofi_|trade_vol_10s|lob_)/.test(name))
  .map(([, i]) => i));

export const REL_TOL = 1e-9;

/**
 * Differences between two runs of the same stream: row count, ts, u, flags,
 * NaN masks, exact columns, relative error of the rest. Returns at most `max`
 * messages (empty = agree) and the largest relative error seen.
 */
export function diffRuns(ref: FeatureRun, got: FeatureRun, max = 10): { errors: string[]; maxRel: number } {
  const errors: string[] = [];
  let maxRel = 0;
  const say = (s: string): boolean => { errors.push(s); return errors.length >= max; };
  if (ref.n !== got.n) say(`rows: ${ref.n} vs ${got.n}`);
  if (ref.stride !== got.stride) { say(`stride: ${ref.stride} vs ${got.stride}`); return { errors, maxRel }; }
  const n = Math.min(ref.n, got.n);
  const cols = ref.stride - ROW_FEATURES;
  for (let r = 0; r < n; r++) {
    const b = r * ref.stride;
    for (const [slot, name] of [[ROW_TS_MS, 'ts'], [ROW_U, 'u'], [ROW_FLAGS, 'book_flags']] as const) {
      if (!Object.is(ref.rows[b + slot], got.rows[b + slot]) && say(`row ${r} ${name}: ${ref.rows[b + slot]} vs ${got.rows[b + slot]}`)) return { errors, maxRel };
    }
    for (let c = 0; c < cols; c++) {
      const a = ref.rows[b + ROW_FEATURES + c];
      const g = got.rows[b + ROW_FEATURES + c];
      if (Number.isNaN(a) || Number.isNaN(g)) {
        if (Number.isNaN(a) !== Number.isNaN(g) && say(`row ${r} ${ALL_FEATURES[c].name}: ${a} vs ${g} (NaN mask)`)) return { errors, maxRel };
        continue;
      }
      if (a === g) continue;
      const rel = Math.abs(a - g) / Math.max(Math.abs(a), Math.abs(g));
      if (rel > maxRel) maxRel = rel;
      if ((EXACT.has(c) || !(rel <= REL_TOL)) && say(`row ${r} ${ALL_FEATURES[c].name}: ${a} vs ${g} (rel ${rel.toExponential(2)})`)) return { errors, maxRel };
    }
  }
  return { errors, maxRel };
}
