/**
 * Envelope splines: not-a-knot reproduces any cubic exactly (a natural spline
 * would not), 4 knots give the single interpolating cubic, 3 knots give PyEMD's
 * natural cubic, and malformed knots are refused.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splineEnvelope } from '../../src/hht/spline.js';

function spline(t: number[], v: number[], n: number): Float64Array {
  const m = t.length, out = new Float64Array(n);
  splineEnvelope(Float64Array.from(t), Float64Array.from(v), m, n, out, { slope: new Float64Array(m), cPrime: new Float64Array(m) });
  return out;
}

const cubic = (x: number): number => 0.5 * x ** 3 - 2 * x ** 2 + 0.25 * x + 1;

test('not-a-knot reproduces a cubic through unevenly spaced knots (5, 9 and 4 knots)', () => {
  for (const t of [[-3, -1, 4, 9, 12], [-7, -2, 0, 1, 5, 6, 8, 13, 15], [-2, 3, 7, 11]]) {
    const n = 11, out = spline(t, t.map(cubic), n);
    for (let x = 0; x < n; x++) {
      const want = cubic(x);
      assert.ok(Math.abs(out[x]! - want) <= 1e-12 * Math.max(1, Math.abs(want)), `t=${t} x=${x}: ${out[x]} vs ${want}`);
    }
  }
});

/** Slopes of the not-a-knot spline by dense Gaussian elimination with partial pivoting (the rows of spline.ts). */
function denseSlopes(t: number[], v: number[]): number[] {
  const m = t.length, h = t.slice(1).map((x, i) => x - t[i]!), d = h.map((hi, i) => (v[i + 1]! - v[i]!) / hi);
  const A = Array.from({ length: m }, () => new Array<number>(m + 1).fill(0));
  const w0 = h[0]! + h[1]!, wm = h[m - 3]! + h[m - 2]!;
  A[0]![0] = h[1]!; A[0]![1] = w0; A[0]![m] = ((h[0]! + 2 * w0) * h[1]! * d[0]! + h[0]! ** 2 * d[1]!) / w0;
  for (let i = 1; i < m - 1; i++) {
    A[i]![i - 1] = h[i]!; A[i]![i] = 2 * (h[i - 1]! + h[i]!); A[i]![i + 1] = h[i - 1]!;
    A[i]![m] = 3 * (h[i]! * d[i - 1]! + h[i - 1]! * d[i]!);
  }
  A[m - 1]![m - 2] = wm; A[m - 1]![m - 1] = h[m - 3]!;
  A[m - 1]![m] = (h[m - 2]! ** 2 * d[m - 3]! + (2 * wm + h[m - 2]!) * h[m - 3]! * d[m - 2]!) / wm;
  for (let c = 0; c < m; c++) {
    let best = c;
    for (let r = c + 1; r < m; r++) if (Math.abs(A[r]![c]!) > Math.abs(A[best]![c]!)) best = r;
    [A[c], A[best]] = [A[best]!, A[c]!];
    for (let r = c + 1; r < m; r++) {
      const f = A[r]![c]! / A[c]![c]!;
      for (let k = c; k <= m; k++) A[r]![k]! -= f * A[c]![k]!;
    }
  }
  const s = new Array<number>(m).fill(0);
  for (let r = m - 1; r >= 0; r--) {
    let acc = A[r]![m]!;
    for (let k = r + 1; k < m; k++) acc -= A[r]![k]! * s[k]!;
    s[r] = acc / A[r]![r]!;
  }
  return s;
}

test('the elimination from both ends gives the dense solve\'s spline for every knot count 4…40 (both parities)', () => {
  let seed = 7;
  const rnd = (): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
  for (let m = 4; m <= 40; m++) {
    for (let trial = 0; trial < 5; trial++) {
      const t = [-1 - Math.floor(rnd() * 3)];
      for (let j = 1; j < m; j++) t.push(t[j - 1]! + 1 + Math.floor(rnd() * 6));
      const v = t.map(() => rnd() * 10 - 5);
      const n = t[m - 1]! - 1, out = spline(t, v, n), s = denseSlopes(t, v);
      let j = 0;
      for (let x = 0; x < n; x++) {
        while (x >= t[j + 1]!) j++;
        // Hermite basis form of piece j (the kernel evaluates a power form).
        const hj = t[j + 1]! - t[j]!, u = (x - t[j]!) / hj;
        const want = (2 * u ** 3 - 3 * u ** 2 + 1) * v[j]! + (u ** 3 - 2 * u ** 2 + u) * hj * s[j]!
          + (-2 * u ** 3 + 3 * u ** 2) * v[j + 1]! + (u ** 3 - u ** 2) * hj * s[j + 1]!;
        assert.ok(Math.abs(out[x]! - want) <= 1e-11 * 5, `m=${m} trial=${trial} x=${x}: ${out[x]} vs ${want}`);
      }
    }
  }
});

test('not-a-knot on non-cubic data: 4 knots give the Lagrange cubic', () => {
  // Points (−1, 1), (0, 0), (2, 0), (3, 3): Lagrange cubic p(x) = x(x−2)(ax+b); p(−1) = 3(b−a) = 1 and
  // p(3) = 3(3a+b) = 3 → b = a + 1/3, 4a + 1/3 = 1 → a = 1/6, b = 1/2 → p(x) = x(x−2)(x+3)/6.
  const out = spline([-1, 0, 2, 3], [1, 0, 0, 3], 3);
  const p = (x: number): number => (x * (x - 2) * (x + 3)) / 6;
  for (let x = 0; x < 3; x++) assert.ok(Math.abs(out[x]! - p(x)) < 1e-14, `x=${x}`);
});

test('3 knots: natural cubic (zero curvature at both ends), as PyEMD cubic_spline_3pts', () => {
  // Knots (0,0), (2,2), (4,0). On [0,2] the natural spline is a·x + c·x³ with f(2) = 2 and, by symmetry,
  // f′(2) = 0: 2a + 8c = 2, a + 12c = 0 → c = −1/8, a = 3/2 → f(1) = 3/2 − 1/8 = 1.375.
  const out = spline([0, 2, 4], [0, 2, 0], 5);
  assert.deepEqual([...out], [0, 1.375, 2, 1.375, 0]);
});

test('knots must increase and span [0, N−1]; fewer than 3 are refused', () => {
  assert.throws(() => spline([0, 5], [1, 1], 5), { name: 'RangeError', message: /at least 3 knots/ });
  assert.throws(() => spline([1, 2, 6], [1, 1, 1], 5), { name: 'RangeError', message: /must span/ });
  assert.throws(() => spline([0, 2, 2, 6], [1, 1, 1, 1], 5), { name: 'RangeError', message: /must increase/ });
});

test('equal knot values give an exactly flat envelope', () => {
  const out = spline([-3, 3, 9, 13, 19], [2, 2, 2, 2, 2], 12);
  assert.ok(out.every((v) => v === 2));
});
