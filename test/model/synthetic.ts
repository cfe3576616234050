/** Synthetic labelled data sets for the model tests: a planted signal in two features, noise, NaNs. */
import { prng } from '../../src/feed/demo-stream.js';
import type { Dataset } from '../../src/model/dataset.js';
import type { TrainOptions } from '../../src/model/trainer.js';

export interface PlantedOptions {
  n: number;
  features: number;
  horizonsMs: number[];
  seed: number;
  /** Share of feature values set to NaN. */
  nanShare: number;
  /** Noise standard deviation (the signal has about unit scale). */
  noise: number;
  /** The planted function of features 0 and 1 (NaN inputs allowed). */
  signal: (a: number, b: number) => number;
}

/** Standard normal draws from a uniform PRNG (Box–Muller). */
export function gauss(rnd: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
}

/** Rows 100 ms apart; label k = (k + 1) × signal + noise; also returns the noiseless signal. */
export function plantedDataset(o: PlantedOptions): { ds: Dataset; truth: Float64Array } {
  const rnd = prng(o.seed);
  const f = o.features;
  const h = o.horizonsMs.length;
  const x = new Float64Array(o.n * f);
  const y = new Float64Array(o.n * h);
  const ts = new Float64Array(o.n);
  const truth = new Float64Array(o.n);
  for (let i = 0; i < o.n; i++) {
    ts[i] = 1_700_000_000_000 + i * 100;
    for (let j = 0; j < f; j++) x[i * f + j] = rnd() < o.nanShare ? NaN : gauss(rnd);
    truth[i] = o.signal(x[i * f], x[i * f + 1]);
    for (let k = 0; k < h; k++) y[i * h + k] = (k + 1) * truth[i] + o.noise * gauss(rnd);
  }
  const ds: Dataset = {
    n: o.n, featureNames: Array.from({ length: f }, (_, j) => `f${j}`), featureSetVersion: 1,
    horizonsMs: o.horizonsMs, tsMs: ts, x, y,
  };
  return { ds, truth };
}

/** Small, fast trainer settings for tests. */
export function testOptions(over: Partial<TrainOptions> = {}, trees: Partial<TrainOptions['trees']> = {}): TrainOptions {
  return {
    horizonsMs: [1000], seed: 7, combine: 'trees', exclude: [], ridgeAlphas: [1e-3, 1e-1, 1], ridgeClipSd: 3, labelClipQuantile: 0.01, validFraction: 0.2, testFraction: 0.2,
    trees: {
      rounds: 60, learningRate: 0.2, maxDepth: 5, maxLeaves: 16, minSamplesLeaf: 20, lambdaL2: 1, minGain: 0,
      rowSubsample: 0.8, featureSubsample: 0.8, earlyStoppingRounds: 15, maxBins: 32, ...trees,
    },
    ...over,
  };
}
