/**
 * The HHT reference vectors in ../shared/hht-vectors (HHT.md §5), loaded and
 * typed. A missing folder, an empty one or a file without the expected fields
 * fails loudly: these tests must never pass by finding nothing to check.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EmdKernelOptions } from '../../src/hht/kernel.js';
import { emdOptionsFromSettings, vectorSettingsOf } from '../../src/hht/vector-settings.js';
import { PROJECT_ROOT } from '../../src/native/load.js';

export const HHT_VECTOR_DIR = join(PROJECT_ROOT, '..', 'shared', 'hht-vectors');

/** One reference decomposition (fields as written by the generator). */
export interface HhtVector {
  file: string;
  name: string;
  N: number;
  generator: string;
  input: number[];
  input_sha256_of_float64_le: string;
  n_imfs: number;
  sift_iterations_per_imf: number[];
  imfs: number[][];
  residue: number[];
  first_sift: {
    max_idx: number[];
    min_idx: number[];
    n_zero_crossings: number;
    mirrored_max_t: number[];
    mirrored_max_v: number[];
    mirrored_min_t: number[];
    mirrored_min_v: number[];
    upper_env: number[];
    lower_env: number[];
    h1: number[];
  };
  hilbert: Array<{ amplitude: number[]; phase_unwrapped: number[]; inst_freq_cycles_per_sample: number[] }>;
  /** The EMD options of the PyEMD settings the vector was made with (`reference.settings`; {} = defaults). */
  options: EmdKernelOptions;
}

/** Every *.json in the vector folder, sorted by name; throws when there is none. */
export function loadHhtVectors(): HhtVector[] {
  if (!existsSync(HHT_VECTOR_DIR)) throw new Error(`HHT reference vectors ${HHT_VECTOR_DIR} are missing: clone the project with ../shared beside it`);
  const files = readdirSync(HHT_VECTOR_DIR).filter((f) => f.endsWith('.json')).sort();
  if (files.length === 0) throw new Error(`no *.json reference vectors in ${HHT_VECTOR_DIR}`);
  return files.map((file) => {
    const v = JSON.parse(readFileSync(join(HHT_VECTOR_DIR, file), 'utf8')) as HhtVector;
    for (const key of ['input', 'imfs', 'residue', 'first_sift', 'hilbert', 'sift_iterations_per_imf'] as const) {
      if (v[key] === undefined) throw new Error(`${file} has no field ${key}`);
    }
    if (v.input.length !== v.N) throw new Error(`${file}: input has ${v.input.length} samples, N is ${v.N}`);
    return { ...v, file, options: emdOptionsFromSettings(vectorSettingsOf(v), file) };
  });
}

/** Population standard deviation (numpy's default, ddof = 0): the scale of the tolerances. */
export function stdOf(x: ArrayLike<number>): number {
  let mean = 0;
  for (let i = 0; i < x.length; i++) mean += x[i]!;
  mean /= x.length;
  let ss = 0;
  for (let i = 0; i < x.length; i++) ss += (x[i]! - mean) ** 2;
  return Math.sqrt(ss / x.length);
}

/** max_i |a[i] − b[i]| over the common length (lengths must match). */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>, from = 0, to = a.length): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let worst = 0;
  for (let i = from; i < to; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    if (!(d <= worst)) worst = d; // NaN becomes the worst
  }
  return worst;
}
