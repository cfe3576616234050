/**
 * Inference with onnxruntime-node. Opening a model checks, before anything runs:
 * the manifest reads and is of a known format; the ONNX file is the one the
 * manifest was written for (sha256); the running feature set is exactly the
 * model's input (src/model/feature-check.ts): a ModelError naming every problem
 * otherwise.
 *
 * The session runs on one intra-op thread: the engine calls it one row (or one
 * batch) at a time from its own worker, and one thread gives the lowest latency
 * per call and a fixed summation order. Input rows are passed to onnxruntime
 * without a copy (a Tensor over the caller's Float64Array).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { modelErrors } from '../errors.js';
import { featureSetProblems, type FeatureSet } from './feature-check.js';
import { ONNX_FILE, readManifest, type ModelManifest } from './manifest.js';

export interface RunnerOptions {
  /** onnxruntime intra-op threads (default 1). */
  threads?: number;
}

/** A loaded model: its manifest and an onnxruntime session. */
export class ModelRunner {
  /** The ONNX output of each horizon, in manifest order. */
  readonly outputs: string[];
  readonly width: number;

  private constructor(readonly dir: string, readonly manifest: ModelManifest, private readonly session: ort.InferenceSession) {
    this.outputs = manifest.onnx.outputs.map((o) => o.name);
    this.width = manifest.features.names.length;
  }

  /** Opens the model in `dir` for a process whose feature rows are `running`. */
  static async open(dir: string, running: FeatureSet, o: RunnerOptions = {}): Promise<ModelRunner> {
    const manifest = readManifest(dir);
    const problems = featureSetProblems(manifest.features, running);
    if (problems.length > 0) throw modelErrors.featureSet(dir, problems);
    let bytes: Buffer;
    try {
      bytes = readFileSync(join(dir, manifest.onnx.file ?? ONNX_FILE));
    } catch (err) {
      throw modelErrors.missingFile(dir, manifest.onnx.file ?? ONNX_FILE, (err as Error).message);
    }
    if (createHash('sha256').update(bytes).digest('hex') !== manifest.onnx.sha256) throw modelErrors.onnxChanged(dir, manifest.onnx.file);
    const threads = o.threads ?? 1;
    const session = await ort.InferenceSession.create(bytes, {
      intraOpNumThreads: threads, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all',
    });
    return new ModelRunner(dir, manifest, session);
  }

  /**
   * Predictions for n rows of x (row-major f64, the manifest's columns in order):
   * one Float64Array of n values per horizon (bps), in manifest order.
   */
  async predict(x: Float64Array, n: number): Promise<Float64Array[]> {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`rows must be a positive integer, was ${n}`);
    if (x.length < n * this.width) throw new RangeError(`${n} rows of ${this.width} features need ${n * this.width} values, the array holds ${x.length}`);
    const input = new ort.Tensor('float64', x.subarray(0, n * this.width), [n, this.width]);
    const out = await this.session.run({ [this.manifest.onnx.input.name]: input });
    return this.outputs.map((name) => out[name].data as Float64Array);
  }

  /** Releases the session. */
  async close(): Promise<void> {
    await this.session.release();
  }
}
