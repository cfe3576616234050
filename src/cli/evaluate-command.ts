/**
 * `btc-engine evaluate --model MODELDIR --store DIR`: scores a saved model out of
 * sample on a store's rows, with labels computed from l2_features by the same
 * code that writes l2_training_data (so they are never stale; the store is opened
 * read-only and not written, so this may run while an ingest writes). Prints one JSON
 * object (issue-6 contract):
 *   {"horizons":{"1s":{"ic":…,"pearson":…,"hitRate":…,"baselineIc":…,"bestFeature":"…","bestFeatureIc":…,"rows":…},…}}
 *
 * `btc-engine predict --model MODELDIR --store DIR`: the model's prediction for
 * every l2_features row, as CSV (`ts,u,pred_logret_<h>ms,…`) or JSONL.
 */
import { loadConfig } from '../config/load.js';
import { UsageError } from '../errors.js';
import { computeDataset, readFeatureRows, timeRange } from '../model/dataset.js';
import { evaluateModel, predictAll } from '../model/evaluate.js';
import { ModelRunner } from '../model/infer.js';
import { Store } from '../store/store.js';
import { LineSink } from './line-sink.js';
import { parseTimeArg } from './time-arg.js';

export interface EvaluateCommandOptions {
  model?: string;
  store?: string;
  config?: string;
  from?: string;
  to?: string;
  format?: 'csv' | 'jsonl';
  out?: string;
}

function dirs(o: EvaluateCommandOptions): { modelDir: string; storeDir: string } {
  const cfg = loadConfig(o.config, [[['store', 'dir'], o.store], [['model', 'dir'], o.model]]);
  if (!cfg.model.dir) throw new UsageError('--model MODELDIR is required (or config model.dir)');
  if (!cfg.store.dir) throw new UsageError('--store DIR is required (or config store.dir)');
  return { modelDir: cfg.model.dir, storeDir: cfg.store.dir };
}

/** Opens the model for the feature set the store's rows carry. */
async function openFor(store: Store, modelDir: string): Promise<ModelRunner> {
  const meta = store.meta();
  return ModelRunner.open(modelDir, { names: meta.columns, featureSetVersion: meta.featureSetVersion });
}

export async function runEvaluate(o: EvaluateCommandOptions): Promise<number> {
  const { modelDir, storeDir } = dirs(o);
  const fromMs = parseTimeArg('--from', o.from);
  const toMs = parseTimeArg('--to', o.to);
  const store = Store.open(storeDir); // read-only: no `writer`
  let runner: ModelRunner | undefined;
  try {
    runner = await openFor(store, modelDir);
    const ds = timeRange(computeDataset(store, runner.manifest.horizonsMs), fromMs, toMs);
    const horizons = await evaluateModel(runner, ds);
    process.stdout.write(`${JSON.stringify({ horizons })}\n`);
  } finally {
    await runner?.close();
    await store.close();
  }
  return 0;
}

export async function runPredict(o: EvaluateCommandOptions): Promise<number> {
  const { modelDir, storeDir } = dirs(o);
  const fromMs = parseTimeArg('--from', o.from);
  const toMs = parseTimeArg('--to', o.to);
  const store = Store.open(storeDir); // read-only: no `writer`
  let runner: ModelRunner | undefined;
  const out = LineSink.open(o.out);
  try {
    runner = await openFor(store, modelDir);
    const rows = readFeatureRows(store);
    let a = 0;
    while (a < rows.n && fromMs !== undefined && rows.tsMs[a] < fromMs) a++;
    let b = a;
    while (b < rows.n && (toMs === undefined || rows.tsMs[b] < toMs)) b++;
    const f = rows.names.length;
    const preds = b > a ? await predictAll(runner, rows.x.subarray(a * f, b * f), b - a) : [];
    const names = runner.outputs;
    const csv = (o.format ?? 'csv') === 'csv';
    if (csv) out.line(['ts', 'u', ...names].join(','));
    for (let i = 0; i < b - a; i++) {
      const ts = rows.tsMs[a + i];
      const u = rows.u[a + i];
      const p = names.map((_, k) => preds[k][i]);
      out.line(csv ? `${ts},${u},${p.map((v) => (Number.isNaN(v) ? '' : String(v))).join(',')}`
        : JSON.stringify({ ts, u, ...Object.fromEntries(names.map((nm, k) => [nm, Number.isNaN(p[k]) ? null : p[k]])) }));
    }
  } finally {
    out.close();
    await runner?.close();
    await store.close();
  }
  return 0;
}
