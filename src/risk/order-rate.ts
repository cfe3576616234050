/**
 * Rolling order-rate window: the last `capacity` send times in a ring. An
 * order sent at t counts while nowMs − t < windowMs, so the window is
 * (nowMs − windowMs, nowMs]. A new order would exceed the limit iff the ring
 * is full and its oldest time is still inside the window. O(1) per call.
 */

/** Send times of the last `capacity` orders. */
export class OrderRateWindow {
  private readonly timesMs: Float64Array;
  private head = 0;
  private count = 0;

  constructor(readonly capacity: number, readonly windowMs = 60_000) {
    if (!(Number.isInteger(capacity) && capacity >= 1)) throw new RangeError(`order-rate capacity must be an integer ≥ 1, was ${capacity}`);
    this.timesMs = new Float64Array(capacity);
  }

  /** An order was sent at `tsMs` (non-decreasing). */
  record(tsMs: number): void {
    this.timesMs[this.head] = tsMs;
    this.head = (this.head + 1) % this.capacity;
    if (this.count < this.capacity) this.count++;
  }

  /** True when one more order at `nowMs` would make more than `capacity` in the window. */
  full(nowMs: number): boolean {
    return this.count === this.capacity && nowMs - this.timesMs[this.head]! < this.windowMs;
  }

  /** Orders sent within the window ending at `nowMs` (up to capacity). */
  inWindow(nowMs: number): number {
    let n = 0;
    for (const t of this.times()) if (nowMs - t < this.windowMs) n++;
    return n;
  }

  /** Stored send times, oldest first. */
  times(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.count; i++) out.push(this.timesMs[(this.head - this.count + i + this.capacity) % this.capacity]!);
    return out;
  }
}
