/**
 * Text formatting of feature rows (src/layout/feature-row.ts), shared by
 * `btc-engine features` and `btc-engine store export` so both write the same
 * bytes: CSV header `ts,u,book_flags,<names>`, NaN as an empty CSV cell or JSON
 * `null`, numbers as JavaScript prints them (shortest round-trip form).
 */
import { ROW_FEATURES, ROW_FLAGS, ROW_TS_MS, ROW_U } from '../layout/feature-row.js';

/** The CSV header line for rows whose columns after ts, u, book_flags are `names`. */
export function csvHeader(names: readonly string[]): string {
  return `ts,u,book_flags,${names.join(',')}`;
}

/** The row starting at r[b] as one CSV line (no newline). */
export function csvRow(r: Float64Array, b: number, names: readonly string[]): string {
  let s = `${r[b + ROW_TS_MS]},${r[b + ROW_U]},${r[b + ROW_FLAGS]}`;
  for (let k = 0; k < names.length; k++) {
    const v = r[b + ROW_FEATURES + k];
    s += Number.isNaN(v) ? ',' : `,${v}`;
  }
  return s;
}

/** The row starting at r[b] as one JSON object line (no newline). */
export function jsonRow(r: Float64Array, b: number, names: readonly string[]): string {
  let s = `{"ts":${r[b + ROW_TS_MS]},"u":${r[b + ROW_U]},"book_flags":${r[b + ROW_FLAGS]}`;
  for (let k = 0; k < names.length; k++) {
    const v = r[b + ROW_FEATURES + k];
    s += `,"${names[k]}":${Number.isFinite(v) ? v : 'null'}`;
  }
  return s + '}';
}

/** The formatter of `format`. */
export function rowFormatter(format: 'csv' | 'jsonl'): (r: Float64Array, b: number, names: readonly string[]) => string {
  return format === 'csv' ? csvRow : jsonRow;
}
