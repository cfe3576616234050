/**
 * Turns MarketCollector statistics into SyntheticParams. Queue-reactive rates are
 * counts over time in state, shrunk toward the level's all-bucket rate with one
 * second of pseudo-exposure, so rarely visited size buckets stay sane. Order
 * arrivals: Hawkes MLE; order sizes: log-normal body below the 90th percentile
 * and a Hill-estimated Pareto tail above it.
 */
import type { MarketCollector } from './collect.js';
import { fitHawkes, type HawkesFit } from './hawkes-fit.js';
import type { FittedFile, LnDist, SyntheticParams } from './params.js';
import { fitPrints } from './prints-fit.js';

/** Queue-size bucket edges in lots used by the fit: empty, then roughly ×3 steps. */
export const FIT_BUCKET_EDGES_LOTS = [0, 1, 3, 10, 30, 100, 300, 1000, 3000, 10000];
/** Levels with their own row; deeper levels share the last row. */
export const FIT_NEAR_LEVELS = 10;
export const FIT_WINDOW_TICKS = 200;
const PRIOR_S = 1;
const BURN_IN_S = 300;
const FALLBACK_LN: LnDist = { lnMean: Math.log(10), lnSd: 1.5 };

export interface FitResult {
  params: SyntheticParams;
  hawkes: HawkesFit;
  warnings: string[];
}

const ln = (s: { w: number; mean(): number; sd(): number }): LnDist =>
  s.w > 0 ? { lnMean: round(s.mean()), lnSd: round(Math.max(s.sd(), 0.05)) } : FALLBACK_LN;
const round = (x: number, digits = 6): number => Number(x.toPrecision(digits));

function quantile(sorted: readonly number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : 1;
}

/** What the fitted market trades: the recordings' instrument. */
export interface FitInstrument { symbol: string; tick: string; lot: string }

export function fitMarket(c: MarketCollector, files: FittedFile[], command: string, inst: FitInstrument): FitResult {
  const warnings: string[] = [];
  const nb = c.edgesLots.length;
  const levels = Array.from({ length: c.rows }, (_, row) => {
    let rowS = 0, rowAdds = 0, rowCancels = 0, occS = 0;
    for (let b = 0; b < nb; b++) {
      rowS += c.stateS[row * nb + b]; rowAdds += c.adds[row * nb + b]; rowCancels += c.cancels[row * nb + b];
      if (b > 0) occS += c.stateS[row * nb + b];
    }
    const addMean = rowAdds / Math.max(rowS, 1e-9);
    const cancelMean = rowCancels / Math.max(occS, 1e-9);
    const addRatePerS: number[] = [];
    const cancelRatePerS: number[] = [];
    for (let b = 0; b < nb; b++) {
      const t = c.stateS[row * nb + b];
      addRatePerS.push(round((c.adds[row * nb + b] + PRIOR_S * addMean) / (t + PRIOR_S)));
      cancelRatePerS.push(b === 0 ? 0 : round((c.cancels[row * nb + b] + PRIOR_S * cancelMean) / (t + PRIOR_S)));
    }
    if (rowS === 0) warnings.push(`level row ${row} was never observed: its rates are 0`);
    return {
      addRatePerS, cancelRatePerS,
      addSizeLots: ln(c.addSize[row]),
      cancelFullProb: round(rowCancels > 0 ? c.fullCancels[row] / rowCancels : 0.5),
      cancelShareLogit: c.partialShare[row].w > 0 ? { mean: round(c.partialShare[row].mean()), sd: round(c.partialShare[row].sd()) } : { mean: -1, sd: 1 },
      occupancy: row === 0 ? 1 : round(c.rowS[row] > 0 ? c.occupiedS[row] / c.rowS[row] : 0.5),
      qtyLots: ln(c.queueSize[row]),
    };
  });
  const times = c.orderTimesS;
  const hawkes = fitHawkes(times, c.spansS, 2);
  const hawkes1 = fitHawkes(times, c.spansS, 1);
  if (hawkes.arrivals < 200) warnings.push(`only ${hawkes.arrivals} market orders: the Hawkes fit is loose`);
  const sizes = [...c.orderLots].sort((a, b) => a - b);
  const tailFromLots = Math.max(2, quantile(sizes, 0.9));
  const tail = sizes.filter((x) => x >= tailFromLots);
  const hill = tail.reduce((s, x) => s + Math.log(x / tailFromLots), 0);
  const body = { w: 0, s: 0, s2: 0 };
  for (const x of sizes) if (x < tailFromLots) { const l = Math.log(x); body.w++; body.s += l; body.s2 += l * l; }
  const bodyMean = body.w ? body.s / body.w : 0;
  const buys = c.orderBuy.filter(Boolean).length;
  const buyProb = c.orderBuy.length ? buys / c.orderBuy.length : 0.5;
  let same = 0;
  for (let i = 1; i < c.orderBuy.length; i++) if (c.orderBuy[i] === c.orderBuy[i - 1]) same++;
  const pSame = c.orderBuy.length > 1 ? same / (c.orderBuy.length - 1) : 0.5;
  const pIndep = buyProb ** 2 + (1 - buyProb) ** 2;
  const gapS = c.gapTickS;
  if (gapS === 0) warnings.push('the spread never exceeded one tick: inside-spread rate set from the level-0 add rate');
  const params: SyntheticParams = {
    version: 1, symbol: inst.symbol, tick: inst.tick, lot: inst.lot,
    startPxTicks: c.firstBidTicks || 650_000,
    windowTicks: FIT_WINDOW_TICKS,
    qtyBucketEdgesLots: [...c.edgesLots],
    levels,
    insideSpread: {
      ratePerTickPerS: round(gapS > 0 ? c.insideAdds / (2 * gapS) : levels[0].addRatePerS[1]),
      sizeLots: ln(c.insideSize),
    },
    market: {
      baseRatePerS: round(hawkes.baseRatePerS),
      kernels: hawkes.kernels.map((k) => ({ branching: round(k.branching), decayPerS: round(k.decayPerS) })),
      buyProb: 0.5, // symmetrised: a recorded imbalance would make the synthetic price drift forever (see notes)
      sidePersistence: round(Math.min(1, Math.max(0, (pSame - pIndep) / Math.max(1e-9, 1 - pIndep)))),
      sizeLots: {
        lnMean: round(bodyMean),
        lnSd: round(body.w ? Math.sqrt(Math.max(0.0025, body.s2 / body.w - bodyMean ** 2)) : 1),
        tailFromLots, tailProb: round(tail.length / Math.max(1, sizes.length)),
        tailAlpha: round(tail.length && hill > 0 ? Math.max(0.5, tail.length / hill) : 1.5),
        maxLots: sizes.length ? sizes[sizes.length - 1] : 1000,
      },
      prints: fitPrints(c.fillLots, c.fillPrints, c.fillLargestLots),
    },
    burnInS: BURN_IN_S,
    fittedFrom: {
      command, files,
      notes: [
        `${c.depthMessages} depth messages, ${c.levelChanges} level changes, ${c.orderLots.length} market orders (${c.printLots.length} prints)`,
        `${levels.length - 1} near levels + 1 shared deep row; queue buckets ${c.edgesLots.join(',')} lots; rates shrunk toward the row mean with ${PRIOR_S} s pseudo-exposure`,
        `market-order buy share in the recordings ${round(buyProb, 4)}, set to 0.5 so the synthetic price has no drift; side persistence fitted with the recorded share`,
        `hawkes: ${hawkes.arrivals} orders, two exponential terms, log-likelihood ${round(hawkes.logLik, 8)} (one term: ${round(hawkes1.logLik, 8)})`,
      ],
    },
  };
  return { params, hawkes, warnings };
}
