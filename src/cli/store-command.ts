/**
 * `btc-engine store info|verify|export --store DIR`: read a feature store.
 * `export` writes l2_features exactly as `btc-engine features` writes the same rows
 * (src/cli/row-format.ts), l2_training_data with its label columns appended, and
 * raw as recording lines that `ingest`, `features` and `book` read back.
 */
import { loadConfig } from '../config/load.js';
import { storeErrors, UsageError } from '../errors.js';
import { describeStore } from '../store/info.js';
import { rawKey, rawLine } from '../store/layout.js';
import { scanRows } from '../store/row-table.js';
import { DB_NAMES } from '../store/schema.js';
import { Store } from '../store/store.js';
import { scanTraining, trainingColumns } from '../store/training.js';
import { verifyStore } from '../store/verify.js';
import { verifyReplay } from '../store/verify-replay.js';
import { fileSha256 } from '../store/source.js';
import type { BackendName } from '../book/types.js';
import { loadConfiguredCalibration } from './calibration-file.js';
import { OncePerKind } from './report.js';
import { LineSink } from './line-sink.js';
import { csvHeader, rowFormatter } from './row-format.js';
import { ROW_FEATURES } from '../layout/feature-row.js';

export type StoreTable = typeof DB_NAMES.features | typeof DB_NAMES.training | typeof DB_NAMES.raw;
export const STORE_TABLES: readonly StoreTable[] = [DB_NAMES.features, DB_NAMES.training, DB_NAMES.raw];

export interface StoreCommandOptions {
  store?: string;
  config?: string;
  table?: StoreTable;
  format?: 'csv' | 'jsonl';
  out?: string;
  /** raw export: only this source's frames. */
  source?: number;
  /** verify: also re-derive l2_features from raw and compare. */
  replay?: boolean;
  /** verify --replay: this feature kernel instead of each source's own. */
  backend?: BackendName;
}

/**
 * Opens the store named by --store or config store.dir read-only (no `writer`: these
 * commands only read, and may run while an ingest or recorder writes). An older
 * schema is migrated first under the writer lock, with a note.
 */
function openNamedStore(o: StoreCommandOptions): Store {
  const cfg = loadConfig(o.config, [[['store', 'dir'], o.store]]);
  if (!cfg.store.dir) throw new UsageError('--store DIR is required (or config store.dir)');
  return Store.open(cfg.store.dir, { onNote: (s) => process.stderr.write(`btc-engine store: ${s}\n`) });
}

export async function runStoreInfo(o: StoreCommandOptions): Promise<number> {
  const store = openNamedStore(o);
  try {
    process.stdout.write(`${describeStore(store).join('\n')}\n`);
  } finally {
    await store.close();
  }
  return 0;
}

/** Prints every check and its problems; 1 when any check failed. */
export async function runStoreVerify(o: StoreCommandOptions): Promise<number> {
  if (o.backend !== undefined && !o.replay) throw new UsageError('--backend applies to --replay only');
  const cfg = loadConfig(o.config, [[['store', 'dir'], o.store]]);
  const { calibration, path } = o.replay ? loadConfiguredCalibration(cfg, o.config) : {};
  const calibrationSha256 = path ? await fileSha256(path) : null;
  const store = openNamedStore(o);
  let failed = 0;
  try {
    const checks = verifyStore(store);
    if (o.replay) {
      checks.push(await verifyReplay(store, {
        backend: o.backend, calibration, calibrationSha256, batchFrames: cfg.store.batchFrames,
        report: new OncePerKind('btc-engine store verify --replay', () => {}), // the ingest reported bad input already
        ...(o.backend && { hhtBackend: cfg.features.hht.backend }),
      }));
    }
    const lines = [`btc-engine store verify ${store.dir}`];
    for (const c of checks) {
      const ok = c.problems.length === 0;
      if (!ok) failed++;
      lines.push(`  ${ok ? 'ok  ' : 'FAIL'}  ${c.name}: ${c.detail}`);
      for (const p of c.problems) lines.push(`          - ${p}`);
    }
    lines.push(`${checks.length} checks, ${failed} failed`);
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await store.close();
  }
  return failed > 0 ? 1 : 0;
}

export async function runStoreExport(o: StoreCommandOptions): Promise<number> {
  const table = o.table ?? DB_NAMES.features;
  if (table !== DB_NAMES.raw && o.source !== undefined) throw new UsageError('--source applies to --table raw only');
  if (table === DB_NAMES.raw && o.format !== undefined) throw new UsageError('--format applies to the row tables; --table raw writes recording lines');
  const store = openNamedStore(o);
  const out = LineSink.open(o.out);
  try {
    const meta = store.meta();
    if (table === DB_NAMES.raw) {
      const start = o.source === undefined ? undefined : rawKey(o.source, 0);
      const end = o.source === undefined ? undefined : rawKey(o.source + 1, 0);
      for (const { value } of store.raw.getRange({ start, end })) out.line(rawLine(value));
      return 0;
    }
    if (meta.recompute) throw storeErrors.staleRows(store.dir, meta.featureSetVersion, meta.recompute.toVersion);
    const format = o.format ?? 'csv';
    const fmt = rowFormatter(format);
    const names = table === DB_NAMES.features ? meta.columns : trainingColumns(meta);
    if (table === DB_NAMES.training && !meta.training) throw new UsageError(`${DB_NAMES.training} has no labels defined yet: nothing to export`);
    if (format === 'csv') out.line(csvHeader(names));
    const stride = ROW_FEATURES + names.length;
    const emit = (rows: Float64Array, n: number): void => {
      for (let i = 0; i < n; i++) out.line(fmt(rows, i * stride, names));
    };
    const r = table === DB_NAMES.features ? scanRows(store.featureTable, stride, emit) : scanTraining(store, emit);
    if (r.badSize > 0) throw new Error(`${table}: ${r.badSize} rows are not ${stride} values wide; run btc-engine store verify`);
  } finally {
    out.close();
    await store.close();
  }
  return 0;
}
