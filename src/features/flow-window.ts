/**
 * Windowed sums of per-message OFI vectors over half-open windows (t − W, t] in
 * exchange time (spec §1, §2.3). One growable ring of (t, e[0..L)) entries in
 * integer lots, with one eviction pointer and one running sum per window: an
 * entry with t_entry ≤ now − W is evicted from that window. Sums of integers stay
 * exact (no drift) while below 2^53 lots.
 */
export class OfiWindows {
  private cap = 256;
  private times = new Float64Array(this.cap);
  private vals: Float64Array;
  /** Absolute sequence numbers: next entry, and each window's oldest entry. */
  private tail = 0;
  private readonly heads: number[];
  /** Running sums, window w at [w·L, (w+1)·L). */
  readonly sums: Float64Array;

  constructor(readonly levels: number, readonly windowsMs: readonly number[]) {
    this.vals = new Float64Array(this.cap * levels);
    this.heads = windowsMs.map(() => 0);
    this.sums = new Float64Array(windowsMs.length * levels);
  }

  /** Appends the OFI vector `e` (length `levels`) of a message at time `t`. */
  push(t: number, e: Float64Array): void {
    const L = this.levels;
    if (this.tail - this.oldest() === this.cap) this.grow();
    const slot = this.tail & (this.cap - 1);
    this.times[slot] = t;
    this.vals.set(e.subarray(0, L), slot * L);
    for (let w = 0; w < this.heads.length; w++) {
      for (let m = 0; m < L; m++) this.sums[w * L + m] += e[m];
    }
    this.tail++;
  }

  /** Evicts from every window the entries with t_entry ≤ now − W. */
  evict(now: number): void {
    const L = this.levels;
    const mask = this.cap - 1;
    for (let w = 0; w < this.heads.length; w++) {
      const limit = now - this.windowsMs[w];
      let h = this.heads[w];
      while (h < this.tail && this.times[h & mask] <= limit) {
        const o = (h & mask) * L;
        for (let m = 0; m < L; m++) this.sums[w * L + m] -= this.vals[o + m];
        h++;
      }
      this.heads[w] = h;
    }
  }

  /** Sum of level m (0-based) over window w, in lots. */
  sum(w: number, m: number): number {
    return this.sums[w * this.levels + m];
  }

  private oldest(): number {
    let o = this.tail;
    for (const h of this.heads) if (h < o) o = h;
    return o;
  }

  private grow(): void {
    const L = this.levels;
    const cap2 = this.cap * 2;
    const times = new Float64Array(cap2);
    const vals = new Float64Array(cap2 * L);
    for (let s = this.oldest(); s < this.tail; s++) {
      const a = s & (this.cap - 1);
      const b = s & (cap2 - 1);
      times[b] = this.times[a];
      vals.set(this.vals.subarray(a * L, a * L + L), b * L);
    }
    this.cap = cap2;
    this.times = times;
    this.vals = vals;
  }
}
