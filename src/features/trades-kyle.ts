/**
 * Trade-based Kyle λ (spec §2.4 `kyle_lambda_<W>`, C14): rolling OLS with intercept of
 * y_k = 1e4·ln(m_end,k / m_start,k) on x_k = Σ_{trades in bar k} D·p·v / 1e6 ($M),
 * over clock-driven bars k = (g − barMs, g], g a multiple of barMs in exchange time.
 *
 * A boundary g is processed when the first event (trade or book message) with t > g
 * arrives, using the mid as of before that event (spec §1): m_end of the bar ending at
 * g, which is also m_start of the next bar. A bar whose m_start or m_end is NaN (book
 * invalid at that boundary, or no book yet) is skipped: it occupies its slot in the
 * `bars`-long window (the window is the last `bars` bars of clock time) but is left out
 * of the regression and of the `minBars` count. Bars without trades have x = 0.
 */
import type { Grid } from '../feed/decimal.js';
import { olsSlopeRing } from './ols.js';
import { pow10 } from './units.js';

export class KyleLambda {
  private readonly xs: Float64Array;
  private readonly ys: Float64Array;
  private readonly ok: Uint8Array;
  private next = 0;
  /** End of the open bar; NaN before the first event. */
  private nextG = NaN;
  /** Mid as of the open bar's start boundary. */
  private startMid = NaN;
  /** Mid after the last applied book message (NaN when invalid). */
  private mid = NaN;
  /** Σ D·p·v of the open bar, ticks × lots, exact. */
  private flow = 0n;
  private lambda = NaN;
  private count = 0;

  constructor(readonly barMs: number, readonly bars: number, readonly minBars: number) {
    if (!(barMs > 0) || !Number.isSafeInteger(bars) || bars < 2 || !Number.isSafeInteger(minBars) || minBars < 2 || minBars > bars) {
      throw new RangeError(`kyle λ: bad bar parameters (barMs ${barMs}, bars ${bars}, minBars ${minBars})`);
    }
    this.xs = new Float64Array(bars);
    this.ys = new Float64Array(bars);
    this.ok = new Uint8Array(bars);
  }

  /** Binds the grids: x = ((Number(S)·tick.units·lot.units) / 10^tick.decimals / 10^lot.decimals) / 1e6. */
  setGrids(tick: Grid, lot: Grid): void {
    this.grids = [tick.units * lot.units, pow10(tick.decimals), pow10(lot.decimals)];
  }
  private grids: [number, number, number] | null = null;

  /** Processes every boundary g < tMs (an event at tMs is about to change the state). */
  onEvent(tMs: number): void {
    if (Number.isNaN(this.nextG)) { this.nextG = Math.ceil(tMs / this.barMs) * this.barMs; return; }
    if (!(tMs > this.nextG)) return;
    const k = Math.ceil((tMs - this.nextG) / this.barMs); // boundaries nextG, nextG + barMs, … below tMs
    this.closeBar();
    // The other k − 1 bars saw no event: x = 0, and the mid is unchanged at both ends.
    const empty = Math.min(k - 1, this.bars);
    for (let i = 0; i < empty; i++) this.store(0, this.mid, this.mid);
    this.nextG += k * this.barMs;
    this.fit();
  }

  /** A trade (after onEvent at its time): D·p·v into the open bar. */
  onTrade(buy: boolean, pv: bigint): void {
    this.flow += buy ? pv : -pv;
  }

  /** The book after an applied message. */
  setMid(mid: number): void {
    this.mid = mid;
  }

  value(): number { return this.lambda; }
  /** Bars in the regression (diagnostics). */
  get usedBars(): number { return this.count; }

  private closeBar(): void {
    const g = this.grids;
    const x = g === null ? NaN : (Number(this.flow) * g[0]) / g[1] / g[2] / 1e6;
    this.store(x, this.startMid, this.mid);
    this.flow = 0n;
  }

  private store(x: number, m0: number, m1: number): void {
    const y = 1e4 * Math.log(m1 / m0);
    const good = Number.isFinite(x) && Number.isFinite(y) && m0 > 0 && m1 > 0;
    this.xs[this.next] = good ? x : 0;
    this.ys[this.next] = good ? y : 0;
    this.ok[this.next] = good ? 1 : 0;
    this.next = this.next + 1 === this.bars ? 0 : this.next + 1;
    this.startMid = m1;
  }

  /** Two-pass centred OLS over the ring (ols.ts); NaN below minBars or when every x is equal. */
  private fit(): void {
    let n = 0;
    for (let i = 0; i < this.bars; i++) n += this.ok[i];
    this.count = n;
    this.lambda = n < this.minBars ? NaN : olsSlopeRing(this.xs, this.ys, 0, this.bars, this.ok);
  }
}
