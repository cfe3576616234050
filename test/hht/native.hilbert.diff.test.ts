/**
 * The native Hilbert spectrum against the TS reference hilbertSpectrum() and the
 * reference vectors (HHT.md §5 tier 3): amplitude within 1e−9 relative and
 * unwrapped phase within 1e−9 rad at every sample, instantaneous frequency
 * within 1e−9 cycles/sample away from the ends. The two agree to rounding, not
 * bit for bit: cos/sin/atan2 come from V8 on one side and libm on the other.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hilbertSpectrum, type HilbertSpectrum } from '../../src/hht/hilbert.js';
import { createNativeHhtKernel } from '../../src/hht/native.js';
import { randomWalk } from '../../src/hht/test-signals.js';
import { loadHhtVectors, maxAbsDiff } from './vectors.js';

/** Samples skipped at each end for the frequency: the periodic-window FFT is worst there. */
const FREQUENCY_EDGE_SAMPLES = 8;

interface Errors { amplitudeRel: number; phaseRad: number; frequency: number }

function errorsOf(got: HilbertSpectrum, amplitude: ArrayLike<number>, phase: ArrayLike<number>, freq: ArrayLike<number>): Errors {
  const n = got.amplitude.length;
  let amplitudeRel = 0;
  for (let i = 0; i < n; i++) {
    const e = Math.abs(got.amplitude[i]! - amplitude[i]!) / Math.max(Math.abs(amplitude[i]!), 1e-300);
    if (!(e <= amplitudeRel)) amplitudeRel = e;
  }
  const edge = Math.min(FREQUENCY_EDGE_SAMPLES, n >> 2);
  return {
    amplitudeRel,
    phaseRad: maxAbsDiff(got.phaseRad, phase),
    frequency: maxAbsDiff(got.frequencyCyclesPerSample, freq, edge, n - edge),
  };
}

function assertTier(e: Errors, what: string): void {
  assert.ok(e.amplitudeRel <= 1e-9, `${what}: amplitude off by ${e.amplitudeRel} relative`);
  assert.ok(e.phaseRad <= 1e-9, `${what}: phase off by ${e.phaseRad} rad`);
  assert.ok(e.frequency <= 1e-9, `${what}: frequency off by ${e.frequency} cycles/sample`);
}

const fold = (a: Errors, b: Errors): Errors => ({
  amplitudeRel: Math.max(a.amplitudeRel, b.amplitudeRel), phaseRad: Math.max(a.phaseRad, b.phaseRad), frequency: Math.max(a.frequency, b.frequency),
});
const show = (e: Errors): string =>
  `amplitude rel ${e.amplitudeRel.toExponential(2)}, phase ${e.phaseRad.toExponential(2)} rad, frequency ${e.frequency.toExponential(2)}`;

test('native Hilbert spectrum matches every reference vector and the TS reference', (t) => {
  const k = createNativeHhtKernel(4096);
  let vsFile: Errors = { amplitudeRel: 0, phaseRad: 0, frequency: 0 }, vsTs = vsFile;
  for (const v of loadHhtVectors()) {
    for (let m = 0; m < v.imfs.length; m++) {
      const imf = Float64Array.from(v.imfs[m]!);
      const got = k.hilbert(imf);
      const ref = v.hilbert[m]!;
      const eFile = errorsOf(got, ref.amplitude, ref.phase_unwrapped, ref.inst_freq_cycles_per_sample);
      assertTier(eFile, `${v.file} IMF ${m + 1} vs the file`);
      const ts = hilbertSpectrum(imf);
      const eTs = errorsOf(got, ts.amplitude, ts.phaseRad, ts.frequencyCyclesPerSample);
      assertTier(eTs, `${v.file} IMF ${m + 1} vs the TS reference`);
      vsFile = fold(vsFile, eFile);
      vsTs = fold(vsTs, eTs);
    }
  }
  t.diagnostic(`vs the vector files: ${show(vsFile)}; vs the TS reference: ${show(vsTs)}`);
});

test('native Hilbert spectrum matches the TS reference on IMFs of walks, radix-2 and Bluestein lengths', (t) => {
  const k = createNativeHhtKernel(4096);
  let worst: Errors = { amplitudeRel: 0, phaseRad: 0, frequency: 0 };
  for (const n of [3, 5, 64, 100, 256, 1000, 1024, 4095, 4096]) {
    const x = randomWalk(n, n + 1);
    const signals = [x, ...k.decompose(x).imfs];
    for (const s of signals) {
      const ts = hilbertSpectrum(s);
      const e = errorsOf(k.hilbert(s), ts.amplitude, ts.phaseRad, ts.frequencyCyclesPerSample);
      assertTier(e, `N=${n}`);
      worst = fold(worst, e);
    }
  }
  t.diagnostic(`max: ${show(worst)}`);
});
