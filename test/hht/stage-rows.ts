/**
 * Synthetic feature rows for the HHT stage tests: core-stride rows whose only
 * meaningful columns are ts (ms) and mid_px (USD), from a tick-rounded random
 * walk on an irregular clock that has everything the sampler must get right:
 * several rows per millisecond, rows exactly on grid times, invalid books (NaN
 * mid), and a silence longer than the shared sample ring.
 */
import { FEATURE_INDEX } from '../../src/features/registry.js';
import { Lcg } from '../../src/hht/test-signals.js';
import type { HhtJoin } from '../../src/hht/stage.js';
import { ROW_FEATURES, ROW_STRIDE, ROW_TS_MS, ROW_U } from '../../src/layout/feature-row.js';

export const MID_COL = ROW_FEATURES + FEATURE_INDEX.mid_px!;

/** `count` rows starting at t0 (ms); rows 1000…1009 have an invalid book; a 90 s silence after row 1500. */
export function syntheticRows(count: number, seed = 11, t0 = 1_700_000_000_000): Float64Array {
  const rng = new Lcg(seed);
  const rows = new Float64Array(count * ROW_STRIDE).fill(NaN);
  let t = t0, mid = 30_000;
  for (let i = 0; i < count; i++) {
    const u = rng.uniform();
    // A third of the rows share the previous row's millisecond; the rest come 1–250 ms later.
    if (i > 0) t += u < 0.33 ? 0 : 1 + Math.floor(rng.uniform() * 250);
    if (i === 1500) t += 90_000;
    if (i % 50 === 7) t = Math.ceil(t / 100) * 100; // exactly on a grid time
    mid = Math.round((mid + 0.4 * rng.gauss()) * 20) / 20;
    const b = i * ROW_STRIDE;
    rows[b + ROW_TS_MS] = t;
    rows[b + ROW_U] = i + 1;
    rows[b + MID_COL] = i >= 1000 && i < 1010 ? NaN : mid;
  }
  return rows;
}

/** Feeds rows [0, count) through a join in batches of the given sizes (cycled) and returns every output row. */
export function joinAll(join: HhtJoin, rows: Float64Array, count: number, batches: readonly number[] = [1, 7, 300, 64, 3]): Float64Array {
  const out = new Float64Array(count * join.outStride);
  for (let at = 0, b = 0; at < count; b++) {
    const n = Math.min(batches[b % batches.length]!, count - at);
    const r = join.join(rows.subarray(at * ROW_STRIDE, (at + n) * ROW_STRIDE), n);
    out.set(r.subarray(0, n * join.outStride), at * join.outStride);
    at += n;
  }
  return out;
}

/** Index of the first value where a and b differ (Object.is, so NaN equals NaN and 0 ≠ −0), or −1. */
export function firstDifference(a: Float64Array, b: Float64Array, length = Math.max(a.length, b.length)): number {
  for (let i = 0; i < length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}
