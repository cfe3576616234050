/**
 * The fixed-clock mid-price sampler that feeds HHT (docs/HHT.md "Sampler").
 *
 * Grid times are the multiples of `sampleMs` in exchange milliseconds (row `ts`).
 * The sample at grid time g is the last valid mid of a row with ts ≤ g
 * (sample-and-hold). Grid time g is *closed* — its sample final — only when a row
 * with ts > g arrives, so a row at ts t can use every grid time < t and nothing
 * later: messages that share t's millisecond can never leak into the row's window.
 *
 * Invalid books (NaN mid: an empty side, a crossed book, a gap awaiting its
 * snapshot) do not change the held mid; the grid keeps carrying the last valid one.
 * Grid times before the first valid mid have no sample. A row whose ts is below
 * the previous row's is read at the previous ts (the clock never runs backwards).
 * Cost: O(1) per row plus O(1) per grid time closed.
 */

/** Receives each closed grid time (exchange ms) and its sample (USD). */
export type SampleSink = (gridMs: number, mid: number) => void;

export class GridSampler {
  /** Samples emitted so far (the index the next one gets). */
  samples = 0;
  private heldMid = NaN;
  private nextGridMs = NaN;
  private lastTsMs = -Infinity;

  constructor(readonly sampleMs: number) {
    if (!Number.isInteger(sampleMs) || sampleMs < 1) throw new RangeError(`HHT sampleMs must be a positive integer, was ${sampleMs}`);
  }

  /** Grid time of the last closed sample (NaN before the first). */
  get lastGridMs(): number {
    return this.samples === 0 ? NaN : this.nextGridMs - this.sampleMs;
  }

  /**
   * One feature row: closes every grid time g < tsMs (emitting its sample), then
   * holds `mid` if it is a valid price. Returns the number of samples emitted.
   */
  push(tsMs: number, mid: number, emit: SampleSink): number {
    const t = tsMs > this.lastTsMs ? tsMs : this.lastTsMs;
    this.lastTsMs = t;
    let emitted = 0;
    if (!Number.isNaN(this.heldMid)) {
      for (let g = this.nextGridMs; g < t; g += this.sampleMs) {
        emit(g, this.heldMid);
        emitted++;
        this.nextGridMs = g + this.sampleMs;
      }
    }
    if (Number.isFinite(mid) && mid > 0) {
      // The first valid mid is sampled from the first grid time at or after it.
      if (Number.isNaN(this.heldMid)) this.nextGridMs = Math.ceil(t / this.sampleMs) * this.sampleMs;
      this.heldMid = mid;
    }
    this.samples += emitted;
    return emitted;
  }
}
