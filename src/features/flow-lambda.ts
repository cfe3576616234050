/**
 * ofi_lambda_5m (spec §2.4): rolling OLS with intercept of y_k on x_k over
 * clock-driven bars. Conventions (docs/FEATURES.md, flow section):
 *  - bar k covers (g − barMs, g] with g = k·barMs in exchange ms; it closes when
 *    the first event (trade or book message) with t > g arrives, before that
 *    event is applied (spec §1 clock-driven samplers);
 *  - m_start,k / m_end,k = the mid as of the bar's start / end boundary, i.e. the
 *    mid after the last book message with t ≤ boundary (NaN while invalid);
 *  - y_k = 1e4·ln(m_end,k / m_start,k); x_k = (Σ e^1_n over the bar, lots) / AD_1,
 *    with AD_1 (lots) as of the end boundary (the value after the last update ≤ g);
 *  - a bar whose m_start or m_end is NaN (invalid book, or no book yet) or whose
 *    AD_1 is not > 0 is skipped: it adds no observation but still counts in the
 *    window, which is the last `bars` bars of clock time (k > k_last − bars);
 *  - λ = Sxy/Sxx by a centred two-pass recompute over the window, once per bar
 *    close; NaN if fewer than `minBars` observations or all x are equal (Var = 0).
 */
import { olsSlopeRing } from './ols.js';

export class OfiLambda {
  private readonly k: Float64Array;
  private readonly x: Float64Array;
  private readonly y: Float64Array;
  private head = 0;
  private count = 0;
  /** End boundary (ms) of the open bar; NaN before the first event. */
  private barEnd = NaN;
  private barOfi = 0;
  private mStart = NaN;
  /** The current λ (recomputed at each bar close). */
  value = NaN;

  constructor(readonly barMs: number, readonly bars: number, readonly minBars: number) {
    this.k = new Float64Array(bars);
    this.x = new Float64Array(bars);
    this.y = new Float64Array(bars);
  }

  /**
   * Closes every bar whose end boundary g < t, with the state as of before the
   * event at t: `mid` (NaN if invalid) and `ad1` (lots) are the current values.
   */
  advance(t: number, mid: number, ad1: number): void {
    const B = this.barMs;
    if (Number.isNaN(this.barEnd)) { this.barEnd = Math.ceil(t / B) * B; return; }
    if (!(this.barEnd < t)) return;
    this.close(mid, ad1);
    // After the first close nothing changes until t: the remaining bars all have
    // x = 0, y = 0 (or are all skipped). Bars that would fall out of the window by
    // the last one are not processed one by one.
    const last = (Math.ceil(t / B) - 1) * B; // the last boundary < t
    const firstKept = last - (this.bars - 1) * B;
    if (this.barEnd < firstKept) this.barEnd = firstKept;
    while (this.barEnd < t) this.close(mid, ad1);
  }

  /** Adds a message's e^1 (lots) to the open bar. */
  addFlow(e1: number): void {
    this.barOfi += e1;
  }

  private close(mEnd: number, ad1: number): void {
    const kNow = Math.round(this.barEnd / this.barMs);
    if (Number.isFinite(this.mStart) && Number.isFinite(mEnd) && ad1 > 0 && Number.isFinite(ad1)) {
      const i = (this.head + this.count) % this.bars;
      if (this.count === this.bars) { this.head = (this.head + 1) % this.bars; this.count--; }
      this.k[i] = kNow;
      this.x[i] = this.barOfi / ad1;
      this.y[i] = 1e4 * Math.log(mEnd / this.mStart);
      this.count++;
    }
    // Evict bars that left the window (k ≤ kNow − bars).
    while (this.count > 0 && this.k[this.head] <= kNow - this.bars) { this.head = (this.head + 1) % this.bars; this.count--; }
    this.mStart = mEnd;
    this.barOfi = 0;
    this.barEnd += this.barMs;
    this.value = this.solve();
  }

  private solve(): number {
    return this.count < this.minBars ? NaN : olsSlopeRing(this.x, this.y, this.head, this.count);
  }
}
