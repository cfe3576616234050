/**
 * `store verify --replay`: re-derives l2_features from `raw`. Each source's stored
 * frames are replayed (replay.ts) through the feature pass with the store's
 * settings, and every row produced is compared with the row stored under its key.
 * With the kernels that wrote the rows (the source's `backend` and `hhtBackend`,
 * the default) the comparison is bit for bit; with another feature kernel
 * (`--backend`) it is the cross-backend contract of docs/FEATURES.md: ts, u,
 * book_flags and NaN masks identical, every other value within 1e-9 relative.
 *
 * A key written twice keeps the later row (counters.overwrites), so a mismatch is
 * held until the end and dropped if a later replayed row for the same key matches.
 */
import type { BackendName } from '../book/types.js';
import type { Calibration } from '../features/calibrate.js';
import { FEATURE_SET_VERSION } from '../features/registry.js';
import type { HhtBackendChoice } from '../hht/worker/open-kernel.js';
import { ROW_FEATURES, ROW_TS_MS, ROW_U } from '../layout/feature-row.js';
import { instrumentOf } from './compat.js';
import { FeaturePass, type FeatureSettings, type Reporter } from './feature-pass.js';
import { FEATURE_KEY_BYTES, rowKey } from './layout.js';
import { replaySource } from './replay.js';
import { DB_NAMES } from './schema.js';
import type { Store } from './store.js';
import { CheckBuilder, type Check } from './verify.js';

/** Relative tolerance across feature kernels (docs/FEATURES.md, test/helpers/feature-diff.ts). */
export const CROSS_BACKEND_REL_TOL = 1e-9;

export interface ReplayVerifyOptions {
  /** Feature kernel to replay with (default: each source's own, compared bit for bit). */
  backend?: BackendName;
  /** HHT kernel (default: each source's own). */
  hhtBackend?: HhtBackendChoice;
  /** The calibration the store's rows were computed with (meta.calibrationSha256 must match). */
  calibration?: Calibration;
  calibrationSha256: string | null;
  batchFrames: number;
  report: Reporter;
}

/** Replays every source and compares; the store is only read. */
export async function verifyReplay(store: Store, o: ReplayVerifyOptions): Promise<Check> {
  const c = new CheckBuilder('replay');
  const meta = store.meta();
  if (meta.recompute || meta.featureSetVersion !== FEATURE_SET_VERSION) {
    c.fail(`rows are at feature-set version ${meta.featureSetVersion}${meta.recompute ? ' (recompute unfinished)' : ''}, this engine computes ${FEATURE_SET_VERSION}: run btc-engine ingest --store DIR first`);
    c.detail = 'nothing replayed';
    return c;
  }
  if (meta.calibrationSha256 !== o.calibrationSha256) {
    const cal = (x: string | null): string => (x === null ? 'no calibration' : `calibration sha256 ${x.slice(0, 12)}…`);
    c.fail(`the rows were computed with ${cal(meta.calibrationSha256)}, the config gives ${cal(o.calibrationSha256)}: pass --config naming the store's calibration`);
    c.detail = 'nothing replayed';
    return c;
  }
  const names = ['ts', 'u', 'book_flags', ...meta.columns];
  const stride = names.length;
  const base: Omit<FeatureSettings, 'backend'> = { instrument: instrumentOf(meta), extended: meta.extended, calibration: o.calibration };
  const db = store.binaryView(DB_NAMES.features);
  const key = Buffer.alloc(FEATURE_KEY_BYTES);
  /** Mismatches by key (hex): a later row with the same key may be the one stored. */
  const pending = new Map<string, string>();
  let frames = 0;
  let compared = 0;
  let maxRel = 0;
  const modes: string[] = [];
  for (const run of store.ingestRuns()) {
    const backend = o.backend ?? (run.backend as BackendName);
    const settings: FeatureSettings = { ...base, backend, ...(meta.hht && { hht: { ...meta.hht, backend: o.hhtBackend ?? (run.hhtBackend as HhtBackendChoice | undefined) ?? 'auto' } }) };
    let pass: FeaturePass;
    try {
      pass = new FeaturePass(settings, o.report);
    } catch (err) {
      c.fail(`source ${run.sourceNo}: cannot open the ${backend} feature kernel (${(err as Error).message}): pass --backend to replay with another`);
      continue;
    }
    let rowNo = 0;
    try {
      const hhtBackend = await pass.start();
      const exact = backend === run.backend && hhtBackend === run.hhtBackend;
      modes.push(`source ${run.sourceNo} ${exact ? 'bit for bit' : `within ${CROSS_BACKEND_REL_TOL} relative`} (${describeKernels(backend, hhtBackend)}` +
        `${exact ? '' : `; its rows came from ${describeKernels(run.backend, run.hhtBackend)}`})`);
      await pass.run(replaySource(store, run), o.batchFrames, (b) => {
        if (b.rows.stride !== stride) throw new Error(`replay rows are ${b.rows.stride} values wide, the store's ${stride}`);
        const rows = b.rows.rows;
        for (let i = 0; i < b.rows.count; i++, rowNo++) {
          const at = i * stride;
          rowKey(key, rows, at);
          const where = `source ${run.sourceNo} row ${rowNo} ts=${rows[at + ROW_TS_MS]} u=${rows[at + ROW_U]}`;
          const stored = db.getBinary(key);
          compared++;
          if (!stored) { c.fail(`${where}: no stored row under its key`); continue; }
          const diff = exact ? diffExact(rows, at, stride, stored, names) : diffTolerant(rows, at, stride, stored, names, (rel) => { if (rel > maxRel) maxRel = rel; });
          const hex = key.toString('hex');
          if (diff === undefined) pending.delete(hex);
          else pending.set(hex, `${where}: ${diff}`);
        }
      });
      frames += run.progress.frames;
    } finally {
      pass.close();
    }
    if (rowNo !== run.progress.rows) c.fail(`source ${run.sourceNo}: replaying its ${run.progress.frames} frames gave ${rowNo} rows, its record says ${run.progress.rows}`);
  }
  for (const p of pending.values()) c.fail(p);
  const tol = maxRel > 0 ? `, largest relative difference ${maxRel.toExponential(2)}` : '';
  c.detail = `${modes.length} sources replayed from raw (${frames} frames), ${compared} rows re-derived and compared with l2_features${tol}` +
    (modes.length > 0 ? `: ${modes.join('; ')}` : '');
  return c;
}

function describeKernels(backend: string, hht: string | undefined): string {
  return `kernel ${backend}${hht ? `, HHT ${hht}` : ''}`;
}

/** undefined when the stored row has the same bytes as rows[at, at+stride); else what differs. */
function diffExact(rows: Float64Array, at: number, stride: number, stored: Buffer, names: string[]): string | undefined {
  const mine = Buffer.from(rows.buffer, rows.byteOffset + at * 8, stride * 8);
  if (stored.length === mine.length && stored.equals(mine)) return undefined;
  if (stored.length !== mine.length) return `stored row is ${stored.length} bytes, replay ${mine.length}`;
  const cols: number[] = [];
  for (let k = 0; k < stride; k++) if (!mine.subarray(k * 8, k * 8 + 8).equals(stored.subarray(k * 8, k * 8 + 8))) cols.push(k);
  return describeCols(cols, rows, at, stored, names, 'bits differ');
}

/** Cross-kernel comparison: identical ts, u, flags and NaN masks; the rest within CROSS_BACKEND_REL_TOL. */
function diffTolerant(rows: Float64Array, at: number, stride: number, stored: Buffer, names: string[], seen: (rel: number) => void): string | undefined {
  if (stored.length !== stride * 8) return `stored row is ${stored.length} bytes, replay ${stride * 8}`;
  const cols: number[] = [];
  for (let k = 0; k < stride; k++) {
    const a = stored.readDoubleLE(k * 8);
    const g = rows[at + k];
    if (Object.is(a, g)) continue;
    if (k < ROW_FEATURES || Number.isNaN(a) || Number.isNaN(g)) { cols.push(k); continue; }
    const rel = Math.abs(a - g) / Math.max(Math.abs(a), Math.abs(g));
    seen(rel);
    if (!(rel <= CROSS_BACKEND_REL_TOL)) cols.push(k);
  }
  return cols.length === 0 ? undefined : describeCols(cols, rows, at, stored, names, `beyond ${CROSS_BACKEND_REL_TOL} relative`);
}

function describeCols(cols: number[], rows: Float64Array, at: number, stored: Buffer, names: string[], what: string): string {
  const k = cols[0];
  const more = cols.length > 1 ? ` (and ${cols.length - 1} more columns: ${cols.slice(1, 4).map((j) => names[j]).join(', ')}${cols.length > 4 ? ', …' : ''})` : '';
  return `column ${names[k]} stored ${stored.readDoubleLE(k * 8)}, replay gives ${rows[at + k]} (${what})${more}`;
}
