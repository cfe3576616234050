/**
 * The PyEMD settings a reference vector records, as EMD options: every PyEMD name
 * maps to its option, absent fields keep the defaults, and settings the engine
 * cannot honour are errors naming them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeSettings, emdOptionsFromSettings, vectorSettingsOf } from '../../src/hht/vector-settings.js';

test('each PyEMD setting sets its option; unknown fields are ignored', () => {
  const opts = emdOptionsFromSettings({
    std_thr: 0.3, svar_thr: 0.002, energy_ratio_thr: 0.4, total_power_thr: 0.006, range_thr: 0.01,
    FIXE: 5, FIXE_H: 3, MAX_ITERATION: 200, max_imf: 4, nbsym: 3, spline_kind: 'cubic', extrema_detection: 'simple',
    DTYPE: 'float64',
  }, 'v.json');
  assert.deepEqual(opts, {
    stdThreshold: 0.3, svarThreshold: 0.002, energyRatioThreshold: 0.4, totalPowerThreshold: 0.006, rangeThreshold: 0.01,
    fixe: 5, fixeH: 3, maxIteration: 200, maxImf: 4, nbsym: 3,
  });
  assert.equal(describeSettings(opts), 'std_thr 0.3, svar_thr 0.002, energy_ratio_thr 0.4, total_power_thr 0.006, range_thr 0.01, FIXE 5, FIXE_H 3, MAX_ITERATION 200, max_imf 4, nbsym 3');
});

test('no settings, or PyEMD\'s defaults written out, change nothing', () => {
  assert.deepEqual(emdOptionsFromSettings(undefined, 'v.json'), {});
  const defaults = emdOptionsFromSettings({ FIXE: 0, FIXE_H: 0, MAX_ITERATION: 1000, max_imf: -1, nbsym: 2, std_thr: 0.2 }, 'v.json');
  assert.equal(describeSettings(defaults), '');
});

test('the settings are found under reference.settings or at the top level', () => {
  assert.deepEqual(vectorSettingsOf({ reference: { settings: { FIXE: 1 } } }), { FIXE: 1 });
  assert.deepEqual(vectorSettingsOf({ settings: { FIXE: 2 } }), { FIXE: 2 });
  assert.equal(vectorSettingsOf({ input: [1, 2, 3] }), undefined);
  assert.equal(vectorSettingsOf([1, 2, 3]), undefined);
});

test('settings the engine cannot honour are errors naming the field', () => {
  assert.throws(() => emdOptionsFromSettings({ spline_kind: 'akima' }, 'v.json'), /v\.json: setting spline_kind = "akima" is not implemented/);
  assert.throws(() => emdOptionsFromSettings({ extrema_detection: 'parabol' }, 'v.json'), /extrema_detection = "parabol"/);
  assert.throws(() => emdOptionsFromSettings({ FIXE: '5' }, 'v.json'), /setting FIXE must be a number, was "5"/);
  assert.throws(() => emdOptionsFromSettings([1], 'v.json'), /settings must be an object/);
});
