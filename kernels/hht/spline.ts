/**
 * Envelope spline slopes: the port of src/hht/spline.ts, operation for
 * operation, so the envelopes come out bit-identical (that file derives the
 * not-a-knot rows, the natural 3-point case and why the Thomas solve needs no
 * pivoting).
 *
 * Both envelopes of a sift are solved together: the forward sweep is a latency
 * chain (pivot → ratio → next pivot, a division per row), so the upper and lower
 * systems run in the two lanes of f64x2 vectors while both have rows left, and
 * the back substitutions of both share one loop. Lane-wise arithmetic is the
 * scalar arithmetic, so the slopes are the reference's bits. O(m) per envelope.
 *
 * In: knots of the upper (maxT/maxV, knotMaxCount) and lower (minT/minV,
 * knotMinCount) envelopes. Out: slopes in slopeU/slopeL; cpU/cpL hold the
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

/** [pU[i], pL[i]] as one vector. */
@inline function pair(pU: usize, pL: usize, i: i32): v128 {
  return f64x2.replace_lane(f64x2.splat(f(pU, i)), 1, f(pL, i));
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

// Forward-sweep state after a row, per system (lane): chord lengths h_{i−1}, h_i,
// chord slopes δ_{i−1}, δ_i, and the row's ratio and eliminated right-hand side.
let h0U: f64 = 0, h1U: f64 = 0, d0U: f64 = 0, d1U: f64 = 0, cpU: f64 = 0, sU: f64 = 0;
let h0L: f64 = 0, h1L: f64 = 0, d0L: f64 = 0, d1L: f64 = 0, cpL: f64 = 0, sL: f64 = 0;

/** Not-a-knot slopes of one envelope (the other has 3 knots). */
function solveOne(t: usize, v: usize, s: usize, cp: usize, m: i32): void {
  let h0 = f(t, 1) - f(t, 0), h1 = f(t, 2) - f(t, 1);
  let d0 = (f(v, 1) - f(v, 0)) / h0, d1 = (f(v, 2) - f(v, 1)) / h1;
  const w = h0 + h1;
  const r = ((h0 + 2 * w) * h1 * d0 + h0 * h0 * d1) / w;
  h0U = h0; h1U = h1; d0U = d0; d1U = d1; cpU = w / h1; sU = r / h1;
  put(cp, 0, cpU); put(s, 0, sU);
  forwardRest(t, v, s, cp, m, 1, true);
  backSubstitute(s, cp, m - 2, 0, 0, -1);
}

/** Not-a-knot slopes of both envelopes, lane 0 upper and lane 1 lower. */
function solvePair(mU: i32, mL: i32): void {
  // Locals, not globals, inside the loop: V8 reloads a global on every use.
  const tU = maxTPtr, vU = maxVPtr, tL = minTPtr, vL = minVPtr;
  const sUp = slopeUPtr, sLp = slopeLPtr, cpUp = cpUPtr, cpLp = cpLPtr;
  const two = f64x2.splat(2), three = f64x2.splat(3);
  let t1 = pair(tU, tL, 1), v1 = pair(vU, vL, 1);
  let t2 = pair(tU, tL, 2), v2 = pair(vU, vL, 2);
  let h0 = f64x2.sub(t1, pair(tU, tL, 0)), h1 = f64x2.sub(t2, t1);
  let d0 = f64x2.div(f64x2.sub(v1, pair(vU, vL, 0)), h0);
  let d1 = f64x2.div(f64x2.sub(v2, v1), h1);
  // Row 0: b = h1, c = w, r = ((h0 + 2w)·h1·δ0 + h0·h0·δ1)/w.
  const w = f64x2.add(h0, h1);
  const r0 = f64x2.div(f64x2.add(f64x2.mul(f64x2.mul(f64x2.add(h0, f64x2.mul(two, w)), h1), d0), f64x2.mul(f64x2.mul(h0, h0), d1)), w);
  let cp = f64x2.div(w, h1), s = f64x2.div(r0, h1);
  put(cpUp, 0, f64x2.extract_lane(cp, 0)); put(cpLp, 0, f64x2.extract_lane(cp, 1));
  put(sUp, 0, f64x2.extract_lane(s, 0)); put(sLp, 0, f64x2.extract_lane(s, 1));
  const common = min(mU, mL) - 1; // rows 1 … common − 1 exist in both systems
  for (let i = 1; i < common; i++) {
    if (i > 1) {
      // t2/v2 hold t_i/v_i from the row before.
      const t3 = pair(tU, tL, i + 1), v3 = pair(vU, vL, i + 1);
      h0 = h1; d0 = d1;
      h1 = f64x2.sub(t3, t2);
      d1 = f64x2.div(f64x2.sub(v3, v2), h1);
      t2 = t3; v2 = v3;
    }
    // a = h1, b = 2(h0 + h1), c = h0, r = 3(h1·δ0 + h0·δ1).
    const hSum = f64x2.add(h0, h1);
    const b = f64x2.add(hSum, hSum); // 2(h0 + h1), exact
    const r = f64x2.mul(three, f64x2.add(f64x2.mul(h1, d0), f64x2.mul(h0, d1)));
    const pivot = f64x2.sub(b, f64x2.mul(h1, cp));
    cp = f64x2.div(h0, pivot);
    s = f64x2.div(f64x2.sub(r, f64x2.mul(h1, s)), pivot);
    put(cpUp, i, f64x2.extract_lane(cp, 0)); put(cpLp, i, f64x2.extract_lane(cp, 1));
    put(sUp, i, f64x2.extract_lane(s, 0)); put(sLp, i, f64x2.extract_lane(s, 1));
  }
  h0U = f64x2.extract_lane(h0, 0); h1U = f64x2.extract_lane(h1, 0); d0U = f64x2.extract_lane(d0, 0); d1U = f64x2.extract_lane(d1, 0);
  cpU = f64x2.extract_lane(cp, 0); sU = f64x2.extract_lane(s, 0);
  h0L = f64x2.extract_lane(h0, 1); h1L = f64x2.extract_lane(h1, 1); d0L = f64x2.extract_lane(d0, 1); d1L = f64x2.extract_lane(d1, 1);
  cpL = f64x2.extract_lane(cp, 1); sL = f64x2.extract_lane(s, 1);
  forwardRest(tU, vU, sUp, cpUp, mU, common, true);
  forwardRest(tL, vL, sLp, cpLp, mL, common, false);
  backSubstitute(sUp, cpUp, mU - 2, sLp, cpLp, mL - 2);
}

/** Rows from..m−2 and the last row of one system, continuing the state of its lane. */
function forwardRest(t: usize, v: usize, s: usize, cp: usize, m: i32, from: i32, upper: bool): void {
  let h0 = upper ? h0U : h0L, h1 = upper ? h1U : h1L, d0 = upper ? d0U : d0L, d1 = upper ? d1U : d1L;
  let cpPrev = upper ? cpU : cpL, sPrev = upper ? sU : sL;
  for (let i = from; i < m - 1; i++) {
    if (i > 1) {
      h0 = h1; d0 = d1;
      h1 = f(t, i + 1) - f(t, i);
      d1 = (f(v, i + 1) - f(v, i)) / h1;
    }
    const a = h1, b = 2 * (h0 + h1), c = h0;
    const r = 3 * (h1 * d0 + h0 * d1);
    const pivot = b - a * cpPrev;
    cpPrev = c / pivot;
    sPrev = (r - a * sPrev) / pivot;
    put(cp, i, cpPrev);
    put(s, i, sPrev);
  }
  // Last row: (h_{m−3}+h_{m−2})·s_{m−2} + h_{m−3}·s_{m−1}; here h0 = h_{m−3}, h1 = h_{m−2}.
  const w = h0 + h1;
  const a = w, b = h0;
  const r = (h1 * h1 * d0 + (2 * w + h1) * h0 * d1) / w;
  const pivot = b - a * cpPrev;
  put(s, m - 1, (r - a * sPrev) / pivot);
}

/** s[i] −= cp[i]·s[i+1] from i = top down to 0, for one or two systems in one loop (the chains overlap). */
function backSubstitute(sA: usize, cpA: usize, topA: i32, sB: usize, cpB: usize, topB: i32): void {
  let nextA = f(sA, topA + 1), nextB = topB >= 0 ? f(sB, topB + 1) : 0;
  let iA = topA, iB = topB;
  for (; iA >= 0 && iB >= 0; iA--, iB--) {
    nextA = f(sA, iA) - f(cpA, iA) * nextA; put(sA, iA, nextA);
    nextB = f(sB, iB) - f(cpB, iB) * nextB; put(sB, iB, nextB);
  }
  for (; iA >= 0; iA--) { nextA = f(sA, iA) - f(cpA, iA) * nextA; put(sA, iA, nextA); }
  for (; iB >= 0; iB--) { nextB = f(sB, iB) - f(cpB, iB) * nextB; put(sB, iB, nextB); }
}
