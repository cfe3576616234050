/**
 * Rolling-window rate limit for re-quotes: at most `maxPerWindow` in any
 * `windowMs` of engine time. A ring of the last `maxPerWindow` re-quote times;
 * a new one is allowed when the ring is not full or its oldest entry has left
 * the window. O(1) per call, no allocation after construction.
 */
export class RequoteLimiter {
  private readonly timesMs: Float64Array;
  private headIdx = 0;
  private count = 0;

  constructor(private readonly maxPerWindow: number, private readonly windowMs = 60_000) {
    if (!Number.isInteger(maxPerWindow) || maxPerWindow < 1) {
      throw new RangeError(`maxRequotesPerMin must be an integer >= 1, was ${maxPerWindow}`);
    }
    this.timesMs = new Float64Array(maxPerWindow);
  }

  /** True when a re-quote at `nowMs` stays within the limit. */
  allows(nowMs: number): boolean {
    return this.count < this.maxPerWindow || nowMs - this.timesMs[this.headIdx]! >= this.windowMs;
  }

  /** Records a re-quote at `nowMs` (call only when `allows(nowMs)`). */
  record(nowMs: number): void {
    if (this.count < this.maxPerWindow) {
      this.timesMs[(this.headIdx + this.count) % this.maxPerWindow] = nowMs;
      this.count++;
    } else {
      this.timesMs[this.headIdx] = nowMs;
      this.headIdx = (this.headIdx + 1) % this.maxPerWindow;
    }
  }
}
