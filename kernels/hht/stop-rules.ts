/**
 * PyEMD's stopping rules: the port of src/hht/stop-rules.ts with the same sums
 * in numpy's order (pairwise.ts), so a ratio at the edge of its threshold
 * decides the same way. Divisions by zero give ±Infinity or NaN as in numpy;
 * NaN fails every `<`. The knot-sign part of the IMF test (a) is checked by the
 * caller on the pre-sift knots; here are the O(n) parts, evaluated lazily in the
 * reference's order.
 */
import { oldHi, oldLo, pairwiseSum, siftSums, SUM_ABS, SUM_REL_SQUARE, sumDD, sumHH, sumOO } from './pairwise';
import * as pw from './pairwise';

/** True when every knot value in v[0..count) is ≥ 0 (sign > 0) or ≤ 0 (sign < 0). */
export function knotsOnSide(v: usize, count: i32, sign: f64): bool {
  for (let j = 0; j < count; j++) {
    const k = load<f64>(v + (<usize>j << 3));
    if (sign > 0 ? k < 0 : k > 0) return false;
  }
  return true;
}

/**
 * Parts (b) and (c) of PyEMD `check_imf` for the new proto-IMF h and the previous
 * hOld: Σh² ≥ 1e−10, then any of the scaled variance, the "std" and the energy
 * ratio under its threshold. Σh², Σ(h−hOld)², Σh_old² and hOld's range come from
 * one pass (siftSums); the reference sums Σh_old² only when the other tests fail,
 * which changes no result.
 */
export function imfSumsPass(h: usize, hOld: usize, n: i32, svarThr: f64, stdThr: f64, energyThr: f64): bool {
  pw.oldHi = load<f64>(hOld);
  pw.oldLo = pw.oldHi;
  siftSums(h, hOld, 0, n);
  if (sumHH < 1e-10) return false;
  // The reference's sequential `>`/`<` keeps the first sample equal to the extreme;
  // the lanes can only differ from it on the sign of a zero, which decides the
  // sign of a zero range, so a zero extreme is re-read from that sample.
  let oldMax = oldHi, oldMin = oldLo;
  if (oldMax == 0) oldMax = firstEqual(hOld, n, oldMax);
  if (oldMin == 0) oldMin = firstEqual(hOld, n, oldMin);
  const diffSq = sumDD;
  if (diffSq / (oldMax - oldMin) < svarThr) return true;
  if (pairwiseSum(SUM_REL_SQUARE, h, hOld, 0, n) < stdThr) return true;
  return diffSq / sumOO < energyThr;
}

/** a[i] for the first i with a[i] == value. */
function firstEqual(a: usize, n: i32, value: f64): f64 {
  for (let i = 0; i < n; i++) {
    const v = load<f64>(a + (<usize>i << 3));
    if (v == value) return v;
  }
  return value;
}

/**
 * Adds the IMF h to sum (sum[i] + h[i], as the reference), writes r = x − sum
 * (the next proto-IMF, formed as the reference forms it) and returns PyEMD
 * `end_condition` on r: a range below rangeThr, or Σ|r| below totalPowerThr.
 */
export function addImfAndTestResidue(x: usize, sum: usize, h: usize, r: usize, n: i32, rangeThr: f64, totalPowerThr: f64): bool {
  let rMax = -Infinity, rMin = Infinity;
  for (let i = 0; i < n; i++) {
    const p = <usize>i << 3;
    const s = load<f64>(sum + p) + load<f64>(h + p);
    store<f64>(sum + p, s);
    const v = load<f64>(x + p) - s;
    store<f64>(r + p, v);
    rMax = select<f64>(v, rMax, v > rMax);
    rMin = select<f64>(v, rMin, v < rMin);
  }
  if (rMax - rMin < rangeThr) return true;
  return pairwiseSum(SUM_ABS, r, 0, 0, n) < totalPowerThr;
}
