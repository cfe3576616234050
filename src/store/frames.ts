/**
 * Input lines → raw frames: what `raw` stores for exact replay. A frame is a
 * non-empty line without its newline, CR and leading blanks; a valid receive-time
 * prefix (12–19 digits then a blank, the parser's rule: 12–14 ms, 15–17 µs, 18–19
 * ns) is split off into nanoseconds. A line whose prefix is not valid is kept whole
 * with no receive time, so replaying it meets the same rejection as the original.
 */
import { NO_RECEIVE_TIME } from './layout.js';

/** One frame inside a chunk of lines. */
export interface FrameSpan {
  localTsNs: bigint;
  /** Byte range of the frame in the chunk. */
  start: number;
  end: number;
}

const I64_MAX = (1n << 63n) - 1n;

/**
 * Reads lines of bytes[pos, end) until `maxFrames` frames were found, appending
 * their spans to `out`; returns the offset after the last line read.
 */
export function takeFrames(bytes: Uint8Array, pos: number, end: number, maxFrames: number, out: FrameSpan[]): number {
  let found = 0;
  while (pos < end && found < maxFrames) {
    let nl = bytes.indexOf(10, pos);
    if (nl < 0 || nl >= end) nl = end;
    if (lineFrame(bytes, pos, nl, out)) found++;
    pos = nl + 1;
  }
  return Math.min(pos, end);
}

/** Adds the frame of line bytes[s, e) to `out`; false for a blank line. */
function lineFrame(bytes: Uint8Array, s: number, e: number, out: FrameSpan[]): boolean {
  if (e > s && bytes[e - 1] === 13) e--;
  while (s < e && isBlank(bytes[s])) s++;
  if (s === e) return false;
  let j = s;
  while (j < e && bytes[j] >= 48 && bytes[j] <= 57) j++;
  const digits = j - s;
  if (digits >= 12 && digits <= 19 && j < e && isBlank(bytes[j])) {
    const scale = digits >= 18 ? 1n : digits >= 15 ? 1_000n : 1_000_000n;
    const ns = BigInt(Buffer.from(bytes.buffer, bytes.byteOffset + s, digits).toString('latin1')) * scale;
    let f = j;
    while (f < e && isBlank(bytes[f])) f++;
    if (ns <= I64_MAX && f < e) {
      out.push({ localTsNs: ns, start: f, end: e });
      return true;
    }
  }
  out.push({ localTsNs: NO_RECEIVE_TIME, start: s, end: e });
  return true;
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}
