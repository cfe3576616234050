/**
 * Ingest: a recording → `raw` (every frame with its receive time) and
 * `l2_features` (one row per applied book message), committed in batches. Each
 * batch is one transaction holding its frames, its rows and the source's progress,
 * so a store killed at any moment holds a consistent prefix and knows where it ends.
 *
 * Resume: the kernels' state (book, feature windows) is not serialisable, so an
 * interrupted source is replayed from its first frame; batches already committed
 * are recomputed but not written again (the engine is deterministic, so they are
 * the rows that are stored), and writing resumes at the first uncommitted frame.
 * Read-before-write: a source already complete at the store's feature-set version
 * is skipped without parsing or computing anything (its files are only hashed).
 */
import { storeErrors } from '../errors.js';
import { FEATURE_SET_VERSION } from '../features/registry.js';
import type { StreamItem } from '../feed/stream.js';
import { compareKeys, encodeRawValue, rawKey } from './layout.js';
import { FeaturePass, type Batch, type FeatureSettings, type Reporter } from './feature-pass.js';
import { lastKey, putRows } from './row-table.js';
import type { IngestCounters, IngestRun, RecordingInfo } from './schema.js';
import type { SourceIdentity } from './source.js';
import type { Store } from './store.js';
import { REJECT_KINDS } from '../feed/reject.js';

export interface IngestRequest {
  source: SourceIdentity;
  items: AsyncIterable<StreamItem>;
  settings: FeatureSettings;
  calibrationSha256: string | null;
  /** Frames per transaction. */
  batchFrames: number;
  report: Reporter;
  /** Called after each batch (committed or fast-forwarded). */
  onProgress?: (p: { frames: number; rows: number; bytes: number; resumeFrame: number; part: string }) => void;
  /** A live recording session (src/store/record.ts): put on the source's record when it is created. */
  recording?: RecordingInfo;
  /** Called inside every transaction that writes the source's record, just before (a recorder's live counters). */
  annotate?: (run: IngestRun) => void;
}

export type IngestOutcome =
  | { status: 'skipped'; run: IngestRun }
  | { status: 'complete'; run: IngestRun; resumedAt: number; framesWritten: number; rowsWritten: number };

/** Ingests one source into `store` (see the file comment). */
export async function ingest(store: Store, req: IngestRequest): Promise<IngestOutcome> {
  const meta = store.meta();
  if (meta.recompute || meta.featureSetVersion !== FEATURE_SET_VERSION) throw storeErrors.staleRows(store.dir, meta.featureSetVersion, FEATURE_SET_VERSION);
  const previous = store.ingestRun(req.source.digest);
  if (previous?.status === 'complete' && previous.featureSetVersion === meta.featureSetVersion) {
    return { status: 'skipped', run: previous };
  }
  const run = startAttempt(store, req, previous);
  const resumeFrame = run.progress.frames;
  const pass = new FeaturePass(req.settings, req.report);
  let frameNo = 0;
  let rowNo = 0;
  let framesWritten = 0;
  let rowsWritten = 0;
  let bytes = 0;
  try {
    // The HHT kernel `auto` resolves to is known once the worker is up; it is committed with the first batch.
    const hhtBackend = await pass.start();
    if (hhtBackend) run.hhtBackend = hhtBackend;
    await pass.run(req.items, req.batchFrames, (b) => {
      const firstFrame = frameNo;
      const firstRow = rowNo;
      frameNo += b.frames.length;
      rowNo += b.rows.count;
      if (frameNo > run.progress.frames || rowNo > run.progress.rows) {
        const w = commitBatch(store, run, b, pass, firstFrame, firstRow, req.annotate);
        framesWritten += w.frames;
        rowsWritten += w.rows;
      }
      bytes += b.byteCount;
      req.onProgress?.({ frames: frameNo, rows: rowNo, bytes, resumeFrame, part: b.part });
    });
    // Only now is the whole input known to be stored.
    run.status = 'complete';
    run.finishedAt = store.now().toISOString();
    run.progress.parts = pass.parts.slice();
    run.counters = counters(pass, run.counters.overwrites);
    store.write('finishing the ingest', () => {
      req.annotate?.(run);
      store.putIngestRun(run);
    });
  } finally {
    pass.close();
  }
  return { status: 'complete', run, resumedAt: resumeFrame, framesWritten, rowsWritten };
}

/** Creates the source's record, or notes a new attempt on an interrupted one. */
function startAttempt(store: Store, req: IngestRequest, previous: IngestRun | undefined): IngestRun {
  const at = store.now().toISOString();
  return store.write('starting the ingest', () => {
    const meta = store.meta();
    let run: IngestRun;
    if (previous?.status === 'complete') {
      // recompute.ts brings every complete source to the store's version before an ingest runs.
      throw new Error(`store ${store.dir}: source ${previous.sourceNo} is complete at feature-set version ${previous.featureSetVersion}, the store at ${meta.featureSetVersion}: run btc-engine ingest --store ${store.dir} (no files) to recompute it`);
    }
    if (previous) {
      run = previous;
    } else {
      run = {
        kind: 'ingest', sourceNo: meta.nextSourceNo, digest: req.source.digest, files: req.source.files, status: 'running',
        featureSetVersion: meta.featureSetVersion, backend: req.settings.backend, extended: req.settings.extended,
        calibrationSha256: req.calibrationSha256,
        progress: { frames: 0, rows: 0, parts: [], firstTsMs: null, lastTsMs: null },
        counters: emptyCounters(), attempts: [], finishedAt: null, ...(req.recording && { recording: req.recording }),
      };
      meta.nextSourceNo++;
      store.putMeta(meta);
    }
    run.attempts.push({ startedAt: at, startFrame: run.progress.frames, backend: req.settings.backend });
    store.putIngestRun(run);
    return run;
  });
}

/** Writes the uncommitted frames and rows of a batch with the new progress, in one transaction. */
function commitBatch(store: Store, run: IngestRun, b: Batch, pass: FeaturePass, firstFrame: number, firstRow: number,
                     annotate: IngestRequest['annotate']): { frames: number; rows: number } {
  const p = run.progress;
  const skipFrames = Math.max(0, p.frames - firstFrame);
  const skipRows = Math.max(0, p.rows - firstRow);
  const stride = b.rows.stride;
  const where = `frame ${firstFrame + skipFrames} of ${b.part}`;
  let overwrites = 0;
  store.write(where, () => {
    if (skipFrames < b.frames.length) {
      // Raw keys of one source ascend; they append unless a newer source already wrote past them.
      const start = rawKey(run.sourceNo, firstFrame + skipFrames);
      const last = lastKey(store.raw);
      const append = last === undefined || compareKeys(start, last) > 0;
      for (let i = skipFrames; i < b.frames.length; i++) {
        const f = b.frames[i];
        store.raw.putSync(rawKey(run.sourceNo, firstFrame + i), encodeRawValue(f.localTsNs, b.bytes.subarray(f.start, f.end)), { append });
      }
    }
    if (skipRows < b.rows.count) overwrites = putRows(store.featureTable, b.rows.rows, stride, skipRows, b.rows.count);
    const rows = b.rows.rows;
    if (b.rows.count > 0) {
      p.firstTsMs ??= rows[0];
      p.lastTsMs = rows[(b.rows.count - 1) * stride];
    }
    p.frames = firstFrame + b.frames.length;
    p.rows = firstRow + b.rows.count;
    p.parts = pass.parts.slice();
    run.counters = counters(pass, run.counters.overwrites + overwrites);
    annotate?.(run);
    store.putIngestRun(run);
  });
  return { frames: Math.max(0, b.frames.length - skipFrames), rows: Math.max(0, b.rows.count - skipRows) };
}

function emptyCounters(): IngestCounters {
  return { lines: 0, rejected: 0, rejectedByKind: {}, problems: 0, gaps: 0, crossed: 0, overwrites: 0, outOfOrder: 0 };
}

/** The pass's cumulative counters; they describe the same prefix as the progress they are committed with. */
function counters(pass: FeaturePass, overwrites: number): IngestCounters {
  const s = pass.parser.stats;
  const k = pass.kernel.counters();
  const byKind: Record<string, number> = {};
  s.rejectedByKind.forEach((n, i) => { if (n > 0) byKind[REJECT_KINDS[i]] = n; });
  return {
    lines: s.lines, rejected: s.rejected, rejectedByKind: byKind, problems: pass.problems, gaps: k.gaps, crossed: k.crossed,
    overwrites, outOfOrder: pass.stage.outOfOrder,
  };
}
