/** Builds the execution strategy the config names. */
import type { ExecutionConfig } from '../config/trading-section.js';
import { AggressiveStrategy } from './aggressive.js';
import { PassiveStrategy } from './passive.js';
import { TwapStrategy } from './twap.js';
import type { ExecStrategy, StrategyName } from './types.js';

/** A fresh strategy `name` (default: cfg.strategy) configured from `cfg`. */
export function createStrategy(cfg: ExecutionConfig, name: StrategyName = cfg.strategy): ExecStrategy {
  switch (name) {
    case 'passive': return new PassiveStrategy(cfg);
    case 'aggressive': return new AggressiveStrategy(cfg);
    case 'twap': return new TwapStrategy(cfg);
  }
}
