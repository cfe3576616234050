/**
 * Predictions per horizon for a batch of feature rows: the model's (onnxruntime,
 * src/model/infer.ts) or the documented stand-in rule. One call per batch, so the
 * onnxruntime crossing is paid once per batch, not per row; each row's
 * prediction depends on that row only, so batching changes nothing causal.
 */
import { ModelRunner } from '../model/infer.js';
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

/** A trained model: feature columns are copied out of the rows (the model's input is the features only). */
export class ModelPredictor implements Predictor {
  readonly horizons: readonly string[];
  readonly source: string;
  private x = new Float64Array(0);

  private constructor(private readonly runner: ModelRunner) {
    this.horizons = runner.manifest.horizonsMs.map(horizonKey);
    this.source = `model:${runner.dir}`;
  }

  /** Opens the model in `dir` against the running feature columns (clear error when they differ). */
  static async open(dir: string, names: readonly string[], featureSetVersion: number): Promise<ModelPredictor> {
    return new ModelPredictor(await ModelRunner.open(dir, { names, featureSetVersion }));
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
