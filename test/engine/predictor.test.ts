/** The stand-in rule: imb_1 × bpsPerImbalance for every horizon, read from the right column. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RulePredictor } from '../../src/engine/predictor.js';
import { FEATURE_INDEX } from '../../src/features/registry.js';
import { ROW_FEATURES, ROW_STRIDE } from '../../src/layout/feature-row.js';

test('rule predictor: imb_1 scaled to bps, same value for every horizon, NaN passes through', async () => {
  const rows = new Float64Array(3 * ROW_STRIDE).fill(7); // every other column 7: a wrong column would show
  const imb = ROW_FEATURES + FEATURE_INDEX.imb_1!;
  rows[imb] = 0.5;
  rows[ROW_STRIDE + imb] = -0.25;
  rows[2 * ROW_STRIDE + imb] = NaN;
  const p = await new RulePredictor(['1s', '10s'], 2).predict(rows, 3, ROW_STRIDE);
  assert.equal(p.length, 2);
  for (const h of p) {
    assert.equal(h[0], 1); // 0.5 × 2 bps
    assert.equal(h[1], -0.5); // −0.25 × 2 bps
    assert.ok(Number.isNaN(h[2]));
  }
});
