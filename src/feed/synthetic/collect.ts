/**
 * Statistics `calibrate-market` fits the synthetic market from. Fed the event
 * records the book kernel is about to apply (BookPipeline `beforeApply`), it keeps
 * a shadow book and classifies every level change by its distance from the side's
 * best before the message and the queue size it met: a rise is an add; a fall is
 * a market-order fill up to the prints at that price since the last message, the
 * rest a cancel. Time spent in each (level, size bucket) state is integrated
 * between messages, so rates are events per second of that state. Recorded feeds
 * are netted per push (Bybit orderbook.200: 100 ms), so these are rates of net
 * changes per push interval; the local exchange publishes at the same cadences.
 */
import { EV_AUX_U32, EV_EXCH_TS, EV_FLAGS, EV_PX, EV_QTY, EVENT_F64, EVENT_U32, DEPTH_SNAPSHOT, KIND_DEPTH, KIND_LEVEL, KIND_MASK, KIND_TRADE, SIDE_BID, SIDE_BUY } from '../../layout/event.js';
import { bucketOf } from './params.js';

/** Running sums of ln(size) (optionally time-weighted). */
export class LnStats {
  w = 0; s = 0; s2 = 0;
  add(x: number, w = 1): void { const l = Math.log(x); this.w += w; this.s += w * l; this.s2 += w * l * l; }
  mean(): number { return this.w > 0 ? this.s / this.w : 0; }
  sd(): number { return this.w > 0 ? Math.sqrt(Math.max(0, this.s2 / this.w - this.mean() ** 2)) : 0; }
}

/** Running sums of logit(share) for shares in (0, 1). */
export class LogitStats extends LnStats {
  override add(share: number, w = 1): void { super.add(share / (1 - share), w); }
}

export class MarketCollector {
  /** Per (row, bucket): seconds spent, adds, cancels. Index row * buckets + bucket. */
  readonly stateS: Float64Array;
  readonly adds: Float64Array;
  readonly cancels: Float64Array;
  readonly addSize: LnStats[];
  /** Logit of the queue share a partial cancel took. */
  readonly partialShare: LogitStats[];
  readonly fullCancels: Float64Array;
  readonly occupiedS: Float64Array;
  readonly rowS: Float64Array;
  readonly queueSize: LnStats[];
  /** Seconds × (spread − 1): exposure of the inside-spread clocks (per side). */
  gapTickS = 0;
  /** Seconds observed, and of those at a one-tick spread. */
  bookS = 0;
  oneTickS = 0;
  insideAdds = 0;
  readonly insideSize = new LnStats();
  /** Market orders (prints with the same ms and taker side), one array per file. */
  readonly orderTimesS: number[][] = [];
  readonly orderLots: number[] = [];
  readonly orderBuy: boolean[] = [];
  readonly printLots: number[] = [];
  /** Order fills at one price (prints with the same ms, side and price): size, prints, largest print. */
  readonly fillLots: number[] = [];
  readonly fillPrints: number[] = [];
  readonly fillLargestLots: number[] = [];
  private lastFillKey = '';
  readonly spansS: number[] = [];
  depthMessages = 0;
  levelChanges = 0;
  firstBidTicks = 0;

  private readonly book = [new Map<number, number>(), new Map<number, number>()];
  private readonly best = [0, 0];
  private readonly deepest = [0, 0];
  private readonly pending = [new Map<number, number>(), new Map<number, number>()];
  private lastMs = NaN;
  private firstMs = NaN;
  private lastDepthMs = NaN;
  private lastOrderKey = '';

  constructor(readonly rows: number, readonly edgesLots: readonly number[], readonly windowTicks: number) {
    const n = rows * edgesLots.length;
    this.stateS = new Float64Array(n); this.adds = new Float64Array(n); this.cancels = new Float64Array(n);
    this.fullCancels = new Float64Array(rows); this.occupiedS = new Float64Array(rows); this.rowS = new Float64Array(rows);
    this.addSize = Array.from({ length: rows }, () => new LnStats());
    this.partialShare = Array.from({ length: rows }, () => new LogitStats());
    this.queueSize = Array.from({ length: rows }, () => new LnStats());
  }

  /** Starts a new, independent recording. */
  beginFile(): void {
    this.endFile();
    for (const m of [...this.book, ...this.pending]) m.clear();
    this.best[0] = this.best[1] = 0;
    this.lastMs = this.firstMs = this.lastDepthMs = NaN;
    this.orderTimesS.push([]);
    this.lastOrderKey = '';
  }

  /** Closes the current recording (its span). */
  endFile(): void {
    if (!Number.isNaN(this.firstMs)) this.spansS.push((this.lastMs - this.firstMs) / 1000);
    this.firstMs = NaN;
  }

  /** Consumes `count` records of a kernel input batch. */
  records(f64: Float64Array, u32: Uint32Array, i64: BigInt64Array, count: number): void {
    for (let r = 0; r < count; r++) {
      const flags = u32[r * EVENT_U32 + EV_FLAGS];
      const kind = flags & KIND_MASK;
      const tsMs = Number(i64[r * EVENT_F64 + EV_EXCH_TS] / 1_000_000n);
      if (kind === KIND_TRADE) this.trade(tsMs, (flags & SIDE_BUY) !== 0, f64[r * EVENT_F64 + EV_PX], f64[r * EVENT_F64 + EV_QTY]);
      if (kind !== KIND_DEPTH) continue;
      const n = u32[r * EVENT_U32 + EV_AUX_U32];
      this.depth(tsMs, (flags & DEPTH_SNAPSHOT) !== 0, f64, u32, r + 1, n);
      r += n;
    }
  }

  private trade(tsMs: number, buy: boolean, pxTicks: number, qtyLots: number): void {
    if (Number.isNaN(this.firstMs)) this.firstMs = tsMs;
    this.lastMs = Math.max(Number.isNaN(this.lastMs) ? tsMs : this.lastMs, tsMs);
    this.printLots.push(qtyLots);
    const side = buy ? 1 : 0; // a buy takes asks
    this.pending[side].set(pxTicks, (this.pending[side].get(pxTicks) ?? 0) + qtyLots);
    const key = `${tsMs}:${buy ? 'B' : 'S'}`;
    const fillKey = `${key}:${pxTicks}`;
    if (fillKey !== this.lastFillKey) {
      this.lastFillKey = fillKey;
      this.fillLots.push(0); this.fillPrints.push(0); this.fillLargestLots.push(0);
    }
    const f = this.fillLots.length - 1;
    this.fillLots[f] += qtyLots; this.fillPrints[f]++; this.fillLargestLots[f] = Math.max(this.fillLargestLots[f], qtyLots);
    if (key === this.lastOrderKey) { this.orderLots[this.orderLots.length - 1] += qtyLots; return; }
    this.lastOrderKey = key;
    this.orderTimesS[this.orderTimesS.length - 1].push(tsMs / 1000);
    this.orderLots.push(qtyLots);
    this.orderBuy.push(buy);
  }

  private depth(tsMs: number, snapshot: boolean, f64: Float64Array, u32: Uint32Array, first: number, n: number): void {
    this.depthMessages++;
    if (Number.isNaN(this.firstMs)) this.firstMs = tsMs;
    const valid = this.best[0] > 0 && this.best[1] > 0 && !snapshot;
    if (valid && tsMs > this.lastDepthMs) this.integrate((tsMs - this.lastDepthMs) / 1000);
    this.lastDepthMs = tsMs;
    this.lastMs = Math.max(Number.isNaN(this.lastMs) ? tsMs : this.lastMs, tsMs);
    if (snapshot) { this.book[0].clear(); this.book[1].clear(); }
    for (let k = first; k < first + n; k++) {
      const flags = u32[k * EVENT_U32 + EV_FLAGS];
      if ((flags & KIND_MASK) !== KIND_LEVEL) continue;
      const side = (flags & SIDE_BID) !== 0 ? 0 : 1;
      const px = f64[k * EVENT_F64 + EV_PX];
      const q = f64[k * EVENT_F64 + EV_QTY];
      if (valid) this.classify(side, px, q);
      if (q === 0) this.book[side].delete(px); else this.book[side].set(px, q);
      this.levelChanges++;
    }
    this.pending[0].clear(); this.pending[1].clear();
    for (const side of [0, 1]) {
      let best = side === 0 ? -Infinity : Infinity;
      let far = side === 0 ? Infinity : -Infinity;
      for (const px of this.book[side].keys()) {
        if (side === 0) { best = Math.max(best, px); far = Math.min(far, px); } else { best = Math.min(best, px); far = Math.max(far, px); }
      }
      this.best[side] = Number.isFinite(best) ? best : 0;
      this.deepest[side] = Number.isFinite(best) ? Math.abs(far - best) : 0;
    }
    if (this.firstBidTicks === 0 && this.best[0] > 0) this.firstBidTicks = this.best[0];
  }

  private classify(side: number, px: number, q: number): void {
    const dir = side === 0 ? -1 : 1;
    const level = (px - this.best[side]) * dir;
    const prev = this.book[side].get(px) ?? 0;
    if (level < 0) {
      const insideSpread = side === 0 ? px < this.best[1] : px > this.best[0];
      if (insideSpread && prev === 0 && q > 0) { this.insideAdds++; this.insideSize.add(q); }
      return;
    }
    if (level >= this.windowTicks) return;
    const row = Math.min(level, this.rows - 1);
    const cell = row * this.edgesLots.length + bucketOf(this.edgesLots, prev);
    if (q > prev) { this.adds[cell]++; this.addSize[row].add(q - prev); return; }
    const traded = Math.min(prev - q, this.pending[side].get(px) ?? 0);
    const cancelled = prev - q - traded;
    if (cancelled <= 0) return;
    this.cancels[cell]++;
    if (q === 0 && traded === 0) this.fullCancels[row]++;
    else if (cancelled < prev) this.partialShare[row].add(cancelled / prev);
  }

  /** The book as it stood for dtS seconds: time in state per (level, bucket). */
  private integrate(dtS: number): void {
    const nb = this.edgesLots.length;
    this.gapTickS += dtS * Math.max(0, this.best[1] - this.best[0] - 1);
    this.bookS += dtS;
    if (this.best[1] - this.best[0] === 1) this.oneTickS += dtS;
    for (const side of [0, 1]) {
      const dir = side === 0 ? -1 : 1;
      const seen = Math.min(this.windowTicks - 1, this.deepest[side]);
      for (let level = 0; level <= seen; level++) {
        const q = this.book[side].get(this.best[side] + dir * level) ?? 0;
        const row = Math.min(level, this.rows - 1);
        this.stateS[row * nb + bucketOf(this.edgesLots, q)] += dtS;
        this.rowS[row] += dtS;
        if (q > 0) { this.occupiedS[row] += dtS; this.queueSize[row].add(q, dtS); }
      }
    }
  }
}
