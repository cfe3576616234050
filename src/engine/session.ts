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
import { Portfolio } from '../portfolio/index.js';
import { RiskManager, type RiskEvent } from '../risk/index.js';
import { paperVenueFromConfig } from '../venue/paper/index.js';
import { ModelPredictor, RulePredictor, type Predictor } from './predictor.js';
import { TradingLoop } from './trading-loop.js';
import { UsageError } from '../errors.js';

export interface TradingSession {
  loop: TradingLoop;
  predictor: Predictor;
  /** Breaker trips and clears, in order (for the report and the log). */
  riskEvents: RiskEvent[];
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
}

export async function openSession(cfg: Config, instrument: Instrument, o: SessionOptions): Promise<TradingSession> {
  const baseDir = o.configFile ? dirname(resolve(o.configFile)) : process.cwd();
  const tickUsd = gridStep(instrument.tick);
  const lotBtc = gridStep(instrument.lot);
  const predictor = await openPredictor(cfg, o.hhtImfs);
  const riskEvents: RiskEvent[] = [];
  const risk = new RiskManager(cfg.risk, {
    lotBtc,
    log: (e) => { riskEvents.push(e); o.onRiskEvent?.(e); },
  });
  const venue = paperVenueFromConfig(cfg.venue.paper, instrument, baseDir);
  const portfolio = new Portfolio({ initialCashUsd: cfg.portfolio.initialCashUsd, tickUsd, lotBtc, equityEveryMs: cfg.portfolio.equityEveryMs });
  const strategy = createStrategy(cfg.execution);
  const decision = new DecisionLayer(cfg.decision, { horizons: [...predictor.horizons], lotBtc, riskMaxPositionBtc: cfg.risk.maxPositionBtc });
  const loop = new TradingLoop({ venue, portfolio, risk, strategy, decision, tickUsd, lotBtc }, predictor.horizons.length);
  return { loop, predictor, riskEvents, tickUsd, lotBtc };
}

async function openPredictor(cfg: Config, hhtImfs: number): Promise<Predictor> {
  if (cfg.decision.source === 'rule') return new RulePredictor(parseHorizons(cfg.model.horizons).map(horizonKey), cfg.decision.ruleBpsPerImbalance);
  if (!cfg.model.dir) throw new UsageError('decision.source is "model" but no model directory is set (model.dir, BTC_ENGINE_MODEL_DIR)');
  const names = rowFeatureDefs(cfg.features.extended, hhtImfs).map((d) => d.name);
  return ModelPredictor.open(cfg.model.dir, names, FEATURE_SET_VERSION);
}
