/**
 * Builds the trading side of the engine from the config, once per run: paper
 * venue, portfolio, risk, execution strategy, decision layer and predictor,
 * wired into a TradingLoop. Replay and the paper runtime both start here, so
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
import { ModelPredictor, RulePredictor, type Predictor } from './predictor.js';
import { TradingLoop } from './trading-loop.js';
import { UsageError } from '../errors.js';

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
}

/** What a restarted run takes over: the account, the risk state, the target, the id counter. */
export interface RestoredState {
  portfolio: PortfolioSnapshot;
  risk: RiskSnapshot;
  targetLots: number;
  orderSeq: number;
}

export async function openSession(cfg: Config, instrument: Instrument, o: SessionOptions): Promise<TradingSession> {
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
  const venue = paperVenueFromConfig(cfg.venue.paper, instrument, baseDir);
  const portfolioOpts = { initialCashUsd: cfg.portfolio.initialCashUsd, tickUsd, lotBtc, equityEveryMs: cfg.portfolio.equityEveryMs };
  const portfolio = o.restore ? Portfolio.restore(o.restore.portfolio, portfolioOpts) : new Portfolio(portfolioOpts);
  const strategy = createStrategy(cfg.execution);
  const decision = new DecisionLayer(cfg.decision, { horizons: [...predictor.horizons], lotBtc, riskMaxPositionBtc: cfg.risk.maxPositionBtc });
  const loop = new TradingLoop({ venue, portfolio, risk, strategy, decision, tickUsd, lotBtc }, predictor.horizons.length);
  if (o.restore) {
    decision.restoreTarget(o.restore.targetLots);
    loop.gate.seq = o.restore.orderSeq;
  }
  return { loop, predictor, riskEvents, riskEventCount: () => riskEventCount, tickUsd, lotBtc };
}

async function openPredictor(cfg: Config, hhtImfs: number): Promise<Predictor> {
  if (cfg.decision.source === 'rule') return new RulePredictor(parseHorizons(cfg.model.horizons).map(horizonKey), cfg.decision.ruleBpsPerImbalance);
  if (!cfg.model.dir) throw new UsageError('decision.source is "model" but no model directory is set (model.dir, BTC_ENGINE_MODEL_DIR)');
  const names = rowFeatureDefs(cfg.features.extended, hhtImfs).map((d) => d.name);
  return ModelPredictor.open(cfg.model.dir, names, FEATURE_SET_VERSION);
}
