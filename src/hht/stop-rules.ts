/**
 * PyEMD's stopping rules (HHT.md §1 steps 5–6), with numpy's summation order
 * (pairwiseSum) so a ratio at the edge of its threshold decides the same way.
 * Divisions by zero give ±Infinity or NaN exactly as in numpy, and NaN fails
 * every `<` test, so a flat proto-IMF never passes by accident.
 */
import { pairwiseSum } from './numpy-sum.js';

/** Thresholds of one IMF test, in the units of the signal (not normalised). */
export interface ImfThresholds {
  readonly svarThreshold: number;
  readonly stdThreshold: number;
  readonly energyRatioThreshold: number;
}

/**
 * PyEMD `check_imf`: is the new proto-IMF h an IMF given the previous hOld and
 * the knot values of hOld's envelopes? (a) every max knot ≥ 0 and every min knot
 * ≤ 0, mirrored knots included; (b) Σh² ≥ 1e−10; then any of the scaled
 * variance, the Σ((h−hOld)/h)² "std" and the energy ratio under its threshold.
 * `tmp` is an n-sample temporary.
 */
export function checkImf(
  h: Float64Array, hOld: Float64Array, n: number,
  maxKnotV: Float64Array, nMaxKnots: number, minKnotV: Float64Array, nMinKnots: number,
  thr: ImfThresholds, tmp: Float64Array,
): boolean {
  for (let j = 0; j < nMaxKnots; j++) if (maxKnotV[j]! < 0) return false;
  for (let j = 0; j < nMinKnots; j++) if (minKnotV[j]! > 0) return false;

  for (let i = 0; i < n; i++) tmp[i] = h[i]! * h[i]!;
  if (pairwiseSum(tmp, 0, n) < 1e-10) return false;

  let oldMax = hOld[0]!, oldMin = hOld[0]!;
  for (let i = 0; i < n; i++) {
    const d = h[i]! - hOld[i]!;
    tmp[i] = d * d;
    const o = hOld[i]!;
    if (o > oldMax) oldMax = o;
    if (o < oldMin) oldMin = o;
  }
  const diffSq = pairwiseSum(tmp, 0, n);
  if (diffSq / (oldMax - oldMin) < thr.svarThreshold) return true;

  for (let i = 0; i < n; i++) {
    const q = (h[i]! - hOld[i]!) / h[i]!;
    tmp[i] = q * q;
  }
  if (pairwiseSum(tmp, 0, n) < thr.stdThreshold) return true;

  for (let i = 0; i < n; i++) tmp[i] = hOld[i]! * hOld[i]!;
  return diffSq / pairwiseSum(tmp, 0, n) < thr.energyRatioThreshold;
}

/**
 * PyEMD `end_condition`: stop decomposing when r = x − ΣIMFs has a range below
 * rangeThreshold or Σ|r| below totalPowerThreshold. `tmp` is an n-sample temporary.
 */
export function decompositionDone(
  x: Float64Array, sumImfs: Float64Array, n: number,
  rangeThreshold: number, totalPowerThreshold: number, tmp: Float64Array,
): boolean {
  let rMax = -Infinity, rMin = Infinity;
  for (let i = 0; i < n; i++) {
    const r = x[i]! - sumImfs[i]!;
    if (r > rMax) rMax = r;
    if (r < rMin) rMin = r;
    tmp[i] = Math.abs(r);
  }
  if (rMax - rMin < rangeThreshold) return true;
  return pairwiseSum(tmp, 0, n) < totalPowerThreshold;
}
