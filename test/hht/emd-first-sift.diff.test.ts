/**
 * Tier 1 of HHT.md §5 on every reference vector: the first sift's extrema, zero
 * crossings and knots exactly equal; envelopes and h1 within 1e−9·std(x).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countZeroCrossings, COUNT_MAX, COUNT_MIN } from '../../src/hht/extrema.js';
import { envelopesInto, extremaInto } from '../../src/hht/envelope.js';
import { EmdWorkspace } from '../../src/hht/workspace.js';
import { loadHhtVectors, maxAbsDiff, stdOf } from './vectors.js';

for (const v of loadHhtVectors()) {
  test(`first sift matches ${v.file}`, (t) => {
    const x = Float64Array.from(v.input), n = x.length, ws = new EmdWorkspace(n, v.options.nbsym);
    const fs = v.first_sift;
    extremaInto(x, n, ws);
    assert.deepEqual([...ws.maxIdx.subarray(0, ws.extremaCounts[COUNT_MAX])], fs.max_idx, 'maxima');
    assert.deepEqual([...ws.minIdx.subarray(0, ws.extremaCounts[COUNT_MIN])], fs.min_idx, 'minima');
    assert.equal(countZeroCrossings(x, n), fs.n_zero_crossings, 'zero crossings');

    envelopesInto(x, n, ws);
    const nMax = ws.counts[COUNT_MAX]!, nMin = ws.counts[COUNT_MIN]!;
    assert.deepEqual([...ws.maxT.subarray(0, nMax)], fs.mirrored_max_t, 'max knot times');
    assert.deepEqual([...ws.maxV.subarray(0, nMax)], fs.mirrored_max_v, 'max knot values');
    assert.deepEqual([...ws.minT.subarray(0, nMin)], fs.mirrored_min_t, 'min knot times');
    assert.deepEqual([...ws.minV.subarray(0, nMin)], fs.mirrored_min_v, 'min knot values');

    const tol = 1e-9 * stdOf(x);
    const h1 = new Float64Array(n);
    for (let i = 0; i < n; i++) h1[i] = x[i]! - 0.5 * (ws.upper[i]! + ws.lower[i]!);
    const errUpper = maxAbsDiff(ws.upper.subarray(0, n), fs.upper_env);
    const errLower = maxAbsDiff(ws.lower.subarray(0, n), fs.lower_env);
    const errH1 = maxAbsDiff(h1, fs.h1);
    t.diagnostic(`envelope error / std: upper ${(errUpper / stdOf(x)).toExponential(2)}, lower ${(errLower / stdOf(x)).toExponential(2)}, h1 ${(errH1 / stdOf(x)).toExponential(2)}`);
    assert.ok(errUpper <= tol, `upper envelope off by ${errUpper} > ${tol}`);
    assert.ok(errLower <= tol, `lower envelope off by ${errLower} > ${tol}`);
    assert.ok(errH1 <= tol, `h1 off by ${errH1} > ${tol}`);
  });
}
