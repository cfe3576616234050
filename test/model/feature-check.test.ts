/**
 * Loading a model checks it against the running feature set: missing, extra or
 * reordered columns, and another feature-set version, are a ModelError naming
 * them; a column group behind a config switch names the switch. The ONNX file
 * must be the one the manifest was written for.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CORE_FEATURES, EXTENDED_FEATURES, FEATURE_SET_VERSION } from '../../src/features/registry.js';
import { FEATURE_SWITCHES, featureSetProblems } from '../../src/model/feature-check.js';
import { ModelRunner } from '../../src/model/infer.js';
import { ONNX_FILE } from '../../src/model/manifest.js';
import { saveModel } from '../../src/model/model-dir.js';
import { trainEnsemble } from '../../src/model/trainer.js';
import { plantedDataset, testOptions } from './synthetic.js';

const CORE = CORE_FEATURES.map((d) => d.name);
const EXT = EXTENDED_FEATURES.map((d) => d.name);
const at = (names: string[]) => ({ names, featureSetVersion: FEATURE_SET_VERSION });

test('the same columns in the same order at the same version fit', () => {
  assert.deepEqual(featureSetProblems(at(CORE), at([...CORE])), []);
});

test('missing, extra and reordered columns are named; switches are named', () => {
  const p1 = featureSetProblems(at([...CORE, ...EXT]), at(CORE));
  assert.equal(p1.length, 1);
  assert.match(p1[0], /the model needs extended columns \(lob_ask_px_1, lob_ask_qty_1, .* and \d+ more\) but features\.extended is off/);
  const p2 = featureSetProblems(at(CORE), at([...CORE, ...EXT]));
  assert.match(p2[0], /the running feature set has extended columns the model was not trained on .*: turn features\.extended off/);
  const p3 = featureSetProblems(at(CORE), at(CORE.filter((n) => n !== 'imb_1')));
  assert.match(p3[0], /the model needs columns the running feature set does not have: imb_1$/);
  const swapped = [...CORE];
  [swapped[8], swapped[9]] = [swapped[9], swapped[8]];
  const p4 = featureSetProblems(at(CORE), at(swapped));
  assert.match(p4[0], /another order \(2 positions differ\): column 8 is imb_1 in the model, imb_cum_5 in the running set/);
  const p5 = featureSetProblems(at(CORE), { names: CORE, featureSetVersion: FEATURE_SET_VERSION + 1 });
  assert.match(p5[0], /trained on feature-set version 1, the engine computes version 2: feature definitions changed, retrain/);
});

test('HHT columns name their switch; a new group registers one entry (generic over names)', () => {
  const p = featureSetProblems(at([...CORE, 'hht_imf1_freq_hz', 'hht_imf1_amp_bps']), at(CORE));
  assert.match(p[0], /the model needs HHT columns \(hht_imf1_freq_hz, hht_imf1_amp_bps\) but features\.hht\.enabled is off/);
  FEATURE_SWITCHES.push({ label: 'venue', setting: 'features.venue.enabled', covers: (n) => n.startsWith('venue_') });
  try {
    assert.match(featureSetProblems(at([...CORE, 'venue_x']), at(CORE))[0], /needs venue columns \(venue_x\) but features\.venue\.enabled is off/);
  } finally {
    FEATURE_SWITCHES.pop();
  }
});

test('ModelRunner.open refuses a model that does not fit, and a graph that is not the manifest\'s', async () => {
  const { ds } = plantedDataset({ n: 3000, features: CORE.length, horizonsMs: [1000], seed: 1, nanShare: 0, noise: 1, signal: (a) => a });
  ds.featureNames = [...CORE];
  const o = testOptions({}, { rounds: 3 });
  const dir = mkdtempSync(join(tmpdir(), 'btc-engine-model-check-'));
  saveModel(dir, ds, o, trainEnsemble(ds, o), { engine: 'test', instrument: { exchange: 'bybit', market: 'linear', symbol: 'BTCUSDT' }, sources: [] });
  const runner = await ModelRunner.open(dir, at(CORE));
  const p = await runner.predict(new Float64Array(CORE.length), 1);
  assert.equal(p.length, 1);
  await runner.close();
  await assert.rejects(ModelRunner.open(dir, at([...CORE, ...EXT])), {
    name: 'ModelError', message: /does not fit the running feature set:\n {2}- the running feature set has extended columns/,
  });
  writeFileSync(join(dir, ONNX_FILE), 'not a model');
  await assert.rejects(ModelRunner.open(dir, at(CORE)), { name: 'ModelError', message: /model.onnx is not the file its manifest was written for/ });
  await assert.rejects(ModelRunner.open(join(dir, 'nothing'), at(CORE)), { name: 'ModelError', message: /has no readable manifest.json/ });
});
