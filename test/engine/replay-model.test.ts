/**
 * Replay with a trained model deciding (decision.source: model, the default): the
 * model is trained here from the Bybit-shaped recording (ingest → train), replays
 * are deterministic with it, and a model whose columns the running engine does not
 * produce is refused at start-up with the columns named. Without model.dir the
 * model shipped in models/default decides.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/native/load.js';
import { sharedFile } from '../helpers/shared-data.js';

const CLI = join(PROJECT_ROOT, 'dist', 'src', 'cli', 'main.js');
const FILE = sharedFile('bybit/derived_bybit-shaped_ob200_BTCUSDT_2023-04-04.jsonl');
const dir = mkdtempSync(join(tmpdir(), 'btc-engine-replay-model-'));
const cli = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });

function trainModel(): string {
  const store = join(dir, 'store');
  const model = join(dir, 'model');
  const ingest = cli(['ingest', '--store', store, FILE]);
  assert.equal(ingest.status, 0, ingest.stderr);
  const train = cli(['train', '--store', store, '--out', model, '--horizons', '1s,10s']);
  assert.equal(train.status, 0, train.stderr);
  return model;
}

test('decision.source model: predictions come from the model, the report is deterministic, a mismatched model is refused', () => {
  const model = trainModel();
  const cfg = join(dir, 'model.yaml');
  writeFileSync(cfg, `decision:\n  source: model\n  entryBps: 0.2\nmodel:\n  dir: ${model}\n`);
  const out = (n: string): string => join(dir, `${n}.json`);
  for (const n of ['a', 'b']) {
    const r = cli(['replay', '--config', cfg, '--report', out(n), FILE]);
    assert.equal(r.status, 0, r.stderr);
  }
  const text = readFileSync(out('a'), 'utf8');
  assert.equal(text, readFileSync(out('b'), 'utf8'), 'byte-identical with the model deciding');
  const report = JSON.parse(text) as { run: { predictions: string; horizons: string[] }; decision: { decisions: number } };
  assert.equal(report.run.predictions, `model:${model}`);
  assert.deepEqual(report.run.horizons, ['1s', '10s']);
  assert.ok(report.decision.decisions > 0);

  // The same model with the extended set switched on: 57 extra columns the model was not trained on.
  const ext = join(dir, 'ext.yaml');
  writeFileSync(ext, `features:\n  extended: true\ndecision:\n  source: model\nmodel:\n  dir: ${model}\n`);
  const bad = cli(['replay', '--config', ext, FILE]);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /extended/);
  assert.match(bad.stderr, /lob_ask_px_1/);
});

test('decision.source model without a model directory: the model shipped in models/default decides; a run it does not fit is refused', () => {
  const cfg = join(dir, 'nodir.yaml');
  writeFileSync(cfg, 'decision:\n  source: model\n');
  const out = join(dir, 'default.json');
  const r = cli(['replay', '--config', cfg, '--report', out, FILE]);
  assert.equal(r.status, 0, r.stderr);
  const report = JSON.parse(readFileSync(out, 'utf8')) as { run: { predictions: string; horizons: string[] }; decision: { decisions: number } };
  assert.equal(report.run.predictions, 'model:models/default');
  assert.deepEqual(report.run.horizons, ['1s', '10s', '60s']);
  assert.ok(report.decision.decisions > 0);

  const ext = join(dir, 'nodir-ext.yaml');
  writeFileSync(ext, 'features:\n  extended: true\n');
  const bad = cli(['replay', '--config', ext, FILE]);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /extended columns the model was not trained on/);
  assert.match(bad.stderr, /model\.dir is not set, so the model shipped in .*models\/default was opened/);
  assert.match(bad.stderr, /decision\.source: rule/);
});
