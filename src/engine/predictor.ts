/**
 * Predictions per horizon for a batch of feature rows: the model's (onnxruntime,
 * src/model/infer.ts) or the documented stand-in rule. One call per batch, so the
 * onnxruntime crossing is paid once per batch, not per row; each row's
 * prediction depends on that row only, so batching changes nothing causal.
 */
import { join } from 'node:path';
import { ModelError } from '../errors.js';
import { ModelRunner } from '../model/infer.js';
import { PROJECT_ROOT } from '../native/load.js';
import { FEATURE_INDEX } from '../features/registry.js';
import { ROW_FEATURES } from '../layout/feature-row.js';
import { horizonKey } from '../model/horizons.js';

export interface Predictor {
  /** Horizon names, the order of the prediction arrays. */
  readonly horizons: readonly string[];
  /** What produces the predictions, for reports ("rule:microprice", "model:DIR"). */
  readonly source: string;
  /** Rows [0, n) of `rows` (stride `stride`) → one Float64Array of n bps values per horizon. */
  predict(rows: Float64Array, n: number, stride: number): Promise<Float64Array[]>;
  /** The same without a promise, where the predictor can (the live path saves an event-loop hop). */
  predictSync?(rows: Float64Array, n: number, stride: number): Float64Array[];
  close(): Promise<void>;
}

const IMB_1 = ROW_FEATURES + FEATURE_INDEX.imb_1!;

/**
 * The stand-in until a model is trained: the touch imbalance imb_1 =
 * (bid_qty_1 − ask_qty_1) / (bid_qty_1 + ask_qty_1), scaled to bps by
 * `bpsPerImbalance`, as the prediction of every horizon. Queue imbalance is the
 * best-documented short-horizon predictor of the next mid move (Cartea, Donnelly
 * & Jaimungal 2018; Gould & Bonart 2016), which makes it an honest baseline; it
 * is not a claim of edge after fees (docs/EXECUTION.md has the measured costs).
 */
export class RulePredictor implements Predictor {
  readonly source = 'rule:imb_1';
  private out = new Float64Array(256);
  private readonly perHorizon: Float64Array[];

  constructor(readonly horizons: readonly string[], private readonly bpsPerImbalance: number) {
    this.perHorizon = horizons.map(() => this.out);
  }

  async predict(rows: Float64Array, n: number, stride: number): Promise<Float64Array[]> {
    return this.predictSync(rows, n, stride);
  }

  /** The arrays are reused by the next call: callers consume them before predicting again. */
  predictSync(rows: Float64Array, n: number, stride: number): Float64Array[] {
    if (this.out.length < n) this.out = new Float64Array(Math.max(n, 2 * this.out.length));
    const p = this.out.subarray(0, n);
    for (let i = 0; i < n; i++) p[i] = rows[i * stride + IMB_1] * this.bpsPerImbalance;
    this.perHorizon.fill(p);
    return this.perHorizon;
  }

  async close(): Promise<void> {}
}

/**
 * The model `decision.source: model` uses when `model.dir` is not set: the one
 * shipped in the package's models/default (made by scripts/train-default-model.mjs,
 * models/README.md). Found from the package root, so it is the same model
 * whatever the working directory; a `model.dir` that is set is used as given
 * (relative to the working directory, like --model).
 */
export const DEFAULT_MODEL_DIR = join(PROJECT_ROOT, 'models', 'default');
/** How the shipped model is named in reports and the status line (not the absolute path). */
export const DEFAULT_MODEL_LABEL = 'models/default';

/** A trained model: feature columns are copied out of the rows (the model's input is the features only). */
export class ModelPredictor implements Predictor {
  readonly horizons: readonly string[];
  readonly source: string;
  private x = new Float64Array(0);

  private constructor(private readonly runner: ModelRunner, label: string) {
    this.horizons = runner.manifest.horizonsMs.map(horizonKey);
    this.source = `model:${label}`;
  }

  /** The model's manifest (features, horizons, training data, metrics). */
  get manifest(): ModelRunner['manifest'] {
    return this.runner.manifest;
  }

  /** Opens the model in `dir` against the running feature columns (clear error when they differ). */
  static async open(dir: string, names: readonly string[], featureSetVersion: number, label = dir): Promise<ModelPredictor> {
    return new ModelPredictor(await ModelRunner.open(dir, { names, featureSetVersion }), label);
  }

  async predict(rows: Float64Array, n: number, stride: number): Promise<Float64Array[]> {
    const w = this.runner.width;
    if (this.x.length < n * w) this.x = new Float64Array(n * w);
    for (let i = 0; i < n; i++) this.x.set(rows.subarray(i * stride + ROW_FEATURES, i * stride + ROW_FEATURES + w), i * w);
    return this.runner.predict(this.x, n);
  }

  async close(): Promise<void> {
    await this.runner.close();
  }
}

/**
 * Opens the model of `decision.source: model`: `dir` (config model.dir) when set,
 * else the shipped default. Nothing falls back silently: a missing model, or one
 * that does not fit the running feature set (extended or HHT columns switched on,
 * another feature-set version), is a ModelError naming every problem, followed by
 * the ways out.
 */
export async function openModelPredictor(dir: string | undefined, names: readonly string[], featureSetVersion: number): Promise<ModelPredictor> {
  try {
    return await ModelPredictor.open(dir ?? DEFAULT_MODEL_DIR, names, featureSetVersion, dir ?? DEFAULT_MODEL_LABEL);
  } catch (err) {
    if (!(err instanceof ModelError)) throw err;
    const which = dir === undefined
      ? `decision.source is "model" and model.dir is not set, so the model shipped in ${DEFAULT_MODEL_DIR} was opened. ` +
        'Rebuild it with `node scripts/train-default-model.mjs` (models/README.md), point model.dir (BTC_ENGINE_MODEL_DIR) at another model, ' +
        'or set decision.source: rule (BTC_ENGINE_DECISION_SOURCE=rule) for the stand-in imbalance rule'
      : `decision.source is "model" with model.dir ${dir}. Point model.dir (BTC_ENGINE_MODEL_DIR) at a model trained on this feature set, ` +
        'or set decision.source: rule (BTC_ENGINE_DECISION_SOURCE=rule) for the stand-in imbalance rule';
    throw new ModelError(`${err.message}\n${which}`);
  }
}
