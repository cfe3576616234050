/** HHT columns in the registry: names, order, and nothing at all when HHT is off. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ALL_FEATURES, CORE_FEATURES, featureDefs, hhtFeatureDefs, rowFeatureDefs } from '../../src/features/registry.js';

test('HHT off: the row columns are exactly the core (or core + extended) set', () => {
  assert.equal(rowFeatureDefs(false), CORE_FEATURES);
  assert.equal(rowFeatureDefs(true, 0), ALL_FEATURES);
});

test('HHT on: hht_imf{k}_{quantity} for k = 1…K, then the window columns, after the feature columns', () => {
  const names = hhtFeatureDefs(2).map((d) => d.name);
  assert.deepEqual(names.slice(0, 3), ['hht_imf1_amp_bps', 'hht_imf1_freq_hz', 'hht_imf1_phase_sin']);
  assert.equal(names[10], 'hht_imf2_amp_bps');
  assert.deepEqual(names.slice(-4), ['hht_imf_count', 'hht_residue_slope_bps_s', 'hht_sift_capped', 'hht_age_ms']);
  assert.equal(new Set(names).size, names.length);
  assert.ok(hhtFeatureDefs(5).every((d) => d.group === 'hht' && d.name.startsWith('hht_')));
  const row = rowFeatureDefs(true, 3).map((d) => d.name);
  assert.deepEqual(row.slice(0, ALL_FEATURES.length), featureDefs(true).map((d) => d.name));
  assert.equal(row.length, ALL_FEATURES.length + 3 * 10 + 4);
  assert.throws(() => hhtFeatureDefs(6), { name: 'RangeError', message: /k must be an integer from 1 to 5, was 6/ });
});
