/**
 * The WASM HHT wrapper's argument checks and lifecycle: bad input is a
 * TypeError or RangeError thrown by the wrapper with the field in the message,
 * never a trap; a closed kernel refuses calls; kernels are independent.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emd } from '../../src/hht/emd.js';
import { createWasmHhtKernel } from '../../src/hht/wasm.js';
import { randomWalk } from '../../src/hht/test-signals.js';
import type { EmdKernelOptions } from '../../src/hht/kernel.js';

const kernel = createWasmHhtKernel(256);

test('NaN or ±Infinity anywhere in x is a RangeError naming the sample (the message every backend gives)', () => {
  for (const [i, bad] of [[0, NaN], [5, Infinity], [99, -Infinity]] as const) {
    const x = randomWalk(100);
    x[i] = bad;
    assert.throws(() => kernel.decompose(x), { name: 'RangeError', message: `HHT input sample ${i} is not finite (${bad})` });
  }
  // The kernel is still usable afterwards.
  assert.deepEqual(kernel.decompose(randomWalk(100)).siftsPerImf, emd(randomWalk(100)).siftsPerImf);
});

test('a window shorter than 3 or longer than the capacity is a RangeError, for decompose and hilbert', () => {
  for (const n of [0, 1, 2]) {
    assert.throws(() => kernel.decompose(new Float64Array(n)), { name: 'RangeError', message: `an HHT window needs at least 3 samples, has ${n}` });
    assert.throws(() => kernel.hilbert(new Float64Array(n)), { name: 'RangeError', message: `an HHT window needs at least 3 samples, has ${n}` });
  }
  assert.throws(() => kernel.decompose(randomWalk(257)), { name: 'RangeError', message: "an HHT window of 257 samples exceeds this kernel's capacity 256" });
  assert.throws(() => kernel.hilbert(randomWalk(257)), { name: 'RangeError', message: "an HHT window of 257 samples exceeds this kernel's capacity 256" });
  assert.throws(() => kernel.hilbert(Float64Array.from([1, Infinity, 2])), { name: 'RangeError', message: 'HHT input sample 1 is not finite (Infinity)' });
  assert.equal(kernel.decompose(randomWalk(256)).residue.length, 256);
  assert.equal(kernel.decompose(Float64Array.from([1, 2, 3])).imfs.length, 0);
});

test('x must be a Float64Array', () => {
  assert.throws(() => kernel.decompose([1, 2, 3, 4] as unknown as Float64Array), { name: 'TypeError', message: /x must be a Float64Array/ });
  assert.throws(() => kernel.hilbert(new Float32Array(8) as unknown as Float64Array), { name: 'TypeError', message: /imf must be a Float64Array/ });
});

test('options: a non-number is a TypeError, nbsym must be an integer ≥ 1', () => {
  const x = randomWalk(64);
  assert.throws(() => kernel.decompose(x, { fixe: '3' } as unknown as EmdKernelOptions), { name: 'TypeError', message: /EMD option fixe must be a number, was string/ });
  for (const nbsym of [0, -1, 1.5, NaN]) {
    assert.throws(() => kernel.decompose(x, { nbsym }), { name: 'RangeError', message: /nbsym must be an integer of at least 1/ });
  }
});

test('capacity must be an integer in [3, 2^20]', () => {
  for (const capacity of [0, 2, 3.5, NaN, 2 ** 20 + 1]) {
    assert.throws(() => createWasmHhtKernel(capacity), { name: 'RangeError', message: /HHT kernel capacity must be an integer in \[3, 1048576\]/ });
  }
});

test('kernels do not share state; a closed kernel throws', () => {
  const a = createWasmHhtKernel(512), b = createWasmHhtKernel(512);
  const xa = randomWalk(512, 1), xb = randomWalk(300, 2);
  const ra = a.decompose(xa);
  b.decompose(xb);
  b.hilbert(xb);
  assert.deepEqual(a.decompose(xa).imfs.map((m) => [...m]), ra.imfs.map((m) => [...m]));
  a.close();
  assert.throws(() => a.decompose(xa), { name: 'Error', message: /WASM HHT kernel is closed/ });
  assert.throws(() => a.hilbert(xa), { name: 'Error', message: /WASM HHT kernel is closed/ });
  assert.equal(b.decompose(xb).residue.length, 300);
  b.close();
});

test('returned arrays are the caller\'s: a later call does not change them', () => {
  const r = kernel.decompose(randomWalk(200, 1));
  const copy = r.imfs.map((m) => [...m]);
  kernel.decompose(randomWalk(200, 2));
  assert.deepEqual(r.imfs.map((m) => [...m]), copy);
});
