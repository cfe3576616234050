/**
 * The synthetic BTCUSDT market (docs/SYNTHETIC.md): a queue-reactive L2 book in
 * the spirit of Huang–Lehalle–Rosenbaum. Every level within `windowTicks` of its
 * side's best has an add clock and a cancel clock whose rates depend on its queue
 * size (fitted per level and size bucket); market orders arrive by a Hawkes
 * process, take the opposite best and sweep deeper when larger than it; when a
 * best queue empties the best retreats to the next occupied level, and new best
 * levels are placed inside a spread wider than one tick. Deterministic: the seed
 * and the parameters fix the whole stream; time comes only from the events.
 */
import { Fenwick } from './fenwick.js';
import { cutFill, HawkesClock, lnLots, orderLots, printCount } from './draw.js';
import { bucketOf, type LevelRow, type SyntheticParams } from './params.js';
import { Rng } from './rng.js';
import { SideBook } from './side-book.js';

/** Book side of a level event; also the taker side of a trade (BUY takes asks). */
export const BID = 0;
export const ASK = 1;
export const BUY = 0;
export const SELL = 1;

/** Receives the market's events in exchange time (ms), in order. */
export interface MarketSink {
  /** A level's new absolute size (0 = deleted), as a Bybit delta entry says it. */
  level(tsMs: number, side: number, pxTicks: number, qtyLots: number): void;
  /** One print of a market order: taker side, price, size, matching-engine sequence. */
  trade(tsMs: number, takerSide: number, pxTicks: number, qtyLots: number, seq: number): void;
}

const NULL_SINK: MarketSink = { level() {}, trade() {} };

export class SyntheticMarket {
  readonly sides: readonly [SideBook, SideBook];
  /** Matching-engine sequence: +1 per book event and per print. */
  seq = 0;
  /** Market orders and prints so far (after burn-in). */
  orders = 0;
  private tS: number;
  private pendS = NaN;
  private pendMarket = false;
  private lastTaker: number;
  private readonly rng: Rng;
  private readonly fen: Fenwick;
  private readonly hawkes: HawkesClock;
  private readonly W: number;
  private readonly edges: readonly number[];
  private readonly rows: readonly LevelRow[];
  private readonly prints: number[] = [];

  constructor(readonly params: SyntheticParams, seed: number, readonly startTsMs: number) {
    this.rng = new Rng(seed);
    this.W = params.windowTicks;
    this.edges = params.qtyBucketEdgesLots;
    this.rows = params.levels;
    const m = params.market;
    this.hawkes = new HawkesClock(m.baseRatePerS, m.kernels);
    this.lastTaker = this.rng.uniform() < m.buyProb ? BUY : SELL;
    this.sides = [new SideBook(-1, this.W, params.startPxTicks), new SideBook(1, this.W, params.startPxTicks + 1)];
    this.fen = new Fenwick(2 * this.W);
    for (const side of [BID, ASK]) {
      const s = this.sides[side];
      s.setAt(0, lnLots(this.rng, this.rows[0].qtyLots));
      for (let i = 1; i < this.W; i++) s.setAt(i, this.draw(i));
      this.reweigh(side);
    }
    this.tS = -params.burnInS;
    this.runUntil(0, NULL_SINK);
    this.orders = 0;
  }

  /** Exchange time of the last event, ms. */
  get tsMs(): number {
    return this.startTsMs + Math.floor(this.tS * 1000);
  }

  /** Runs every event whose ms timestamp is <= tsMs, in order, into `sink`. */
  advanceTo(tsMs: number, sink: MarketSink): void {
    this.runUntil((tsMs - this.startTsMs + 1) / 1000, sink);
  }

  /** Top n occupied levels of a side from the best outward (see SideBook.top). */
  top(side: number, n: number, pxOut: number[], qtyOut: number[]): number {
    return this.sides[side].top(n, pxOut, qtyOut);
  }

  private runUntil(endS: number, sink: MarketSink): void {
    for (;;) {
      if (Number.isNaN(this.pendS)) this.schedule();
      if (this.pendS >= endS) return;
      this.hawkes.decay(this.pendS - this.tS);
      this.tS = this.pendS;
      this.pendS = NaN;
      const ts = this.tsMs;
      if (this.pendMarket) { this.hawkes.jump(); this.marketOrder(ts, sink); } else this.limitEvent(ts, sink);
    }
  }

  private schedule(): void {
    const rate = this.fen.total() + 2 * this.insideRatePerS();
    const sOther = rate > 0 ? this.rng.exp1() / rate : Infinity;
    const sMarket = this.hawkes.sample(this.rng);
    this.pendMarket = sMarket < sOther;
    this.pendS = this.tS + Math.min(sMarket, sOther);
  }

  private spreadTicks(): number {
    return this.sides[ASK].bestPx - this.sides[BID].bestPx;
  }

  private insideRatePerS(): number {
    return (this.spreadTicks() - 1) * this.params.insideSpread.ratePerTickPerS;
  }

  private row(level: number): LevelRow {
    return this.rows[Math.min(level, this.rows.length - 1)];
  }

  private weightOf(level: number, qtyLots: number): number {
    const r = this.row(level);
    const b = bucketOf(this.edges, qtyLots);
    return r.addRatePerS[b] + (qtyLots > 0 ? r.cancelRatePerS[b] : 0);
  }

  private reweigh(side: number): void {
    const s = this.sides[side];
    for (let i = 0; i < this.W; i++) this.fen.set(side * this.W + i, this.weightOf(i, s.qtyAt(i)));
    this.fen.rebuild();
  }

  /** A fresh level for the window's far end or the initial book. */
  private draw(level: number): number {
    const r = this.row(level);
    return this.rng.uniform() < r.occupancy ? lnLots(this.rng, r.qtyLots) : 0;
  }

  private setLevel(ts: number, side: number, level: number, qtyLots: number, sink: MarketSink): void {
    const s = this.sides[side];
    s.setAt(level, qtyLots);
    this.fen.set(side * this.W + level, this.weightOf(level, qtyLots));
    this.seq++;
    sink.level(ts, side, s.pxOf(level), qtyLots);
    if (level === 0 && qtyLots === 0) this.retreat(ts, side, sink);
  }

  /** The best queue emptied: the next occupied level becomes the best. */
  private retreat(ts: number, side: number, sink: MarketSink): void {
    const s = this.sides[side];
    let j = s.nextOccupied(1);
    if (j < 0) j = 1; // the whole window emptied: re-open one tick away
    s.retreat(j);
    if (s.qtyAt(0) === 0) { s.setAt(0, lnLots(this.rng, this.rows[0].qtyLots)); sink.level(ts, side, s.pxOf(0), s.qtyAt(0)); }
    for (let i = this.W - j; i < this.W; i++) {
      const q = this.draw(i);
      if (q > 0) { s.setAt(i, q); sink.level(ts, side, s.pxOf(i), q); }
    }
    this.reweigh(side);
  }

  private limitEvent(ts: number, sink: MarketSink): void {
    const fenTotal = this.fen.total();
    const u = this.rng.uniform() * (fenTotal + 2 * this.insideRatePerS());
    if (u >= fenTotal) { this.insideSpread(ts, sink); return; }
    const k = this.fen.find(u);
    const side = k < this.W ? BID : ASK;
    const level = k - side * this.W;
    const s = this.sides[side];
    const q = s.qtyAt(level);
    const r = this.row(level);
    const b = bucketOf(this.edges, q);
    const add = r.addRatePerS[b];
    const cancel = q > 0 ? r.cancelRatePerS[b] : 0;
    if (add + cancel <= 0) { this.fen.rebuild(); return; } // rounding picked an idle clock
    if (this.rng.uniform() * (add + cancel) < add) {
      this.setLevel(ts, side, level, q + lnLots(this.rng, r.addSizeLots), sink);
    } else {
      const full = q === 1 || this.rng.uniform() < r.cancelFullProb;
      const share = 1 / (1 + Math.exp(-(r.cancelShareLogit.mean + r.cancelShareLogit.sd * this.rng.normal())));
      this.setLevel(ts, side, level, full ? 0 : q - Math.min(q - 1, Math.max(1, Math.round(share * q))), sink);
    }
  }

  /** A new best level inside a spread wider than one tick, on a random side. */
  private insideSpread(ts: number, sink: MarketSink): void {
    const gap = this.spreadTicks() - 1;
    if (gap < 1) return;
    const side = this.rng.uniform() < 0.5 ? BID : ASK;
    const k = 1 + this.rng.int(gap);
    const s = this.sides[side];
    s.advance(k, (px) => { this.seq++; sink.level(ts, side, px, 0); });
    s.setAt(0, lnLots(this.rng, this.params.insideSpread.sizeLots));
    this.seq++;
    sink.level(ts, side, s.bestPx, s.qtyAt(0));
    this.reweigh(side);
  }

  /** A market order: takes the opposite best, sweeping further levels while it lasts. */
  private marketOrder(ts: number, sink: MarketSink): void {
    const m = this.params.market;
    const taker = this.rng.uniform() < m.sidePersistence ? this.lastTaker : this.rng.uniform() < m.buyProb ? BUY : SELL;
    this.lastTaker = taker;
    this.orders++;
    const side = taker === BUY ? ASK : BID;
    const s = this.sides[side];
    let left = orderLots(this.rng, m.sizeLots);
    for (let sweeps = 0; left > 0 && sweeps < this.W; sweeps++) {
      const px = s.bestPx;
      const q = s.qtyAt(0);
      const take = Math.min(q, left);
      left -= take;
      const k = take > 0 ? printCount(this.rng, take, m.prints) : 0;
      cutFill(this.rng, take, k, m.prints.weightLnSd, this.prints);
      for (let i = 0; i < k; i++) sink.trade(ts, taker, px, this.prints[i], ++this.seq);
      this.setLevel(ts, side, 0, q - take, sink); // retreats when the queue is gone
    }
  }
}
