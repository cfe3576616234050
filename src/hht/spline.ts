/**
 * Envelope splines (HHT.md §1 step 4): the interpolating cubic spline through
 * the knots, evaluated at every integer t in [0, n−1].
 *
 * > 3 knots: not-a-knot end conditions, the spline scipy's
 *   `interp1d(kind='cubic')` builds (make_interp_spline, k = 3). Solved for the
 *   knot slopes as a tridiagonal system in O(m) (Gaussian elimination from both
 *   ends, no pivoting: after the first elimination step every pivot is bounded
 *   away from zero, see the note at solveNotAKnot). Rows, with h_i = x_{i+1} − x_i
 *   and δ_i the slopes of the chords:
 *     row 0:     h1·s0 + (h0+h1)·s1 = ((h0 + 2(h0+h1))·h1·δ0 + h0²·δ1)/(h0+h1)
 *     row i:     h_i·s_{i−1} + 2(h_{i−1}+h_i)·s_i + h_{i−1}·s_{i+1} = 3(h_i·δ_{i−1} + h_{i−1}·δ_i)
 *     row m−1:   mirror image of row 0.
 *   With exactly 4 knots this is the single cubic through them, as in scipy.
 * = 3 knots: PyEMD's `cubic_spline_3pts`, a natural cubic (zero second derivative
 *   at both ends), whose middle slope has the closed form
 *   s1 = (δ0·h1 + δ1·h0)/(h0 + h1), s0 = (3δ0 − s1)/2, s2 = (3δ1 − s1)/2.
 * Each piece is evaluated in Hermite form from its end values and slopes.
 * Results agree with scipy's B-spline solve to rounding (≈1e−15 relative), not bitwise.
 */

/** Scratch for the tridiagonal solve; each array needs capacity ≥ the knot count. */
export interface SplineScratch {
  readonly slope: Float64Array;
  readonly cPrime: Float64Array;
}

/**
 * Fills out[0..n−1] with the spline through (t[j], v[j]), j < m, at t = 0..n−1.
 * Knot times must be strictly increasing and span [0, n−1].
 */
export function splineEnvelope(t: Float64Array, v: Float64Array, m: number, n: number, out: Float64Array, scratch: SplineScratch): void {
  if (m < 3) throw new RangeError(`a cubic envelope needs at least 3 knots, was ${m}`);
  if (t[0]! > 0 || t[m - 1]! < n - 1) {
    throw new RangeError(`envelope knots must span [0, ${n - 1}], were [${t[0]}, ${t[m - 1]}]`);
  }
  for (let j = 1; j < m; j++) {
    if (!(t[j]! > t[j - 1]!)) throw new RangeError(`envelope knot times must increase, were ${t[j - 1]} then ${t[j]} at ${j}`);
  }
  const s = scratch.slope;
  if (m === 3) slopesNatural3(t, v, s);
  else solveNotAKnot(t, v, m, s, scratch.cPrime);
  evaluateHermite(t, v, s, m, n, out);
}

/** Slopes of the natural cubic through 3 points (PyEMD cubic_spline_3pts). */
function slopesNatural3(t: Float64Array, v: Float64Array, s: Float64Array): void {
  const h0 = t[1]! - t[0]!, h1 = t[2]! - t[1]!;
  const d0 = (v[1]! - v[0]!) / h0, d1 = (v[2]! - v[1]!) / h1;
  const s1 = (d0 * h1 + d1 * h0) / (h0 + h1);
  s[0] = (3 * d0 - s1) / 2;
  s[1] = s1;
  s[2] = (3 * d1 - s1) / 2;
}

/**
 * Not-a-knot slopes (m ≥ 4) by elimination from both ends: forward from row 0
 * and backward from row m−1 up to the middle row k = m >> 1, which takes both
 * neighbours, then back substitution outward. (The kernels run the two chains,
 * and the two envelopes' four, side by side: each row is a chain of a multiply,
 * a subtraction and a division, so shorter chains halve the solve's time. The
 * operations here are theirs.)
 *
 * No pivoting is needed. Row 0 has a super-diagonal larger than its diagonal, but
 * eliminating it leaves row 1 with pivot h0 + h1 > its super-diagonal h0; from
 * there every pivot exceeds 2h_{i−1} + h_i, so each ratio is < 1. Row m−1 is row
 * 0's mirror image, so the backward chain's ratios are < 1 from row m−2 on. Row k
 * (2 ≤ k ≤ m−2) then has pivot 2(h_{k−1}+h_k) − h_k·ratio_{k−1} − h_{k−1}·ratio_{k+1}:
 * with both ratios < 1 it exceeds h_{k−1} + h_k, and when k = m−2 (m = 4) its
 * backward ratio (h_{k−1}+h_k)/h_{k−1} makes that term exactly h_{k−1}+h_k, which
 * still leaves more than h_{k−1} > 0.
 */
function solveNotAKnot(t: Float64Array, v: Float64Array, m: number, s: Float64Array, ratio: Float64Array): void {
  const d = (j: number): number => (v[j + 1]! - v[j]!) / (t[j + 1]! - t[j]!);
  const k = m >> 1;
  // Row 0: h1·s0 + (h0+h1)·s1 = ((h0 + 2(h0+h1))·h1·δ0 + h0²·δ1)/(h0+h1).
  let fH: number, fD: number, fRatio: number, fS: number;
  {
    const h0 = t[1]! - t[0]!, h1 = t[2]! - t[1]!, d0 = d(0), d1 = d(1);
    const w = h0 + h1;
    const r = ((h0 + 2 * w) * h1 * d0 + h0 * h0 * d1) / w;
    fH = h0; fD = d0; fRatio = w / h1; fS = r / h1;
    ratio[0] = fRatio; s[0] = fS;
  }
  // Row m−1: (h_{m−3}+h_{m−2})·s_{m−2} + h_{m−3}·s_{m−1}, its right-hand side row 0's mirror image.
  let bH: number, bD: number, bRatio: number, bS: number;
  {
    const h0 = t[m - 2]! - t[m - 3]!, h1 = t[m - 1]! - t[m - 2]!, d0 = d(m - 3), d1 = d(m - 2);
    const w = h0 + h1;
    const r = (h1 * h1 * d0 + (2 * w + h1) * h0 * d1) / w;
    bH = h1; bD = d1; bRatio = w / h0; bS = r / h0;
    ratio[m - 1] = bRatio; s[m - 1] = bS;
  }
  // Interior row i: h_i·s_{i−1} + 2(h_{i−1}+h_i)·s_i + h_{i−1}·s_{i+1} = 3(h_i·δ_{i−1} + h_{i−1}·δ_i).
  // Seen from either end it couples the row eliminated before it through the h it
  // does not share with it ("far") and passes on the shared one ("near").
  for (let i = 1; i < k; i++) {
    const farH = t[i + 1]! - t[i]!, farD = d(i);
    const pivot = 2 * (fH + farH) - farH * fRatio;
    fS = (3 * (farH * fD + fH * farD) - farH * fS) / pivot;
    fRatio = fH / pivot;
    ratio[i] = fRatio; s[i] = fS; fH = farH; fD = farD;
  }
  for (let i = m - 2; i > k; i--) {
    const farH = t[i]! - t[i - 1]!, farD = d(i - 1);
    const pivot = 2 * (bH + farH) - farH * bRatio;
    bS = (3 * (farH * bD + bH * farD) - farH * bS) / pivot;
    bRatio = bH / pivot;
    ratio[i] = bRatio; s[i] = bS; bH = farH; bD = farD;
  }
  // Row k: h_k (= bH) couples s_{k−1}, h_{k−1} (= fH) couples s_{k+1}.
  const pivot = (2 * (fH + bH) - bH * fRatio) - fH * bRatio;
  s[k] = ((3 * (bH * fD + fH * bD) - bH * fS) - fH * bS) / pivot;
  for (let i = k - 1; i >= 0; i--) s[i] = s[i]! - ratio[i]! * s[i + 1]!;
  for (let i = k + 1; i < m; i++) s[i] = s[i]! - ratio[i]! * s[i - 1]!;
}

/** Evaluates the piecewise cubic with knot values v and slopes s at t = 0..n−1. */
function evaluateHermite(t: Float64Array, v: Float64Array, s: Float64Array, m: number, n: number, out: Float64Array): void {
  // Piece j covers [t_j, t_{j+1}); the last piece also takes its right end. Its power-form
  // coefficients are computed once per piece (same operations, so the same bits, as per sample).
  let j = -1, next = -Infinity;
  let t0 = 0, c0 = 0, c1 = 0, c2 = 0, c3 = 0;
  for (let x = 0; x < n; x++) {
    if (x >= next && j < m - 2) {
      while (j < m - 2 && (j < 0 || x >= t[j + 1]!)) j++;
      next = j < m - 2 ? t[j + 1]! : Infinity;
      const h = t[j + 1]! - t[j]!;
      const delta = (v[j + 1]! - v[j]!) / h;
      t0 = t[j]!; c0 = v[j]!; c1 = s[j]!;
      c2 = (3 * delta - 2 * c1 - s[j + 1]!) / h;
      c3 = (c1 + s[j + 1]! - 2 * delta) / (h * h);
    }
    const u = x - t0;
    out[x] = ((c3 * u + c2) * u + c1) * u + c0;
  }
}
