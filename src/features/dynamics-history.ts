/**
 * As-of history for the dynamics features (docs/FEATURES.md "Dynamics"): a growable
 * ring of the valid rows (t, mid, spread_bps) and one monotone pointer per lag. The
 * as-of row for a lag L at time t is the LAST stored row with t_i <= t − L
 * (inclusive). Rows are pushed in stream order; exchange times are assumed
 * non-decreasing (a pointer never moves back). Rows older than every pointer are
 * dropped, so memory is bounded by the rows inside the longest lag.
 */
export class AsOfHistory {
  private cap = 1024;
  private mask = this.cap - 1;
  private t = new Float64Array(this.cap);
  private m = new Float64Array(this.cap);
  private s = new Float64Array(this.cap);
  /** Absolute index of the oldest stored row, and one past the newest. */
  private start = 0;
  private end = 0;
  /** Per lag: absolute index of the current as-of row, −1 while there is none. */
  private readonly ptr: number[];

  constructor(readonly lagsMs: readonly number[]) {
    this.ptr = lagsMs.map(() => -1);
  }

  get size(): number { return this.end - this.start; }

  push(tMs: number, mid: number, spreadBps: number): void {
    if (this.end - this.start === this.cap) this.grow();
    const i = this.end & this.mask;
    this.t[i] = tMs;
    this.m[i] = mid;
    this.s[i] = spreadBps;
    this.end++;
  }

  /** Moves lag k's pointer to the last row with t_i <= tMs − L_k; returns its absolute index or −1. */
  seek(k: number, tMs: number): number {
    const target = tMs - this.lagsMs[k];
    let p = this.ptr[k];
    while (p + 1 < this.end && this.t[(p + 1) & this.mask] <= target) p++;
    this.ptr[k] = p;
    return p;
  }

  mid(abs: number): number { return this.m[abs & this.mask]; }
  spreadBps(abs: number): number { return this.s[abs & this.mask]; }

  /** Drops the rows no pointer can reach again (older than the oldest pointer). */
  trim(): void {
    let lo = Infinity;
    for (const p of this.ptr) lo = Math.min(lo, p);
    if (lo > this.start) this.start = lo;
  }

  private grow(): void {
    const cap = this.cap * 2;
    const t = new Float64Array(cap);
    const m = new Float64Array(cap);
    const s = new Float64Array(cap);
    for (let a = this.start; a < this.end; a++) {
      const o = a & this.mask;
      const n = a & (cap - 1);
      t[n] = this.t[o]; m[n] = this.m[o]; s[n] = this.s[o];
    }
    this.cap = cap; this.mask = cap - 1; this.t = t; this.m = m; this.s = s;
  }
}
