/**
 * The manifest beside each model's ONNX file (`manifest.json` next to
 * `model.onnx` in the model directory): what the graph takes and gives, what it
 * was trained on and how, and how it did out of sample. It holds no wall-clock
 * time, so the same training run writes the same bytes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { modelErrors } from '../errors.js';
import type { Combine } from './ensemble.js';
import type { Metrics } from './metrics.js';

export const MANIFEST_FILE = 'manifest.json';
export const ONNX_FILE = 'model.onnx';
export const MANIFEST_FORMAT = 'btc-engine-model';
export const MANIFEST_VERSION = 1;

/** Metrics as JSON writes them (an undefined correlation, NaN, becomes null). */
export type JsonMetrics = { [K in keyof Metrics]: number | null };

/** The ridge baseline of a horizon, in raw units (src/model/ridge.ts), so `evaluate` can score it without the graph. */
export interface ManifestRidge {
  alpha: number;
  intercept: number;
  weight: number[];
  fill: number[];
  /** Raw-unit bounds each input is clipped to after the fill (absent: no clip, as in models before it existed). */
  clip?: { lo: number[]; hi: number[] };
}

export interface ManifestHorizon {
  horizonMs: number;
  /** The ONNX output carrying this horizon's prediction. */
  output: string;
  /** This horizon's parts (its labelled rows, in time order): rows and time span of each, the purge gap, rows purged. */
  split: { train: TimeSpan; valid: TimeSpan; test: TimeSpan; purgeMs: number; purgedRows: number };
  trees: number;
  leaves: number;
  maxDepth: number;
  roundsTrained: number;
  treeBase: number;
  /** `blend`'s weight on the trees (1 − it on ridge). */
  treeWeight: number;
  ridge: ManifestRidge;
  /** The bounds the training labels were winsorised to, bps (null: raw labels; absent in models before it existed). */
  labelClip?: { lo: number; hi: number } | null;
  /** The single feature with the largest |IC| on the training part, and the sign it is used with. */
  bestFeature: { name: string; sign: 1 | -1; trainIc: number | null };
  /** Out-of-sample (test part) metrics; null when the run had no test part. */
  test: { model: JsonMetrics; ridge: JsonMetrics; bestFeature: JsonMetrics } | null;
}

export interface TimeSpan { rows: number; firstTsMs: number | null; lastTsMs: number | null }

export interface ModelManifest {
  format: typeof MANIFEST_FORMAT;
  formatVersion: number;
  engine: string;
  onnx: {
    file: string;
    sha256: string;
    irVersion: number;
    opsets: Record<string, number>;
    input: { name: string; dtype: 'float64'; shape: [string, number] };
    outputs: Array<{ name: string; horizonMs: number; unit: 'bps'; dtype: 'float64'; shape: [string, number] }>;
  };
  features: { names: string[]; featureSetVersion: number; used: string[]; excluded: string[] };
  horizonsMs: number[];
  label: { definition: string; unit: 'bps' };
  training: {
    instrument: { exchange: string; market: string; symbol: string };
    sources: Array<{ sourceNo: number; digest: string; files: string[] }>;
    /** Every row the trainer was given (time-ordered; split per horizon, see horizons.*.split). */
    all: TimeSpan;
  };
  combine: Combine;
  hyperParameters: Record<string, unknown>;
  seed: number;
  horizons: Record<string, ManifestHorizon>;
}

/** Reads and checks the manifest of a model directory (a ModelError naming the problem). */
export function readManifest(dir: string): ModelManifest {
  const path = join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw modelErrors.missingFile(dir, MANIFEST_FILE, (err as Error).message);
  }
  let m: ModelManifest;
  try {
    m = JSON.parse(text) as ModelManifest;
  } catch (err) {
    throw modelErrors.badManifest(path, `not JSON (${(err as Error).message})`);
  }
  if (m?.format !== MANIFEST_FORMAT) throw modelErrors.badManifest(path, `format must be "${MANIFEST_FORMAT}", was ${JSON.stringify(m?.format)}`);
  if (m.formatVersion > MANIFEST_VERSION) throw modelErrors.badManifest(path, `format version ${m.formatVersion} is newer than this engine reads (${MANIFEST_VERSION}): upgrade btc-engine`);
  const names = m.features?.names;
  if (!Array.isArray(names) || names.some((n) => typeof n !== 'string')) throw modelErrors.badManifest(path, 'features.names must be a list of column names');
  if (!Array.isArray(m.horizonsMs) || m.horizonsMs.length === 0) throw modelErrors.badManifest(path, 'horizonsMs must list at least one horizon');
  if (m.onnx?.outputs?.length !== m.horizonsMs.length) throw modelErrors.badManifest(path, 'onnx.outputs must have one output per horizon');
  return m;
}
