/**
 * Latency models of the paper venue: order entry (engine → exchange) and response
 * (exchange → engine). All values in ms. A sampled model draws uniformly, with a
 * seeded PRNG, from latencies recorded against the real exchange, so one seed
 * replays the same latencies.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { paperErrors } from './errors.js';

/** One latency draw per call, ms >= 0. */
export interface LatencyModel {
  sampleMs(): number;
}

/** Latency settings as in config `venue.paper.entryLatency` / `responseLatency`. */
export interface LatencyConfig {
  readonly ms: number;
  readonly samplesFile?: string;
}

/** Always `ms`. */
export function constantLatency(ms: number): LatencyModel {
  if (!(Number.isFinite(ms) && ms >= 0)) throw paperErrors.badOption('latency ms', 'a finite number >= 0', ms);
  return { sampleMs: () => ms };
}

/**
 * mulberry32 (public-domain 32-bit generator): uniform in [0, 1), period 2^32.
 * Good enough to pick latency samples; not for anything statistical beyond that.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Draws uniformly from `samplesMs` (copied), seeded: same seed, same sequence. */
export function sampledLatency(samplesMs: readonly number[], seed: number): LatencyModel {
  if (samplesMs.length === 0) throw paperErrors.badOption('samplesMs', 'non-empty', '[]');
  if (!Number.isInteger(seed)) throw paperErrors.badOption('seed', 'an integer', seed);
  const s = Float64Array.from(samplesMs);
  for (let i = 0; i < s.length; i++) {
    if (!(Number.isFinite(s[i]) && s[i] >= 0)) throw paperErrors.badOption(`samplesMs[${i}]`, 'a finite number >= 0', s[i]);
  }
  const next = mulberry32(seed);
  return { sampleMs: () => s[Math.floor(next() * s.length)] };
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Reads recorded latencies in ms: a JSON array of numbers, or one number per line
 * (blank lines and lines starting with `#` are skipped). Throws a UsageError naming
 * the file and the line (or array element) of the first bad value.
 */
export function loadLatencySamples(path: string): number[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw paperErrors.samplesUnreadable(path, (e as Error).message);
  }
  const out = text.trimStart().startsWith('[') ? parseJsonSamples(path, text) : parseLineSamples(path, text);
  if (out.length === 0) throw paperErrors.samplesEmpty(path);
  return out;
}

function parseLineSamples(path: string, text: string): number[] {
  const out: number[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i].trim();
    if (t === '' || t.startsWith('#')) continue;
    const v = NUMBER.test(t) ? Number(t) : NaN;
    if (!(Number.isFinite(v) && v >= 0)) throw paperErrors.sampleInvalid(path, `line ${i + 1}`, t);
    out.push(v);
  }
  return out;
}

function parseJsonSamples(path: string, text: string): number[] {
  let arr: unknown;
  try {
    arr = JSON.parse(text);
  } catch (e) {
    throw paperErrors.samplesBadJson(path, (e as Error).message);
  }
  if (!Array.isArray(arr)) throw paperErrors.samplesBadJson(path, 'the top level is not an array');
  return arr.map((v: unknown, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      throw paperErrors.sampleInvalid(path, `element ${i} (line ${lineOfElement(text, i)})`, JSON.stringify(v) ?? String(v));
    }
    return v;
  });
}

/** 1-based line where the i-th top-level element of a JSON array of scalars starts (diagnostics only). */
function lineOfElement(text: string, i: number): number {
  const open = text.indexOf('[');
  let line = 1 + text.slice(0, open).split('\n').length - 1;
  let commas = 0;
  let inString = false;
  for (let k = open + 1; k < text.length; k++) {
    const ch = text[k];
    if (ch === '\n') { line++; continue; }
    if (inString) { if (ch === '"' && text[k - 1] !== '\\') inString = false; continue; }
    if (ch === ',') { commas++; continue; }
    if (commas === i && ch.trim() !== '') return line;
    if (ch === '"') inString = true;
  }
  return line;
}

/** The model config asks for: samples from `samplesFile` (relative to `baseDir`) when set, else constant `ms`. */
export function latencyFromConfig(cfg: LatencyConfig, seed: number, baseDir: string): LatencyModel {
  if (cfg.samplesFile === undefined) return constantLatency(cfg.ms);
  return sampledLatency(loadLatencySamples(resolve(baseDir, cfg.samplesFile)), seed);
}
