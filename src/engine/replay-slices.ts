/**
 * Replay feeds its input to the book pipeline a slice at a time and ticks each
 * slice's rows before parsing the next. The venue copies every record the kernel
 * applies and replays it when its row is ticked, so records and rows wait in memory
 * for one slice: a slice of SLICE_BYTES keeps both buffers small enough to stay in
 * cache and to be reused, whatever the input's chunk size (a whole file in the
 * benchmark), at the price of more, smaller predict calls. Where slices fall does
 * not change a trade (test/engine/replay-slices.test.ts).
 */

/** Most input bytes (whole lines) parsed before their rows are ticked. */
export const SLICE_BYTES = 1 << 20;

/**
 * End of the slice of `bytes` that starts at `pos`: at most SLICE_BYTES of whole
 * lines (a longer line is a slice of its own), or the rest of the chunk.
 */
export function sliceEnd(bytes: Uint8Array, pos: number): number {
  if (bytes.length - pos <= SLICE_BYTES) return bytes.length;
  const nl = bytes.lastIndexOf(10, pos + SLICE_BYTES - 1);
  if (nl >= pos) return nl + 1;
  const next = bytes.indexOf(10, pos + SLICE_BYTES);
  return next < 0 ? bytes.length : next + 1;
}
