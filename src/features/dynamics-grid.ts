/**
 * The 100 ms calendar grid behind rv_<W>_bps (spec §2.5, C16). Grid points are
 * g = k·stepMs of exchange time. A boundary g is processed when the first event
 * (trade or book message) with t > g arrives, with the mid as of g: the state
 * after the last applied message with t <= g (NaN when that book was invalid or
 * there was none). Boundaries passed during a silence all get that same state.
 *
 * Each processed boundary j pushes one return r_j = 1e4·ln(m(g_j)/m(g_{j−1})),
 * marked invalid when either mid is NaN and for the very first boundary (it has no
 * predecessor). rv over W samples = sqrt(Σ r_j²) over the last W returns; NaN while
 * fewer than W returns exist or when any of them is invalid. The sum and the
 * invalid count are recomputed from the ring (oldest → newest) whenever a boundary
 * was pushed, so there is no running-sum drift and every backend can sum in the
 * same order; between boundaries the cached values are reused.
 */
export class RvGrid {
  private readonly cap: number;
  private readonly sq: Float64Array;
  private readonly bad: Uint8Array;
  /** Returns pushed so far (including the invalid first one). */
  private n = 0;
  /** Index k of the next unprocessed boundary; NaN before the first event. */
  private next = NaN;
  /** m(g_{j−1}); NaN when invalid or none. */
  private prevMid = NaN;
  private dirty = true;
  private readonly cache: number[];

  constructor(readonly stepMs: number, readonly windows: readonly number[]) {
    this.cap = Math.max(...windows);
    this.sq = new Float64Array(this.cap);
    this.bad = new Uint8Array(this.cap);
    this.cache = windows.map(() => NaN);
  }

  /**
   * An event at `tMs` arrives; `mid` is the mid before it (NaN if invalid). Processes
   * every boundary g < tMs not yet processed. The first event only fixes the grid
   * start: the first boundary is the first g >= its time (earlier ones have no state).
   */
  advance(tMs: number, mid: number): void {
    const step = this.stepMs;
    let kEnd = Math.ceil(tMs / step); // first k with k·step >= tMs
    while ((kEnd - 1) * step >= tMs) kEnd--;
    while (kEnd * step < tMs) kEnd++;
    if (Number.isNaN(this.next)) { this.next = kEnd; return; }
    let count = kEnd - this.next;
    if (count <= 0) return;
    this.next = kEnd;
    if (count > this.cap) {
      // Only the last `cap` returns can stay in the ring; the skipped ones are counted.
      const skip = count - this.cap;
      this.n += skip;
      this.prevMid = mid;
      count = this.cap;
    }
    for (let i = 0; i < count; i++) this.push(mid);
    this.dirty = true;
  }

  private push(mid: number): void {
    const slot = this.n % this.cap;
    const ok = this.n > 0 && !Number.isNaN(mid) && !Number.isNaN(this.prevMid);
    if (ok) {
      const r = 1e4 * Math.log(mid / this.prevMid);
      this.sq[slot] = r * r;
      this.bad[slot] = 0;
    } else {
      this.sq[slot] = 0;
      this.bad[slot] = 1;
    }
    this.prevMid = mid;
    this.n++;
  }

  /** rv over windows[k] samples (bps), NaN while not full or with an invalid return in it. */
  value(k: number): number {
    if (this.dirty) {
      for (let w = 0; w < this.windows.length; w++) this.cache[w] = this.compute(this.windows[w]);
      this.dirty = false;
    }
    return this.cache[k];
  }

  private compute(w: number): number {
    if (this.n < w) return NaN;
    let sum = 0;
    let bad = 0;
    for (let j = this.n - w; j < this.n; j++) {
      const slot = j % this.cap;
      sum += this.sq[slot];
      bad += this.bad[slot];
    }
    return bad > 0 ? NaN : Math.sqrt(Math.max(0, sum));
  }
}
