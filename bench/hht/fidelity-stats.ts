/**
 * Accumulators of the live-edge fidelity study: Pearson correlation of an edge
 * estimate with the centred-window value, and the circular error of a phase.
 */
import { wrapPi } from '../../src/hht/edge.js';

/** Pearson correlation of pairs (x, y), skipping pairs with a non-finite member. */
export class Corr {
  private n = 0; private sx = 0; private sy = 0; private sxx = 0; private syy = 0; private sxy = 0;
  add(x: number, y: number): void {
    if (!Number.isFinite(x) || !Number.isFinite(y)) return;
    this.n++; this.sx += x; this.sy += y; this.sxx += x * x; this.syy += y * y; this.sxy += x * y;
  }
  get count(): number { return this.n; }
  value(): number {
    const n = this.n;
    const cov = this.sxy - (this.sx * this.sy) / n;
    const vx = this.sxx - (this.sx * this.sx) / n, vy = this.syy - (this.sy * this.sy) / n;
    return n < 3 || vx <= 0 || vy <= 0 ? NaN : cov / Math.sqrt(vx * vy);
  }
}

/** Phase errors (rad, wrapped): median |Δφ| in degrees and mean cos Δφ. */
export class PhaseError {
  private readonly errs: number[] = [];
  private sumCos = 0;
  add(estimate: number, truth: number): void {
    if (!Number.isFinite(estimate) || !Number.isFinite(truth)) return;
    const d = wrapPi(estimate - truth);
    this.errs.push(Math.abs(d));
    this.sumCos += Math.cos(d);
  }
  medianDeg(): number {
    if (this.errs.length === 0) return NaN;
    const s = [...this.errs].sort((a, b) => a - b);
    return (s[s.length >> 1]! * 180) / Math.PI;
  }
  meanCos(): number { return this.errs.length === 0 ? NaN : this.sumCos / this.errs.length; }
}

/** One estimator's agreement with the centred read-out, for one IMF. */
export class Fidelity {
  readonly value = new Corr();
  readonly amplitude = new Corr();
  readonly frequency = new Corr();
  readonly phase = new PhaseError();
  /** Lags used (samples), to report their median. */
  readonly lags: number[] = [];
}
