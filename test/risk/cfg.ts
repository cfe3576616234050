/** Risk limits for the tests: lot 0.001 BTC, so 20 lots per order and 50 lots of position. */
import type { RiskConfig } from '../../src/config/trading-section.js';
import { RiskManager, type MarketHealth, type RiskEvent } from '../../src/risk/index.js';

export const LOT_BTC = 0.001;
export const CFG: RiskConfig = {
  maxPositionBtc: 0.05, maxOrderBtc: 0.02, maxDailyLossUsd: 500, maxDrawdownUsd: 1_000,
  maxOrdersPerMin: 3, staleFeedMs: 5_000, maxSpreadBps: 20, maxVolBps: 50,
};

/** A RiskManager whose log lands in `events`. */
export function manager(cfg: Partial<RiskConfig> = {}): { risk: RiskManager; events: RiskEvent[] } {
  const events: RiskEvent[] = [];
  return { risk: new RiskManager({ ...CFG, ...cfg }, { lotBtc: LOT_BTC, log: (e) => events.push(e) }), events };
}

/** A healthy market at `nowMs`, with overrides. */
export function market(nowMs: number, over: Partial<MarketHealth> = {}): MarketHealth {
  return { nowMs, valid: true, crossed: false, lastBookUpdateMs: nowMs, spreadBps: 1, volBps: 5, ...over };
}

export const DAY_MS = 86_400_000;
