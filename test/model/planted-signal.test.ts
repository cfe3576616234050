/**
 * Acceptance (issue 6), planted signal: the label is a known function of two of
 * ten features plus Gaussian noise. The best any model can do out of sample is
 * the IC of the true function itself against the noisy label on the test rows,
 * computed here; the trained model must come close to it, and beat the ridge
 * baseline when the function is not linear. With a linear function, ridge must
 * reach it too (a check of the closed form and the NaN imputation).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scorePredictions } from '../../src/model/metrics.js';
import { timeSplits } from '../../src/model/split.js';
import { trainEnsemble } from '../../src/model/trainer.js';
import { plantedDataset, testOptions } from './synthetic.js';

/** IC of the noiseless signal against the label on the test part: the ceiling the noise allows. */
function ceiling(truth: Float64Array, y: Float64Array, from: number, to: number): number {
  return scorePredictions(truth.slice(from, to), y.slice(from, to)).ic;
}

test('non-linear signal: the model reaches the noise ceiling out of sample and beats ridge', () => {
  const { ds, truth } = plantedDataset({
    n: 30_000, features: 10, horizonsMs: [1000], seed: 3, nanShare: 0.03, noise: 0.8,
    signal: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? 0 : a * b + 0.6 * Math.sin(3 * a)),
  });
  const o = testOptions({ combine: 'blend' }, { rounds: 300, learningRate: 0.1, maxDepth: 6, maxLeaves: 31, minSamplesLeaf: 40 });
  const r = trainEnsemble(ds, o);
  const test = r.reports[0].test;
  assert.ok(test);
  const sp = timeSplits(ds.tsMs, ds.n, { validFraction: 0.2, testFraction: 0.2, purgeMs: 1000 });
  const best = ceiling(truth, ds.y, sp.test.from, sp.test.to);
  assert.ok(best > 0.5 && best < 0.9, `the noise should leave a ceiling well inside (0, 1), was ${best}`);
  assert.ok(test.model.ic >= best - 0.05, `model IC ${test.model.ic} should reach the ceiling ${best} (within 0.05)`);
  assert.ok(test.model.ic > test.ridge.ic + 0.15, `model IC ${test.model.ic} should beat ridge ${test.ridge.ic}`);
  assert.ok(test.model.ic > test.bestFeature.ic + 0.1, `model IC ${test.model.ic} should beat the best single feature ${test.bestFeature.ic}`);
  assert.ok(test.model.hitRate > 0.6, `hit rate ${test.model.hitRate}`);
});

test('linear signal: ridge reaches the ceiling and the trees come close', () => {
  const { ds, truth } = plantedDataset({
    n: 20_000, features: 10, horizonsMs: [1000], seed: 5, nanShare: 0.03, noise: 1,
    signal: (a, b) => (Number.isNaN(a) ? 0 : 0.8 * a) - (Number.isNaN(b) ? 0 : 0.5 * b),
  });
  const r = trainEnsemble(ds, testOptions({ combine: 'trees' }, { rounds: 300, learningRate: 0.1, minSamplesLeaf: 40 }));
  const test = r.reports[0].test;
  assert.ok(test);
  const sp = timeSplits(ds.tsMs, ds.n, { validFraction: 0.2, testFraction: 0.2, purgeMs: 1000 });
  const best = ceiling(truth, ds.y, sp.test.from, sp.test.to);
  assert.ok(test.ridge.ic >= best - 0.01, `ridge IC ${test.ridge.ic} should reach the ceiling ${best}`);
  assert.ok(test.model.ic >= best - 0.06, `trees IC ${test.model.ic} should come close to ${best}`);
  const w = r.ensemble.horizons[0].ridge.weight;
  assert.ok(Math.abs(w[0] - 0.8) < 0.05 && Math.abs(w[1] + 0.5) < 0.05, `ridge weights ${w[0]}, ${w[1]} should recover 0.8, -0.5`);
});
