/**
 * WASM EMD kernel vs the TS reference (src/hht/emd.ts) on every reference
 * vector, on random walks and tick-rounded walks of N = 256/1024/4096, under
 * every EmdKernelOptions field, and on fuzzed small-integer plateau signals.
 * Asserts HHT.md §5 strict tier against the reference: identical IMF and sift
 * counts, every sample within 1e−6·std(x), and the WASM reconstruction
 * x − ΣIMF − residue within 1e−9·std(x). The diagnostics report the largest
 * errors seen and how many decompositions came out bit-identical.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emd, type EmdResult } from '../../src/hht/emd.js';
import type { EmdKernelOptions } from '../../src/hht/kernel.js';
import { createWasmHhtKernel, maxImfsFor } from '../../src/hht/wasm.js';
import { randomWalk, tickRounded } from '../../src/hht/test-signals.js';
import { prng } from '../../src/feed/demo-stream.js';
import { loadHhtVectors, maxAbsDiff, stdOf } from './vectors.js';

const kernel = createWasmHhtKernel(4096);

/** Largest errors of a set of comparisons, in units of std(x). */
class Worst {
  imf = 0; residue = 0; reconstruction = 0; cases = 0; identical = 0;
  text(): string {
    return `${this.cases} decompositions, ${this.identical} bit-identical; max error / std: IMFs ${this.imf.toExponential(2)}, `
      + `residue ${this.residue.toExponential(2)}, reconstruction ${this.reconstruction.toExponential(2)}`;
  }
}

const sameBits = (a: Float64Array, b: Float64Array): boolean => a.every((v, i) => Object.is(v, b[i]));

/** Strict tier of `got` against `want` on x; `label` names the case in failures. */
function assertStrict(x: Float64Array, got: EmdResult, want: { imfs: ArrayLike<number>[]; residue: ArrayLike<number>; siftsPerImf: number[] }, label: string, worst: Worst): void {
  const n = x.length, std = stdOf(x);
  assert.equal(got.imfs.length, want.imfs.length, `${label}: IMF count`);
  assert.deepEqual(got.siftsPerImf, want.siftsPerImf, `${label}: sifts per IMF`);
  for (let k = 0; k < got.imfs.length; k++) {
    const e = maxAbsDiff(got.imfs[k]!, want.imfs[k]!);
    assert.ok(e <= 1e-6 * std, `${label}: IMF ${k + 1} off by ${e} (std ${std})`);
    worst.imf = Math.max(worst.imf, std > 0 ? e / std : e);
  }
  const eRes = maxAbsDiff(got.residue, want.residue);
  assert.ok(eRes <= 1e-6 * std, `${label}: residue off by ${eRes} (std ${std})`);
  worst.residue = Math.max(worst.residue, std > 0 ? eRes / std : eRes);
  let recon = 0;
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (const imf of got.imfs) sum += imf[i]!;
    recon = Math.max(recon, Math.abs(x[i]! - sum - got.residue[i]!));
  }
  assert.ok(recon <= 1e-9 * std, `${label}: reconstruction off by ${recon} (std ${std})`);
  worst.reconstruction = Math.max(worst.reconstruction, std > 0 ? recon / std : recon);
}

/** WASM vs reference on x with opts; both must throw the same error or agree (strict tier). */
function compare(x: Float64Array, opts: EmdKernelOptions, label: string, worst: Worst): void {
  let want: EmdResult | undefined, wantErr: Error | undefined;
  try { want = emd(x, opts); } catch (err) { wantErr = err as Error; }
  if (wantErr) {
    assert.throws(() => kernel.decompose(x, opts), { name: wantErr.name, message: wantErr.message }, `${label}: same error as the reference`);
    return;
  }
  const got = kernel.decompose(x, opts);
  assertStrict(x, got, want!, label, worst);
  worst.cases++;
  if (got.imfs.every((m, k) => sameBits(m, want!.imfs[k]!)) && sameBits(got.residue, want!.residue)) worst.identical++;
}

test('every reference vector: WASM matches the TS reference and the vector file (strict tier)', (t) => {
  const vsRef = new Worst(), vsFile = new Worst();
  for (const v of loadHhtVectors()) {
    const x = Float64Array.from(v.input);
    compare(x, v.options, v.file, vsRef);
    assertStrict(x, kernel.decompose(x, v.options), { imfs: v.imfs, residue: v.residue, siftsPerImf: v.sift_iterations_per_imf }, v.file, vsFile);
    vsFile.cases++;
  }
  t.diagnostic(`vs TS reference: ${vsRef.text()}`);
  t.diagnostic(`vs vector files: ${vsFile.text()}`);
});

for (const n of [256, 1024, 4096]) {
  test(`random walks and tick-rounded walks, N = ${n}, several seeds`, (t) => {
    const worst = new Worst();
    for (const seed of n === 4096 ? [1, 2] : [1, 2, 3, 4]) {
      const walk = randomWalk(n, seed);
      compare(walk, {}, `walk N=${n} seed ${seed}`, worst);
      compare(tickRounded(walk), {}, `tick-rounded N=${n} seed ${seed}`, worst);
    }
    t.diagnostic(worst.text());
  });
}

test('every EmdKernelOptions field: fixe, fixeH, maxImf, maxIteration, thresholds, nbsym', (t) => {
  const worst = new Worst();
  const settings: EmdKernelOptions[] = [
    { fixe: 1 }, { fixe: 3 }, { fixe: 10 }, { fixeH: 1 }, { fixeH: 2 }, { fixeH: 5 },
    { maxImf: 1 }, { maxImf: 2 }, { maxImf: 3 }, { maxIteration: 1 }, { maxIteration: 2 }, { maxIteration: 3 }, { maxIteration: 10 },
    { stdThreshold: 0.05 }, { svarThreshold: 1e-5 }, { energyRatioThreshold: 0.01 }, { totalPowerThreshold: 50 }, { rangeThreshold: 0.5 },
    { totalPowerThreshold: 0, rangeThreshold: 0 }, { nbsym: 1 }, { nbsym: 3 }, { nbsym: 6 },
    { fixe: 2, maxImf: 2, nbsym: 3 }, { fixeH: 3, maxIteration: 4 },
  ];
  for (const n of [256, 1024]) {
    const walk = randomWalk(n, 11);
    for (const x of [walk, tickRounded(walk)]) for (const o of settings) compare(x, o, `N=${n} ${JSON.stringify(o)}`, worst);
  }
  t.diagnostic(worst.text());
});

test('fuzz: small integer signals with plateaus, zeros and edge runs (seeded)', (t) => {
  const worst = new Worst();
  const rnd = prng(20240601);
  for (let c = 0; c < 3000; c++) {
    const n = 3 + Math.floor(rnd() ** 2 * 120);
    const x = new Float64Array(n);
    if (c % 3 === 0) {
      // integer levels in a narrow band: many plateaus, exact zeros, runs touching both ends
      const span = 1 + Math.floor(rnd() * 4);
      for (let i = 0; i < n; i++) x[i] = Math.floor(rnd() * (2 * span + 1)) - span;
    } else {
      // integer random walk with lazy steps: long plateaus between moves
      const stay = rnd();
      for (let i = 1; i < n; i++) x[i] = x[i - 1]! + (rnd() < stay ? 0 : rnd() < 0.5 ? -1 : 1);
    }
    const opts: EmdKernelOptions = c % 5 === 4 ? { fixe: 1 + (c % 4) } : c % 7 === 6 ? { fixeH: 2, maxImf: 3 } : {};
    compare(x, opts, `fuzz case ${c} ${JSON.stringify(opts)} x=[${[...x]}]`, worst);
  }
  t.diagnostic(worst.text());
});

test('fuzz: extreme magnitudes (denormals, 1e±200, 1e±300) throw as the reference does; runaway decompositions stop', (t) => {
  const worst = new Worst();
  const cap = maxImfsFor(4096);
  const rnd = prng(7);
  let errors = 0, runaway = 0;
  for (let c = 0; c < 4000; c++) {
    const n = 3 + Math.floor(rnd() * 30);
    const scale = [1e-160, 5e-324, 1e300, 1e-300, 1e200, 1][c % 6]!;
    const x = Float64Array.from({ length: n }, () => (Math.floor(rnd() * 7) - 3) * scale * (rnd() < 0.3 ? 1e-5 : 1));
    let want: EmdResult | undefined;
    try { want = emd(x, { maxImf: cap + 1 }); } catch { /* compare() checks the error */ }
    if (want && want.imfs.length >= cap) {
      // The reference would go on (here: until maxImf); the kernel stops with an error instead.
      assert.throws(() => kernel.decompose(x), { name: 'RangeError', message: new RegExp(`did not finish within ${cap} IMFs`) }, `case ${c}`);
      runaway++;
      continue;
    }
    if (!want) errors++;
    compare(x, {}, `magnitude case ${c} x=[${[...x]}]`, worst);
  }
  t.diagnostic(`${worst.text()}; ${errors} errors as the reference's, ${runaway} runaway`);
  assert.ok(errors > 0 && runaway > 0, 'the generator reaches both error paths');
});

test('IMF rows beyond the initial layout: memory grows and the call is retried', () => {
  const small = createWasmHhtKernel(1024, 1);
  const x = randomWalk(1024, 5);
  const got = small.decompose(x), want = emd(x);
  assert.ok(want.imfs.length > 1);
  assert.deepEqual(got.siftsPerImf, want.siftsPerImf);
  assert.deepEqual(got.imfs.map((m) => [...m]), want.imfs.map((m) => [...m]));
  assert.deepEqual([...small.decompose(randomWalk(300, 6)).residue], [...emd(randomWalk(300, 6)).residue]);
  small.close();
});
