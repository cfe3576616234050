/**
 * Deterministic test signals of HHT.md §5, bit-exact across TS, Python and C++:
 * only integer LCG steps, IEEE additions and multiplications in a fixed order,
 * and floor. Used by the HHT tests, benches and reference vectors.
 */

/** The LCG: uint32 state, s ← 1664525·s + 1013904223 mod 2^32, u = (s + 0.5)/2^32 ∈ (0, 1). */
export class Lcg {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Advances the state and returns (s + 0.5)/2^32. */
  uniform(): number {
    this.state = (Math.imul(1664525, this.state) + 1013904223) >>> 0;
    return (this.state + 0.5) / 4294967296;
  }

  /** Irwin–Hall approximate standard normal: (u1 + … + u12) − 6, summed in order from 0. */
  gauss(): number {
    let sum = 0;
    for (let i = 0; i < 12; i++) sum += this.uniform();
    return sum - 6;
  }
}

/** Seed of the reference random walk. */
export const RANDOM_WALK_SEED = 20240601;

/** Price-like random walk: x[0] = 100, x[i] = x[i−1] + 0.05·gauss() with LCG(seed). */
export function randomWalk(n: number, seed = RANDOM_WALK_SEED): Float64Array {
  const rng = new Lcg(seed);
  const x = new Float64Array(n);
  if (n === 0) return x;
  x[0] = 100;
  for (let i = 1; i < n; i++) x[i] = x[i - 1]! + 0.05 * rng.gauss();
  return x;
}

/** The same walk rounded to a 0.01 tick: floor(x·100 + 0.5)/100, which makes plateaus. */
export function tickRounded(x: Float64Array): Float64Array {
  const y = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) y[i] = Math.floor(x[i]! * 100 + 0.5) / 100;
  return y;
}

/** Three tones and a slope (the `tones` vector): periods 200, 50 and 12 samples. */
export function tones(n: number): Float64Array {
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = 1.0 * Math.sin((2 * Math.PI * i) / 200) + 0.6 * Math.sin((2 * Math.PI * i) / 50 + 0.5)
      + 0.3 * Math.sin((2 * Math.PI * i) / 12 + 1.0) + 0.002 * i;
  }
  return x;
}
