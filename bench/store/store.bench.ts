/**
 * The feature store (src/store/): l2_features rows written per second in batched
 * transactions (each batch one durable LMDB commit), scanned per second (decoded
 * into a Float64Array chunk, as `store export` reads them), bytes per row on disk,
 * and store size per hour of Bybit ob200 data (the real Bybit linear recording
 * ingested end to end: raw frames + feature rows, scaled from its 43.5 s span).
 *
 * Rows are real: the recording's 414 feature rows (TS engine), tiled with shifted
 * times to N rows, so the store sees real values and strictly rising keys.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Bench } from 'tinybench';
import { createFeatureKernel } from '../../src/features/backends.js';
import { CORE_FEATURES, FEATURE_SET_VERSION } from '../../src/features/registry.js';
import { streamFile } from '../../src/feed/stream.js';
import { EVENT_BYTES } from '../../src/layout/event.js';
import { ROW_STRIDE, ROW_TS_MS } from '../../src/layout/feature-row.js';
import { storeInstrument } from '../../src/store/compat.js';
import { ingest } from '../../src/store/ingest.js';
import { putRows, scanRows } from '../../src/store/row-table.js';
import { identifySource } from '../../src/store/source.js';
import { Store } from '../../src/store/store.js';
import type { Instrument } from '../../src/feed/instrument.js';
import { DATA, loadStream, reportFailure, sig3, STREAMS, type BenchConfig, type BenchRow } from '../lib.js';

const COLUMNS = CORE_FEATURES.map((d) => d.name);

/** The recording's feature rows, tiled to `n` rows with times shifted past the previous tile. */
function tiledRows(n: number): { rows: Float64Array; instrument: Instrument } {
  const s = loadStream('bybit-linear');
  const k = createFeatureKernel('ts', s.instrument, { recordCapacity: s.recordCount, outputCapacity: s.depthMessages + 1 });
  new Uint8Array(k.input.buffer, k.input.byteOffset, s.recordCount * EVENT_BYTES).set(s.records);
  const m = k.applyBatch(s.recordCount);
  const base = k.output.slice(0, m * ROW_STRIDE);
  k.close();
  const span = base[(m - 1) * ROW_STRIDE + ROW_TS_MS] - base[ROW_TS_MS] + 100;
  const rows = new Float64Array(n * ROW_STRIDE);
  for (let i = 0; i < n; i++) {
    const tile = Math.floor(i / m);
    rows.set(base.subarray((i % m) * ROW_STRIDE, (i % m + 1) * ROW_STRIDE), i * ROW_STRIDE);
    rows[i * ROW_STRIDE + ROW_TS_MS] += tile * span;
  }
  return { rows, instrument: s.instrument };
}

function newStore(instrument: Instrument): Store {
  const dir = join(mkdtempSync(join(tmpdir(), 'btc-engine-bench-store-')), 's');
  return Store.open(dir, {
    create: { featureSetVersion: FEATURE_SET_VERSION, columns: COLUMNS, extended: false, instrument: storeInstrument(instrument), calibrationSha256: null, createdBy: 'bench' },
  });
}

async function dropStore(store: Store): Promise<void> {
  await store.close();
  rmSync(join(store.dir, '..'), { recursive: true, force: true });
}

function writeAll(store: Store, rows: Float64Array, n: number, batch: number): void {
  for (let from = 0; from < n; from += batch) {
    const to = Math.min(n, from + batch);
    store.write('bench', () => putRows(store.featureTable, rows, ROW_STRIDE, from, to));
  }
}

/** Bytes of one named database's pages. */
function tableBytes(db: { getStats(): object }): number {
  const s = db.getStats() as { treeBranchPageCount: number; treeLeafPageCount: number; overflowPages: number; pageSize: number };
  return (s.treeBranchPageCount + s.treeLeafPageCount + s.overflowPages) * s.pageSize;
}

export async function benchStore(cfg: BenchConfig): Promise<BenchRow[]> {
  const out: BenchRow[] = [];
  const n = cfg.quick ? 20_000 : 200_000;
  const { rows, instrument } = tiledRows(n);
  const bench = new Bench({ time: cfg.timeMs, iterations: cfg.iterations, warmupTime: Math.min(200, cfg.timeMs) });
  let target: Store | undefined;
  for (const batch of [1024, 16_384]) {
    bench.add(`write ${n} rows, transactions of ${batch}`, () => writeAll(target!, rows, n, batch), {
      beforeEach: () => { target = newStore(instrument); },
      afterEach: () => { void dropStore(target!); },
    });
  }
  const scanned = newStore(instrument);
  writeAll(scanned, rows, n, 16_384);
  bench.add(`scan ${n} rows into Float64Array chunks`, () => {
    let seen = 0;
    scanRows(scanned.featureTable, ROW_STRIDE, (_r, count) => { seen += count; });
    if (seen !== n) throw new Error(`scanned ${seen} of ${n} rows`);
  });
  bench.add(`scan ${n} rows as Buffer copies (verify's path)`, () => {
    let seen = 0;
    for (const e of scanned.binaryView('l2_features').getRange({})) if (e.value.length > 0) seen++;
    if (seen !== n) throw new Error(`scanned ${seen} of ${n} rows`);
  });
  for (const t of await bench.run()) {
    const r = t.result;
    if (!r || !('latency' in r)) { reportFailure(t); continue; }
    // Mean and median both: a garbage collection or a page-cache miss in one sample moves the mean of ~15.
    out.push({
      suite: 'store', task: t.name, meanMs: sig3(r.latency.mean), p50Ms: sig3(r.latency.p50), samples: r.latency.samplesCount ?? 0,
      rowsPerSec: sig3(n / (r.latency.mean / 1e3)), rowsPerSecP50: sig3(n / (r.latency.p50 / 1e3)),
    });
  }
  const featureBytes = tableBytes(scanned.features);
  out.push({ suite: 'store', task: `l2_features on disk (${n} core rows, 16 KiB pages)`, meanMs: 0, samples: 1, bytesPerRow: sig3(featureBytes / n), valueBytes: ROW_STRIDE * 8 });
  await dropStore(scanned);
  out.push(await sizePerHour());
  return out;
}

/** Ingests the real Bybit ob200 recording end to end and scales its store to one hour. */
async function sizePerHour(): Promise<BenchRow> {
  const file = join(DATA, STREAMS['bybit-linear'][0]);
  const s = loadStream('bybit-linear');
  const store = newStore(s.instrument);
  const report = { where: '', report: () => false };
  const t0 = process.hrtime.bigint();
  const r = await ingest(store, {
    source: await identifySource([file]), items: streamFile(file), settings: { backend: 'ts', instrument: s.instrument, extended: false },
    calibrationSha256: null, batchFrames: 2048, report,
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const p = r.run.progress;
  const hours = (p.lastTsMs! - p.firstTsMs!) / 3_600_000;
  const raw = tableBytes(store.raw);
  const feats = tableBytes(store.features);
  const row: BenchRow = {
    suite: 'store', task: `Bybit ob200 BTCUSDT, ${p.frames} frames / ${p.rows} rows over ${sig3(hours * 3600)} s, scaled to 1 h`,
    meanMs: sig3(ms), samples: 1, rawMiBPerHour: sig3(raw / 2 ** 20 / hours), featuresMiBPerHour: sig3(feats / 2 ** 20 / hours),
    rowsPerHour: sig3(p.rows / hours),
  };
  await dropStore(store);
  return row;
}
