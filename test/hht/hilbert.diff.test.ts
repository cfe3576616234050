/**
 * Tier 3 of HHT.md §5 on every reference vector, on the reference's own IMFs:
 * amplitude within 1e−9 relative and unwrapped phase within 1e−9 rad at every
 * sample; instantaneous frequency within 1e−9 cycles/sample away from the ends.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FftPlan } from '../../src/hht/fft.js';
import { hilbertSpectrum } from '../../src/hht/hilbert.js';
import { loadHhtVectors, maxAbsDiff } from './vectors.js';

/** Samples skipped at each end for the frequency: the periodic-window FFT is worst there. */
const FREQUENCY_EDGE_SAMPLES = 8;

for (const v of loadHhtVectors()) {
  test(`Hilbert spectrum matches ${v.file}`, (t) => {
    assert.equal(v.hilbert.length, v.imfs.length, 'one spectrum per IMF');
    const plan = new FftPlan(v.N);
    for (let k = 0; k < v.imfs.length; k++) {
      const ref = v.hilbert[k]!;
      const hs = hilbertSpectrum(Float64Array.from(v.imfs[k]!), plan);
      let relAmp = 0;
      for (let i = 0; i < v.N; i++) {
        const e = Math.abs(hs.amplitude[i]! - ref.amplitude[i]!) / Math.abs(ref.amplitude[i]!);
        if (!(e <= relAmp)) relAmp = e;
      }
      const ePhase = maxAbsDiff(hs.phaseRad, ref.phase_unwrapped);
      const eFreq = maxAbsDiff(hs.frequencyCyclesPerSample, ref.inst_freq_cycles_per_sample, FREQUENCY_EDGE_SAMPLES, v.N - FREQUENCY_EDGE_SAMPLES);
      t.diagnostic(`IMF ${k + 1}: amplitude rel ${relAmp.toExponential(2)}, phase ${ePhase.toExponential(2)} rad, frequency ${eFreq.toExponential(2)}`);
      assert.ok(relAmp <= 1e-9, `IMF ${k + 1} amplitude off by ${relAmp} relative`);
      assert.ok(ePhase <= 1e-9, `IMF ${k + 1} phase off by ${ePhase} rad`);
      assert.ok(eFreq <= 1e-9, `IMF ${k + 1} frequency off by ${eFreq} cycles/sample`);
    }
  });
}
