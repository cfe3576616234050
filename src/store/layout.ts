/**
 * Byte layouts of the store's keys and binary values (docs/STORE.md). Keys are
 * big-endian so LMDB's byte order is time order; values are little-endian, the
 * layout the kernels write, so a feature row goes in and out without conversion.
 *
 *   l2_features key   [ exchTsMs u64 BE | updateId u64 BE ]                 16 B
 *   l2_features value [ exchTsMs, u, book_flags, features… ] f64 LE         8 × rowStride B
 *   raw key           [ sourceNo u32 BE | frameNo u64 BE ]                   12 B
 *   raw value         [ localTsNs i64 LE (-1: none) | frame bytes (UTF-8) ]  8 + n B
 */
import { ROW_TS_MS, ROW_U } from '../layout/feature-row.js';

export const FEATURE_KEY_BYTES = 16;
export const RAW_KEY_BYTES = 12;
/** Bytes before the frame in a raw value. */
export const RAW_HEAD_BYTES = 8;
/** Receive time of a frame recorded without one. */
export const NO_RECEIVE_TIME = -1n;
/** Digits of a receive-time prefix written back by an export (ns, zero-padded: never mistaken for ms or µs). */
export const RECEIVE_TIME_DIGITS = 19;

const TWO_32 = 2 ** 32;

/** Writes `v` (an integer in [0, 2^53)) as a big-endian u64 at `off`. */
function putU64(b: Uint8Array, off: number, v: number): void {
  const hi = Math.floor(v / TWO_32);
  const lo = v - hi * TWO_32;
  b[off] = hi >>> 24; b[off + 1] = hi >>> 16; b[off + 2] = hi >>> 8; b[off + 3] = hi;
  b[off + 4] = lo >>> 24; b[off + 5] = lo >>> 16; b[off + 6] = lo >>> 8; b[off + 7] = lo;
}

function getU64(b: Uint8Array, off: number): number {
  const hi = ((b[off] << 24) | (b[off + 1] << 16) | (b[off + 2] << 8) | b[off + 3]) >>> 0;
  const lo = ((b[off + 4] << 24) | (b[off + 5] << 16) | (b[off + 6] << 8) | b[off + 7]) >>> 0;
  return hi * TWO_32 + lo;
}

/** True for the integers a key can hold exactly (exchange ms, update ids). */
export function isKeyInteger(v: number): boolean {
  return Number.isSafeInteger(v) && v >= 0;
}

/** Writes the l2_features key of (exchTsMs, updateId) into `out` (16 bytes) and returns it. */
export function writeFeatureKey(out: Uint8Array, exchTsMs: number, updateId: number): Uint8Array {
  putU64(out, 0, exchTsMs);
  putU64(out, 8, updateId);
  return out;
}

/** A new l2_features key. */
export function featureKey(exchTsMs: number, updateId: number): Buffer {
  return writeFeatureKey(Buffer.allocUnsafe(FEATURE_KEY_BYTES), exchTsMs, updateId) as Buffer;
}

/** Decodes an l2_features key. */
export function readFeatureKey(key: Uint8Array): { exchTsMs: number; updateId: number } {
  return { exchTsMs: getU64(key, 0), updateId: getU64(key, 8) };
}

/** The key of the feature row starting at `row[b]`. */
export function rowKey(out: Uint8Array, row: Float64Array, b: number): Uint8Array {
  return writeFeatureKey(out, row[b + ROW_TS_MS], row[b + ROW_U]);
}

/** Compares two keys as LMDB does (bytewise); <0, 0, >0. */
export function compareKeys(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/** A new raw key. */
export function rawKey(sourceNo: number, frameNo: number): Buffer {
  const k = Buffer.allocUnsafe(RAW_KEY_BYTES);
  k.writeUInt32BE(sourceNo, 0);
  putU64(k, 4, frameNo);
  return k;
}

/** Decodes a raw key. */
export function readRawKey(key: Uint8Array): { sourceNo: number; frameNo: number } {
  const sourceNo = ((key[0] << 24) | (key[1] << 16) | (key[2] << 8) | key[3]) >>> 0;
  return { sourceNo, frameNo: getU64(key, 4) };
}

/** A raw value: receive time then the frame as received. */
export function encodeRawValue(localTsNs: bigint, frame: Uint8Array): Buffer {
  const v = Buffer.allocUnsafe(RAW_HEAD_BYTES + frame.length);
  v.writeBigInt64LE(localTsNs, 0);
  v.set(frame, RAW_HEAD_BYTES);
  return v;
}

/** The receive time of a raw value (NO_RECEIVE_TIME when the frame had none). */
export function rawReceiveTime(value: Uint8Array): bigint {
  return Buffer.from(value.buffer, value.byteOffset, RAW_HEAD_BYTES).readBigInt64LE(0);
}

/**
 * The recording line a raw value replays as (no newline): `<receive ns, 19 digits> <frame>`,
 * or the frame alone. The parser reads it exactly as it read the original line.
 */
export function rawLine(value: Uint8Array): Buffer {
  const frame = value.subarray(RAW_HEAD_BYTES);
  const ts = rawReceiveTime(value);
  if (ts === NO_RECEIVE_TIME) return Buffer.from(frame.buffer, frame.byteOffset, frame.length);
  const prefix = `${ts.toString().padStart(RECEIVE_TIME_DIGITS, '0')} `;
  const line = Buffer.allocUnsafe(prefix.length + frame.length);
  line.write(prefix, 0, 'latin1');
  line.set(frame, prefix.length);
  return line;
}
