/**
 * Parameters of the synthetic market (docs/SYNTHETIC.md): a JSON-serialisable
 * object written by `btc-engine calibrate-market` and validated here with zod
 * when loaded from a file. Units are in the names: lots, ticks, per second.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { UsageError } from '../../errors.js';

/** A log-normal distribution of a size in lots: ln(size) ~ N(lnMean, lnSd²). */
const lnDist = z.strictObject({ lnMean: z.number().finite(), lnSd: z.number().finite().nonnegative() });
const rate = z.number().finite().nonnegative();
const prob = z.number().min(0).max(1);

/** Queue-reactive intensities and sizes of one level (distance from its side's best). */
const levelRow = z.strictObject({
  /** Limit-order adds per second, by queue-size bucket (qtyBucketEdgesLots). */
  addRatePerS: z.array(rate),
  /** Cancels per second, by queue-size bucket (the empty bucket's is ignored). */
  cancelRatePerS: z.array(rate),
  addSizeLots: lnDist,
  /** Share of cancels that remove the whole queue. */
  cancelFullProb: prob,
  /** A partial cancel takes this share f of the queue: logit(f) ~ N(mean, sd²); at least 1 lot, leaving at least 1. */
  cancelShareLogit: z.strictObject({ mean: z.number().finite(), sd: z.number().finite().nonnegative() }),
  /** Initial book and levels entering the window: chance the level is occupied, and its size. */
  occupancy: prob,
  qtyLots: lnDist,
});

const fittedFile = z.strictObject({
  path: z.string(), bytes: z.number().int().nonnegative(), sha256: z.string(),
  spanS: z.number().nonnegative(), depthMessages: z.number().int().nonnegative(),
  levelChanges: z.number().int().nonnegative(), trades: z.number().int().nonnegative(),
});

export const syntheticParamsSchema = z.strictObject({
  version: z.literal(1),
  symbol: z.string().min(1),
  tick: z.string(),
  lot: z.string(),
  /** Best bid of the initial book, in ticks. */
  startPxTicks: z.number().int().min(1000),
  /** Price levels (ticks) kept per side, counted from that side's best. */
  windowTicks: z.number().int().min(8).max(4096),
  /** Lower edges of the queue-size buckets, ascending, the first 0 (= empty level). */
  qtyBucketEdgesLots: z.array(z.number().int().nonnegative()).min(2),
  /** Rows 0..n-2: the level at that distance from the best; the last row: every deeper level. */
  levels: z.array(levelRow).min(2),
  /** New best levels placed inside a spread wider than one tick, per empty tick and side. */
  insideSpread: z.strictObject({ ratePerTickPerS: rate, sizeLots: lnDist }),
  /** Market orders: Hawkes arrivals (sum-of-exponentials kernel), side, size, prints. */
  market: z.strictObject({
    baseRatePerS: rate.positive(),
    /** Kernel terms branching·decay·e^(−decay·t); branching = expected children per order, summed < 1. */
    kernels: z.array(z.strictObject({ branching: z.number().min(0).max(0.99), decayPerS: rate.positive() })).min(1).max(4),
    buyProb: prob,
    /** Order-flow persistence: chance an order keeps the previous one's side, else its side is drawn with buyProb. */
    sidePersistence: prob,
    /** Order size: log-normal body below tailFromLots, Pareto tail (tailAlpha) above, capped. */
    sizeLots: z.strictObject({
      lnMean: z.number().finite(), lnSd: z.number().nonnegative(),
      tailFromLots: z.number().int().min(1), tailProb: prob, tailAlpha: z.number().positive(), maxLots: z.number().int().min(1),
    }),
    /**
     * Prints of an order's fill at one level (one per resting order it meets):
     * 1 + Poisson(scale · fillLots^exponent) of them, sizes in proportion to
     * log-normal weights (ln sd weightLnSd), so one large resting order usually dominates.
     */
    prints: z.strictObject({ scale: rate, exponent: z.number().min(0).max(1.5), weightLnSd: z.number().min(0).max(6) }),
  }),
  /** Seconds simulated before the first emitted event. */
  burnInS: z.number().nonnegative(),
  /** What the fit read: calibrate-market's inputs. */
  fittedFrom: z.strictObject({
    command: z.string(),
    files: z.array(fittedFile),
    notes: z.array(z.string()),
  }),
}).superRefine((p, ctx) => {
  const nb = p.qtyBucketEdgesLots.length;
  if (p.qtyBucketEdgesLots[0] !== 0) ctx.addIssue({ code: 'custom', message: 'qtyBucketEdgesLots must start at 0' });
  for (let i = 1; i < nb; i++) {
    if (p.qtyBucketEdgesLots[i] <= p.qtyBucketEdgesLots[i - 1]) ctx.addIssue({ code: 'custom', message: 'qtyBucketEdgesLots must ascend' });
  }
  p.levels.forEach((r, i) => {
    if (r.addRatePerS.length !== nb || r.cancelRatePerS.length !== nb) {
      ctx.addIssue({ code: 'custom', path: ['levels', i], message: `rate arrays must have ${nb} buckets` });
    }
  });
  if (p.levels.length > p.windowTicks) ctx.addIssue({ code: 'custom', message: 'more level rows than windowTicks' });
  if (p.market.kernels.reduce((s, k) => s + k.branching, 0) >= 0.99) {
    ctx.addIssue({ code: 'custom', path: ['market', 'kernels'], message: 'total branching must be below 0.99 (a stationary process)' });
  }
});

export type SyntheticParams = z.infer<typeof syntheticParamsSchema>;
export type LnDist = z.infer<typeof lnDist>;
export type LevelRow = z.infer<typeof levelRow>;
export type FittedFile = z.infer<typeof fittedFile>;

/** Checks an object against the schema; UsageError naming the field otherwise. */
export function checkParams(obj: unknown, where: string): SyntheticParams {
  const r = syntheticParamsSchema.safeParse(obj);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new UsageError(`${where}: synthetic-market parameters are invalid at ${i.path.join('.') || '(root)'}: ${i.message}`);
  }
  return r.data;
}

/** Reads a parameters file written by `btc-engine calibrate-market`. */
export function loadParams(path: string): SyntheticParams {
  let obj: unknown;
  try {
    obj = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new UsageError(`cannot read synthetic-market parameters ${path}: ${(err as Error).message}`);
  }
  return checkParams(obj, path);
}

/** Index of the queue-size bucket of `qtyLots` (0 = empty level). */
export function bucketOf(edgesLots: readonly number[], qtyLots: number): number {
  let b = 0;
  while (b + 1 < edgesLots.length && qtyLots >= edgesLots[b + 1]) b++;
  return b;
}
