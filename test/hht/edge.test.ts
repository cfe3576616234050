/** The live-edge estimators are exact on a pure tone and read only the window. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { edgeQuadrature, meanPeriodSamples, readoutLagSamples, teagerEdge, wrapPi, type EdgeEstimate } from '../../src/hht/edge.js';

const tone = (n: number, amp: number, periodSamples: number, phase0: number): Float64Array =>
  Float64Array.from({ length: n }, (_, i) => amp * Math.cos((2 * Math.PI * i) / periodSamples + phase0));

test('Teager–Kaiser (DESA-1a) recovers amplitude and frequency of a tone', () => {
  const e: EdgeEstimate = { amplitude: NaN, phaseRad: NaN, frequencyCyclesPerSample: NaN };
  for (const period of [3.7, 12, 40]) {
    teagerEdge(tone(256, 2.5, period, 0.3), 256, period, e);
    assert.ok(Math.abs(e.frequencyCyclesPerSample - 1 / period) < 1e-9, `${period}: ${e.frequencyCyclesPerSample}`);
    assert.ok(Math.abs(e.amplitude - 2.5) < 1e-8, `${period}: ${e.amplitude}`);
  }
});

test('two-point quadrature gives the phase and amplitude at the last sample', () => {
  const e: EdgeEstimate = { amplitude: NaN, phaseRad: NaN, frequencyCyclesPerSample: NaN };
  const n = 100, period = 9.5, phase0 = -1.1;
  edgeQuadrature(tone(n, 0.7, period, phase0), n, (2 * Math.PI) / period, e);
  assert.ok(Math.abs(e.amplitude - 0.7) < 1e-12);
  assert.ok(Math.abs(wrapPi(e.phaseRad - ((2 * Math.PI * (n - 1)) / period + phase0))) < 1e-12);
});

test('the edge estimates read nothing beyond the window end', () => {
  const x = tone(200, 1, 11, 0.2);
  const a: EdgeEstimate = { amplitude: NaN, phaseRad: NaN, frequencyCyclesPerSample: NaN };
  const b: EdgeEstimate = { ...a };
  teagerEdge(x, 150, 11, a);
  const cut = x.slice(0, 150);
  teagerEdge(cut, 150, 11, b);
  assert.deepEqual(a, b);
  x.fill(99, 150);
  edgeQuadrature(x, 150, 0.5, a);
  edgeQuadrature(cut, 150, 0.5, b);
  assert.deepEqual(a, b);
});

test('mean period = 2n / zero crossings; the read-out lag is clamped to [1, n/2]', () => {
  assert.ok(Math.abs(meanPeriodSamples(tone(400, 1, 20, 0.1)) - 20) < 0.2);
  assert.ok(Number.isNaN(meanPeriodSamples(Float64Array.from([1, 2, 3, 4]))));
  assert.equal(readoutLagSamples(3.2, 100, 2), 6);
  assert.equal(readoutLagSamples(0.1, 100, 2), 1);
  assert.equal(readoutLagSamples(500, 100, 2), 50);
  assert.ok(Number.isNaN(readoutLagSamples(NaN, 100)));
});
