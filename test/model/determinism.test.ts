/**
 * Acceptance (issue 6): training is deterministic given the seed. The same data
 * and seed give byte-identical model.onnx and manifest.json; another seed draws
 * other row and feature samples, hence other trees.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MANIFEST_FILE, ONNX_FILE } from '../../src/model/manifest.js';
import { saveModel } from '../../src/model/model-dir.js';
import { trainEnsemble } from '../../src/model/trainer.js';
import { plantedDataset, testOptions } from './synthetic.js';

const { ds } = plantedDataset({
  n: 8000, features: 8, horizonsMs: [1000, 5000], seed: 21, nanShare: 0.05, noise: 1,
  signal: (a, b) => (Number.isNaN(a) ? 0 : Math.abs(a)) - (Number.isNaN(b) ? 0 : b * b),
});
const SOURCE = { engine: 'btc-engine test', instrument: { exchange: 'bybit', market: 'linear', symbol: 'BTCUSDT' }, sources: [] };

function trainTo(seed: number): { onnx: Buffer; manifest: string } {
  const o = testOptions({ seed, combine: 'sum', horizonsMs: [1000, 5000] }, { rowSubsample: 0.7, featureSubsample: 0.6, rounds: 30 });
  const dir = mkdtempSync(join(tmpdir(), 'btc-engine-model-det-'));
  saveModel(dir, ds, o, trainEnsemble(ds, o), SOURCE);
  return { onnx: readFileSync(join(dir, ONNX_FILE)), manifest: readFileSync(join(dir, MANIFEST_FILE), 'utf8') };
}

test('same seed, same bytes; another seed, other trees', () => {
  const a = trainTo(42);
  const b = trainTo(42);
  assert.ok(a.onnx.equals(b.onnx), 'model.onnx differs between two runs with the same seed');
  assert.equal(a.manifest, b.manifest);
  const c = trainTo(43);
  assert.ok(!a.onnx.equals(c.onnx), 'another seed should sample other rows and features');
  assert.equal(JSON.parse(c.manifest).seed, 43);
});
