/**
 * Maximum-likelihood fit of a Hawkes process with a sum-of-exponentials kernel,
 * λ(t) = μ + Σₖ nₖ·βₖ·Σᵢ e^(−βₖ(t − tᵢ)), to arrival times pooled over independent
 * recordings (their log-likelihoods add). Nelder–Mead from a few fixed starts on
 * (ln μ, logit of the total branching, its shares, ln βₖ); deterministic.
 */

export interface HawkesKernel { branching: number; decayPerS: number }

export interface HawkesFit {
  baseRatePerS: number;
  kernels: HawkesKernel[];
  logLik: number;
  arrivals: number;
}

/** Log-likelihood of one sequence (times ascending, seconds) observed over [t0, t0 + spanS]. */
export function hawkesLogLik(timesS: readonly number[], spanS: number, mu: number, kernels: readonly HawkesKernel[]): number {
  if (timesS.length === 0) return -mu * spanS;
  const end = timesS[0] + spanS;
  const a = new Float64Array(kernels.length);
  let ll = 0;
  let comp = mu * spanS;
  for (let i = 0; i < timesS.length; i++) {
    let lam = mu;
    for (let k = 0; k < kernels.length; k++) {
      const { branching: n, decayPerS: b } = kernels[k];
      if (i > 0) a[k] = Math.exp(-b * (timesS[i] - timesS[i - 1])) * (1 + a[k]);
      lam += n * b * a[k];
      comp += n * (1 - Math.exp(-b * (end - timesS[i])));
    }
    ll += Math.log(lam);
  }
  return ll - comp;
}

const MAX_BRANCHING = 0.95;
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** Fits μ and `terms` kernel terms (1 or 2); `spansS[i]` is how long sequence i was observed. */
export function fitHawkes(sequences: readonly (readonly number[])[], spansS: readonly number[], terms: 1 | 2 = 2): HawkesFit {
  const arrivals = sequences.reduce((s, q) => s + q.length, 0);
  const totalS = spansS.reduce((s, x) => s + x, 0);
  const unpack = (x: number[]): { mu: number; kernels: HawkesKernel[] } => {
    const total = MAX_BRANCHING * sigmoid(x[1]);
    const share = terms === 2 ? sigmoid(x[2]) : 1;
    const kernels = [{ branching: total * share, decayPerS: Math.exp(x[terms === 2 ? 3 : 2]) }];
    if (terms === 2) kernels.push({ branching: total * (1 - share), decayPerS: Math.exp(x[4]) });
    return { mu: Math.exp(x[0]), kernels };
  };
  const nll = (x: number[]): number => {
    const { mu, kernels } = unpack(x);
    let ll = 0;
    sequences.forEach((q, i) => { ll += hawkesLogLik(q, Math.max(spansS[i], 1e-3), mu, kernels); });
    return Number.isFinite(ll) ? -ll : 1e300;
  };
  const lr = Math.log(Math.max(arrivals, 1) / Math.max(totalS, 1e-3));
  const starts = terms === 2
    ? [[lr - 0.7, 0, 0, Math.log(20), Math.log(0.1)], [lr, 1, 1, Math.log(50), Math.log(1)], [lr - 0.3, 0.5, -1, Math.log(10), Math.log(0.02)]]
    : [[lr - 0.7, 0, Math.log(1)], [lr - 1.6, 1, Math.log(10)], [lr - 0.2, -1, Math.log(0.1)]];
  let best = { x: starts[0], f: Infinity };
  for (const s of starts) {
    const r = nelderMead(nll, s, 3000);
    if (r.f < best.f) best = r;
  }
  const { mu, kernels } = unpack(best.x);
  kernels.sort((p, q) => q.decayPerS - p.decayPerS); // fast term first
  return { baseRatePerS: mu, kernels, logLik: -best.f, arrivals };
}

/** Minimises f from x0 (deterministic Nelder–Mead, unit initial steps). */
export function nelderMead(f: (x: number[]) => number, x0: number[], iterations = 600): { x: number[]; f: number } {
  const d = x0.length;
  let pts = [x0, ...x0.map((_, i) => x0.map((v, j) => (i === j ? v + 1 : v)))].map((x) => ({ x, f: f(x) }));
  for (let it = 0; it < iterations; it++) {
    pts.sort((p, q) => p.f - q.f);
    if (Math.abs(pts[d].f - pts[0].f) < 1e-10 * (1 + Math.abs(pts[0].f))) break;
    const c = x0.map((_, j) => pts.slice(0, d).reduce((s, p) => s + p.x[j], 0) / d);
    const at = (t: number): number[] => c.map((v, j) => v + t * (pts[d].x[j] - v));
    const r = { x: at(-1), f: 0 }; r.f = f(r.x);
    if (r.f < pts[0].f) {
      const e = { x: at(-2), f: 0 }; e.f = f(e.x);
      pts[d] = e.f < r.f ? e : r;
    } else if (r.f < pts[d - 1].f) {
      pts[d] = r;
    } else {
      const k = { x: at(r.f < pts[d].f ? -0.5 : 0.5), f: 0 }; k.f = f(k.x);
      if (k.f < Math.min(r.f, pts[d].f)) pts[d] = k;
      else pts = pts.map((p, i) => (i === 0 ? p : { x: p.x.map((v, j) => pts[0].x[j] + 0.5 * (v - pts[0].x[j])), f: 0 })).map((p, i) => (i === 0 ? p : { x: p.x, f: f(p.x) }));
    }
  }
  pts.sort((p, q) => p.f - q.f);
  return { x: pts[0].x, f: pts[0].f };
}
