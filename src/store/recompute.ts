/**
 * A new feature-set version (src/features/registry.ts FEATURE_SET_VERSION) makes
 * the stored rows stale. Only they are recomputed: `raw` stays as it is and is
 * replayed source by source through the current engine, and the rows are
 * rewritten under the same keys (the keys depend on the book messages, not on the
 * features). Progress is committed with the rows, per source, so an interrupted
 * recompute resumes; meta switches to the new version in the last transaction.
 * l2_training_data rows carry copies of the old features, so they are cleared.
 */
import { storeErrors } from '../errors.js';
import { FEATURE_SET_VERSION, rowFeatureDefs } from '../features/registry.js';
import type { HhtBackendChoice } from '../hht/worker/open-kernel.js';
import { FeaturePass, type FeatureSettings, type Reporter } from './feature-pass.js';
import { instrumentOf } from './compat.js';
import { replaySource } from './replay.js';
import { putRows } from './row-table.js';
import type { IngestRun } from './schema.js';
import type { Store } from './store.js';

export interface RecomputeRequest {
  /** Instrument, column set and HHT settings come from the store. */
  settings: Omit<FeatureSettings, 'instrument' | 'extended' | 'hht'>;
  /** HHT kernel for a store with HHT columns (config features.hht.backend). */
  hhtBackend?: HhtBackendChoice;
  calibrationSha256: string | null;
  batchFrames: number;
  report: Reporter;
  note: (line: string) => void;
}

/** True when the store's rows are not at this engine's feature-set version. */
export function needsRecompute(store: Store): boolean {
  const m = store.meta();
  if (m.featureSetVersion > FEATURE_SET_VERSION) throw storeErrors.featuresTooNew(store.dir, m.featureSetVersion, FEATURE_SET_VERSION);
  return m.featureSetVersion < FEATURE_SET_VERSION || m.recompute !== undefined;
}

/** Recomputes every stale source; returns how many were recomputed (0 when up to date). */
export async function recompute(store: Store, req: RecomputeRequest): Promise<number> {
  if (!needsRecompute(store)) return 0;
  let meta = store.meta();
  const columns = rowFeatureDefs(meta.extended, meta.hht?.k ?? 0).map((d) => d.name);
  if (!meta.recompute) {
    const from = meta.featureSetVersion;
    store.write('starting the recompute', () => {
      const m = store.meta();
      m.recompute = { toVersion: FEATURE_SET_VERSION, fromColumns: m.columns };
      m.columns = columns;
      m.calibrationSha256 = req.calibrationSha256;
      store.putMeta(m);
    });
    req.note(`store ${store.dir}: rows are at feature-set version ${from}, this engine computes ${FEATURE_SET_VERSION}: recomputing them from raw`);
    meta = store.meta();
  }
  const settings: FeatureSettings = {
    ...req.settings, instrument: instrumentOf(meta), extended: meta.extended,
    ...(meta.hht && { hht: { ...meta.hht, backend: req.hhtBackend ?? 'auto' } }),
  };
  const stale = store.ingestRuns().filter((r) => r.featureSetVersion !== FEATURE_SET_VERSION);
  for (const run of stale) await recomputeSource(store, run, settings, req);
  const fromVersion = meta.featureSetVersion;
  store.write('finishing the recompute', () => {
    const m = store.meta();
    const trainingRows = store.training.getKeysCount();
    if (trainingRows > 0) {
      store.training.clearSync();
      m.history.push(store.historyEntry('cleared', `l2_training_data (${trainingRows} rows held features of version ${fromVersion}): rebuild the labels`));
    }
    delete m.training;
    m.featureSetVersion = FEATURE_SET_VERSION;
    delete m.recompute;
    m.history.push(store.historyEntry('recomputed', `feature-set version ${fromVersion} → ${FEATURE_SET_VERSION}: ${stale.length} sources recomputed from raw`));
    store.putMeta(m);
  });
  return stale.length;
}

/** Replays one source's stored frames and rewrites its rows. */
async function recomputeSource(store: Store, run: IngestRun, settings: FeatureSettings, req: RecomputeRequest): Promise<void> {
  const pass = new FeaturePass(settings, req.report);
  const done = run.recomputedRows ?? 0;
  let rowNo = 0;
  try {
    await pass.run(replaySource(store, run), req.batchFrames, (b) => {
      const first = rowNo;
      rowNo += b.rows.count;
      if (rowNo <= done || b.rows.count === 0) return;
      store.write(`recomputing source ${run.sourceNo} at row ${Math.max(first, done)}`, () => {
        putRows(store.featureTable, b.rows.rows, b.rows.stride, Math.max(0, done - first), b.rows.count);
        run.recomputedRows = rowNo;
        store.putIngestRun(run);
      });
    });
  } finally {
    pass.close();
  }
  if (rowNo !== run.progress.rows) {
    throw new Error(`store ${store.dir}: replaying source ${run.sourceNo} from raw gave ${rowNo} rows where its ingest stored ${run.progress.rows}: the engine is not deterministic on this input; the store stays marked as recomputing`);
  }
  store.write(`finishing the recompute of source ${run.sourceNo}`, () => {
    run.featureSetVersion = FEATURE_SET_VERSION;
    delete run.recomputedRows;
    store.putIngestRun(run);
  });
  req.note(`  source ${run.sourceNo}: ${rowNo} rows recomputed`);
}
