/**
 * Gradient boosting of regression trees on the L2 loss (src/model/tree.ts):
 * each round fits one tree to the residuals of the current prediction, on a row
 * sample of the training part and a feature sample, and adds it with shrinkage.
 * Early stopping: the validation MSE is tracked every round; training stops after
 * `earlyStoppingRounds` rounds without a new best, and the ensemble is cut back
 * to the best round (possibly zero trees: then the model is its starting value).
 *
 * Randomness comes only from the PRNG passed in (src/feed/demo-stream.ts `prng`,
 * mulberry32): the same seed and data give the same trees, bit for bit.
 */
import type { FeatureBins } from './binning.js';
import { TsHistogramKernel } from './histogram-backends.js';
import type { HistogramKernel } from './histogram-kernel.js';
import { growTree, predictBinned, type GrowContext, type Tree, type TreeParams } from './tree.js';

export interface GbdtParams extends TreeParams {
  /** Upper limit of boosting rounds (trees). */
  rounds: number;
  /** η, the shrinkage applied to every tree. */
  learningRate: number;
  /** Share of training rows drawn (without replacement) for each tree. */
  rowSubsample: number;
  /** Share of the allowed features offered to each tree. */
  featureSubsample: number;
  /** Stop after this many rounds without a better validation MSE. */
  earlyStoppingRounds: number;
}

/** Binned rows of the whole data set (train, validation and test alike). */
export interface BinnedData {
  bins: Uint8Array;
  nRows: number;
  featureBins: FeatureBins;
  /** A histogram kernel already bound to `bins` (default: the TS reference, bound here). */
  hist?: HistogramKernel;
}

export interface GbdtResult {
  /** The trees up to the best validation round. */
  trees: Tree[];
  /** Validation MSE of the starting prediction, then after each round trained. */
  validMse: number[];
  /** Rounds trained before stopping (≥ trees.length). */
  roundsTrained: number;
}

/** k distinct draws from `from` (ascending out), selection sampling: one pass, the PRNG called once per candidate. */
function sampleSorted(from: Uint32Array, k: number, rnd: () => number): Uint32Array {
  if (k >= from.length) return from;
  const out = new Uint32Array(k);
  let need = k;
  for (let i = 0, m = 0; i < from.length && need > 0; i++) {
    if (rnd() * (from.length - i) < need) { out[m++] = from[i]; need--; }
  }
  return out;
}

/** k of the features in `allowed` (ascending), partial Fisher–Yates. */
function sampleFeatures(allowed: Int32Array, k: number, rnd: () => number): Int32Array {
  if (k >= allowed.length) return allowed;
  const a = Int32Array.from(allowed);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rnd() * (a.length - i));
    const t = a[i]; a[i] = a[j]; a[j] = t;
  }
  return a.subarray(0, k).sort();
}

function mse(pred: Float64Array, y: Float64Array, rows: Uint32Array): number {
  let s = 0;
  for (let k = 0; k < rows.length; k++) { const d = pred[rows[k]] - y[rows[k]]; s += d * d; }
  return rows.length > 0 ? s / rows.length : NaN;
}

/**
 * Boosts trees for one label. `y[r]` is row r's label and `pred[r]` its starting
 * prediction (a constant or the ridge prediction), both indexed by data row;
 * `pred` is scratch: advanced in place for the training and validation rows as
 * trees are added (past the best round). `allowed` lists the features the trees
 * may split on.
 */
export function trainGbdt(data: BinnedData, y: Float64Array, pred: Float64Array, trainRows: Uint32Array, validRows: Uint32Array,
                          allowed: Int32Array, p: GbdtParams, rnd: () => number): GbdtResult {
  let hist = data.hist;
  if (!hist) {
    hist = new TsHistogramKernel();
    hist.bind(data.bins, data.nRows, data.bins.length / Math.max(1, data.nRows));
  }
  const ctx: GrowContext = {
    bins: data.bins, nRows: data.nRows, featureBins: data.featureBins, grad: new Float64Array(data.nRows),
    rowBuf: new Uint32Array(trainRows.length), tmpBuf: new Uint32Array(trainRows.length), hist,
  };
  const nSample = Math.max(1, Math.round(p.rowSubsample * trainRows.length));
  const nFeat = Math.max(1, Math.round(p.featureSubsample * allowed.length));
  const trees: Tree[] = [];
  const validMse = [mse(pred, y, validRows)];
  let best = 0;
  let round = 0;
  for (; round < p.rounds && allowed.length > 0; round++) {
    for (let k = 0; k < trainRows.length; k++) { const r = trainRows[k]; ctx.grad[r] = pred[r] - y[r]; }
    const rows = sampleSorted(trainRows, nSample, rnd);
    const feats = sampleFeatures(allowed, nFeat, rnd);
    const tree = growTree(ctx, rows, feats, p, p.learningRate);
    trees.push(tree);
    for (let k = 0; k < trainRows.length; k++) pred[trainRows[k]] += predictBinned(tree, data.bins, data.nRows, trainRows[k]);
    for (let k = 0; k < validRows.length; k++) pred[validRows[k]] += predictBinned(tree, data.bins, data.nRows, validRows[k]);
    validMse.push(mse(pred, y, validRows));
    if (validMse[round + 1] < validMse[best]) best = round + 1;
    else if (round + 1 - best >= p.earlyStoppingRounds) { round++; break; }
  }
  return { trees: trees.slice(0, best), validMse, roundsTrained: round };
}
