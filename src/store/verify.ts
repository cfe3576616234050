/**
 * `store verify`: reads everything and checks that it holds together. Each check
 * names what it looked at; any problem fails it. An interrupted ingest is not a
 * problem (its data is a consistent prefix and its progress says where it ends).
 */
import { FEATURE_SET_VERSION, rowFeatureDefs } from '../features/registry.js';
import { parseGrid } from '../feed/decimal.js';
import { ROW_FEATURES, ROW_FLAGS, ROW_TS_MS, ROW_U } from '../layout/feature-row.js';
import { FEATURE_KEY_BYTES, isKeyInteger, RAW_HEAD_BYTES, RAW_KEY_BYTES, rawReceiveTime, readFeatureKey, readRawKey } from './layout.js';
import { DB_NAMES, ingestRunKey, SCHEMA_VERSION, type IngestRun, type StoreMeta } from './schema.js';
import type { Store } from './store.js';
import { trainingStride } from './training.js';

export interface Check {
  name: string;
  /** What was checked, for the report. */
  detail: string;
  problems: string[];
}

/** Problems listed per check (the rest are counted). */
const MAX_LISTED = 10;

/** A check being built: fail() adds a problem (the first MAX_LISTED are listed). */
export class CheckBuilder implements Check {
  problems: string[] = [];
  detail = '';
  count = 0;
  constructor(readonly name: string) {}
  fail(s: string): void {
    this.count++;
    if (this.problems.length < MAX_LISTED) this.problems.push(s);
    else if (this.problems.length === MAX_LISTED) this.problems.push('… (more)');
  }
}

/** Runs every check; the store is only read. */
export function verifyStore(store: Store): Check[] {
  const meta = store.meta();
  const runs = store.ingestRuns();
  return [checkMeta(meta, runs), checkRuns(store, meta, runs), checkRaw(store, runs), checkFeatures(store, meta, runs), checkTraining(store, meta)];
}

function checkMeta(meta: StoreMeta, runs: IngestRun[]): Check {
  const c = new CheckBuilder(DB_NAMES.meta);
  if (meta.schemaVersion !== SCHEMA_VERSION) c.fail(`schema version ${meta.schemaVersion}, expected ${SCHEMA_VERSION}`);
  if (meta.migrating) c.fail(`a migration to schema version ${meta.migrating.to} did not finish (open the store with btc-engine to finish it)`);
  if (meta.rowEncoding !== 'f64le') c.fail(`row encoding ${String(meta.rowEncoding)}, expected f64le`);
  if (!(meta.featureSetVersion <= FEATURE_SET_VERSION)) c.fail(`feature-set version ${meta.featureSetVersion} is newer than this engine's ${FEATURE_SET_VERSION}`);
  if (meta.featureSetVersion === FEATURE_SET_VERSION && !meta.recompute) {
    const want = rowFeatureDefs(meta.extended, meta.hht?.k ?? 0).map((d) => d.name).join(',');
    if (meta.columns.join(',') !== want) c.fail(`columns differ from the registry's at feature-set version ${FEATURE_SET_VERSION}`);
  }
  if (new Set(meta.columns).size !== meta.columns.length) c.fail('column names repeat');
  const i = meta.instrument;
  if (!i || !i.exchange || !i.market || !i.symbol || !parseGrid(i.tick) || !parseGrid(i.lot)) c.fail(`instrument record is incomplete: ${JSON.stringify(i)}`);
  const maxSource = Math.max(0, ...runs.map((r) => r.sourceNo));
  if (!(meta.nextSourceNo > maxSource)) c.fail(`next source number ${meta.nextSourceNo} is not above the highest in use, ${maxSource}`);
  const pending = meta.recompute ? `; recompute to feature-set version ${meta.recompute.toVersion} unfinished (run btc-engine ingest --store DIR)` : '';
  c.detail = `schema ${meta.schemaVersion}, feature set ${meta.featureSetVersion}, ${meta.columns.length} columns, ${i?.exchange} ${i?.market} ${i?.symbol}${pending}`;
  return c;
}

function checkRuns(store: Store, meta: StoreMeta, runs: IngestRun[]): Check {
  const c = new CheckBuilder(DB_NAMES.runs);
  const seen = new Set<number>();
  let interrupted = 0;
  let recordings = 0;
  let recording = 0;
  for (const r of runs) {
    const at = `source ${r.sourceNo}`;
    if (seen.has(r.sourceNo)) c.fail(`${at}: source number used twice`);
    seen.add(r.sourceNo);
    if (store.runs.get(ingestRunKey(r.digest)) === undefined) c.fail(`${at}: record is not under its digest's key`);
    if (r.status !== 'running' && r.status !== 'complete') c.fail(`${at}: status ${String(r.status)}`);
    if (r.recording) {
      recordings++;
      if (r.status === 'running') recording++;
      if (r.status === 'complete' && r.recording.end === 'running') c.fail(`${at}: recording complete but its end is not recorded`);
      if (r.files.length > 0) c.fail(`${at}: a recording with input files`);
    } else if (r.status === 'running') interrupted++;
    if (r.status === 'complete' && !r.finishedAt) c.fail(`${at}: complete without a finish time`);
    const p = r.progress;
    if (!isKeyInteger(p.frames) || !isKeyInteger(p.rows)) c.fail(`${at}: progress frames=${p.frames} rows=${p.rows}`);
    for (let k = 0; k < p.parts.length; k++) {
      const f = p.parts[k].firstFrame;
      if (f > p.frames || (k > 0 && f < p.parts[k - 1].firstFrame)) c.fail(`${at}: part ${p.parts[k].name} starts at frame ${f}, out of order or past the ${p.frames} frames`);
    }
    if (!meta.recompute && r.featureSetVersion !== meta.featureSetVersion) c.fail(`${at}: rows at feature-set version ${r.featureSetVersion}, the store at ${meta.featureSetVersion}`);
    if (r.counters.overwrites > p.rows) c.fail(`${at}: ${r.counters.overwrites} overwrites of ${p.rows} rows`);
  }
  const resume = interrupted > 0 ? ` (${interrupted} interrupted: run the same ingest again to finish)` : '';
  const live = recordings > 0 ? `; ${recordings} of them live recordings${recording > 0 ? `, ${recording} still recording or killed (the next writer closes it)` : ''}` : '';
  c.detail = `${runs.length} sources, ${runs.length - interrupted - recording} complete${resume}${live}`;
  return c;
}

function checkRaw(store: Store, runs: IngestRun[]): Check {
  const c = new CheckBuilder(DB_NAMES.raw);
  const bySource = new Map(runs.map((r) => [r.sourceNo, r]));
  const next = new Map<number, number>();
  let frames = 0;
  let bytes = 0;
  for (const { key, value } of store.raw.getRange({})) {
    frames++;
    bytes += value.length;
    if (key.length !== RAW_KEY_BYTES) { c.fail(`key of ${key.length} bytes`); continue; }
    const { sourceNo, frameNo } = readRawKey(key);
    if (!bySource.has(sourceNo)) { c.fail(`frame ${frameNo} of unknown source ${sourceNo}`); continue; }
    const want = next.get(sourceNo) ?? 0;
    if (frameNo !== want) c.fail(`source ${sourceNo}: frame ${frameNo} where ${want} was due`);
    next.set(sourceNo, frameNo + 1);
    if (value.length <= RAW_HEAD_BYTES) c.fail(`source ${sourceNo} frame ${frameNo}: empty frame`);
    else if (rawReceiveTime(value) < -1n) c.fail(`source ${sourceNo} frame ${frameNo}: receive time ${rawReceiveTime(value)}`);
  }
  for (const r of runs) {
    const have = next.get(r.sourceNo) ?? 0;
    if (have !== r.progress.frames) c.fail(`source ${r.sourceNo}: ${have} frames stored, its progress says ${r.progress.frames}`);
  }
  c.detail = `${frames} frames (${bytes} bytes) in ${next.size} sources, numbered 0… without holes, counts match progress`;
  return c;
}

function checkFeatures(store: Store, meta: StoreMeta, runs: IngestRun[]): Check {
  const c = new CheckBuilder(DB_NAMES.features);
  const widths = new Set([(ROW_FEATURES + meta.columns.length) * 8]);
  if (meta.recompute) widths.add((ROW_FEATURES + meta.recompute.fromColumns.length) * 8);
  let rows = 0;
  for (const { key, value } of store.binaryView(DB_NAMES.features).getRange({})) {
    rows++;
    if (key.length !== FEATURE_KEY_BYTES) { c.fail(`key of ${key.length} bytes`); continue; }
    const k = readFeatureKey(key);
    const at = `row ts=${k.exchTsMs} u=${k.updateId}`;
    if (!widths.has(value.length)) { c.fail(`${at}: ${value.length} bytes, expected ${[...widths].join(' or ')}`); continue; }
    const ts = value.readDoubleLE(ROW_TS_MS * 8);
    const u = value.readDoubleLE(ROW_U * 8);
    const flags = value.readDoubleLE(ROW_FLAGS * 8);
    if (ts !== k.exchTsMs || u !== k.updateId) c.fail(`${at}: the row says ts=${ts} u=${u}`);
    if (!Number.isInteger(flags) || flags < 0) c.fail(`${at}: book_flags ${flags}`);
  }
  const written = runs.reduce((s, r) => s + r.progress.rows, 0);
  const overwritten = runs.reduce((s, r) => s + r.counters.overwrites, 0);
  if (rows !== written - overwritten) c.fail(`${rows} rows stored, the ingests wrote ${written} of which ${overwritten} replaced earlier rows`);
  c.detail = `${rows} rows of ${meta.columns.length} features, keys match rows, count = ${written} written − ${overwritten} overwritten`;
  return c;
}

function checkTraining(store: Store, meta: StoreMeta): Check {
  const c = new CheckBuilder(DB_NAMES.training);
  const db = store.binaryView(DB_NAMES.training);
  const features = store.binaryView(DB_NAMES.features);
  let rows = 0;
  const stride = meta.training ? trainingStride(meta) : 0;
  const featureBytes = (ROW_FEATURES + meta.columns.length) * 8;
  for (const { key, value } of db.getRange({})) {
    rows++;
    if (!meta.training) continue;
    const k = key.length === FEATURE_KEY_BYTES ? readFeatureKey(key) : undefined;
    const at = k ? `row ts=${k.exchTsMs} u=${k.updateId}` : `key of ${key.length} bytes`;
    if (!k) { c.fail(at); continue; }
    if (value.length !== stride * 8) { c.fail(`${at}: ${value.length} bytes, expected ${stride * 8}`); continue; }
    const feat = features.getBinary(key);
    if (!feat) c.fail(`${at}: no l2_features row under its key`);
    else if (!meta.recompute && !feat.subarray(0, featureBytes).equals(value.subarray(0, featureBytes))) c.fail(`${at}: features differ from its l2_features row`);
  }
  if (!meta.training && rows > 0) c.fail(`${rows} rows but no label horizons in meta`);
  const labels = meta.training ? `labels ${meta.training.labelNames.join(', ')}` : 'no labels defined';
  c.detail = `${rows} rows (${labels}), each joined to its l2_features row`;
  return c;
}
