/**
 * The full TS reference feature engine: the stateless features plus every
 * stateful module, in one place so the CLI, tests and benches build it alike.
 */
import type { Instrument } from '../feed/instrument.js';
import { DynamicsFeatures } from './dynamics.js';
import { FeatureEngine, type FeatureEngineOptions } from './engine.js';
import { FlowFeatures } from './flow.js';
import { TradeFeatures } from './trades.js';

/** A FeatureEngine computing all 51 core features for `instrument`. */
export function createFeatureEngine(instrument: Instrument, opts: Omit<FeatureEngineOptions, 'modules'> = {}): FeatureEngine {
  return new FeatureEngine(instrument, { ...opts, modules: [new FlowFeatures(), new DynamicsFeatures(), new TradeFeatures({ instrument })] });
}
