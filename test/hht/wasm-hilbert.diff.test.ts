/**
 * WASM Hilbert spectrum vs the TS reference (src/hht/hilbert.ts) on the
 * reference vectors' IMFs and on signals of power-of-2 and other lengths
 * (radix-2 and Bluestein): HHT.md §5 Hilbert tier, amplitude within 1e−9
 * relative, unwrapped phase within 1e−9 rad, frequency within 1e−9
 * cycles/sample away from the ends. Diagnostics give the largest errors.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hilbertSpectrum } from '../../src/hht/hilbert.js';
import { createWasmHhtKernel } from '../../src/hht/wasm.js';
import { randomWalk, tones } from '../../src/hht/test-signals.js';
import { loadHhtVectors, maxAbsDiff } from './vectors.js';

const FREQUENCY_EDGE_SAMPLES = 8;
const kernel = createWasmHhtKernel(4096);

interface HilbertWorst { amplitudeRel: number; phaseRad: number; frequency: number; cases: number; identical: number }

function compareHilbert(x: Float64Array, label: string, worst: HilbertWorst, reference?: { amplitude: number[]; phase_unwrapped: number[] }): void {
  const n = x.length;
  const want = hilbertSpectrum(x), got = kernel.hilbert(x);
  let rel = 0;
  for (let i = 0; i < n; i++) {
    const e = Math.abs(got.amplitude[i]! - want.amplitude[i]!) / Math.abs(want.amplitude[i]!);
    if (!(e <= rel) && want.amplitude[i] !== got.amplitude[i]) rel = e; // 0/0 counts as equal
  }
  const phase = maxAbsDiff(got.phaseRad, want.phaseRad);
  const edge = Math.min(FREQUENCY_EDGE_SAMPLES, n >> 2);
  const freq = maxAbsDiff(got.frequencyCyclesPerSample, want.frequencyCyclesPerSample, edge, n - edge);
  assert.ok(rel <= 1e-9, `${label}: amplitude off by ${rel} relative`);
  assert.ok(phase <= 1e-9, `${label}: phase off by ${phase} rad`);
  assert.ok(freq <= 1e-9, `${label}: frequency off by ${freq} cycles/sample`);
  if (reference) {
    assert.ok(maxAbsDiff(got.phaseRad, reference.phase_unwrapped) <= 1e-9, `${label}: phase vs the vector file`);
  }
  worst.amplitudeRel = Math.max(worst.amplitudeRel, rel);
  worst.phaseRad = Math.max(worst.phaseRad, phase);
  worst.frequency = Math.max(worst.frequency, freq);
  worst.cases++;
  const same = (a: Float64Array, b: Float64Array): boolean => a.every((v, i) => Object.is(v, b[i]));
  if (same(got.amplitude, want.amplitude) && same(got.phaseRad, want.phaseRad) && same(got.frequencyCyclesPerSample, want.frequencyCyclesPerSample)) worst.identical++;
}

const text = (w: HilbertWorst): string => `${w.cases} spectra, ${w.identical} bit-identical; max amplitude rel ${w.amplitudeRel.toExponential(2)}, `
  + `phase ${w.phaseRad.toExponential(2)} rad, frequency ${w.frequency.toExponential(2)} cycles/sample`;

test('Hilbert spectrum of every reference vector IMF matches the TS reference and the file', (t) => {
  const worst: HilbertWorst = { amplitudeRel: 0, phaseRad: 0, frequency: 0, cases: 0, identical: 0 };
  for (const v of loadHhtVectors()) {
    v.imfs.forEach((imf, k) => compareHilbert(Float64Array.from(imf), `${v.file} IMF ${k + 1}`, worst, v.hilbert[k]));
  }
  t.diagnostic(text(worst));
});

test('Hilbert spectrum at power-of-2 and other lengths (radix-2 and Bluestein), lengths changing between calls', (t) => {
  const worst: HilbertWorst = { amplitudeRel: 0, phaseRad: 0, frequency: 0, cases: 0, identical: 0 };
  for (const n of [3, 4, 5, 8, 100, 256, 257, 777, 1000, 1024, 4095, 4096, 1000]) {
    const walk = randomWalk(n, n);
    const detrended = walk.map((v, i) => v - walk[0]! - ((walk[n - 1]! - walk[0]!) * i) / Math.max(n - 1, 1));
    compareHilbert(detrended, `walk n=${n}`, worst);
    compareHilbert(tones(n), `tones n=${n}`, worst);
  }
  t.diagnostic(text(worst));
});
