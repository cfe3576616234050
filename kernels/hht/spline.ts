/**
 * Envelope spline slopes: the port of src/hht/spline.ts, operation for
 * operation, so the envelopes come out bit-identical (that file derives the
 * not-a-knot rows, the natural 3-point case and why the elimination from both
 * ends needs no pivoting).
 *
 * Each eliminated row is a latency chain (pivot → ratio → next pivot, a
 * division per row). A system is eliminated from both ends toward its middle
 * row, and both envelopes of a sift together: four chains, forward in the lanes
 * of one f64x2 and backward in another, while all four have rows left. Lane-wise
 * arithmetic is the scalar arithmetic, so the slopes are the reference's bits.
 * O(m) per envelope.
 *
 * In: knots of the upper (maxT/maxV, knotMaxCount) and lower (minT/minV,
 * knotMinCount) envelopes. Out: slopes in slopeU/slopeL, which first hold the
 * chord slopes (each is read before its slot is written); cpU/cpL hold the
 * elimination ratios.
 */
import { E_FEW_KNOTS, E_KNOT_ORDER, E_KNOT_SPAN, E_OK } from './errors';
import { cpLPtr, cpUPtr, maxTPtr, maxVPtr, minTPtr, minVPtr, setInfo, slopeLPtr, slopeUPtr } from './layout';

@inline function f(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}

@inline function put(p: usize, i: i32, v: f64): void {
  store<f64>(p + (<usize>i << 3), v);
}

/** The reference's checks on one envelope's knots: ≥ 3, spanning [0, n−1], increasing. */
function checkKnots(t: usize, m: i32, n: i32): i32 {
  if (m < 3) { setInfo(<f64>m, 0, 0); return E_FEW_KNOTS; }
  const tFirst = f(t, 0), tLast = f(t, m - 1);
  if (tFirst > 0 || tLast < <f64>(n - 1)) { setInfo(tFirst, tLast, 0); return E_KNOT_SPAN; }
  for (let j = 1; j < m; j++) {
    const a = f(t, j - 1), b = f(t, j);
    if (!(b > a)) { setInfo(a, b, <f64>j); return E_KNOT_ORDER; }
  }
  return E_OK;
}

/** Checks the knots of both envelopes (upper first, as the reference) and solves their slopes. */
export function envelopeSlopes(mU: i32, mL: i32, n: i32): i32 {
  let rc = checkKnots(maxTPtr, mU, n);
  if (rc != E_OK) return rc;
  rc = checkKnots(minTPtr, mL, n);
  if (rc != E_OK) return rc;
  if (mU == 3) slopesNatural3(maxTPtr, maxVPtr, slopeUPtr);
  if (mL == 3) slopesNatural3(minTPtr, minVPtr, slopeLPtr);
  if (mU > 3 && mL > 3) solvePair(mU, mL);
  else if (mU > 3) solveOne(maxTPtr, maxVPtr, slopeUPtr, cpUPtr, mU);
  else if (mL > 3) solveOne(minTPtr, minVPtr, slopeLPtr, cpLPtr, mL);
  return E_OK;
}

/** Slopes of the natural cubic through 3 points (PyEMD cubic_spline_3pts). */
function slopesNatural3(t: usize, v: usize, s: usize): void {
  const h0 = f(t, 1) - f(t, 0), h1 = f(t, 2) - f(t, 1);
  const d0 = (f(v, 1) - f(v, 0)) / h0, d1 = (f(v, 2) - f(v, 1)) / h1;
  const s1 = (d0 * h1 + d1 * h0) / (h0 + h1);
  put(s, 0, (3 * d0 - s1) / 2);
  put(s, 1, s1);
  put(s, 2, (3 * d1 - s1) / 2);
}

/** Chord slopes d_j = (v_{j+1} − v_j)/(t_{j+1} − t_j), j < m − 1, two per division. */
function chords(t: usize, v: usize, m: i32, d: usize): void {
  let j = 0;
  for (; j + 2 < m; j += 2) {
    const p = <usize>j << 3;
    const h = f64x2.sub(v128.load(t + p, 8), v128.load(t + p));
    v128.store(d + p, f64x2.div(f64x2.sub(v128.load(v + p, 8), v128.load(v + p)), h));
  }
  for (; j + 1 < m; j++) put(d, j, (f(v, j + 1) - f(v, j)) / (f(t, j + 1) - f(t, j)));
}

/** Row 0 (the forward chain's first): h1·s0 + (h0+h1)·s1 = ((h0 + 2(h0+h1))·h1·δ0 + h0²·δ1)/(h0+h1). */
function forwardStart(t: usize, d: usize, s: usize, ratio: usize): void {
  const h0 = f(t, 1) - f(t, 0), h1 = f(t, 2) - f(t, 1), d0 = f(d, 0), d1 = f(d, 1);
  const w = h0 + h1;
  const r = ((h0 + 2 * w) * h1 * d0 + h0 * h0 * d1) / w;
  put(ratio, 0, w / h1);
  put(s, 0, r / h1);
}

/** Row m−1 (the backward chain's first), row 0's mirror image. */
function backwardStart(t: usize, d: usize, s: usize, ratio: usize, m: i32): void {
  const h0 = f(t, m - 2) - f(t, m - 3), h1 = f(t, m - 1) - f(t, m - 2), d0 = f(d, m - 3), d1 = f(d, m - 2);
  const w = h0 + h1;
  const r = (h1 * h1 * d0 + (2 * w + h1) * h0 * d1) / w;
  put(ratio, m - 1, w / h0);
  put(s, m - 1, r / h0);
}

/**
 * `steps` more interior rows of one chain whose last row is `row` (dir +1
 * forward, −1 backward). Its state is re-read: the row's ratio and right-hand
 * side, and the chord it shares with the next row, recomputed (the chord slope's
 * slot may hold a slope by now; the same operations give the same bits).
 */
function chainSteps(t: usize, v: usize, d: usize, s: usize, ratio: usize, row: i32, dir: i32, steps: i32): void {
  const g = dir > 0 ? row : row - 1;
  let nearH = f(t, g + 1) - f(t, g);
  let nearD = (f(v, g + 1) - f(v, g)) / nearH;
  let rp = f(ratio, row), sp = f(s, row);
  for (let q = 0; q < steps; q++) {
    const c = dir > 0 ? row + 1 : row - 2; // the chord the new row adds
    const farH = f(t, c + 1) - f(t, c), farD = f(d, c);
    const pivot = 2 * (nearH + farH) - farH * rp;
    sp = (3 * (farH * nearD + nearH * farD) - farH * sp) / pivot;
    rp = nearH / pivot;
    row += dir;
    put(ratio, row, rp);
    put(s, row, sp);
    nearH = farH;
    nearD = farD;
  }
}

/** Row k = m >> 1 from both chains' last rows (k − 1 and k + 1), then the back substitution outward. */
function meet(t: usize, v: usize, s: usize, ratio: usize, m: i32): void {
  const k = m >> 1;
  const fH = f(t, k) - f(t, k - 1), fD = (f(v, k) - f(v, k - 1)) / fH;
  const bH = f(t, k + 1) - f(t, k), bD = (f(v, k + 1) - f(v, k)) / bH;
  const pivot = (2 * (fH + bH) - bH * f(ratio, k - 1)) - fH * f(ratio, k + 1);
  put(s, k, ((3 * (bH * fD + fH * bD) - bH * f(s, k - 1)) - fH * f(s, k + 1)) / pivot);
  let lo = k - 1, hi = k + 1;
  let next = f(s, k), prev = next;
  for (; lo >= 0 && hi < m; lo--, hi++) {
    next = f(s, lo) - f(ratio, lo) * next; put(s, lo, next);
    prev = f(s, hi) - f(ratio, hi) * prev; put(s, hi, prev);
  }
  for (; lo >= 0; lo--) { next = f(s, lo) - f(ratio, lo) * next; put(s, lo, next); }
  for (; hi < m; hi++) { prev = f(s, hi) - f(ratio, hi) * prev; put(s, hi, prev); }
}

/** Not-a-knot slopes of one envelope (the other has 3 knots). */
function solveOne(t: usize, v: usize, s: usize, ratio: usize, m: i32): void {
  const k = m >> 1;
  chords(t, v, m, s);
  forwardStart(t, s, s, ratio);
  backwardStart(t, s, s, ratio, m);
  chainSteps(t, v, s, s, ratio, 0, 1, k - 1);
  chainSteps(t, v, s, s, ratio, m - 1, -1, m - 2 - k);
  meet(t, v, s, ratio, m);
}

/** [p[i], q[j]] as one vector. */
@inline function lanes(p: usize, i: i32, q: usize, j: i32): v128 {
  return f64x2.replace_lane(f64x2.splat(f(p, i)), 1, f(q, j));
}

/**
 * Not-a-knot slopes of both envelopes: forward chains in the lanes of one
 * vector (upper, lower), backward ones in another, while all four have rows left.
 */
function solvePair(mU: i32, mL: i32): void {
  // Locals, not globals, inside the loop: V8 reloads a global on every use.
  const tU = maxTPtr, vU = maxVPtr, tL = minTPtr, vL = minVPtr;
  const sU = slopeUPtr, sL = slopeLPtr, rU = cpUPtr, rL = cpLPtr;
  const kU = mU >> 1, kL = mL >> 1;
  chords(tU, vU, mU, sU);
  chords(tL, vL, mL, sL);
  forwardStart(tU, sU, sU, rU);
  forwardStart(tL, sL, sL, rL);
  backwardStart(tU, sU, sU, rU, mU);
  backwardStart(tL, sL, sL, rL, mL);
  // Interior rows per chain: forward 1 … k−1, backward m−2 … k+1.
  const common = min(min(kU - 1, kL - 1), min(mU - 2 - kU, mL - 2 - kL));
  const three = f64x2.splat(3);
  // Chain state: the shared chord's h and slope, the last row's ratio and right-hand
  // side; fT/bT the knot times the next row's chord starts from (carried, not reloaded).
  // (Chord 0's slot holds slope 0 by now, so its chord slope is formed again: same bits.)
  let fT = lanes(tU, 1, tL, 1), bT = lanes(tU, mU - 2, tL, mL - 2);
  let fH = f64x2.sub(fT, lanes(tU, 0, tL, 0));
  let fD = f64x2.div(f64x2.sub(lanes(vU, 1, vL, 1), lanes(vU, 0, vL, 0)), fH);
  let fR = lanes(rU, 0, rL, 0), fS = lanes(sU, 0, sL, 0);
  let bH = f64x2.sub(lanes(tU, mU - 1, tL, mL - 1), bT);
  let bD = lanes(sU, mU - 2, sL, mL - 2);
  let bR = lanes(rU, mU - 1, rL, mL - 1), bS = lanes(sU, mU - 1, sL, mL - 1);
  for (let i = 1; i <= common; i++) {
    const jU = mU - 1 - i, jL = mL - 1 - i;
    // Forward row i adds chord i; backward row j adds chord j − 1.
    const fNextT = lanes(tU, i + 1, tL, i + 1), bNextT = lanes(tU, jU - 1, tL, jL - 1);
    const fFarH = f64x2.sub(fNextT, fT), fFarD = lanes(sU, i, sL, i);
    const bFarH = f64x2.sub(bT, bNextT), bFarD = lanes(sU, jU - 1, sL, jL - 1);
    // 2(near + far) is written as a sum added to itself (exact; no constant in the loop).
    const fSum = f64x2.add(fH, fFarH), bSum = f64x2.add(bH, bFarH);
    const fPivot = f64x2.sub(f64x2.add(fSum, fSum), f64x2.mul(fFarH, fR));
    const bPivot = f64x2.sub(f64x2.add(bSum, bSum), f64x2.mul(bFarH, bR));
    const fRhs = f64x2.mul(three, f64x2.add(f64x2.mul(fFarH, fD), f64x2.mul(fH, fFarD)));
    const bRhs = f64x2.mul(three, f64x2.add(f64x2.mul(bFarH, bD), f64x2.mul(bH, bFarD)));
    fS = f64x2.div(f64x2.sub(fRhs, f64x2.mul(fFarH, fS)), fPivot);
    bS = f64x2.div(f64x2.sub(bRhs, f64x2.mul(bFarH, bS)), bPivot);
    fR = f64x2.div(fH, fPivot);
    bR = f64x2.div(bH, bPivot);
    put(rU, i, f64x2.extract_lane(fR, 0)); put(rL, i, f64x2.extract_lane(fR, 1));
    put(sU, i, f64x2.extract_lane(fS, 0)); put(sL, i, f64x2.extract_lane(fS, 1));
    put(rU, jU, f64x2.extract_lane(bR, 0)); put(rL, jL, f64x2.extract_lane(bR, 1));
    put(sU, jU, f64x2.extract_lane(bS, 0)); put(sL, jL, f64x2.extract_lane(bS, 1));
    fH = fFarH; fD = fFarD; bH = bFarH; bD = bFarD; fT = fNextT; bT = bNextT;
  }
  // The chains differ in length by a row or two: the rest one by one.
  chainSteps(tU, vU, sU, sU, rU, common, 1, kU - 1 - common);
  chainSteps(tL, vL, sL, sL, rL, common, 1, kL - 1 - common);
  chainSteps(tU, vU, sU, sU, rU, mU - 1 - common, -1, mU - 2 - kU - common);
  chainSteps(tL, vL, sL, sL, rL, mL - 1 - common, -1, mL - 2 - kL - common);
  meet(tU, vU, sU, rU, mU);
  meet(tL, vL, sL, rL, mL);
}
