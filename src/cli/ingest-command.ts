/**
 * `btc-engine ingest --store DIR FILE...`: recordings → the feature store (raw
 * frames and l2_features rows), committed in batches; an interrupted ingest is
 * resumed by running the same command again; a source already stored at the
 * store's feature-set version is skipped. With no files, brings the store up to
 * date (migration, recompute for a new feature-set version) and stops.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import { engineVersion } from './version.js';
import { resolveBackend, type BackendChoice } from '../book/backends.js';
import { loadConfig } from '../config/load.js';
import { UsageError } from '../errors.js';
import { FEATURE_SET_VERSION, rowFeatureDefs } from '../features/registry.js';
import { hhtStageOptions } from '../hht/stage.js';
import type { Venue } from '../feed/instrument.js';
import { checkCompatible, storeHht, storeInstrument } from '../store/compat.js';
import { ingest } from '../store/ingest.js';
import { recompute } from '../store/recompute.js';
import { fileSha256, identifySource } from '../store/source.js';
import { Store } from '../store/store.js';
import { loadConfiguredCalibration } from './calibration-file.js';
import { openInput } from './input.js';
import { ProgressBar } from './progress.js';
import { OncePerKind } from './report.js';

export interface IngestCommandOptions {
  store?: string;
  config?: string;
  exchange?: Venue | 'auto';
  backend?: BackendChoice;
  extended?: boolean;
  /** Rows carry the HHT columns (overrides config features.hht.enabled). */
  hht?: boolean;
  batchFrames?: number;
  symbol?: string;
  tick?: string;
  lot?: string;
}

const WHO = 'btc-engine ingest';

export async function runIngest(files: string[], o: IngestCommandOptions): Promise<number> {
  const cfg = loadConfig(o.config, [
    [['kernels'], o.backend], [['instrument', 'exchange'], o.exchange], [['instrument', 'symbol'], o.symbol],
    [['instrument', 'tick'], o.tick], [['instrument', 'lot'], o.lot], [['features', 'extended'], o.extended],
    [['features', 'hht', 'enabled'], o.hht], [['store', 'dir'], o.store], [['store', 'batchFrames'], o.batchFrames],
  ]);
  const dir = cfg.store.dir;
  if (!dir) throw new UsageError('--store DIR is required (or config store.dir)');
  const backend = resolveBackend(cfg.kernels);
  const { calibration, path: calibrationPath } = loadConfiguredCalibration(cfg, o.config);
  const calibrationSha256 = calibrationPath ? await fileSha256(calibrationPath) : null;
  const report = new OncePerKind(WHO);
  const note = (s: string): void => { process.stderr.write(`${WHO}: ${s}\n`); };
  const recomputeRequest = {
    settings: { backend, calibration }, hhtBackend: cfg.features.hht.backend, calibrationSha256, batchFrames: cfg.store.batchFrames, report, note,
  };

  if (files.length === 0) {
    const store = Store.open(dir, { onNote: note, writer: WHO });
    try {
      const n = await recompute(store, recomputeRequest);
      note(n > 0 ? `${n} sources recomputed at feature-set version ${FEATURE_SET_VERSION}` : `store ${dir} is up to date (schema and feature-set version ${FEATURE_SET_VERSION})`);
    } finally {
      await store.close();
    }
    return 0;
  }

  const { instrument, items } = await openInput(files, cfg, report, WHO);
  const source = await identifySource(files);
  const extended = cfg.features.extended;
  const hht = hhtStageOptions(cfg.features.hht);
  const columns = rowFeatureDefs(extended, hht?.k ?? 0).map((d) => d.name);
  const store = Store.open(dir, {
    onNote: note, writer: WHO,
    create: {
      featureSetVersion: FEATURE_SET_VERSION, columns, extended, ...(hht && { hht: storeHht(hht) }),
      instrument: storeInstrument(instrument), calibrationSha256, createdBy: engineVersion(),
    },
  });
  const bar = new ProgressBar();
  try {
    checkCompatible(dir, store.meta(), { instrument, extended, hht: storeHht(hht) ?? null, columns, calibrationSha256 });
    await recompute(store, recomputeRequest);
    const total = plainBytes(files);
    const outcome = await ingest(store, {
      source, items, settings: { backend, instrument, extended, calibration, ...(hht && { hht }) }, calibrationSha256,
      batchFrames: cfg.store.batchFrames, report,
      onProgress: (p) => {
        const what = p.frames <= p.resumeFrame ? `replaying to frame ${p.resumeFrame} (stored before)` : `${p.frames} frames, ${p.rows} rows`;
        bar.update(total ? p.bytes / total : undefined, `${what} · ${basename(p.part)}`);
      },
    });
    bar.done();
    const r = outcome.run;
    if (outcome.status === 'skipped') {
      note(`already stored at feature-set version ${r.featureSetVersion} (source ${r.sourceNo}: ${r.progress.frames} frames, ${r.progress.rows} rows): nothing to do`);
    } else {
      const resumed = outcome.resumedAt > 0 ? ` (resumed at frame ${outcome.resumedAt})` : '';
      const c = r.counters;
      note(`stored source ${r.sourceNo} in ${dir}${resumed}: ${r.progress.frames} frames, ${r.progress.rows} feature rows; ` +
        `${c.rejected} rejected lines, ${c.problems} damaged containers, ${c.gaps} gaps, ${c.crossed} crossed books`);
    }
  } finally {
    bar.done();
    await store.close();
  }
  return 0;
}

/** Total size when every file is plain text (so bytes read measure progress), else undefined. */
function plainBytes(files: string[]): number | undefined {
  let total = 0;
  const head = Buffer.alloc(4);
  for (const f of files) {
    const fd = openSync(f, 'r');
    try {
      const n = readSync(fd, head, 0, 4, 0);
      if ((n >= 2 && head[0] === 0x1f && head[1] === 0x8b) || (n === 4 && head.readUInt32LE(0) === 0x04034b50)) return undefined;
      total += fstatSync(fd).size;
    } finally {
      closeSync(fd);
    }
  }
  return total;
}
