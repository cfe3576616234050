/**
 * `npm run bench [-- --quick] [-- --only book|parse|pipeline|features|store|model|hht|replay|paper|dashboard]`: runs the tinybench
 * suites, prints one table and writes bench/results/latest.json (plus a
 * timestamped copy). --quick is a smoke run (short times, one stream): its
 * numbers are not for quoting.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus } from 'node:os';
import { PROJECT_ROOT, nativeLoadError } from '../src/native/load.js';
import { benchBookApply } from './book/apply.bench.js';
import { benchPipeline } from './book/pipeline.bench.js';
import { benchParse } from './feed/parse.bench.js';
import { benchFeatures } from './features/engine.bench.js';
import { benchStore } from './store/store.bench.js';
import { benchModel } from './model/model.bench.js';
import { benchHhtEmd } from './hht/emd.bench.js';
import { benchHhtBookPath } from './hht/book-path.bench.js';
import { benchReplay } from './engine/replay.bench.js';
import { benchTickToDecision } from './runtime/tick-to-decision.bench.js';
import { benchDashboard } from './dashboard/load.bench.js';
import type { BenchConfig, BenchRow } from './lib.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const cfg: BenchConfig = { quick, timeMs: quick ? 100 : 1500, iterations: quick ? 2 : 10 };

const rows: BenchRow[] = [];
if (!only || only === 'book') rows.push(...benchBookApply(cfg));
if (!only || only === 'parse') rows.push(...benchParse(cfg));
if (!only || only === 'pipeline') rows.push(...(await benchPipeline(cfg)));
if (!only || only === 'features') rows.push(...benchFeatures(cfg));
if (!only || only === 'store') rows.push(...(await benchStore(cfg)));
if (!only || only === 'model') rows.push(...(await benchModel(cfg)));
if (!only || only === 'hht') rows.push(...benchHhtEmd(cfg), ...(await benchHhtBookPath(cfg)));
if (!only || only === 'replay') rows.push(...(await benchReplay(cfg)));
if (!only || only === 'paper') rows.push(...(await benchTickToDecision(cfg)));
if (!only || only === 'dashboard') rows.push(...(await benchDashboard(cfg)));

console.table(rows.map(({ suite, task, ...m }) => ({ suite, task, ...m })));
const nativeNote = nativeLoadError();
if (nativeNote) console.log(`native backend not measured: ${nativeNote}`);
const dir = join(PROJECT_ROOT, 'bench', 'results');
mkdirSync(dir, { recursive: true });
const doc = {
  date: new Date().toISOString(), quick, node: process.version, cpu: cpus()[0]?.model, cores: cpus().length, rows,
};
const stamp = doc.date.replace(/[:.]/g, '-');
writeFileSync(join(dir, 'latest.json'), JSON.stringify(doc, null, 2));
writeFileSync(join(dir, `bench-${stamp}.json`), JSON.stringify(doc, null, 2));
console.log(`wrote ${join(dir, 'latest.json')}`);
