/**
 * PyEMD's stopping rules: the port of src/hht/stop-rules.ts with the same sums
 * in numpy's order (pairwise.ts), so a ratio at the edge of its threshold
 * decides the same way. Divisions by zero give ±Infinity or NaN as in numpy;
 * NaN fails every `<`. The knot-sign part of the IMF test (a) is checked by the
 * caller on the pre-sift knots; here are the O(n) parts, evaluated lazily in the
 * reference's order.
 */
import { pairwiseSum, SUM_ABS_DIFF, SUM_DIFF_SQUARE, SUM_REL_SQUARE, SUM_SQUARE } from './pairwise';

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
 * ratio under its threshold.
 */
export function imfSumsPass(h: usize, hOld: usize, n: i32, svarThr: f64, stdThr: f64, energyThr: f64): bool {
  if (pairwiseSum(SUM_SQUARE, h, 0, 0, n) < 1e-10) return false;
  // max/min of hOld in the reference's sequential `>`/`<` order (it decides the sign of a zero range).
  let oldMax = load<f64>(hOld), oldMin = oldMax;
  for (let i = 0; i < n; i++) {
    const o = load<f64>(hOld + (<usize>i << 3));
    oldMax = select<f64>(o, oldMax, o > oldMax);
    oldMin = select<f64>(o, oldMin, o < oldMin);
  }
  const diffSq = pairwiseSum(SUM_DIFF_SQUARE, h, hOld, 0, n);
  if (diffSq / (oldMax - oldMin) < svarThr) return true;
  if (pairwiseSum(SUM_REL_SQUARE, h, hOld, 0, n) < stdThr) return true;
  return diffSq / pairwiseSum(SUM_SQUARE, hOld, 0, 0, n) < energyThr;
}

/**
 * PyEMD `end_condition`: r = x − ΣIMFs has a range below rangeThr, or Σ|r| below
 * totalPowerThr.
 */
export function decompositionDone(x: usize, sum: usize, n: i32, rangeThr: f64, totalPowerThr: f64): bool {
  let rMax = -Infinity, rMin = Infinity;
  for (let i = 0; i < n; i++) {
    const r = load<f64>(x + (<usize>i << 3)) - load<f64>(sum + (<usize>i << 3));
    rMax = select<f64>(r, rMax, r > rMax);
    rMin = select<f64>(r, rMin, r < rMin);
  }
  if (rMax - rMin < rangeThr) return true;
  return pairwiseSum(SUM_ABS_DIFF, x, sum, 0, n) < totalPowerThr;
}
