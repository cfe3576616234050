/**
 * Feature rows copied out of the kernel's output (which the next batch
 * overwrites) until the trading loop has ticked them: one input chunk's rows at a
 * time in replay, a few rows live. Grows by doubling; never shrinks.
 */
export class RowBuffer {
  rows: Float64Array;
  count = 0;

  constructor(readonly stride: number, initialRows = 4096) {
    this.rows = new Float64Array(stride * initialRows);
  }

  push(src: Float64Array, n: number): void {
    const need = (this.count + n) * this.stride;
    if (need > this.rows.length) {
      const grown = new Float64Array(Math.max(need, this.rows.length * 2));
      grown.set(this.rows.subarray(0, this.count * this.stride));
      this.rows = grown;
    }
    this.rows.set(src.subarray(0, n * this.stride), this.count * this.stride);
    this.count += n;
  }

  clear(): void {
    this.count = 0;
  }
}
