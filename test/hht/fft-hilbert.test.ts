/**
 * FFT of any length against a direct DFT, and the Hilbert spectrum on signals
 * whose analytic signal is known in closed form; numpy.unwrap edge cases.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FftPlan } from '../../src/hht/fft.js';
import { hilbertSpectrum, unwrapPhase } from '../../src/hht/hilbert.js';
import { Lcg } from '../../src/hht/test-signals.js';

test('forward FFT equals the direct DFT for radix-2 and Bluestein lengths; inverse undoes it', () => {
  const rng = new Lcg(5);
  for (const n of [1, 2, 3, 4, 5, 6, 7, 8, 12, 100, 127, 256, 1000]) {
    const re = new Float64Array(n), im = new Float64Array(n);
    for (let i = 0; i < n; i++) { re[i] = rng.gauss(); im[i] = rng.gauss(); }
    const x0 = re.slice(), y0 = im.slice();
    const plan = new FftPlan(n);
    plan.forward(re, im);
    let scale = 0;
    for (let i = 0; i < n; i++) scale += Math.abs(x0[i]!) + Math.abs(y0[i]!);
    for (let k = 0; k < n; k++) {
      let sr = 0, si = 0;
      for (let j = 0; j < n; j++) {
        const angle = (-2 * Math.PI * ((j * k) % n)) / n;
        const c = Math.cos(angle), s = Math.sin(angle);
        sr += x0[j]! * c - y0[j]! * s;
        si += x0[j]! * s + y0[j]! * c;
      }
      assert.ok(Math.abs(re[k]! - sr) <= 1e-13 * scale && Math.abs(im[k]! - si) <= 1e-13 * scale, `n=${n} k=${k}`);
    }
    plan.inverse(re, im);
    for (let i = 0; i < n; i++) assert.ok(Math.abs(re[i]! - x0[i]!) < 1e-13 && Math.abs(im[i]! - y0[i]!) < 1e-13, `n=${n} i=${i}`);
  }
});

test('Hilbert spectrum of a·cos(2πkn/N + φ): amplitude a, phase 2πkn/N + φ (unwrapped), frequency k/N', () => {
  for (const n of [1024, 1000, 257]) {
    const k = 37, a = 2.5, phi = 0.3;
    const x = new Float64Array(n);
    for (let i = 0; i < n; i++) x[i] = a * Math.cos((2 * Math.PI * k * i) / n + phi);
    const hs = hilbertSpectrum(x);
    for (let i = 0; i < n; i++) {
      assert.ok(Math.abs(hs.amplitude[i]! - a) < 1e-12, `n=${n} amplitude ${i}`);
      assert.ok(Math.abs(hs.phaseRad[i]! - ((2 * Math.PI * k * i) / n + phi)) < 1e-10, `n=${n} phase ${i}`);
      assert.ok(Math.abs(hs.frequencyCyclesPerSample[i]! - k / n) < 1e-12, `n=${n} frequency ${i}`);
    }
  }
});

test('the frequency is a forward difference; the last sample repeats the one before', () => {
  const x = Float64Array.from({ length: 64 }, (_, i) => Math.sin(i * 0.3) * (1 + i / 64));
  const hs = hilbertSpectrum(x);
  for (let i = 0; i < 63; i++) assert.equal(hs.frequencyCyclesPerSample[i], (hs.phaseRad[i + 1]! - hs.phaseRad[i]!) / (2 * Math.PI));
  assert.equal(hs.frequencyCyclesPerSample[63], hs.frequencyCyclesPerSample[62]);
});

test('unwrap: jumps of π or more are reduced to [−π, π]; exactly ±π keeps its sign', () => {
  const run = (p: number[]): number[] => { const out = new Float64Array(p.length); unwrapPhase(Float64Array.from(p), out); return [...out]; };
  // −6 is reduced by +2π; the correction carries to later samples.
  const u = run([0, 3, -3, 0]);
  assert.deepEqual(u.slice(0, 2), [0, 3]);
  assert.ok(Math.abs(u[2]! - (2 * Math.PI - 3)) < 1e-15 && Math.abs(u[3]! - 2 * Math.PI) < 1e-15);
  assert.deepEqual(run([0, Math.PI]), [0, Math.PI]);
  assert.deepEqual(run([0, -Math.PI]), [0, -Math.PI]);
  assert.deepEqual(run([1, 1 + 3]), [1, 4]); // below π: untouched
});
