/**
 * The `model:` section of the config (docs/MODELS.md): horizons, how the trees
 * and the ridge part are trained and combined, the time splits, the seed, and
 * the default model directory. `btc-engine train` flags override single fields.
 */
import { z } from 'zod';
import { parseHorizon } from '../model/horizons.js';
import { DEFAULT_RIDGE_CLIP_SD } from '../model/ridge.js';

const horizonText = z.string().refine((s) => { try { parseHorizon(s); return true; } catch { return false; } }, {
  message: 'must be a duration such as 500ms, 1s, 10s, 2m',
});
const share = z.coerce.number().gt(0).lte(1);

/**
 * Price levels are excluded by default: they are not stationary (a tree split at
 * 28,000 USD says nothing a day later); every relative price feature stays in.
 */
export const DEFAULT_EXCLUDED_FEATURES = ['mid_px', 'wmid_px', 'microprice_px', 'vamp_px_5bps'];

export const modelSection = z.strictObject({
  /** Default for --model (predict, evaluate) and --out (train). */
  dir: z.string().min(1).optional(),
  horizons: z.array(horizonText).min(1).default(['1s', '10s', '60s']),
  seed: z.coerce.number().int().min(0).max(2 ** 32 - 1).default(1),
  /** trees | ridge | sum (trees boosted on the ridge residuals) | blend (weight picked on validation). */
  combine: z.enum(['trees', 'ridge', 'sum', 'blend']).default('blend'),
  /**
   * Training labels are winsorised at this quantile of the training part and at
   * 1 − it (0: raw labels); every metric scores the raw labels.
   */
  labelClipQuantile: z.coerce.number().min(0).lt(0.5).default(0.01),
  /** Columns the model may not use (they stay in its input). */
  exclude: z.array(z.string().min(1)).default(DEFAULT_EXCLUDED_FEATURES),
  trees: z.strictObject({
    rounds: z.coerce.number().int().min(1).max(100_000).default(500),
    learningRate: z.coerce.number().gt(0).lte(1).default(0.05),
    maxDepth: z.coerce.number().int().min(1).max(32).default(6),
    maxLeaves: z.coerce.number().int().min(2).max(4096).default(31),
    minSamplesLeaf: z.coerce.number().int().min(1).default(200),
    lambdaL2: z.coerce.number().min(0).default(10),
    minGain: z.coerce.number().min(0).default(0),
    rowSubsample: share.default(0.7),
    featureSubsample: share.default(0.7),
    earlyStoppingRounds: z.coerce.number().int().min(1).default(50),
    maxBins: z.coerce.number().int().min(2).max(255).default(64),
  }).prefault({}),
  ridge: z.strictObject({
    /** α grid relative to the row count; the best on validation is kept. */
    alphas: z.array(z.coerce.number().min(0)).min(1).default([1e-4, 1e-3, 1e-2, 1e-1, 1, 10]),
    /** Inputs are clipped to the training mean ± this many standard deviations before the linear fit (0: no clip). */
    clipSd: z.coerce.number().min(0).default(DEFAULT_RIDGE_CLIP_SD),
  }).prefault({}),
  split: z.strictObject({
    valid: z.coerce.number().gt(0).lt(1).default(0.2),
    test: z.coerce.number().min(0).lt(1).default(0.2),
    /** Purge gap between parts, ms; default the longest horizon (a smaller one is refused). */
    purgeMs: z.coerce.number().int().min(0).optional(),
  }).prefault({}),
}).prefault({});

export type ModelConfig = z.infer<typeof modelSection>;
