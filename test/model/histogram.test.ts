/**
 * The histogram kernel (TS reference, src/model/histogram.ts) against a plain
 * per-row count, and the sibling subtraction against building the sibling; the
 * binning rule "bin <= b exactly when x <= edge b" on values off and on the edges.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { binMatrix, binOf, fitBins, MISSING_BIN, thresholdOf } from '../../src/model/binning.js';
import { buildHistogramsBatch, HIST_STRIDE, subtractHistograms } from '../../src/model/histogram.js';

test('histograms equal a naive count; parent − child equals the sibling built directly', () => {
  fc.assert(fc.property(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 5 }), fc.integer(), (n, f, seed) => {
    let s = seed >>> 0;
    const rnd = (): number => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 2 ** 32; };
    const bins = Uint8Array.from({ length: n * f }, () => (rnd() < 0.1 ? MISSING_BIN : Math.floor(rnd() * 20)));
    const grad = Float64Array.from({ length: n }, () => Math.round((rnd() - 0.5) * 64) / 8); // exact sums
    const all = Uint32Array.from({ length: n }, (_, i) => i);
    const left = all.filter((i) => i % 3 === 0);
    const right = all.filter((i) => i % 3 !== 0);
    const feats = Int32Array.from({ length: f }, (_, i) => f - 1 - i);
    const scratch = new Float64Array(n);
    const build = (rows: Uint32Array): Float64Array => {
      const out = new Float64Array(f * HIST_STRIDE).fill(7);
      assert.equal(buildHistogramsBatch(bins, n, rows, rows.length, grad, feats, f, scratch, out), 0);
      return out;
    };
    const whole = build(all);
    const naive = new Float64Array(f * HIST_STRIDE);
    for (let sl = 0; sl < f; sl++) for (const r of all) { const b = bins[feats[sl] * n + r]; naive[(sl * 256 + b) * 2] += grad[r]; naive[(sl * 256 + b) * 2 + 1]++; }
    assert.deepEqual(whole, naive);
    const sib = new Float64Array(f * HIST_STRIDE);
    subtractHistograms(whole, build(left), f, sib);
    assert.deepEqual(sib, build(right));
  }), { numRuns: 50 });
});

test('binning: bin(x) <= b exactly when x <= the threshold of bin b, NaN in the missing bin', () => {
  const x = Float64Array.from([3, 1, 1, 2, NaN, 5, 4, 4, -0, 0, 1e-300, 7]);
  const fb = fitBins(x, 1, Uint32Array.from(x, (_, i) => i), 4);
  const edges = fb.edges[0];
  assert.ok(edges.length <= 3 && edges.every((e, i) => i === 0 || e > edges[i - 1]));
  const probes = [...x, ...edges, -Infinity, Infinity, 0.5, 2.5, 6];
  const m = binMatrix(Float64Array.from(probes), probes.length, 1, fb);
  probes.forEach((v, i) => {
    assert.equal(m[i], binOf(edges, v));
    if (Number.isNaN(v)) { assert.equal(m[i], MISSING_BIN); return; }
    for (let b = 0; b <= edges.length; b++) assert.equal(m[i] <= b, v <= thresholdOf(fb, 0, b), `value ${v}, bin ${b}`);
  });
});
