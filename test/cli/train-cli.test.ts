/**
 * `btc-engine train`, `evaluate` and `predict` end to end on a stream the
 * project generates (src/feed/demo-stream.ts: its mid moves, unlike the 43 s
 * Bybit recording's, so every metric is defined): labels land in l2_training_data (and verify), the model directory
 * holds model.onnx + manifest.json, evaluate prints the issue-6 JSON contract,
 * predict prints one line per feature row, and a model that does not fit the
 * store's feature set stops with exit 1 and names the switch.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { demoStream } from '../../src/feed/demo-stream.js';
import { cli, tempDir } from '../store/store-fixtures.js';

const root = tempDir('train');
const recording = join(root, 'demo.txt');
writeFileSync(recording, demoStream({ seed: 5, messages: 3000 }));
const store = join(root, 'store');
const model = join(root, 'model');
let rows = 0;
const TRAIN = ['train', '--store', store, '--out', model, '--horizons', '1s,5s', '--rounds', '20', '--min-leaf', '10',
  '--early-stopping', '5', '--seed', '3'];

test('train: labels, model directory, test report', () => {
  const ing = cli(['ingest', '--store', store, '--backend', 'ts', recording]);
  assert.equal(ing.status, 0, ing.stderr);
  rows = Number(/(\d+) feature rows/.exec(ing.stderr)?.[1]);
  const r = cli(TRAIN);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /labels written: \d+ of \d+ rows in l2_training_data \(1s: \d+, 5s: \d+\)/);
  assert.match(r.stderr, /1s +rows train \d+ \/ validation \d+ \/ test \d+/);
  const report = JSON.parse(r.stdout) as { horizons: Record<string, Record<string, unknown>> };
  assert.deepEqual(Object.keys(report.horizons), ['1s', '5s']);
  assert.ok(existsSync(join(model, 'model.onnx')));
  const m = JSON.parse(readFileSync(join(model, 'manifest.json'), 'utf8'));
  assert.equal(m.features.names.length, 51);
  assert.equal(m.features.names[0], 'mid_px');
  assert.deepEqual(m.horizonsMs, [1000, 5000]);
  assert.equal(m.seed, 3);
  assert.deepEqual(m.onnx.opsets, { '': 13, 'ai.onnx.ml': 3 });
  assert.equal(m.horizons['5s'].split.purgeMs, 5000);
  const v = cli(['store', 'verify', '--store', store]);
  assert.equal(v.status, 0, v.stdout);
  assert.match(v.stdout, /ok {4}l2_training_data: \d+ rows \(labels label_logret_1000ms, label_logret_5000ms\)/);
  const again = cli(TRAIN);
  assert.match(again.stderr, /labels up to date/);
  assert.ok(readFileSync(join(model, 'model.onnx')).length > 0);
});

test('evaluate prints the JSON contract; predict one line per row', () => {
  const e = cli(['evaluate', '--model', model, '--store', store]);
  assert.equal(e.status, 0, e.stderr);
  const out = JSON.parse(e.stdout) as { horizons: Record<string, Record<string, unknown>> };
  for (const key of ['1s', '5s']) {
    assert.deepEqual(Object.keys(out.horizons[key]), ['ic', 'pearson', 'hitRate', 'baselineIc', 'bestFeature', 'bestFeatureIc', 'rows']);
    assert.equal(typeof out.horizons[key].bestFeature, 'string');
    assert.equal(typeof out.horizons[key].rows, 'number');
  }
  // A correlation is a number, or null when a side is constant (a horizon whose best model is "no signal").
  assert.equal(typeof out.horizons['1s'].ic, 'number');
  assert.equal(typeof out.horizons['1s'].baselineIc, 'number');
  const p = cli(['predict', '--model', model, '--store', store]);
  assert.equal(p.status, 0, p.stderr);
  const lines = p.stdout.trim().split('\n');
  assert.equal(lines[0], 'ts,u,pred_logret_1000ms,pred_logret_5000ms');
  assert.equal(lines.length, rows + 1);
  assert.match(lines[1], /^\d{13},\d+,-?[\d.e-]+,-?[\d.e-]+$/);
});

test('a model whose features the store does not have is refused with the switch named', () => {
  const ext = join(root, 'ext');
  assert.equal(cli(['ingest', '--store', ext, '--backend', 'ts', '--extended', recording]).status, 0);
  const e = cli(['evaluate', '--model', model, '--store', ext]);
  assert.equal(e.status, 1);
  assert.match(e.stderr, /does not fit the running feature set:\n {2}- the running feature set has extended columns the model was not trained on \(lob_ask_px_1/);
  const bad = cli(['train', '--store', store, '--out', model, '--horizons', '1s,1s']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--horizons: horizons must be distinct, was 1s,1s/);
});
