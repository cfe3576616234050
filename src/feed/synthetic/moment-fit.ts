/**
 * Simulated-moments step of the fit. Recorded books are netted per push, so a
 * spread that opened and closed between two pushes is never seen and the direct
 * estimate of the inside-spread placement rate is biased low. Instead the rate is
 * chosen so that the synthetic market spends the recorded share of time at a
 * one-tick spread: bisection on ln(rate), each candidate simulated with the same
 * seed (common random numbers, so the share moves smoothly with the rate).
 */
import { SyntheticMarket, ASK, BID } from './market.js';
import type { SyntheticParams } from './params.js';

const NULL_SINK = { level() {}, trade() {} };

/** Share of time at a one-tick spread over `seconds` (sampled every 10 ms). */
export function oneTickShare(params: SyntheticParams, seed: number, seconds: number): number {
  const m = new SyntheticMarket(params, seed, 0);
  let one = 0, n = 0;
  for (let t = 10; t <= seconds * 1000; t += 10) {
    m.advanceTo(t, NULL_SINK);
    if (m.sides[ASK].bestPx - m.sides[BID].bestPx === 1) one++;
    n++;
  }
  return one / n;
}

export interface InsideRateFit { ratePerTickPerS: number; share: number; iterations: number }

/** The inside-spread rate whose simulated one-tick share is closest to `targetShare`. */
export function fitInsideRate(params: SyntheticParams, targetShare: number, seed = 7, seconds = 300): InsideRateFit {
  const at = (rate: number): number => oneTickShare({ ...params, burnInS: 60, insideSpread: { ...params.insideSpread, ratePerTickPerS: rate } }, seed, seconds);
  let lo = Math.log(Math.max(0.01, params.insideSpread.ratePerTickPerS));
  let hi = Math.log(1000);
  let loShare = at(Math.exp(lo));
  if (loShare >= targetShare) return { ratePerTickPerS: Math.exp(lo), share: loShare, iterations: 1 };
  let hiShare = at(Math.exp(hi));
  if (hiShare <= targetShare) return { ratePerTickPerS: Math.exp(hi), share: hiShare, iterations: 2 };
  let it = 2;
  while (hi - lo > 0.05 && it < 24) {
    const mid = (lo + hi) / 2;
    const s = at(Math.exp(mid));
    it++;
    if (s < targetShare) { lo = mid; loShare = s; } else { hi = mid; hiShare = s; }
  }
  const pickHi = Math.abs(hiShare - targetShare) <= Math.abs(loShare - targetShare);
  return { ratePerTickPerS: Number(Math.exp(pickHi ? hi : lo).toPrecision(6)), share: pickHi ? hiShare : loShare, iterations: it };
}
