/**
 * The numerical core of `btc-engine calibrate` (docs/FEATURES.md "Calibration"):
 * the VPIN bucket size, the first principal component for the iOFI weights, and
 * the Stoikov (2018) micro-price solve. Pure functions, no I/O.
 */

/** VPIN V_b in lots: traded lots scaled to 24 h of exchange time, / buckets, rounded, at least 1 lot. */
export function vpinBucketLotsFromVolume(totalLots: number, spanMs: number, buckets = 50): number {
  const perDay = spanMs > 0 ? totalLots * (86_400_000 / spanMs) : totalLots;
  return Math.max(1, Math.round(perDay / buckets));
}

/** Covariance matrix (population, mean removed) of the rows of `x` (each of length d). */
export function covariance(x: readonly (readonly number[])[], d: number): number[][] {
  const mean = new Array<number>(d).fill(0);
  for (const r of x) for (let j = 0; j < d; j++) mean[j] += r[j] / x.length;
  const c = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (const r of x) {
    for (let i = 0; i < d; i++) {
      const a = r[i] - mean[i];
      for (let j = 0; j < d; j++) c[i][j] += (a * (r[j] - mean[j])) / x.length;
    }
  }
  return c;
}

/**
 * First principal component of a covariance matrix by power iteration, sign fixed
 * so that Σw > 0 and ℓ1-normalised. Undefined when the matrix is (numerically) zero.
 */
export function firstPrincipalComponent(cov: readonly (readonly number[])[], iterations = 1000): number[] | undefined {
  const d = cov.length;
  let v = Array.from({ length: d }, (_, i) => 1 + i * 1e-3);
  for (let it = 0; it < iterations; it++) {
    const w = new Array<number>(d).fill(0);
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) w[i] += cov[i][j] * v[j];
    const n = Math.hypot(...w);
    if (!(n > 0) || !Number.isFinite(n)) return undefined;
    const next = w.map((x) => x / n);
    const diff = Math.min(Math.hypot(...next.map((x, i) => x - v[i])), Math.hypot(...next.map((x, i) => x + v[i])));
    v = next;
    if (diff < 1e-13) break;
  }
  let sum = v.reduce((a, b) => a + b, 0);
  if (sum < 0) { v = v.map((x) => -x); sum = -sum; }
  const l1 = v.reduce((a, b) => a + Math.abs(b), 0);
  if (!(l1 > 0) || !(sum > 0)) return undefined;
  return v.map((x) => x / l1);
}

/** Mid moves of K, in ticks: −δ, −δ/2, δ/2, δ. */
export const STOIKOV_MOVES: readonly number[] = [-1, -0.5, 0.5, 1];

/** Transition counts over n states: Q counts (no move), moves per K and state → state given a move. */
export class TransitionCounts {
  readonly stay: Float64Array;
  readonly move: Float64Array;
  readonly moveTo: Float64Array;
  constructor(readonly n: number) {
    this.stay = new Float64Array(n * n);
    this.move = new Float64Array(n * STOIKOV_MOVES.length);
    this.moveTo = new Float64Array(n * n);
  }

  /** Adds one transition x → y with mid change dmTicks (must be 0 or in K). */
  add(x: number, y: number, dmTicks: number, weight = 1): void {
    if (dmTicks === 0) { this.stay[x * this.n + y] += weight; return; }
    const k = STOIKOV_MOVES.indexOf(dmTicks);
    if (k < 0) throw new RangeError(`mid move ${dmTicks} ticks is not in K`);
    this.move[x * STOIKOV_MOVES.length + k] += weight;
    this.moveTo[x * this.n + y] += weight;
  }

  total(x: number): number {
    let s = 0;
    for (let y = 0; y < this.n; y++) s += this.stay[x * this.n + y] + this.moveTo[x * this.n + y];
    return s;
  }
}

/** Solves A X = B (A n×n, B n×m) by Gaussian elimination with partial pivoting; undefined if singular. */
export function solve(a: number[][], b: number[][]): number[][] | undefined {
  const n = a.length;
  const A = a.map((r) => [...r]);
  const B = b.map((r) => [...r]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(A[r][c]) > Math.abs(A[p][c])) p = r;
    if (!(Math.abs(A[p][c]) > 1e-12)) return undefined;
    [A[c], A[p]] = [A[p], A[c]];
    [B[c], B[p]] = [B[p], B[c]];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = A[r][c] / A[c][c];
      if (f === 0) continue;
      for (let k = c; k < n; k++) A[r][k] -= f * A[c][k];
      for (let k = 0; k < B[r].length; k++) B[r][k] -= f * B[c][k];
    }
  }
  return B.map((row, i) => row.map((x) => x / A[i][i]));
}

/**
 * Stoikov's g* in ticks for every state: G1 = (I−Q)^{-1} R1 K, B = (I−Q)^{-1} R2,
 * g* = Σ_{k=0}^{terms−1} B^k G1. Probabilities are counts / all kept transitions
 * out of the state. Guards: a state never seen, or one from which no mid move is
 * ever reached through Q (which would make I−Q singular), gets g* = 0 and takes
 * no part in the solve.
 */
export function stoikovAdjustments(c: TransitionCounts, terms = 6): number[] {
  const n = c.n;
  const nk = STOIKOV_MOVES.length;
  const tot = Array.from({ length: n }, (_, x) => c.total(x));
  // States that reach a move with positive probability (backward closure through Q).
  const live = new Array<boolean>(n).fill(false);
  for (let x = 0; x < n; x++) {
    let m = 0;
    for (let k = 0; k < nk; k++) m += c.move[x * nk + k];
    live[x] = tot[x] > 0 && m > 0;
  }
  for (let changed = true; changed;) {
    changed = false;
    for (let x = 0; x < n; x++) {
      if (live[x] || !(tot[x] > 0)) continue;
      for (let y = 0; y < n; y++) {
        if (live[y] && c.stay[x * n + y] > 0) { live[x] = true; changed = true; break; }
      }
    }
  }
  const idx = [...Array(n).keys()].filter((x) => live[x]);
  const out = new Array<number>(n).fill(0);
  if (idx.length === 0) return out;
  const m = idx.length;
  const iq = idx.map((x, i) => idx.map((y, j) => (i === j ? 1 : 0) - c.stay[x * n + y] / tot[x]));
  const rhs = idx.map((x) => {
    let r1k = 0;
    for (let k = 0; k < nk; k++) r1k += (c.move[x * nk + k] / tot[x]) * STOIKOV_MOVES[k];
    // [R1·K | R2 restricted to live states] (moves into dead states carry g* = 0)
    return [r1k, ...idx.map((y) => c.moveTo[x * n + y] / tot[x])];
  });
  const sol = solve(iq, rhs);
  if (!sol) return out;
  const g1 = sol.map((r) => r[0]);
  const B = sol.map((r) => r.slice(1));
  let term = [...g1];
  const g = [...g1];
  for (let k = 1; k < terms; k++) {
    term = B.map((row) => row.reduce((s, b, j) => s + b * term[j], 0));
    for (let i = 0; i < m; i++) g[i] += term[i];
  }
  idx.forEach((x, i) => { out[x] = g[i]; });
  return out;
}

/**
 * n−1 inner quantile edges (linear interpolation, numpy's default) of a sample
 * symmetric about 1/2, made exactly symmetric (e_k = 1 − e_{n−2−k}) and strictly
 * increasing inside (0, 1): duplicates are dropped, so fewer buckets may result.
 */
export function symmetricQuantileEdges(sortedRho: readonly number[], nBuckets: number): number[] {
  const q = (p: number): number => {
    const h = (sortedRho.length - 1) * p;
    const lo = Math.floor(h);
    const hi = Math.min(lo + 1, sortedRho.length - 1);
    return sortedRho[lo] + (h - lo) * (sortedRho[hi] - sortedRho[lo]);
  };
  const raw = Array.from({ length: nBuckets - 1 }, (_, i) => q((i + 1) / nBuckets));
  const sym = raw.map((e, i) => (e + 1 - raw[raw.length - 1 - i]) / 2);
  const edges: number[] = [];
  for (const e of sym) {
    if (!(e > 0 && e < 1)) continue;
    if (edges.length > 0 && !(e > edges[edges.length - 1] + 1e-12)) continue;
    edges.push(e);
  }
  return edges;
}
