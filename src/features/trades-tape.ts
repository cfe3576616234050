/**
 * The trade tape behind the time-windowed trade features (trade_imb_*, trade_vol_10s,
 * vwap_dev_*): a growable ring of trades in arrival order with absolute sequence
 * numbers, and per-window running sums kept exact in integers (docs/FEATURES.md,
 * "Trade features").
 *
 * Trades enter the windows lazily, when a row is evaluated at time T: every trade with
 * t <= T is added (so a trade stamped later than the row is not yet counted), then each
 * window evicts from its head while T − t_head >= W, giving the half-open (T − W, T].
 * Trade times are non-decreasing in the ring (TradeFeatures clamps them), so both
 * pointers only move forward.
 */

/** Largest ring the tape grows to before it forces the window clock forward. */
export const MAX_TAPE = 1 << 20;

/** One window's running sums over ring[head, added). */
export class TradeWindow {
  head = 0;
  /** Aggressor-buy and aggressor-sell volume, integer lots. */
  buyLots = 0;
  sellLots = 0;
  /** Σ p·v in ticks × lots, exact (BigInt); only kept when `withPv`. */
  pv = 0n;
  /** Number(pv) / (buy + sell), recomputed lazily. */
  private vwapTicksCache = NaN;
  private dirty = true;

  constructor(readonly windowMs: number, readonly withPv: boolean) {}

  add(buy: boolean, lots: number, pv: bigint): void {
    if (buy) this.buyLots += lots; else this.sellLots += lots;
    if (this.withPv) { this.pv += pv; this.dirty = true; }
  }

  remove(buy: boolean, lots: number, pv: bigint): void {
    if (buy) this.buyLots -= lots; else this.sellLots -= lots;
    if (this.withPv) { this.pv -= pv; this.dirty = true; }
  }

  /** (V^B − V^S)/(V^B + V^S), NaN without volume. */
  imbalance(): number {
    const v = this.buyLots + this.sellLots;
    return v > 0 ? (this.buyLots - this.sellLots) / v : NaN;
  }

  /** VWAP in (fractional) ticks: Number(Σ p·v) / Σ v, NaN without volume. */
  vwapTicks(): number {
    if (this.dirty) {
      const v = this.buyLots + this.sellLots;
      this.vwapTicksCache = v > 0 ? Number(this.pv) / v : NaN;
      this.dirty = false;
    }
    return this.vwapTicksCache;
  }
}

/** Called for each trade as it enters the windows (VPIN buckets are filled here). */
export type OnEnter = (buy: boolean, lots: number) => void;

export class TradeTape {
  private cap = 1024;
  private mask = this.cap - 1;
  private t = new Float64Array(this.cap);
  private lots = new Float64Array(this.cap);
  private buy = new Uint8Array(this.cap);
  private pv: bigint[] = new Array<bigint>(this.cap).fill(0n);
  /** Oldest retained trade (absolute sequence). */
  private start = 0;
  /** Next trade to write. */
  private end = 0;
  /** Next trade not yet in the windows. */
  private added = 0;
  /** Window clock: the running maximum of the times the windows were evaluated at. */
  private clock = -Infinity;

  /** Windows, any order; the ring keeps what the longest one still holds. */
  constructor(readonly windows: readonly TradeWindow[], private readonly onEnter: OnEnter) {}

  /** Trades held (in or waiting for the windows). */
  get size(): number { return this.end - this.start; }

  /** Appends a trade; `tMs` must be >= the previous trade's. */
  push(tMs: number, buy: boolean, pxTicks: number, qtyLots: number): void {
    if (this.end - this.start === this.cap) {
      if (this.cap >= MAX_TAPE) {
        // Memory guard (trades with no book rows for a long time): move the window
        // clock to the newest trade, which adds everything pending and evicts the rest.
        this.advance(this.t[(this.end - 1) & this.mask]);
        if (this.end - this.start === this.cap) throw new Error(`trade tape: more than ${MAX_TAPE} trades inside the longest window`);
      } else {
        this.grow();
      }
    }
    const i = this.end & this.mask;
    this.t[i] = tMs;
    this.lots[i] = qtyLots;
    this.buy[i] = buy ? 1 : 0;
    this.pv[i] = BigInt(pxTicks) * BigInt(qtyLots);
    this.end++;
  }

  /**
   * Evaluates the windows at time `tMs` (clamped to the running maximum): adds the
   * pending trades with t <= T, then evicts per window while T − t >= W.
   */
  advance(tMs: number): void {
    if (tMs > this.clock) this.clock = tMs;
    const T = this.clock;
    const ws = this.windows;
    while (this.added < this.end) {
      const i = this.added & this.mask;
      if (this.t[i] > T) break;
      const b = this.buy[i] === 1;
      for (const w of ws) w.add(b, this.lots[i], this.pv[i]);
      this.onEnter(b, this.lots[i]);
      this.added++;
    }
    let oldest = this.added;
    for (const w of ws) {
      while (w.head < this.added) {
        const i = w.head & this.mask;
        if (T - this.t[i] < w.windowMs) break; // exact: Sterbenz, the two ms doubles are close
        w.remove(this.buy[i] === 1, this.lots[i], this.pv[i]);
        w.head++;
      }
      if (w.head < oldest) oldest = w.head;
    }
    while (this.start < oldest) this.pv[this.start++ & this.mask] = 0n;
  }

  private grow(): void {
    const cap = this.cap * 2;
    const t = new Float64Array(cap);
    const lots = new Float64Array(cap);
    const buy = new Uint8Array(cap);
    const pv = new Array<bigint>(cap).fill(0n);
    const m = cap - 1;
    for (let s = this.start; s < this.end; s++) {
      const o = s & this.mask;
      const n = s & m;
      t[n] = this.t[o]; lots[n] = this.lots[o]; buy[n] = this.buy[o]; pv[n] = this.pv[o];
    }
    this.cap = cap; this.mask = m; this.t = t; this.lots = lots; this.buy = buy; this.pv = pv;
  }
}
