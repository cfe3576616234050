/**
 * Builds the trading side of the engine from the config, once per run: venue
 * (the paper simulator, or Bybit demo / testnet for the live runtime),
 * portfolio, risk, execution strategy, decision layer and predictor, wired
 * into a TradingLoop. Replay and the paper runtime both start here, so
 * they trade with the same parts and the same settings.
 */
import { dirname, resolve } from 'node:path';
import type { Config } from '../config/schema.js';
import { DecisionLayer } from '../exec/decision.js';
import { createStrategy } from '../exec/factory.js';
import { gridStep } from '../features/units.js';
import type { Instrument } from '../feed/instrument.js';
import { rowFeatureDefs, FEATURE_SET_VERSION } from '../features/registry.js';
import { horizonKey, parseHorizons } from '../model/horizons.js';
import { Portfolio, type PortfolioSnapshot } from '../portfolio/index.js';
import { RiskManager, type RiskEvent, type RiskSnapshot } from '../risk/index.js';
import { paperVenueFromConfig } from '../venue/paper/index.js';
import { bybitVenueFromConfig, type BybitVenue, type VenueLog } from '../venue/bybit/index.js';
import { bybitErrors } from '../venue/bybit/errors.js';
import type { MarketVenue } from '../venue/types.js';
import { openModelPredictor, RulePredictor, type Predictor } from './predictor.js';
import { TradingLoop } from './trading-loop.js';

/** Risk events kept in memory (a live run may trip breakers for weeks; the rest are counted). */
export const MAX_KEPT_RISK_EVENTS = 1000;

export interface TradingSession {
  loop: TradingLoop;
  predictor: Predictor;
  /** The first MAX_KEPT_RISK_EVENTS breaker trips and clears, in order (for the report). */
  riskEvents: RiskEvent[];
  /** All breaker trips and clears so far. */
  riskEventCount: () => number;
  tickUsd: number;
  lotBtc: number;
  /** config venue.kind. */
  venueKind: string;
  /** The venue's connection and clock, for /health and metrics. */
  venueStatus: () => VenueStatus;
  /** Stops the venue (a real exchange's: waits briefly for requests in flight, closes its socket). */
  close: () => Promise<void>;
}

/** What /health and metrics say about the venue; NaN / null where it does not apply (paper). */
export interface VenueStatus {
  kind: string;
  /** Private stream up, authenticated and subscribed (null: no connection to have). */
  connected: boolean | null;
  /** Exchange clock − local clock, ms, and the local ms since it was measured. */
  serverTimeOffsetMs: number;
  serverTimeAgeMs: number;
}

export interface SessionOptions {
  /** The config file (relative paths in the config are resolved against its directory). */
  configFile?: string;
  /** HHT IMF columns in the rows (0 when off). */
  hhtImfs: number;
  /** Called for every risk event as it happens. */
  onRiskEvent?: (e: RiskEvent) => void;
  /** A restarted paper run's saved state (src/runtime/paper-state.ts). */
  restore?: RestoredState;
  /** The live runtime (a venue that trades on an exchange is refused otherwise). */
  live?: boolean;
  /** Where a real exchange's venue logs. */
  log?: VenueLog;
  /** Environment the Bybit venue reads its keys from (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Local wall clock of the Bybit venue (tests skew it; default Date.now). */
  localClockMs?: () => number;
}

/** What a restarted run takes over: the account, the risk state, the target, the id counter. */
export interface RestoredState {
  portfolio: PortfolioSnapshot;
  risk: RiskSnapshot;
  targetLots: number;
  orderSeq: number;
}

export async function openSession(cfg: Config, instrument: Instrument, o: SessionOptions): Promise<TradingSession> {
  if (cfg.venue.kind !== 'paper' && !o.live) throw bybitErrors.notLive(cfg.venue.kind);
  const baseDir = o.configFile ? dirname(resolve(o.configFile)) : process.cwd();
  const tickUsd = gridStep(instrument.tick);
  const lotBtc = gridStep(instrument.lot);
  const predictor = await openPredictor(cfg, o.hhtImfs);
  const riskEvents: RiskEvent[] = [];
  let riskEventCount = 0;
  const riskOpts = {
    lotBtc,
    log: (e: RiskEvent) => {
      riskEventCount++;
      if (riskEvents.length < MAX_KEPT_RISK_EVENTS) riskEvents.push(e);
      o.onRiskEvent?.(e);
    },
  };
  const risk = o.restore ? RiskManager.restore(o.restore.risk, cfg.risk, riskOpts) : new RiskManager(cfg.risk, riskOpts);
  const portfolioOpts = { initialCashUsd: cfg.portfolio.initialCashUsd, tickUsd, lotBtc, equityEveryMs: cfg.portfolio.equityEveryMs };
  const portfolio = o.restore ? Portfolio.restore(o.restore.portfolio, portfolioOpts) : new Portfolio(portfolioOpts);
  let loopRef: TradingLoop | undefined;
  let bybit: BybitVenue | undefined;
  let venue: MarketVenue;
  if (cfg.venue.kind === 'paper') {
    venue = paperVenueFromConfig(cfg.venue.paper, instrument, baseDir);
  } else {
    // arrivalMid = the engine's mid at submission; reconciliation compares with the booked position.
    try {
      venue = bybit = bybitVenueFromConfig(cfg.venue, {
        instrument, env: o.env ?? process.env, log: o.log, localClockMs: o.localClockMs,
        midUsd: () => loopRef?.market.mid ?? NaN, positionLots: () => portfolio.positionLots,
      });
    } catch (err) {
      await predictor.close();
      throw err;
    }
  }
  const strategy = createStrategy(cfg.execution);
  const decision = new DecisionLayer(cfg.decision, { horizons: [...predictor.horizons], lotBtc, riskMaxPositionBtc: cfg.risk.maxPositionBtc });
  const loop = new TradingLoop({ venue, portfolio, risk, strategy, decision, tickUsd, lotBtc }, predictor.horizons.length);
  loopRef = loop;
  if (o.restore) {
    decision.restoreTarget(o.restore.targetLots);
    loop.gate.seq = o.restore.orderSeq;
  } else if (bybit) {
    // Client ids are the exchange's orderLinkIds, which the account remembers across runs:
    // a fresh state starts its counter at the wall clock (s) so ids never repeat an earlier run's.
    loop.gate.seq = Math.floor(Date.now() / 1000);
  }
  if (bybit) {
    try {
      await bybit.start();
    } catch (err) {
      await predictor.close();
      throw err;
    }
  }
  const venueStatus = (): VenueStatus => {
    if (!bybit) return { kind: cfg.venue.kind, connected: null, serverTimeOffsetMs: NaN, serverTimeAgeMs: NaN };
    const h = bybit.health();
    return { kind: h.kind, connected: h.connected, serverTimeOffsetMs: h.serverTimeOffsetMs, serverTimeAgeMs: h.serverTimeAgeMs };
  };
  return {
    loop, predictor, riskEvents, riskEventCount: () => riskEventCount, tickUsd, lotBtc,
    venueKind: cfg.venue.kind, venueStatus, close: async () => { await bybit?.close(); },
  };
}

async function openPredictor(cfg: Config, hhtImfs: number): Promise<Predictor> {
  if (cfg.decision.source === 'rule') return new RulePredictor(parseHorizons(cfg.model.horizons).map(horizonKey), cfg.decision.ruleBpsPerImbalance);
  const names = rowFeatureDefs(cfg.features.extended, hhtImfs).map((d) => d.name);
  return openModelPredictor(cfg.model.dir, names, FEATURE_SET_VERSION);
}
