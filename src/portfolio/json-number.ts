/**
 * JSON has no NaN or ±Infinity (JSON.stringify writes them as null). Snapshots
 * store "not known" numbers (a NaN arrival mid, no mark yet) as null and read
 * them back as NaN, so a snapshot survives a JSON round trip unchanged.
 */

/** A number as stored in a JSON snapshot: finite, or null for NaN / ±Infinity. */
export type JsonNumber = number | null;

/** NaN and ±Infinity become null. */
export function toJsonNumber(x: number): JsonNumber {
  return Number.isFinite(x) ? x : null;
}

/** null (or a missing field) becomes NaN. */
export function fromJsonNumber(x: JsonNumber | undefined): number {
  return x === null || x === undefined ? NaN : x;
}
