/**
 * Prediction horizons: parsed from text such as "1s", "10s", "500ms", "2m" into
 * milliseconds of exchange time, and the names derived from them (the label
 * column of l2_training_data, the ONNX output, the key of the evaluate report).
 */
import { labelName } from '../store/training.js';

export { labelName };

/** The default horizons (DESIGN.md §5): 1 s, 10 s, 60 s. */
export const DEFAULT_HORIZONS = ['1s', '10s', '60s'] as const;

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** "10s" → 10000. Integer milliseconds only; a bad text is a RangeError naming it. */
export function parseHorizon(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)\s*$/.exec(text);
  const ms = m ? Number(m[1]) * UNIT_MS[m[2]] : NaN;
  if (!Number.isSafeInteger(ms) || ms <= 0) {
    throw new RangeError(`a horizon is a positive duration such as 500ms, 1s, 10s, 2m (whole milliseconds), was "${text}"`);
  }
  return ms;
}

/** "1s,10s,60s" (or a list of such texts) → [1000, 10000, 60000]: distinct, ascending. */
export function parseHorizons(list: string | readonly string[]): number[] {
  const parts = (typeof list === 'string' ? list.split(',') : list).filter((s) => s.trim() !== '');
  const ms = parts.map(parseHorizon);
  if (ms.length === 0) throw new RangeError('at least one horizon is needed, was none');
  if (new Set(ms).size !== ms.length) throw new RangeError(`horizons must be distinct, was ${parts.join(',')}`);
  return ms.sort((a, b) => a - b);
}

/** 1000 → "1s", 60000 → "60s", 250 → "250ms": the key of a horizon in reports and manifests. */
export function horizonKey(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/** The ONNX output of a horizon: predicted mid-price log return over it, in bps. */
export function predictionName(ms: number): string {
  return `pred_logret_${ms}ms`;
}
