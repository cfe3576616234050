/**
 * The full TS reference feature engine: the stateless features plus every
 * stateful module, in one place so the CLI, tests and benches build it alike.
 */
import type { Instrument } from '../feed/instrument.js';
import { DynamicsFeatures } from './dynamics.js';
import { FeatureEngine, type FeatureEngineOptions } from './engine.js';
import { FlowFeatures } from './flow.js';
import { TradeFeatures } from './trades.js';
import type { Calibration } from './calibrate.js';
import { makeStaticParams } from './static.js';

export interface CreateFeatureEngineOptions extends Omit<FeatureEngineOptions, 'modules'> {
  /** A loaded calibration (`btc-engine calibrate`): VPIN bucket, iOFI weights, micro-price table. */
  calibration?: Calibration;
}

/** A FeatureEngine computing all 51 core features for `instrument`. */
export function createFeatureEngine(instrument: Instrument, opts: CreateFeatureEngineOptions = {}): FeatureEngine {
  const { calibration: cal, ...rest } = opts;
  if (!cal) {
    return new FeatureEngine(instrument, { ...rest, modules: [new FlowFeatures(), new DynamicsFeatures(), new TradeFeatures({ instrument })] });
  }
  return new FeatureEngine(instrument, {
    ...rest,
    staticParams: makeStaticParams({ ...rest.staticParams, microprice: cal.microprice }),
    modules: [new FlowFeatures(undefined, cal.iofi), new DynamicsFeatures(), new TradeFeatures({ instrument, vpinBucketBtc: cal.vpinBucketBtc })],
  });
}
