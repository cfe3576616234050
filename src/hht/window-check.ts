/** The input check every HHT backend makes before decomposing (one message for all three). */

/** Throws a RangeError unless 3 <= x.length <= capacity and every sample is finite. */
export function checkWindow(x: Float64Array, capacity: number): void {
  if (x.length < 3) throw new RangeError(`an HHT window needs at least 3 samples, has ${x.length}`);
  if (x.length > capacity) throw new RangeError(`an HHT window of ${x.length} samples exceeds this kernel's capacity ${capacity}`);
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) throw new RangeError(`HHT input sample ${i} is not finite (${x[i]})`);
  }
}
