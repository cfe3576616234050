/**
 * The sift: evaluates the upper and lower envelope splines at t = 0..n−1 and
 * writes hNew[x] = h[x] − 0.5·(upper(x) + lower(x)), with the reference's
 * per-piece operations (src/hht/spline.ts evaluateHermite), so the result is
 * bit-identical.
 *
 *   1. Power-form coefficients c2, c3 of every piece, two pieces per f64x2
 *      division (c0 = v_j and c1 = s_j are the knot values and slopes).
 *   2. The upper envelope, piece by piece with two samples in the lanes of each
 *      f64x2, into a scratch buffer; then the lower one the same way, with the
 *      sift folded in (see siftStep).
 * Piece j covers [t_j, t_{j+1}); the first also whatever lies left of t_1 and the
 * last everything from t_{m−2} on, as the reference's piece search does. Knot
 * times are exact integers. O(mU + mL) + O(n); knots from mirror.ts, slopes from
 * spline.ts (whose cp scratch takes the c2 coefficients once the solve is done).
 */
import {
  c3LPtr, c3UPtr, cpLPtr, cpUPtr, maxTPtr, maxVPtr, minTPtr, minVPtr, slopeLPtr, slopeUPtr, workRePtr,
} from './layout';

@inline function f(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}

/**
 * c2[j] = (3δ − 2s_j − s_{j+1})/h and c3[j] = (s_j + s_{j+1} − 2δ)/h² of pieces
 * j < m − 1, with h = t_{j+1} − t_j and δ = (v_{j+1} − v_j)/h.
 */
function pieceCoefficients(t: usize, v: usize, s: usize, m: i32, c2: usize, c3: usize): void {
  const three = f64x2.splat(3);
  let j = 0;
  // 2·a is written a + a (exact, and V8 does not rebuild a constant per iteration).
  for (; j + 2 <= m - 1; j += 2) {
    const p = <usize>j << 3;
    const h = f64x2.sub(v128.load(t + p, 8), v128.load(t + p));
    const delta = f64x2.div(f64x2.sub(v128.load(v + p, 8), v128.load(v + p)), h);
    const s0 = v128.load(s + p), s1 = v128.load(s + p, 8);
    v128.store(c2 + p, f64x2.div(f64x2.sub(f64x2.sub(f64x2.mul(three, delta), f64x2.add(s0, s0)), s1), h));
    v128.store(c3 + p, f64x2.div(f64x2.sub(f64x2.add(s0, s1), f64x2.add(delta, delta)), f64x2.mul(h, h)));
  }
  for (; j < m - 1; j++) {
    const h = f(t, j + 1) - f(t, j);
    const delta = (f(v, j + 1) - f(v, j)) / h;
    const s0 = f(s, j), s1 = f(s, j + 1);
    store<f64>(c2 + (<usize>j << 3), (3 * delta - 2 * s0 - s1) / h);
    store<f64>(c3 + (<usize>j << 3), (s0 + s1 - 2 * delta) / (h * h));
  }
}

/** The piece of sample 0: the last j ≤ m − 2 with t_j ≤ 0. */
function firstPiece(t: usize, m: i32): i32 {
  let j = 0;
  while (j < m - 2 && f(t, j + 1) <= 0) j++;
  return j;
}

/** End (exclusive) of piece j within [0, n): t_{j+1}, or n for the last piece. */
@inline function pieceEnd(t: usize, m: i32, j: i32, n: i32): i32 {
  // t is an exact integer, |t| < 2^31: adding 1.5·2^52 leaves it in the low mantissa bits (no trap check).
  return j < m - 2 ? min(n, <i32>reinterpret<i64>(f(t, j + 1) + 6755399441055744.0)) : n;
}

/** [a[jA], b[jB]] as one vector. */
@inline function pair(a: usize, jA: i32, b: usize, jB: i32): v128 {
  return v128.load64_lane(b + (<usize>jB << 3), v128.load64_splat(a + (<usize>jA << 3)), 1);
}

/** Samples evaluated per step of a segment; h and hNew carry SIFT_CHUNK − 1 slack samples past capacity. */
export const SIFT_CHUNK: i32 = 2;

/**
 * One envelope at t = 0..n−1, piece by piece, SIFT_CHUNK samples per step with
 * the samples in the lanes: ((c3·u + c2)·u + c1)·u + c0, u = x − t_j (an exact
 * small integer, so it is stepped by adding 2). Plain (out = envelope) or, with
 * sift, out = h − 0.5·(up + envelope). A piece's last step may write one sample
 * past its end, which the next piece rewrites (or which lands in the slack past n).
 */
@inline function evalEnvelope(t: usize, v: usize, s: usize, c2p: usize, c3p: usize, m: i32, n: i32,
  out: usize, h: usize, up: usize, sift: bool): void {
  const half = f64x2.splat(0.5), two = f64x2.splat(2);
  let j = firstPiece(t, m);
  let x = 0;
  while (x < n) {
    const end = pieceEnd(t, m, j, n);
    const p = <usize>j << 3;
    const t0 = load<f64>(t + p);
    const c0 = v128.load64_splat(v + p), c1 = v128.load64_splat(s + p);
    const c2 = v128.load64_splat(c2p + p), c3 = v128.load64_splat(c3p + p);
    const u0 = <f64>x - t0;
    let u = f64x2.replace_lane(f64x2.splat(u0), 1, u0 + 1);
    do {
      const e = f64x2.add(f64x2.mul(f64x2.add(f64x2.mul(f64x2.add(f64x2.mul(c3, u), c2), u), c1), u), c0);
      const q = <usize>x << 3;
      if (sift) {
        v128.store(out + q, f64x2.sub(v128.load(h + q), f64x2.mul(half, f64x2.add(v128.load(up + q), e))));
      } else {
        v128.store(out + q, e);
      }
      u = f64x2.add(u, two);
      x += SIFT_CHUNK;
    } while (x < end);
    x = end;
    j++;
  }
}

/**
 * The sift step hNew = h − mean envelope, after envelopeSlopes (mU, mL knots):
 * the upper envelope into the Bluestein work buffer (free during the EMD, and
 * longer than n + SIFT_CHUNK), then the lower one with the sift folded in, each
 * with the samples in the vector lanes. (A walk over the segments between the
 * pieces of either envelope, upper and lower in the two lanes, took more
 * instructions per sample: the segments are half as long as the pieces.)
 */
export function siftStep(h: usize, hNew: usize, n: i32, mU: i32, mL: i32): void {
  // Locals, not globals, in the loops: V8 reloads a global on every use.
  const tU = maxTPtr, vU = maxVPtr, sU = slopeUPtr, c2U = cpUPtr, c3U = c3UPtr;
  const tL = minTPtr, vL = minVPtr, sL = slopeLPtr, c2L = cpLPtr, c3L = c3LPtr;
  const up = workRePtr;
  pieceCoefficients(tU, vU, sU, mU, c2U, c3U);
  pieceCoefficients(tL, vL, sL, mL, c2L, c3L);
  evalEnvelope(tU, vU, sU, c2U, c3U, mU, n, up, 0, 0, false);
  evalEnvelope(tL, vL, sL, c2L, c3L, mL, n, hNew, h, up, true);
}
