/**
 * The read-out paths the HHT worker uses, on every backend: hilbertAt(imf, i, out)
 * must equal hilbert(imf) at sample i bit for bit (it only skips the arrays and
 * the angles past i + 1), decomposeView must equal decompose bit for bit, and the
 * window features computed through them must equal those computed through the
 * full spectra. Also: the native kernel's AVX2 and baseline builds give the same
 * Hilbert bits (the FFT's butterflies run 4, 2 or 1 at a time).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BackendName } from '../../src/book/types.js';
import { createHhtKernel } from '../../src/hht/backends.js';
import type { EmdKernelOptions, HhtKernel } from '../../src/hht/kernel.js';
import { modeOptions } from '../../src/hht/modes.js';
import { createNativeHhtKernel } from '../../src/hht/native.js';
import { randomWalk, tickRounded } from '../../src/hht/test-signals.js';
import { HhtWindowFeatures } from '../../src/hht/window-features.js';
import { APPROX_ATAN2_ERROR, approxAtan2 } from '../../src/hht/hilbert.js';

const BACKENDS: readonly BackendName[] = ['ts', 'wasm', 'native'];

function open(backend: BackendName, capacity: number): HhtKernel | undefined {
  try {
    return createHhtKernel(backend, capacity);
  } catch {
    return undefined; // an addon that is not built is covered by native.errors.test.ts
  }
}

const sameBits = (a: number, b: number): boolean => Object.is(a, b);

/** Signals of one length: a walk, its tick-rounded version, and their IMFs. */
function signalsOf(k: HhtKernel, n: number): Float64Array[] {
  const walk = randomWalk(n, 7 * n + 1);
  const out = [walk, tickRounded(walk)];
  for (const x of [walk, tickRounded(walk)]) out.push(...k.decompose(x, modeOptions('fast')).imfs);
  return out;
}

for (const backend of BACKENDS) {
  test(`${backend}: hilbertAt equals hilbert at every sample, bit for bit (radix-2 and Bluestein lengths)`, (t) => {
    const k = open(backend, 1024);
    if (!k) { t.skip(`${backend} kernel not available`); return; }
    const out = new Float64Array(3);
    let points = 0;
    for (const n of [3, 4, 5, 12, 64, 100, 1000, 1024]) {
      for (const s of signalsOf(k, n)) {
        const h = k.hilbert(s);
        // Every sample of short signals; of long ones every 13th and the last three.
        const at = n <= 100 ? [...Array(n).keys()] : [...Array(Math.ceil(n / 13)).keys()].map((j) => 13 * j).concat([n - 3, n - 2, n - 1]);
        for (const i of at) {
          k.hilbertAt(s, i, out);
          assert.ok(sameBits(out[0]!, h.amplitude[i]!), `N=${n} i=${i}: amplitude ${out[0]} vs ${h.amplitude[i]}`);
          assert.ok(sameBits(out[1]!, h.phaseRad[i]!), `N=${n} i=${i}: phase ${out[1]} vs ${h.phaseRad[i]}`);
          assert.ok(sameBits(out[2]!, h.frequencyCyclesPerSample[i]!), `N=${n} i=${i}: frequency ${out[2]} vs ${h.frequencyCyclesPerSample[i]}`);
          points++;
        }
      }
    }
    t.diagnostic(`${points} samples identical`);
    k.close();
  });

  test(`${backend}: hilbertAt refuses a bad index, a bad out array and a non-finite window`, (t) => {
    const k = open(backend, 64);
    if (!k) { t.skip(`${backend} kernel not available`); return; }
    const x = randomWalk(32, 5), out = new Float64Array(3);
    assert.throws(() => k.hilbertAt(x, 32, out), { name: 'RangeError', message: /sample index must be an integer in \[0, 32\), was 32/ });
    assert.throws(() => k.hilbertAt(x, -1, out), RangeError);
    assert.throws(() => k.hilbertAt(x, 1.5, out), RangeError);
    assert.throws(() => k.hilbertAt(x, 3, new Float64Array(2)), TypeError);
    const bad = Float64Array.from(x);
    bad[9] = NaN;
    assert.throws(() => k.hilbertAt(bad, 3, out), { name: 'RangeError', message: 'HHT input sample 9 is not finite (NaN)' });
    assert.throws(() => k.hilbertAt(bad, 99, out), { name: 'RangeError', message: 'HHT input sample 9 is not finite (NaN)' });
    assert.throws(() => k.hilbert(bad), { name: 'RangeError', message: 'HHT input sample 9 is not finite (NaN)' });
    assert.throws(() => k.hilbertAt(Float64Array.of(1, 2), 0, out), { name: 'RangeError', message: /at least 3 samples/ });
    k.close();
  });

  test(`${backend}: decomposeView equals decompose, and window features through the read-out paths equal those through full spectra`, (t) => {
    const k = open(backend, 1024);
    if (!k) { t.skip(`${backend} kernel not available`); return; }
    // The same kernel seen through decompose() and hilbert() only.
    const full: HhtKernel = {
      backend: k.backend, capacity: k.capacity,
      decompose: (x, o) => k.decompose(x, o),
      decomposeView: (x, o) => k.decompose(x, o),
      hilbert: (imf) => k.hilbert(imf),
      hilbertAt: (imf, at, out) => { const h = k.hilbert(imf); out[0] = h.amplitude[at]!; out[1] = h.phaseRad[at]!; out[2] = h.frequencyCyclesPerSample[at]!; },
      close: () => {},
    };
    const walk = randomWalk(1024 + 7 * 256, 99);
    for (const n of [256, 1000, 1024]) {
      const viaAt = new HhtWindowFeatures(k, { k: 5, sampleMs: 100, mode: 'fast' });
      const viaFull = new HhtWindowFeatures(full, { k: 5, sampleMs: 100, mode: 'fast' });
      const a = new Float64Array(viaAt.width), b = new Float64Array(viaFull.width);
      for (const series of [walk, tickRounded(walk)]) {
        for (let w = 0; w + n <= series.length; w += 256) {
          const x = series.subarray(w, w + n);
          const opts: EmdKernelOptions = modeOptions('fast');
          const r = k.decompose(x, opts);
          const v = k.decomposeView(x, opts);
          assert.deepEqual(v.siftsPerImf, r.siftsPerImf);
          assert.equal(v.imfs.length, r.imfs.length);
          r.imfs.forEach((c, j) => assert.ok(c.every((y, i) => sameBits(y, v.imfs[j]![i]!)), `N=${n} w=${w}: IMF ${j + 1}`));
          assert.ok(r.residue.every((y, i) => sameBits(y, v.residue[i]!)), `N=${n} w=${w}: residue`);
          viaAt.compute(x, a);
          viaFull.compute(x, b);
          assert.ok(a.every((y, i) => sameBits(y, b[i]!)), `N=${n} w=${w}: features ${a} vs ${b}`);
        }
      }
    }
    k.close();
  });
}

test('native: the AVX2 and baseline builds give the same Hilbert bits', (t) => {
  let auto, base;
  try {
    auto = createNativeHhtKernel(4096);
    base = createNativeHhtKernel(4096, { simd: 'baseline' });
  } catch {
    t.skip('native addon not available');
    return;
  }
  t.diagnostic(`auto build: ${auto.simd}`);
  const out = new Float64Array(3), outBase = new Float64Array(3);
  for (const n of [3, 8, 100, 1000, 1024, 4095, 4096]) {
    for (const s of signalsOf(auto, n)) {
      const a = auto.hilbert(s), b = base.hilbert(s);
      for (const key of ['amplitude', 'phaseRad', 'frequencyCyclesPerSample'] as const) {
        assert.ok(a[key].every((y, i) => sameBits(y, b[key][i]!)), `N=${n}: ${key}`);
      }
      const at = n - 1 - (n >> 3);
      auto.hilbertAt(s, at, out);
      base.hilbertAt(s, at, outBase);
      assert.deepEqual([...out], [...outBase]);
    }
  }
  auto.close();
  base.close();
});

test('approxAtan2 stays within APPROX_ATAN2_ERROR of Math.atan2, on the same branch, and is NaN at 0/0', () => {
  let s = 12345;
  const u = (): number => { s = (Math.imul(1664525, s) + 1013904223) >>> 0; return (s + 0.5) / 2 ** 32 * 2 - 1; };
  let worst = 0;
  for (let i = 0; i < 400000; i++) {
    let y = u(), x = u();
    if (i % 4 === 1) y *= 1e-12;
    if (i % 4 === 2) x *= 1e-12;
    if (i % 8 === 3) { y *= 2 ** -1000; x *= 2 ** -1000; }
    worst = Math.max(worst, Math.abs(approxAtan2(y, x) - Math.atan2(y, x)));
  }
  for (const [y, x] of [[0, -1], [-0, -1], [1, -0], [-1, -0], [1, 0], [0, 1], [-0, 1], [1e-300, -1], [-1e-300, -1], [1, 1], [-1, -1]] as const) {
    worst = Math.max(worst, Math.abs(approxAtan2(y, x) - Math.atan2(y, x)));
  }
  assert.ok(worst <= APPROX_ATAN2_ERROR, `worst ${worst}`);
  assert.ok(Number.isNaN(approxAtan2(0, -0)) && Number.isNaN(approxAtan2(-0, 0)));
});

test('hilbertAt on signals that wrap at every step or sit on the branch cut (near-Nyquist tones, exact zeros, −0)', (t) => {
  const kernels = BACKENDS.map((b) => open(b, 256)).filter((k): k is HhtKernel => k !== undefined);
  const out = new Float64Array(3);
  const cases: Float64Array[] = [];
  for (const n of [7, 64, 101, 256]) {
    cases.push(Float64Array.from({ length: n }, (_, i) => Math.cos(Math.PI * 0.999 * i))); // π − ε per step
    cases.push(Float64Array.from({ length: n }, (_, i) => Math.cos(Math.PI * i / 2))); // exact zeros, −0 in the FFT
    cases.push(Float64Array.from({ length: n }, (_, i) => (i % 2 ? -1 : 1))); // Nyquist
    cases.push(new Float64Array(n)); // all zero: atan2(±0, ±0)
  }
  let points = 0;
  for (const k of kernels) {
    for (const x of cases) {
      const h = k.hilbert(x);
      for (let i = 0; i < x.length; i++) {
        k.hilbertAt(x, i, out);
        assert.ok(sameBits(out[0]!, h.amplitude[i]!) && sameBits(out[1]!, h.phaseRad[i]!) && sameBits(out[2]!, h.frequencyCyclesPerSample[i]!),
          `${k.backend} N=${x.length} i=${i}: ${[...out]} vs ${h.amplitude[i]}, ${h.phaseRad[i]}, ${h.frequencyCyclesPerSample[i]}`);
        points++;
      }
    }
    k.close();
  }
  t.diagnostic(`${points} samples identical on ${kernels.map((k) => k.backend).join(', ')}`);
});
