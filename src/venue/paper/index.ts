/** The paper venue's public API, and its factory from config `venue.paper`. */
import type { VenueConfig } from '../../config/trading-section.js';
import type { Grid } from '../../feed/decimal.js';
import { latencyFromConfig } from './latency.js';
import { PaperVenue } from './paper-venue.js';

export { PaperVenue, type PaperVenueOptions } from './paper-venue.js';
export type { PaperVenueCounters } from './report-queue.js';
export {
  constantLatency, latencyFromConfig, loadLatencySamples, mulberry32, sampledLatency,
  type LatencyConfig, type LatencyModel,
} from './latency.js';
export {
  joinQueue, levelProb, levelRiskAverse, queueModel, tradeAtPrice,
  type QueueModel, type QueueModelName, type QueueState,
} from './queue.js';

/** Config `venue.paper` after schema defaults. */
export type PaperConfig = VenueConfig['paper'];

/** Value of one grid step: units × 10^-decimals. */
export function gridValue(g: Grid): number {
  return g.units / 10 ** g.decimals;
}

/**
 * Seed of the response-latency sampler, derived from the config seed so the two
 * channels draw independent sequences even from the same samples file.
 */
export function responseSeed(seed: number): number {
  return (seed ^ 0x9e3779b9) >>> 0;
}

/**
 * A paper venue for `instrument` as config describes it; samples files are
 * resolved against `baseDir` (the config file's directory). Entry latency uses
 * `cfg.seed`, response latency `responseSeed(cfg.seed)`.
 */
export function fromConfig(cfg: PaperConfig, instrument: { readonly tick: Grid; readonly lot: Grid }, baseDir: string): PaperVenue {
  return new PaperVenue({
    tickUsd: gridValue(instrument.tick),
    lotBtc: gridValue(instrument.lot),
    queueModel: cfg.queueModel,
    queuePower: cfg.queuePower,
    entryLatency: latencyFromConfig(cfg.entryLatency, cfg.seed, baseDir),
    responseLatency: latencyFromConfig(cfg.responseLatency, responseSeed(cfg.seed), baseDir),
    makerFeeRate: cfg.makerFeeRate,
    takerFeeRate: cfg.takerFeeRate,
  });
}

/** Alias of `fromConfig` under the name the engine imports. */
export const paperVenueFromConfig = fromConfig;
