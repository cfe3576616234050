/**
 * Trains the ensemble of src/model/ensemble.ts on a labelled data set, one
 * horizon at a time: time-ordered train / validation / test parts with purge
 * gaps (split.ts), features binned once on the training part, then per horizon
 * the labels winsorised at quantiles of their training part, a ridge model (α by
 * validation), boosted trees (early stopping on validation),
 * the blend weight (validation), and out-of-sample metrics on the test part for
 * the model, the ridge baseline and the best single feature (chosen on the
 * training part, scored on test with the sign it had there).
 *
 * Deterministic given the seed: horizon k draws from prng(seed mixed with k), and
 * nothing else is random.
 */
import type { BackendChoice } from '../book/backends.js';
import { prng } from '../feed/demo-stream.js';
import { binMatrix, fitBins } from './binning.js';
import type { Dataset } from './dataset.js';
import { predictHorizon, treePart, treeStats, type Combine, type Ensemble, type HorizonModel } from './ensemble.js';
import { trainGbdt, type GbdtParams } from './gbdt.js';
import { createHistogramKernel } from './histogram-backends.js';
import type { HistogramKernel } from './histogram-kernel.js';
import { scorePredictions, spearman, type Metrics } from './metrics.js';
import { featureStats, fitRidge, predictRidge } from './ridge.js';
import { horizonParts, type HorizonParts } from './split.js';

export interface TrainOptions {
  horizonsMs: number[];
  seed: number;
  combine: Combine;
  /** Columns the model may not use (they stay in its input, with no split and weight 0). */
  exclude: string[];
  trees: GbdtParams & { maxBins: number };
  ridgeAlphas: readonly number[];
  /** The ridge's inputs are clipped to the training mean ± this many standard deviations (0: no clip). */
  ridgeClipSd: number;
  /**
   * Training labels are winsorised at this quantile of the training part and at
   * 1 − it (0: raw labels). The fit, α, early stopping and the blend see the
   * winsorised labels; every reported metric scores the raw ones.
   */
  labelClipQuantile: number;
  validFraction: number;
  testFraction: number;
  /** Purge gap between parts, ms, for every horizon; default: each horizon's own length (a smaller gap is refused). */
  purgeMs?: number;
  /**
   * Histogram kernel backend (config `kernels`; default auto: native if built, else
   * WASM). Every backend gives the same trees bit for bit, so this is no
   * hyper-parameter and the manifest does not record it.
   */
  kernels?: BackendChoice;
}

export interface HorizonReport {
  /** This horizon's parts: its labelled rows split in time order with purge gaps of purgeMs. */
  parts: HorizonParts;
  purgeMs: number;
  /** The bounds the training labels were winsorised to, bps (null: not clipped). */
  labelClip: { lo: number; hi: number } | null;
  roundsTrained: number;
  validMse: number[];
  bestFeature: { index: number; sign: 1 | -1; trainIc: number };
  test: { model: Metrics; ridge: Metrics; bestFeature: Metrics } | null;
}

export interface TrainResult {
  ensemble: Ensemble;
  reports: HorizonReport[];
  /** Indices of the columns the model may use. */
  used: number[];
}

/** Blend weights tried on the validation part. */
const BLEND_GRID = Array.from({ length: 11 }, (_, i) => i / 10);

/** A 32-bit seed for horizon k (golden-ratio step, so neighbouring horizons get unrelated streams). */
function horizonSeed(seed: number, k: number): number {
  return (seed + Math.imul(k + 1, 0x9e3779b9)) >>> 0;
}

/** Rows the best single feature is chosen on, at most (evenly spaced in time): a choice, not a metric, needs no more. */
const BEST_FEATURE_ROWS = 20_000;

/**
 * Clamps y (every row) to the q and 1 − q quantiles of its values on `rows`
 * (nearest rank): one 30 bps print in a 1 s label otherwise outweighs thousands
 * of ordinary rows in an L2 fit. Returns the bounds, or null for q = 0.
 */
export function winsorise(y: Float64Array, rows: Uint32Array, q: number): { lo: number; hi: number } | null {
  if (!(q >= 0 && q < 0.5)) throw new RangeError(`the label clip quantile must be in [0, 0.5), was ${q}`);
  if (q === 0 || rows.length === 0) return null;
  const v = Float64Array.from(rows, (r) => y[r]).sort();
  const lo = v[Math.floor(q * (v.length - 1))];
  const hi = v[Math.ceil((1 - q) * (v.length - 1))];
  for (let i = 0; i < y.length; i++) if (!Number.isNaN(y[i])) y[i] = Math.min(hi, Math.max(lo, y[i]));
  return { lo, hi };
}

/** The single allowed feature with the largest |Spearman IC| against y on `rows` (rows where it is NaN left out). */
function bestSingleFeature(ds: Dataset, y: Float64Array, allRows: Uint32Array, used: number[]): HorizonReport['bestFeature'] {
  const f = ds.featureNames.length;
  const step = Math.max(1, allRows.length / BEST_FEATURE_ROWS);
  const rows = allRows.length <= BEST_FEATURE_ROWS ? allRows : Uint32Array.from({ length: BEST_FEATURE_ROWS }, (_, i) => allRows[Math.floor(i * step)]);
  const a = new Float64Array(rows.length);
  const b = new Float64Array(rows.length);
  let best = { index: used[0] ?? 0, sign: 1 as 1 | -1, trainIc: 0 };
  for (const j of used) {
    let m = 0;
    for (const r of rows) { const v = ds.x[r * f + j]; if (!Number.isNaN(v)) { a[m] = v; b[m] = y[r]; m++; } }
    const ic = m > 2 ? spearman(a, b, m) : NaN;
    if (Math.abs(ic) > Math.abs(best.trainIc)) best = { index: j, sign: ic < 0 ? -1 : 1, trainIc: ic };
  }
  return best;
}

/** Trains every horizon of the data set; `onProgress` gets a stage text. */
export function trainEnsemble(ds: Dataset, o: TrainOptions, onProgress: (stage: string) => void = () => {}): TrainResult {
  // One histogram kernel for the run: bound to the binned matrix once (WASM copies it in then).
  const hist = createHistogramKernel(o.kernels ?? 'auto');
  try {
    return trainWith(hist, ds, o, onProgress);
  } finally {
    hist.close();
  }
}

/** trainEnsemble with the run's histogram kernel (bound here, closed by the caller). */
function trainWith(hist: HistogramKernel, ds: Dataset, o: TrainOptions, onProgress: (stage: string) => void): TrainResult {
  const f = ds.featureNames.length;
  const hs = o.horizonsMs.length;
  const unknown = o.exclude.filter((n) => !ds.featureNames.includes(n));
  if (unknown.length > 0) throw new RangeError(`excluded features not in the data set: ${unknown.join(', ')}`);
  const cols = o.horizonsMs.map((h) => ds.horizonsMs.indexOf(h));
  if (cols.some((c) => c < 0)) throw new RangeError(`the data set has no labels for some of ${o.horizonsMs.join(', ')} ms`);
  const used = ds.featureNames.map((_, j) => j).filter((j) => !o.exclude.includes(ds.featureNames[j]));
  const allowed = Int32Array.from(used);
  const longest = Math.max(...o.horizonsMs);
  if (o.purgeMs !== undefined && o.purgeMs < longest) throw new RangeError(`the purge gap must be at least the longest horizon (${longest} ms), was ${o.purgeMs} ms`);
  const dsH = ds.horizonsMs.length;
  const partsOf = (k: number): HorizonParts => {
    try {
      return horizonParts(ds.tsMs, ds.y, dsH, cols[k], ds.n, { validFraction: o.validFraction, testFraction: o.testFraction, purgeMs: o.purgeMs ?? o.horizonsMs[k] });
    } catch (err) {
      throw new RangeError(`horizon ${o.horizonsMs[k]} ms: ${(err as Error).message}`);
    }
  };
  const parts = o.horizonsMs.map((_, k) => partsOf(k));
  // Bins and feature statistics come from the training part that ends first, so no
  // horizon's validation or test rows inform them.
  const common = parts.reduce((a, p) => (ds.tsMs[p.train[p.train.length - 1]] < ds.tsMs[a.train[a.train.length - 1]] ? p : a)).train;

  onProgress('binning');
  const featureBins = fitBins(ds.x, f, common, o.trees.maxBins);
  const bins = binMatrix(ds.x, ds.n, f, featureBins);
  const stats = featureStats(ds.x, f, common, allowed);
  hist.bind(bins, ds.n, f);

  const horizons: HorizonModel[] = [];
  const reports: HorizonReport[] = [];
  for (let k = 0; k < hs; k++) {
    const tag = `horizon ${o.horizonsMs[k]} ms`;
    const yRaw = new Float64Array(ds.n);
    for (let i = 0; i < ds.n; i++) yRaw[i] = ds.y[i * dsH + cols[k]];
    const purgeMs = o.purgeMs ?? o.horizonsMs[k];
    const { train: trainRows, valid: validRows, test: testRows } = parts[k];
    if (trainRows.length === 0 || validRows.length === 0) throw new RangeError(`${tag}: no labelled rows in the ${trainRows.length === 0 ? 'training' : 'validation'} part`);
    const y = yRaw.slice();
    const labelClip = winsorise(y, trainRows, o.labelClipQuantile);

    onProgress(`${tag}: ridge`);
    const ridge = fitRidge(ds.x, f, y, trainRows, validRows, stats, o.ridgeAlphas, o.ridgeClipSd);
    let mean = 0;
    for (const r of trainRows) mean += y[r];
    mean /= trainRows.length;
    const h: HorizonModel = { horizonMs: o.horizonsMs[k], trees: [], treeBase: o.combine === 'sum' ? 0 : mean, ridge, treeWeight: o.combine === 'ridge' ? 0 : 1 };
    let roundsTrained = 0;
    let validMse: number[] = [];
    if (o.combine !== 'ridge') {
      onProgress(`${tag}: trees`);
      const pred = new Float64Array(ds.n);
      for (const rows of [trainRows, validRows]) {
        for (const r of rows) pred[r] = o.combine === 'sum' ? predictRidge(ridge, ds.x, r * f) : mean;
      }
      const g = trainGbdt({ bins, nRows: ds.n, featureBins, hist }, y, pred, trainRows, validRows, allowed, o.trees, prng(horizonSeed(o.seed, k)));
      h.trees = g.trees;
      roundsTrained = g.roundsTrained;
      validMse = g.validMse;
    }
    if (o.combine === 'blend') h.treeWeight = pickBlend(h, ds.x, f, y, validRows);
    horizons.push(h);

    // The baseline is chosen on the raw labels: it owes nothing to the model's training choices.
    const bestFeature = bestSingleFeature(ds, yRaw, trainRows, used);
    let test: HorizonReport['test'] = null;
    if (testRows.length > 0) {
      const label = new Float64Array(testRows.length);
      const pm = new Float64Array(testRows.length);
      const pr = new Float64Array(testRows.length);
      const pf = new Float64Array(testRows.length);
      testRows.forEach((r, i) => {
        label[i] = yRaw[r];
        pm[i] = predictHorizon(o.combine, h, ds.x, r * f);
        pr[i] = predictRidge(ridge, ds.x, r * f);
        pf[i] = bestFeature.sign * ds.x[r * f + bestFeature.index];
      });
      test = { model: scorePredictions(pm, label), ridge: scorePredictions(pr, label), bestFeature: scorePredictions(pf, label) };
    }
    reports.push({ parts: parts[k], purgeMs, labelClip, roundsTrained, validMse, bestFeature, test });
    onProgress(`${tag}: ${treeStats(h).trees} trees`);
  }
  return { ensemble: { featureNames: [...ds.featureNames], combine: o.combine, horizons }, reports, used };
}

/** The blend weight on the trees with the lowest validation MSE (the first of equals). */
function pickBlend(h: HorizonModel, x: Float64Array, f: number, y: Float64Array, validRows: Uint32Array): number {
  const t = Float64Array.from(validRows, (r) => treePart(h, x, r * f));
  const l = Float64Array.from(validRows, (r) => predictRidge(h.ridge, x, r * f));
  let best = 1;
  let bestMse = Infinity;
  for (const a of BLEND_GRID) {
    let s = 0;
    validRows.forEach((r, i) => { const d = a * t[i] + (1 - a) * l[i] - y[r]; s += d * d; });
    if (s < bestMse) { bestMse = s; best = a; }
  }
  return best;
}
