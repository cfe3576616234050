/**
 * The native EMD kernel against the TS reference emd(), in both builds of its
 * per-sample kernels (AVX2 where the CPU has it, and the generic one): same IMF
 * count and sifts per IMF, every IMF and residue sample within 1e−6·std(x) and
 * x − ΣIMF − residue within 1e−9·std(x) (HHT.md §5 strict tier). The port is
 * meant to be bit-identical, so that is asserted too and the largest differences
 * seen are reported (expected: 0).
 * Sets: every reference vector; random and tick-rounded walks (N = 256/1024/4096,
 * several seeds, and odd lengths); every EMD option; small integer plateau
 * signals fuzzed with a seeded PRNG, and the same at extreme magnitudes, where
 * the reference's errors must be matched and its endless decompositions are
 * refused with a RangeError.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emd, type EmdResult } from '../../src/hht/emd.js';
import type { EmdKernelOptions } from '../../src/hht/kernel.js';
import { createNativeHhtKernel, type NativeHhtKernel } from '../../src/hht/native.js';
import { runawayImfCap } from '../../src/hht/native-layout.js';
import { randomWalk, tickRounded } from '../../src/hht/test-signals.js';
import { prng } from '../../src/feed/demo-stream.js';
import { loadHhtVectors, maxAbsDiff, stdOf } from './vectors.js';

const kernels: NativeHhtKernel[] = [createNativeHhtKernel(4096), createNativeHhtKernel(4096, { simd: 'baseline' })];

/** Largest error / std(x) over a set, per quantity. */
interface Worst { imf: number; residue: number; recon: number; notBitIdentical: number }
const newWorst = (): Worst => ({ imf: 0, residue: 0, recon: 0, notBitIdentical: 0 });

/** Asserts the strict tier of `got` against `want` for input x and folds the errors into worst. */
function assertStrict(x: Float64Array, got: EmdResult, want: EmdResult, what: string, worst: Worst): void {
  const std = stdOf(x) || 1;
  assert.equal(got.imfs.length, want.imfs.length, `${what}: IMF count`);
  assert.deepEqual(got.siftsPerImf, want.siftsPerImf, `${what}: sifts per IMF`);
  let bits = true;
  for (let k = 0; k < want.imfs.length; k++) {
    const e = maxAbsDiff(got.imfs[k]!, want.imfs[k]!) / std;
    assert.ok(e <= 1e-6, `${what}: IMF ${k + 1} off by ${e}·std`);
    worst.imf = Math.max(worst.imf, e);
    bits &&= got.imfs[k]!.every((v, i) => Object.is(v, want.imfs[k]![i]));
  }
  const eRes = maxAbsDiff(got.residue, want.residue) / std;
  assert.ok(eRes <= 1e-6, `${what}: residue off by ${eRes}·std`);
  worst.residue = Math.max(worst.residue, eRes);
  bits &&= got.residue.every((v, i) => Object.is(v, want.residue[i]));
  for (let i = 0; i < x.length; i++) {
    let sum = 0;
    for (const imf of got.imfs) sum += imf[i]!;
    const e = Math.abs(x[i]! - sum - got.residue[i]!) / std;
    assert.ok(e <= 1e-9, `${what}: reconstruction off by ${e}·std at ${i}`);
    worst.recon = Math.max(worst.recon, e);
  }
  if (!bits) worst.notBitIdentical++;
}

/** Compares both kernels with the reference on x; the reference's error, if any, must be theirs too. */
function compare(x: Float64Array, opts: EmdKernelOptions, what: string, worst: Worst): void {
  let want: EmdResult | undefined;
  let wantError: Error | undefined;
  try {
    want = emd(x, opts);
  } catch (err) {
    wantError = err as Error;
  }
  for (const k of kernels) {
    const label = `${what} [${k.simd}]`;
    if (wantError) {
      assert.throws(() => k.decompose(x, opts), (err: Error) => err.name === wantError!.name, `${label}: ${wantError.message}`);
      if (wantError.message.includes('edge BUG')) {
        assert.throws(() => k.decompose(x, opts), { message: wantError.message });
      }
      continue;
    }
    assertStrict(x, k.decompose(x, opts), want!, label, worst);
  }
}

function report(t: { diagnostic(msg: string): void }, worst: Worst): void {
  t.diagnostic(`max error / std: IMFs ${worst.imf.toExponential(2)}, residue ${worst.residue.toExponential(2)}, ` +
    `reconstruction ${worst.recon.toExponential(2)}; results not bit-identical: ${worst.notBitIdentical}`);
  assert.equal(worst.notBitIdentical, 0, 'the native kernel is bit-identical to the reference');
}

test('native EMD matches every reference vector and the TS reference on it', (t) => {
  const worst = newWorst(), vsFile = newWorst();
  for (const v of loadHhtVectors()) {
    const x = Float64Array.from(v.input);
    compare(x, v.options, v.file, worst);
    const file: EmdResult = { imfs: v.imfs.map((m) => Float64Array.from(m)), residue: Float64Array.from(v.residue), siftsPerImf: v.sift_iterations_per_imf };
    const got = kernels[0]!.decompose(x, v.options);
    // Against PyEMD's own output only the tier holds (scipy's splines round differently).
    const before = vsFile.notBitIdentical;
    assertStrict(x, got, file, `${v.file} vs the vector file`, vsFile);
    vsFile.notBitIdentical = before;
  }
  t.diagnostic(`vs the vector files, max error / std: IMFs ${vsFile.imf.toExponential(2)}, residue ${vsFile.residue.toExponential(2)}`);
  report(t, worst);
});

test('native EMD matches the reference on random and tick-rounded walks, N = 256 / 1024 / 4096', (t) => {
  const worst = newWorst();
  for (const n of [256, 1024, 4096]) {
    for (const seed of [1, 2, 3, 20240601]) {
      const walk = randomWalk(n, seed);
      compare(walk, {}, `walk N=${n} seed=${seed}`, worst);
      compare(tickRounded(walk), {}, `tick-rounded N=${n} seed=${seed}`, worst);
    }
  }
  for (const n of [3, 4, 5, 17, 100, 777, 1000, 3001]) {
    compare(randomWalk(n, n), {}, `walk N=${n}`, worst);
    compare(tickRounded(randomWalk(n, n)), {}, `tick-rounded N=${n}`, worst);
  }
  report(t, worst);
});

test('native EMD matches the reference under every option', (t) => {
  const worst = newWorst();
  const settings: EmdKernelOptions[] = [
    { fixe: 1 }, { fixe: 3 }, { fixe: 10 }, { fixeH: 1 }, { fixeH: 2 }, { fixeH: 5 },
    { maxImf: 1 }, { maxImf: 3 }, { maxImf: 0 }, { maxIteration: 1 }, { maxIteration: 3 }, { maxIteration: 10 },
    { nbsym: 1 }, { nbsym: 3 }, { nbsym: 50 },
    { stdThreshold: 0.05, svarThreshold: 1e-4, energyRatioThreshold: 0.05 },
    { stdThreshold: 1, svarThreshold: 0.1, energyRatioThreshold: 1 },
    { totalPowerThreshold: 5, rangeThreshold: 0.5 }, { totalPowerThreshold: 0, rangeThreshold: 0 },
    { fixe: 2, maxImf: 2, nbsym: 1 }, { fixeH: 3, maxIteration: 5 },
  ];
  for (const opts of settings) {
    for (const n of [256, 1024]) {
      const walk = randomWalk(n, 11);
      compare(walk, opts, `walk N=${n} ${JSON.stringify(opts)}`, worst);
      compare(tickRounded(walk), opts, `tick-rounded N=${n} ${JSON.stringify(opts)}`, worst);
    }
  }
  report(t, worst);
});

test('native EMD matches the reference on small integer plateau signals (seeded fuzz)', (t) => {
  const worst = newWorst();
  const rand = prng(4242);
  let errors = 0;
  for (let trial = 0; trial < 3000; trial++) {
    const n = 3 + Math.floor(rand() * 60);
    const levels = 2 + Math.floor(rand() * 4);
    const x = Float64Array.from({ length: n }, () => Math.floor(rand() * levels));
    const opts: EmdKernelOptions = trial % 3 === 0 ? { maxIteration: 50 } : trial % 3 === 1 ? { nbsym: 1 + (trial % 4) } : {};
    try {
      emd(x, opts);
    } catch {
      errors++;
    }
    compare(x, opts, `plateau signal #${trial} [${Array.from(x).join(',')}] ${JSON.stringify(opts)}`, worst);
  }
  t.diagnostic(`${errors} of 3000 signals made the reference throw; the kernels threw the same errors`);
  report(t, worst);
});

test('native EMD matches the reference at extreme magnitudes, and refuses its endless decompositions', (t) => {
  // Denormals, 1e±160, 1e±300: envelopes overflow or underflow, knots turn NaN, and the
  // reference throws; or x − ΣIMFs stops changing and it would produce IMFs forever.
  const worst = newWorst();
  const cap = runawayImfCap(4096);
  const rand = prng(99);
  const scales = [5e-324, 1e-300, 1e-160, 1, 1e160, 1e300];
  let errors = 0, runaway = 0;
  for (let trial = 0; trial < 3000; trial++) {
    const n = 3 + Math.floor(rand() * 40);
    const scale = scales[trial % scales.length]!;
    const x = Float64Array.from({ length: n }, () => (Math.floor(rand() * 9) - 4) * scale * (rand() < 0.25 ? 1e-6 : 1));
    let want: EmdResult | undefined;
    try {
      want = emd(x, { maxImf: cap + 1 });
    } catch {
      errors++;
    }
    if (want && want.imfs.length > cap) {
      runaway++;
      for (const k of kernels) {
        assert.throws(() => k.decompose(x), { name: 'RangeError', message: new RegExp(`did not finish within ${cap} IMFs`) }, `#${trial}`);
      }
      continue;
    }
    compare(x, {}, `magnitude signal #${trial} [${Array.from(x).join(',')}]`, worst);
  }
  t.diagnostic(`${errors} of 3000 signals made the reference throw, ${runaway} ran away; the kernels did the same`);
  report(t, worst);
});
