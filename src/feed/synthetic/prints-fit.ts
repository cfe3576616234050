/**
 * Fit of how an order's fill at one level splits into prints (SyntheticParams
 * market.prints) from recorded fills (prints with the same ms, side and price):
 * the extra-print count by Poisson regression on ln(fill), the weight spread by
 * matching the mean share of the largest print among multi-print fills, with a
 * fixed seed so the fit is deterministic.
 */
import { cutFill } from './draw.js';
import { nelderMead } from './hawkes-fit.js';
import type { SyntheticParams } from './params.js';
import { Rng } from './rng.js';

export type PrintsParams = SyntheticParams['market']['prints'];

export function fitPrints(fillLots: readonly number[], fillPrints: readonly number[], fillLargestLots: readonly number[]): PrintsParams {
  const idx = fillLots.map((_, i) => i).filter((i) => fillLots[i] >= 2);
  if (idx.length < 20) return { scale: 0.1, exponent: 0.5, weightLnSd: 1 };
  const nll = (x: number[]): number => {
    let s = 0;
    for (const i of idx) {
      const lam = Math.exp(x[0] + x[1] * Math.log(fillLots[i]));
      s += lam - (fillPrints[i] - 1) * Math.log(lam);
    }
    return s;
  };
  const best = nelderMead(nll, [Math.log(0.1), 0.5]);
  const multi = idx.filter((i) => fillPrints[i] >= 2);
  const realShare = multi.reduce((s, i) => s + fillLargestLots[i] / fillLots[i], 0) / Math.max(1, multi.length);
  let weightLnSd = 1, err = Infinity;
  const out: number[] = [];
  for (let sd = 0; sd <= 4; sd += 0.125) {
    const rng = new Rng(12345);
    let share = 0;
    for (const i of multi) {
      cutFill(rng, fillLots[i], fillPrints[i], sd, out);
      share += Math.max(...out.slice(0, fillPrints[i])) / fillLots[i];
    }
    const e = Math.abs(share / Math.max(1, multi.length) - realShare);
    if (e < err) { err = e; weightLnSd = sd; }
  }
  const r = (x: number): number => Number(x.toPrecision(6));
  return { scale: r(Math.exp(best.x[0])), exponent: r(Math.min(1.5, Math.max(0, best.x[1]))), weightLnSd };
}
