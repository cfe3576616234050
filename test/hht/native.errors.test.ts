/**
 * The native HHT kernel's wrapper on bad input and its lifecycle: every bad
 * argument is a TypeError / RangeError naming it (never a crash), a missing addon
 * is a UsageError, IMF slots grow when a window needs more, an input that is a
 * view of the kernel's own output is safe, and a closed kernel refuses calls.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { createNativeHhtKernel } from '../../src/hht/native.js';
import { emd } from '../../src/hht/emd.js';
import { hilbertSpectrum } from '../../src/hht/hilbert.js';
import { PROJECT_ROOT } from '../../src/native/load.js';
import { randomWalk, tickRounded } from '../../src/hht/test-signals.js';
import type { EmdKernelOptions } from '../../src/hht/kernel.js';

test('NaN or ±Infinity in x is a RangeError naming the sample (the shared window check)', () => {
  const k = createNativeHhtKernel(256);
  for (const bad of [NaN, Infinity, -Infinity]) {
    const x = randomWalk(100, 1);
    x[37] = bad;
    assert.throws(() => k.decompose(x), { name: 'RangeError', message: `HHT input sample 37 is not finite (${bad})` });
    assert.throws(() => k.hilbert(x), { name: 'RangeError', message: `HHT input sample 37 is not finite (${bad})` });
  }
  assert.equal(k.decompose(randomWalk(100, 1)).residue.length, 100, 'the kernel still works afterwards');
});

test('a window shorter than 3 samples or longer than the capacity is a RangeError', () => {
  const k = createNativeHhtKernel(256);
  assert.throws(() => k.decompose(new Float64Array(2)), { name: 'RangeError', message: 'an HHT window needs at least 3 samples, has 2' });
  assert.throws(() => k.decompose(new Float64Array(0)), { name: 'RangeError', message: /at least 3 samples, has 0/ });
  assert.throws(() => k.decompose(randomWalk(257)), { name: 'RangeError', message: "an HHT window of 257 samples exceeds this kernel's capacity 256" });
  assert.throws(() => k.hilbert(new Float64Array(2)), { name: 'RangeError', message: /at least 3 samples, has 2/ });
  assert.throws(() => k.hilbert(new Float64Array(300)), { name: 'RangeError', message: /exceeds this kernel's capacity 256/ });
});

test('arguments of the wrong type or range are TypeErrors / RangeErrors naming them', () => {
  const k = createNativeHhtKernel(64);
  const x = randomWalk(64);
  assert.throws(() => k.decompose([1, 2, 3] as unknown as Float64Array), { name: 'TypeError', message: /x must be a Float64Array/ });
  assert.throws(() => k.decompose(new Float32Array(8) as unknown as Float64Array), { name: 'TypeError', message: /x must be a Float64Array/ });
  assert.throws(() => k.hilbert([1, 2, 3] as unknown as Float64Array), { name: 'TypeError', message: /imf must be a Float64Array/ });
  assert.throws(() => k.decompose(x, { fixe: '3' } as unknown as EmdKernelOptions), { name: 'TypeError', message: /EMD option fixe must be a number, was string/ });
  for (const nbsym of [0, -1, 1.5, NaN]) {
    assert.throws(() => k.decompose(x, { nbsym }), { name: 'RangeError', message: `nbsym must be a positive integer, was ${nbsym}` });
  }
  for (const capacity of [2, 0, 1.5, NaN, 2 ** 24 + 1]) {
    assert.throws(() => createNativeHhtKernel(capacity), { name: 'RangeError', message: /capacity must be an integer in \[3, 16777216\]/ });
  }
  assert.throws(() => createNativeHhtKernel(64, { simd: 'sse9' as 'auto' }), { name: 'RangeError', message: /simd must be 'auto' or 'baseline', was sse9/ });
  assert.throws(() => createNativeHhtKernel(64, { imfSlots: -1 }), { name: 'RangeError', message: /imfSlots must be an integer/ });
  assert.throws(() => k.imfView(99), { name: 'RangeError', message: /IMF index must be in/ });
});

test('a huge nbsym means "mirror every extremum", as in the reference', () => {
  // The reference sizes its workspace by nbsym (2·nbsym f64 per knot array), so it is run
  // with 600, already above the 256 extrema a 512-sample window can have.
  const k = createNativeHhtKernel(512);
  const x = tickRounded(randomWalk(512, 8));
  const want = emd(x, { nbsym: 600 });
  const got = k.decompose(x, { nbsym: 1e9 });
  assert.deepEqual(got.siftsPerImf, want.siftsPerImf);
  assert.deepEqual(got.imfs.map((m) => [...m]), want.imfs.map((m) => [...m]));
});

test('a window with more IMFs than the output slots grows them and gives the same result', () => {
  const x = randomWalk(1024, 3);
  const want = createNativeHhtKernel(1024).decompose(x);
  assert.ok(want.imfs.length > 2);
  const small = createNativeHhtKernel(1024, { imfSlots: 1 });
  for (let round = 0; round < 2; round++) {
    const got = small.decompose(x);
    assert.deepEqual(got.siftsPerImf, want.siftsPerImf);
    assert.deepEqual(got.imfs.map((m) => [...m]), want.imfs.map((m) => [...m]));
    assert.deepEqual([...got.residue], [...want.residue]);
  }
});

test('decomposeFast views are valid until the next call; an input that is such a view is safe', () => {
  const k = createNativeHhtKernel(512);
  const x = randomWalk(512, 5);
  const count = k.decomposeFast(x);
  const imf0 = k.imfView(0);
  assert.equal(imf0.length, 512);
  assert.deepEqual([...k.siftsView()], emd(x).siftsPerImf);
  assert.equal(k.siftsView().length, count);
  const fromCopy = emd(imf0.slice());
  const fromView = k.decompose(imf0); // imf0 aliases the output being written
  assert.deepEqual(fromView.siftsPerImf, fromCopy.siftsPerImf);
  assert.deepEqual(fromView.imfs.map((m) => [...m]), fromCopy.imfs.map((m) => [...m]));
  const imf = k.decompose(x).imfs[0]!;
  const hs = k.hilbert(k.imfView(0)); // also a view of the kernel's own buffers
  const ref = hilbertSpectrum(imf);
  for (let i = 0; i < 512; i++) assert.ok(Math.abs(hs.phaseRad[i]! - ref.phaseRad[i]!) <= 1e-9);
});

test('a closed kernel refuses further calls; closing twice is harmless', () => {
  const k = createNativeHhtKernel(64);
  k.close();
  k.close();
  assert.throws(() => k.decompose(randomWalk(64)), { name: 'Error', message: 'native HHT kernel is closed' });
  assert.throws(() => k.hilbert(randomWalk(64)), { name: 'Error', message: 'native HHT kernel is closed' });
});

test('without the addon, createNativeHhtKernel throws a UsageError naming the cause', () => {
  const url = pathToFileURL(join(PROJECT_ROOT, 'dist', 'src', 'hht', 'native.js')).href;
  const script = `import(${JSON.stringify(url)}).then((m) => { try { m.createNativeHhtKernel(64); console.log('created'); } ` +
    `catch (e) { console.log(e.name + ': ' + e.message); } });`;
  // A fresh process: the addon loader caches its verdict. NODE_TEST_CONTEXT would make
  // the child report to this test runner instead of printing.
  const env: NodeJS.ProcessEnv = { ...process.env, BTC_ENGINE_NO_NATIVE: '1' };
  delete env['NODE_TEST_CONTEXT'];
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { env, encoding: 'utf8', timeout: 30_000 });
  assert.equal(r.status, 0, `${r.stderr} ${r.signal ?? ''} ${r.error?.message ?? ''}`);
  assert.match(r.stdout, /UsageError: native backend unavailable: disabled by BTC_ENGINE_NO_NATIVE=1/);
});
