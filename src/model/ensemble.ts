/**
 * A trained model: per horizon, a tree ensemble and a ridge model, combined as
 * configured (`model.combine`):
 *
 *   trees   y = T                       the boosted trees alone (started at the label mean)
 *   ridge   y = L                       the ridge model alone
 *   sum     y = T + L                   trees boosted on the ridge residuals (T starts at 0)
 *   blend   y = a·T + (1 − a)·L         a picked on the validation part from 0, 0.1, …, 1
 *
 * with T = base + Σ tree leaves and L the ridge prediction. This file is also the
 * trainer's own evaluation of the model, the reference the exported ONNX graph
 * is held to. T is rounded to float32 here because ai.onnx.ml
 * TreeEnsembleRegressor's output is tensor(float) by its spec (onnxruntime sums
 * the leaves in double, then rounds once); everything else is double.
 */
import { predictRidge, type RidgeModel } from './ridge.js';
import { predictRaw, type Tree } from './tree.js';

export type Combine = 'trees' | 'ridge' | 'sum' | 'blend';
export const COMBINES: readonly Combine[] = ['trees', 'ridge', 'sum', 'blend'];

export interface HorizonModel {
  horizonMs: number;
  trees: Tree[];
  /** T's starting value (ONNX base_values): the training-label mean, 0 for `sum`. */
  treeBase: number;
  ridge: RidgeModel;
  /** `blend`'s a (1 for trees and sum, 0 for ridge). */
  treeWeight: number;
}

export interface Ensemble {
  /** Input columns, in order (the registry order of the rows it was trained on). */
  featureNames: string[];
  combine: Combine;
  horizons: HorizonModel[];
}

/** T of the raw row x[off, off + f): base + Σ leaves, rounded to float32 as the ONNX op outputs it. */
export function treePart(h: HorizonModel, x: Float64Array, off: number): number {
  let s = h.treeBase;
  for (const t of h.trees) s += predictRaw(t, x, off);
  return Math.fround(s);
}

/** The model's prediction for one horizon of the raw row x[off, off + f), bps. */
export function predictHorizon(combine: Combine, h: HorizonModel, x: Float64Array, off: number): number {
  switch (combine) {
    case 'trees': return treePart(h, x, off);
    case 'ridge': return predictRidge(h.ridge, x, off);
    case 'sum': return treePart(h, x, off) + predictRidge(h.ridge, x, off);
    case 'blend': return h.treeWeight * treePart(h, x, off) + (1 - h.treeWeight) * predictRidge(h.ridge, x, off);
  }
}

/** Predictions for n rows of x (row-major, ensemble.featureNames wide): n × horizons, row-major. */
export function predictEnsemble(e: Ensemble, x: Float64Array, n: number): Float64Array {
  const f = e.featureNames.length;
  const hs = e.horizons.length;
  const out = new Float64Array(n * hs);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < hs; k++) out[i * hs + k] = predictHorizon(e.combine, e.horizons[k], x, i * f);
  }
  return out;
}

/** Trees and leaves of a horizon's ensemble (for reports). */
export function treeStats(h: HorizonModel): { trees: number; leaves: number; maxDepth: number } {
  let leaves = 0;
  let maxDepth = 0;
  for (const t of h.trees) {
    const depth = new Int32Array(t.feature.length);
    for (let i = 0; i < t.feature.length; i++) {
      if (t.feature[i] < 0) { leaves++; maxDepth = Math.max(maxDepth, depth[i]); continue; }
      depth[t.left[i]] = depth[i] + 1;
      depth[t.right[i]] = depth[i] + 1;
    }
  }
  return { trees: h.trees.length, leaves, maxDepth };
}
