/** Size draws of the synthetic market: integer lots, always >= 1. */
import type { Rng } from './rng.js';
import type { LnDist, SyntheticParams } from './params.js';

/** A log-normal size rounded to whole lots, at least 1 and at most maxLots. */
export function lnLots(rng: Rng, d: LnDist, maxLots = Number.MAX_SAFE_INTEGER): number {
  const x = Math.round(Math.exp(d.lnMean + d.lnSd * rng.normal()));
  return Math.min(maxLots, Math.max(1, x));
}

/**
 * A market order's size: with tailProb a Pareto draw above tailFromLots (index
 * tailAlpha), else a log-normal body drawn below it (by rejection, a few tries).
 */
export function orderLots(rng: Rng, s: SyntheticParams['market']['sizeLots']): number {
  let x: number;
  if (rng.uniform() < s.tailProb) {
    x = s.tailFromLots * Math.pow(rng.uniform(), -1 / s.tailAlpha);
  } else {
    x = s.tailFromLots - 1;
    for (let tries = 0; tries < 16; tries++) {
      const y = Math.exp(s.lnMean + s.lnSd * rng.normal());
      if (y < s.tailFromLots) { x = y; break; }
    }
  }
  return Math.min(s.maxLots, Math.max(1, Math.round(x)));
}

/** Poisson(mean): Knuth's product method, a rounded normal above mean 30. */
export function poisson(rng: Rng, mean: number): number {
  if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * rng.normal()));
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = rng.uniform(); p > limit; p *= rng.uniform()) k++;
  return k;
}

/** Prints of a fill of `fillLots` (SyntheticParams market.prints): 1 + Poisson(scale · fill^exponent), at most fillLots. */
export function printCount(rng: Rng, fillLots: number, p: SyntheticParams['market']['prints']): number {
  return Math.min(fillLots, 1 + poisson(rng, p.scale * Math.pow(fillLots, p.exponent)));
}

/**
 * Cuts a fill into k prints in proportion to log-normal weights: writes the
 * sizes, each >= 1 lot and summing to the fill, into out[0..k).
 */
export function cutFill(rng: Rng, fillLots: number, k: number, weightLnSd: number, out: number[]): void {
  let sum = 0, big = 0;
  for (let i = 0; i < k; i++) {
    out[i] = Math.exp(weightLnSd * rng.normal());
    sum += out[i];
    if (out[i] > out[big]) big = i;
  }
  let left = fillLots - k;
  for (let i = 0; i < k; i++) {
    const extra = Math.floor(((fillLots - k) * out[i]) / sum);
    out[i] = 1 + extra;
    left -= extra;
  }
  out[big] += left;
}

/**
 * Hawkes arrivals with a sum-of-exponentials kernel Σ nₖ·βₖ·e^(−βₖ·t): intensity =
 * base + Σ excessₖ, each excess decaying at βₖ between arrivals and jumping by
 * nₖ·βₖ at each. The next arrival is the first of independent draws for the base
 * and for each decaying term, each exact (Dassios & Zhao 2013).
 */
export class HawkesClock {
  /** Intensity above the base rate per kernel term, per second. */
  readonly excessPerS: Float64Array;
  private readonly n: Float64Array;
  private readonly beta: Float64Array;

  constructor(readonly baseRatePerS: number, kernels: ReadonlyArray<{ branching: number; decayPerS: number }>) {
    this.excessPerS = new Float64Array(kernels.length);
    this.n = Float64Array.from(kernels, (k) => k.branching);
    this.beta = Float64Array.from(kernels, (k) => k.decayPerS);
  }

  /** Seconds to the next arrival from now (the state is not changed). */
  sample(rng: Rng): number {
    let s = rng.exp1() / this.baseRatePerS;
    for (let k = 0; k < this.beta.length; k++) {
      const e = this.excessPerS[k];
      if (e <= 0) continue;
      const d = 1 + (this.beta[k] * Math.log(rng.uniform())) / e;
      if (d > 0) s = Math.min(s, -Math.log(d) / this.beta[k]);
    }
    return s;
  }

  /** Lets `dtS` seconds pass without an arrival. */
  decay(dtS: number): void {
    for (let k = 0; k < this.beta.length; k++) this.excessPerS[k] *= Math.exp(-this.beta[k] * dtS);
  }

  /** An arrival now. */
  jump(): void {
    for (let k = 0; k < this.beta.length; k++) this.excessPerS[k] += this.n[k] * this.beta[k];
  }
}
