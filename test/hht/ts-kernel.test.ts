/** TsHhtKernel: the runaway guard the native and WASM kernels share, and input checks. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runawayCap } from '../../src/hht/emd.js';
import { TsHhtKernel } from '../../src/hht/reference-kernel.js';

test('a decomposition that never ends (x − ΣIMFs stops changing in float64) is a RangeError, not a hang', () => {
  const k = new TsHhtKernel(64);
  // Values 1e295 apart: every IMF leaves the residue unchanged in float64.
  assert.throws(() => k.decompose(new Float64Array([0, -2e295, 2e300, -2e295, 2e300])),
    (e: Error) => e instanceof RangeError && e.message.includes(`within ${runawayCap(64)} IMFs`));
  assert.equal(runawayCap(64), 2 * 6 + 16);
});

test('non-finite and too-short windows are RangeErrors; a closed kernel throws', () => {
  const k = new TsHhtKernel(8);
  assert.throws(() => k.decompose(new Float64Array([1, NaN, 2, 3])), /sample 1 is not finite/);
  assert.throws(() => k.decompose(new Float64Array([1, 2])), /at least 3 samples/);
  assert.throws(() => k.decompose(new Float64Array(9)), /exceeds this kernel's capacity 8/);
  k.close();
  assert.throws(() => k.decompose(new Float64Array([1, 2, 3])), /closed/);
});
