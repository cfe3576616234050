/**
 * The sift: evaluates the upper and lower envelope splines at t = 0..n−1 and
 * writes hNew[x] = h[x] − 0.5·(upper(x) + lower(x)), with the reference's
 * per-piece operations (src/hht/spline.ts evaluateHermite), so the result is
 * bit-identical.
 *
 *   1. Power-form coefficients c2, c3 of every piece, two pieces per f64x2
 *      division (c0 = v_j and c1 = s_j are the knot values and slopes).
 *   2. A walk over the segments between consecutive piece boundaries of either
 *      envelope: within a segment both pieces are fixed, so their coefficients
 *      sit in registers, upper in lane 0 and lower in lane 1 of each f64x2, and
 *      the sample loop only evaluates (in chunks, see siftStep).
 * Piece j covers [t_j, t_{j+1}); the first also whatever lies left of t_1 and the
 * last everything from t_{m−2} on, as the reference's piece search does. Knot
 * times are exact integers. O(mU + mL) + O(n); knots from mirror.ts, slopes from
 * spline.ts (whose cp scratch takes the c2 coefficients once the solve is done).
 */
import {
  c3LPtr, c3UPtr, cpLPtr, cpUPtr, maxTPtr, maxVPtr, minTPtr, minVPtr, slopeLPtr, slopeUPtr,
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

/** hNew[x] = h[x] − 0.5·(upper(x) + lower(x)): ((c3·u + c2)·u + c1)·u + c0 with u = x − t_j, both lanes at once. */
@inline function siftAt(h: usize, hNew: usize, x: i32, t0: v128, c0: v128, c1: v128, c2: v128, c3: v128): void {
  const u = f64x2.sub(f64x2.splat(<f64>x), t0);
  const e = f64x2.add(f64x2.mul(f64x2.add(f64x2.mul(f64x2.add(f64x2.mul(c3, u), c2), u), c1), u), c0);
  const p = <usize>x << 3;
  store<f64>(hNew + p, load<f64>(h + p) - 0.5 * (f64x2.extract_lane(e, 0) + f64x2.extract_lane(e, 1)));
}

/**
 * The sift step hNew = h − mean envelope, after envelopeSlopes (mU, mL knots).
 * Each segment is evaluated in whole chunks of SIFT_CHUNK samples from its start:
 * in the first IMFs segments are 1–3 samples long, and a loop of the segment's
 * exact length mispredicts its exit at nearly every segment end (measured: the
 * chunks are 2–4 % faster overall; chunks of 4 waste more than they save). A
 * sample past the segment's end is overwritten by the next segment, or lands in
 * the slack past n.
 */
export function siftStep(h: usize, hNew: usize, n: i32, mU: i32, mL: i32): void {
  // Locals, not globals, in the loops: V8 reloads a global on every use.
  const tU = maxTPtr, vU = maxVPtr, sU = slopeUPtr, c2U = cpUPtr, c3U = c3UPtr;
  const tL = minTPtr, vL = minVPtr, sL = slopeLPtr, c2L = cpLPtr, c3L = c3LPtr;
  pieceCoefficients(tU, vU, sU, mU, c2U, c3U);
  pieceCoefficients(tL, vL, sL, mL, c2L, c3L);
  let jU = firstPiece(tU, mU), jL = firstPiece(tL, mL);
  let x = 0;
  while (x < n) {
    const endU = pieceEnd(tU, mU, jU, n), endL = pieceEnd(tL, mL, jL, n);
    const end = min(endU, endL);
    const t0 = pair(tU, jU, tL, jL), c0 = pair(vU, jU, vL, jL), c1 = pair(sU, jU, sL, jL);
    const c2 = pair(c2U, jU, c2L, jL), c3 = pair(c3U, jU, c3L, jL);
    let k = x;
    do {
      siftAt(h, hNew, k, t0, c0, c1, c2, c3);
      siftAt(h, hNew, k + 1, t0, c0, c1, c2, c3);
      k += SIFT_CHUNK;
    } while (k < end);
    x = end;
    jU += <i32>(end == endU);
    jL += <i32>(end == endL);
  }
}
