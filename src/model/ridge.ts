/**
 * Ridge regression, the linear baseline (and the linear part of an ensemble).
 * Features are standardised on the training rows (z = (x − μ) / σ over the
 * finite values); a NaN is imputed with the training mean μ, i.e. z = 0, so a
 * missing feature contributes nothing. With clipSd > 0 every input is first
 * clipped to μ ± clipSd·σ: order-book depths and flows are heavy-tailed, and a
 * linear model extrapolates every tail it was not fitted on (a book ten times
 * deeper on another venue gives a prediction ten times larger). Closed form on
 * the standardised features with an unpenalised intercept:
 *
 *   w = (ZᵀZ + α·n·I)⁻¹ Zᵀ(y − ȳ)          (Cholesky; α is relative to the row count n)
 *
 * α is picked from a grid by validation MSE. Features that are constant on the
 * training rows, or not allowed, get weight 0. The model is kept in raw units so
 * the ONNX graph is one Where(IsNaN) (+ Max, Min) + MatMul + Add:
 *
 *   ŷ = b + Σ_j W_j · clip(isNaN(x_j) ? μ_j : x_j, lo_j, hi_j),   W_j = w_j / σ_j,   b = ȳ − Σ_j W_j μ_j
 */

export interface RidgeModel {
  /** Value a NaN is replaced with: the training mean (featureStats; 0 for features never used). */
  fill: Float64Array;
  /** Raw-unit weight per feature. */
  weight: Float64Array;
  intercept: number;
  /** The α chosen (relative to the row count). */
  alpha: number;
  /**
   * Raw-unit bounds each input is clipped to after the NaN fill (μ ± clipSd·σ;
   * μ for a feature the model does not use, so an infinite value there cannot
   * turn its zero weight into NaN). Absent: no clipping (clipSd 0, or a model
   * trained before clipping existed).
   */
  clip?: { lo: Float64Array; hi: Float64Array };
}

/** Default clipSd: ±3σ keeps 99.7 % of a normal feature as it is and caps the heavy tails. */
export const DEFAULT_RIDGE_CLIP_SD = 3;

/** The default α grid: from almost plain least squares to a strong prior on zero. */
export const DEFAULT_RIDGE_ALPHAS: readonly number[] = [1e-4, 1e-3, 1e-2, 1e-1, 1, 10];

/** ŷ of the raw feature row x[off, off + f). */
export function predictRidge(m: RidgeModel, x: Float64Array, off: number): number {
  let s = m.intercept;
  const f = m.weight.length;
  const c = m.clip;
  for (let j = 0; j < f; j++) {
    let v = x[off + j];
    // The graph's order: fill NaN first (Math.max would pass a NaN through), then clip.
    if (Number.isNaN(v)) v = m.fill[j];
    else if (c !== undefined) v = Math.min(c.hi[j], Math.max(c.lo[j], v));
    s += m.weight[j] * v;
  }
  return s;
}

/** Solves (A + d·I) w = c for symmetric positive definite A (k × k, row-major), by Cholesky; null if not positive definite. */
function solveShifted(a: Float64Array, k: number, d: number, c: Float64Array): Float64Array | null {
  const l = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * k + j] + (i === j ? d : 0);
      for (let t = 0; t < j; t++) s -= l[i * k + t] * l[j * k + t];
      if (i === j) {
        if (!(s > 0)) return null;
        l[i * k + i] = Math.sqrt(s);
      } else {
        l[i * k + j] = s / l[j * k + j];
      }
    }
  }
  const z = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let s = c[i];
    for (let t = 0; t < i; t++) s -= l[i * k + t] * z[t];
    z[i] = s / l[i * k + i];
  }
  const w = new Float64Array(k);
  for (let i = k - 1; i >= 0; i--) {
    let s = z[i];
    for (let t = i + 1; t < k; t++) s -= l[t * k + i] * w[t];
    w[i] = s / l[i * k + i];
  }
  return w;
}

/** Training means and standard deviations of the features (finite values only); sd 0 marks a constant or unused feature. */
export interface FeatureStats {
  mean: Float64Array;
  sd: Float64Array;
}

/**
 * Means and standard deviations of the `allowed` features over `rows` of x
 * (n × f). Computed once on the whole training part, so every horizon's ridge
 * imputes NaN with the same value (one fill vector in the ONNX graph).
 */
export function featureStats(x: Float64Array, f: number, rows: Uint32Array, allowed: Int32Array): FeatureStats {
  const mean = new Float64Array(f);
  const sd = new Float64Array(f);
  for (const j of allowed) {
    let m = 0; let s = 0; let c = 0;
    for (let k = 0; k < rows.length; k++) {
      const v = x[rows[k] * f + j];
      if (Number.isNaN(v)) continue;
      c++;
      const d = v - m;
      m += d / c;
      s += d * (v - m);
    }
    mean[j] = c > 0 ? m : 0;
    sd[j] = c > 1 ? Math.sqrt(s / c) : 0;
  }
  return { mean, sd };
}

/** The clip bounds μ ± clipSd·σ of every feature (μ alone where σ is 0), or undefined for clipSd 0. */
export function clipBounds(stats: FeatureStats, clipSd: number): RidgeModel['clip'] {
  if (!(clipSd >= 0)) throw new RangeError(`the ridge clip must be a number of standard deviations >= 0 (0: off), was ${clipSd}`);
  if (clipSd === 0) return undefined;
  const { mean: mu, sd } = stats;
  return { lo: mu.map((m, j) => m - clipSd * sd[j]), hi: mu.map((m, j) => m + clipSd * sd[j]) };
}

/**
 * Fits ridge on trainRows of x (n × f row-major) against y (indexed by row) for
 * each α of `alphas`, standardising with `stats` after clipping to ±clipSd σ
 * (0: no clip), and returns the one with the lowest MSE on validRows.
 */
export function fitRidge(x: Float64Array, f: number, y: Float64Array, trainRows: Uint32Array, validRows: Uint32Array,
                         stats: FeatureStats, alphas: readonly number[], clipSd = 0): RidgeModel {
  if (alphas.length === 0 || alphas.some((a) => !(a >= 0))) throw new RangeError(`ridge alphas must be one or more numbers >= 0, were [${alphas.join(', ')}]`);
  const clip = clipBounds(stats, clipSd);
  const n = trainRows.length;
  const { mean: mu, sd } = stats;
  const cols: number[] = [];
  for (let j = 0; j < f; j++) if (sd[j] > 0) cols.push(j);
  let ybar = 0;
  for (let k = 0; k < n; k++) ybar += y[trainRows[k]];
  ybar /= Math.max(1, n);
  // Gram matrix and right-hand side of the standardised features.
  const q = cols.length;
  const a = new Float64Array(q * q);
  const c = new Float64Array(q);
  const z = new Float64Array(q);
  for (let k = 0; k < n; k++) {
    const r = trainRows[k] * f;
    for (let i = 0; i < q; i++) {
      const j = cols[i];
      const v = x[r + j];
      z[i] = Number.isNaN(v) ? 0 : ((clip === undefined ? v : Math.min(clip.hi[j], Math.max(clip.lo[j], v))) - mu[j]) / sd[j];
    }
    const dy = y[trainRows[k]] - ybar;
    for (let i = 0; i < q; i++) {
      const zi = z[i];
      if (zi === 0) continue;
      c[i] += zi * dy;
      for (let j = 0; j <= i; j++) a[i * q + j] += zi * z[j];
    }
  }
  for (let i = 0; i < q; i++) for (let j = 0; j < i; j++) a[j * q + i] = a[i * q + j];

  let best: RidgeModel | null = null;
  let bestMse = Infinity;
  for (const alpha of alphas) {
    const w = solveShifted(a, q, alpha * n, c) ?? new Float64Array(q); // singular with α = 0: fall back to no features
    const model: RidgeModel = { fill: Float64Array.from(mu), weight: new Float64Array(f), intercept: ybar, alpha, clip };
    for (let i = 0; i < q; i++) {
      const j = cols[i];
      model.weight[j] = w[i] / sd[j];
      model.intercept -= model.weight[j] * mu[j];
    }
    let s = 0;
    for (let k = 0; k < validRows.length; k++) { const d = predictRidge(model, x, validRows[k] * f) - y[validRows[k]]; s += d * d; }
    const m = s / Math.max(1, validRows.length);
    if (best === null || m < bestMse) { best = model; bestMse = m; }
  }
  return best as RidgeModel;
}
