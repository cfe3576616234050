/**
 * One regression tree of the booster, grown leaf-wise (best gain first) on
 * binned features with the histogram kernel (src/model/histogram.ts, or its WASM /
 * native twin: histogram-backends.ts; the trees do not depend on which) and the
 * sibling-subtraction trick (build the smaller child, subtract for the larger).
 *
 * L2 loss: gradient g = prediction − label, hessian 1 per row. With G, N the
 * gradient sum and row count of a node and λ the L2 penalty on leaf values:
 *   leaf value = −η · G / (N + λ)                       (η: shrinkage)
 *   gain       = G_L²/(N_L+λ) + G_R²/(N_R+λ) − G²/(N+λ)
 *
 * Missing values (NaN): each split learns a default direction. Both "NaN goes
 * left" and "NaN goes right" are scored and the better one kept; when no row of
 * the node had NaN for that feature, NaN goes to the child with more rows. A split
 * at the last value bin with NaN to the right separates "defined" from "missing".
 * Ties are broken by the first candidate found (lower feature slot, lower bin,
 * NaN right before NaN left), so growth is deterministic.
 *
 * Nodes are numbered in creation order, root 0: the numbering ONNX needs.
 */
import { MISSING_BIN, thresholdOf, type FeatureBins } from './binning.js';
import { HIST_STRIDE } from './histogram.js';
import type { HistogramKernel } from './histogram-kernel.js';

export interface TreeParams {
  maxDepth: number;
  maxLeaves: number;
  minSamplesLeaf: number;
  /** λ: L2 penalty on leaf values (in rows: λ = 10 shrinks a 10-row leaf by half). */
  lambdaL2: number;
  /** A split must gain more than this. */
  minGain: number;
}

/** A grown tree in flat arrays; `feature[i] < 0` marks a leaf. */
export interface Tree {
  feature: Int32Array;
  /** Split bin: left when bin <= b (rows of the binned matrix). */
  bin: Int32Array;
  /** Raw threshold: left when x <= threshold (thresholdOf: the bin's upper edge). */
  threshold: Float64Array;
  /** 1 when NaN goes left. */
  missingLeft: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  /** Leaf values, shrinkage applied (0 on split nodes). */
  value: Float64Array;
}

/** Binned training data and scratch buffers shared by every tree of a run. */
export interface GrowContext {
  bins: Uint8Array;
  nRows: number;
  featureBins: FeatureBins;
  grad: Float64Array;
  /** Scratch of nRows entries each. */
  rowBuf: Uint32Array;
  tmpBuf: Uint32Array;
  /** The histogram kernel (histogram-backends.ts), bound to `bins`. */
  hist: HistogramKernel;
}

interface Split { slot: number; bin: number; missingLeft: boolean; gain: number }
interface Leaf { node: number; from: number; to: number; depth: number; g: number; n: number; hist: Float64Array; split: Split | null }

/** The best split of a node from its histograms, or null when none passes the limits. */
function bestSplit(hist: Float64Array, feats: Int32Array, fb: FeatureBins, g: number, n: number, p: TreeParams): Split | null {
  const lam = p.lambdaL2;
  const parent = (g * g) / (n + lam);
  let best: Split | null = null;
  const consider = (slot: number, bin: number, gl: number, nl: number, missingLeft: boolean): void => {
    const nr = n - nl;
    if (nl < p.minSamplesLeaf || nr < p.minSamplesLeaf) return;
    const gr = g - gl;
    const gain = (gl * gl) / (nl + lam) + (gr * gr) / (nr + lam) - parent;
    if (gain > p.minGain && (best === null || gain > best.gain)) best = { slot, bin, missingLeft, gain };
  };
  for (let s = 0; s < feats.length; s++) {
    const base = s * HIST_STRIDE;
    const valueBins = fb.edges[feats[s]].length + 1;
    const gm = hist[base + MISSING_BIN * 2];
    const nm = hist[base + MISSING_BIN * 2 + 1];
    const last = nm > 0 ? valueBins - 1 : valueBins - 2;
    let gl = 0;
    let nl = 0;
    for (let b = 0; b <= last; b++) {
      gl += hist[base + b * 2];
      nl += hist[base + b * 2 + 1];
      if (nm > 0) {
        consider(s, b, gl, nl, false);
        consider(s, b, gl + gm, nl + nm, true);
      } else {
        consider(s, b, gl, nl, nl >= n - nl);
      }
    }
  }
  return best;
}

/** Stable in-place partition of rowBuf[from, to): left rows first; returns where the right part starts. */
function partition(ctx: GrowContext, from: number, to: number, feature: number, bin: number, missingLeft: boolean): number {
  const { bins, rowBuf, tmpBuf } = ctx;
  const col = feature * ctx.nRows;
  let l = from;
  let r = 0;
  for (let k = from; k < to; k++) {
    const row = rowBuf[k];
    const code = bins[col + row];
    const goLeft = code === MISSING_BIN ? missingLeft : code <= bin;
    if (goLeft) rowBuf[l++] = row;
    else tmpBuf[r++] = row;
  }
  rowBuf.set(tmpBuf.subarray(0, r), l);
  return l;
}

/**
 * Grows one tree on `rows` (ascending row indices, e.g. the round's row sample)
 * using features `feats`, with gradients ctx.grad. `shrinkage` is η.
 */
export function growTree(ctx: GrowContext, rows: Uint32Array, feats: Int32Array, p: TreeParams, shrinkage: number): Tree {
  const pool: Float64Array[] = [];
  const histSize = feats.length * HIST_STRIDE;
  const takeHist = (): Float64Array => pool.pop() ?? new Float64Array(histSize);
  const build = (from: number, to: number, out: Float64Array): void => {
    ctx.hist.buildBatch(ctx.rowBuf.subarray(from, to), to - from, ctx.grad, feats, feats.length, out);
  };
  const feature: number[] = [];
  const bin: number[] = [];
  const threshold: number[] = [];
  const missingLeft: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const value: number[] = [];
  const newNode = (): number => {
    feature.push(-1); bin.push(0); threshold.push(0); missingLeft.push(0); left.push(-1); right.push(-1); value.push(0);
    return feature.length - 1;
  };
  const canSplit = (depth: number, n: number): boolean => depth < p.maxDepth && n >= 2 * p.minSamplesLeaf;
  const leafOf = (node: number, from: number, to: number, depth: number, hist: Float64Array): Leaf => {
    // The node's gradient sum from the first feature's histogram: every row is in one of its bins.
    let g = 0;
    for (let b = 0; b < HIST_STRIDE; b += 2) g += hist[b];
    const n = to - from;
    return { node, from, to, depth, g, n, hist, split: canSplit(depth, n) ? bestSplit(hist, feats, ctx.featureBins, g, n, p) : null };
  };

  ctx.rowBuf.set(rows);
  const rootHist = takeHist();
  build(0, rows.length, rootHist);
  const open: Leaf[] = [leafOf(newNode(), 0, rows.length, 0, rootHist)];
  let leaves = 1;
  while (leaves < p.maxLeaves) {
    let pick = -1;
    for (let i = 0; i < open.length; i++) {
      const s = open[i].split;
      if (s !== null && (pick < 0 || s.gain > (open[pick].split as Split).gain)) pick = i;
    }
    if (pick < 0) break;
    const lf = open[pick];
    const s = lf.split as Split;
    const f = feats[s.slot];
    const mid = partition(ctx, lf.from, lf.to, f, s.bin, s.missingLeft);
    const l = newNode();
    const r = newNode();
    feature[lf.node] = f; bin[lf.node] = s.bin; threshold[lf.node] = thresholdOf(ctx.featureBins, f, s.bin);
    missingLeft[lf.node] = s.missingLeft ? 1 : 0; left[lf.node] = l; right[lf.node] = r;
    // Build the smaller child's histogram from its rows; the larger one is parent − smaller.
    const small = takeHist();
    const large = takeHist();
    const leftSmaller = mid - lf.from <= lf.to - mid;
    if (leftSmaller) build(lf.from, mid, small);
    else build(mid, lf.to, small);
    ctx.hist.subtractBatch(lf.hist, small, feats.length, large);
    pool.push(lf.hist);
    const lh = leftSmaller ? small : large;
    const rh = leftSmaller ? large : small;
    open.splice(pick, 1, leafOf(l, lf.from, mid, lf.depth + 1, lh), leafOf(r, mid, lf.to, lf.depth + 1, rh));
    leaves++;
  }
  for (const lf of open) value[lf.node] = (-shrinkage * lf.g) / (lf.n + p.lambdaL2);
  return {
    feature: Int32Array.from(feature), bin: Int32Array.from(bin), threshold: Float64Array.from(threshold),
    missingLeft: Uint8Array.from(missingLeft), left: Int32Array.from(left), right: Int32Array.from(right), value: Float64Array.from(value),
  };
}

/** The leaf value of row `row` of a column-major binned matrix. */
export function predictBinned(t: Tree, bins: Uint8Array, nRows: number, row: number): number {
  let i = 0;
  while (t.feature[i] >= 0) {
    const code = bins[t.feature[i] * nRows + row];
    const goLeft = code === MISSING_BIN ? t.missingLeft[i] === 1 : code <= t.bin[i];
    i = goLeft ? t.left[i] : t.right[i];
  }
  return t.value[i];
}

/** The leaf value of a raw feature row x[off, off + f): NaN follows the default direction, else x <= threshold goes left. */
export function predictRaw(t: Tree, x: Float64Array, off: number): number {
  let i = 0;
  while (t.feature[i] >= 0) {
    const v = x[off + t.feature[i]];
    const goLeft = Number.isNaN(v) ? t.missingLeft[i] === 1 : v <= t.threshold[i];
    i = goLeft ? t.left[i] : t.right[i];
  }
  return t.value[i];
}
