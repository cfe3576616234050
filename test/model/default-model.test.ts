/**
 * The model shipped in models/default (models/README.md, made by
 * scripts/train-default-model.mjs), which `npm start` predicts with:
 * - it opens against the running core feature set (its manifest's columns are
 *   exactly the 51 core features in registry order, at this feature-set version)
 *   and its ONNX file is the one its manifest names (sha256, checked on open);
 * - its predictions on feature rows of a synthetic stream are finite numbers, on
 *   the scale the decision defaults assume;
 * - it stays small, and nothing in models/ refers to ../shared (the package must
 *   run without it): the training streams are named by bare file name.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { FEATURE_SET_VERSION, rowFeatureDefs } from '../../src/features/registry.js';
import { DEFAULT_MODEL_DIR, openModelPredictor } from '../../src/engine/predictor.js';
import { ModelRunner } from '../../src/model/infer.js';
import { readManifest } from '../../src/model/manifest.js';
import { PROJECT_ROOT } from '../../src/native/load.js';
import { decisionSection } from '../../src/config/trading-section.js';
import { cli, tempDir } from '../store/store-fixtures.js';

const MODELS = join(PROJECT_ROOT, 'models');
const core = rowFeatureDefs(false, 0).map((d) => d.name);

test('the shipped model sits in the package, not the working directory, and fits the core feature set', async () => {
  assert.equal(DEFAULT_MODEL_DIR, join(PROJECT_ROOT, 'models', 'default'));
  const m = readManifest(DEFAULT_MODEL_DIR);
  assert.deepEqual(m.features.names, core, 'the manifest\'s columns are the running core feature set, in order');
  assert.equal(m.features.featureSetVersion, FEATURE_SET_VERSION);
  assert.deepEqual(m.horizonsMs, [1000, 10_000, 60_000]);
  const size = statSync(join(DEFAULT_MODEL_DIR, 'model.onnx')).size;
  assert.ok(size < 300_000, `model.onnx is ${size} bytes`);
  // The decision defaults weigh the 1 s horizon only; it must be one of the model's.
  const weights = decisionSection.parse({}).horizonWeights;
  assert.equal(weights['1s'], 1);
  // ModelRunner.open checks the sha256 and the columns; from another working directory too.
  const cwd = process.cwd();
  process.chdir(tempDir('default-model-cwd'));
  try {
    const p = await openModelPredictor(undefined, core, FEATURE_SET_VERSION);
    assert.equal(p.source, 'model:models/default');
    assert.deepEqual(p.horizons, ['1s', '10s', '60s']);
    await p.close();
  } finally {
    process.chdir(cwd);
  }
});

test('the shipped model refuses a running set with HHT or extended columns, naming them and the ways out', async () => {
  for (const [names, what] of [
    [rowFeatureDefs(false, 2).map((d) => d.name), /HHT columns the model was not trained on \(hht_imf1_/],
    [rowFeatureDefs(true, 0).map((d) => d.name), /extended columns the model was not trained on/],
  ] as const) {
    await assert.rejects(openModelPredictor(undefined, names, FEATURE_SET_VERSION), (err: Error) => {
      assert.equal(err.name, 'ModelError');
      assert.match(err.message, what);
      assert.match(err.message, /model\.dir is not set, so the model shipped in .*models\/default was opened/);
      assert.match(err.message, /decision\.source: rule/);
      return true;
    });
  }
  await assert.rejects(openModelPredictor(join(tempDir('no-model'), 'none'), core, FEATURE_SET_VERSION),
    /has no readable manifest\.json[^]*decision\.source is "model" with model\.dir/);
});

test('the shipped model predicts finite values on a synthetic stream\'s feature rows', async () => {
  const dir = tempDir('default-model');
  const file = join(dir, 'syn.jsonl');
  assert.equal(cli(['synthesize', '--seconds', '30', '--seed', '99', '--out', file]).status, 0);
  const store = join(dir, 'store');
  const ing = cli(['ingest', '--store', store, file]);
  assert.equal(ing.status, 0, ing.stderr);
  const exported = cli(['store', 'export', '--store', store, '--format', 'jsonl']);
  assert.equal(exported.status, 0, exported.stderr);
  const rows = exported.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, number | null>);
  assert.ok(rows.length > 1000, `${rows.length} rows`);
  const x = new Float64Array(rows.length * core.length);
  rows.forEach((r, i) => core.forEach((name, j) => { x[i * core.length + j] = r[name] ?? NaN; }));
  const runner = await ModelRunner.open(DEFAULT_MODEL_DIR, { names: core, featureSetVersion: FEATURE_SET_VERSION });
  try {
    const preds = await runner.predict(x, rows.length);
    assert.equal(preds.length, 3);
    for (const p of preds) {
      assert.equal(p.length, rows.length);
      for (const v of p) assert.ok(Number.isFinite(v), `finite prediction, was ${v}`);
    }
    // The 1 s horizon is what the decision layer trades on (entryBps 0.01): it varies, and on this scale.
    const oneS = Array.from(preds[0]!);
    const maxAbs = Math.max(...oneS.map(Math.abs));
    assert.ok(maxAbs > 0.01 && maxAbs < 1, `1 s predictions reach past entryBps and stay under 1 bps (max |p| ${maxAbs})`);
  } finally {
    await runner.close();
  }
});

test('nothing in models/ refers to ../shared; the training streams are named by bare file name', () => {
  const files = readdirSync(MODELS, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(join(MODELS, f)).isFile());
  assert.ok(files.includes(join('default', 'manifest.json')) && files.includes('README.md'), files.join(', '));
  for (const f of files) {
    if (f.endsWith('.onnx')) continue;
    const text = readFileSync(join(MODELS, f), 'utf8');
    assert.doesNotMatch(text, /\.\.\/shared|\/shared\/|shared\/data/, `${f} refers to ../shared`);
  }
  const m = readManifest(DEFAULT_MODEL_DIR);
  const names = m.training.sources.flatMap((s) => s.files);
  assert.ok(names.length > 0);
  for (const n of names) assert.match(n, /^synthetic-seed\d+-\d+s\.jsonl$/, `a generated stream, by bare name: ${n}`);
  const onnx = readFileSync(join(DEFAULT_MODEL_DIR, 'model.onnx'));
  assert.equal(onnx.indexOf('shared'), -1, 'model.onnx names nothing under shared');
});
