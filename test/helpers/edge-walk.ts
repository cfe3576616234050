/**
 * Ordinary market activity between the edge cases: a random walk of the touch
 * with a contiguous ladder and trades at the touch, so windows, bars and grids get
 * regular, varying input. Shared by the Bybit and Binance edge writers.
 */
import type { BookModel, Level } from './edge-book.js';
import type { TradeSpec } from './edge-bybit.js';

/** What the walk needs from a writer. */
export interface WalkTarget {
  readonly book: BookModel;
  readonly rnd: () => number;
  tsMs: number;
  delta(b: readonly Level[], a: readonly Level[]): unknown;
  trades(t: readonly TradeSpec[]): unknown;
}

export interface WalkOptions {
  /** Time between messages, ms, drawn uniformly from [lo, hi]. */
  stepMs?: readonly [number, number];
  /** Share of messages that are trade frames. */
  tradeProb?: number;
  /** Levels per side kept in the contiguous ladder. */
  depth?: number;
  /** Largest trade, lots. */
  maxTradeLots?: number;
}

/** A contiguous book: `depth` levels per side, best bid `bidTicks`, spread `spreadTicks`. */
export function ladderBook(rnd: () => number, bidTicks: number, spreadTicks: number, depth: number): { bids: Level[]; asks: Level[] } {
  const bids: Level[] = [];
  const asks: Level[] = [];
  for (let i = 0; i < depth; i++) {
    bids.push([bidTicks - i, randomLots(rnd)]);
    asks.push([bidTicks + spreadTicks + i, randomLots(rnd)]);
  }
  return { bids, asks };
}

/** A resting size: mostly small, sometimes a few BTC (lots). */
export function randomLots(rnd: () => number): number {
  return 1 + Math.floor(rnd() ** 3 * 5000);
}

/** Emits messages for `durationMs` of exchange time (the book must be valid and uncrossed). */
export function walk(w: WalkTarget, durationMs: number, o: WalkOptions = {}): void {
  const [lo, hi] = o.stepMs ?? [50, 250];
  const end = w.tsMs + durationMs;
  for (;;) {
    const step = lo + Math.floor(w.rnd() * (hi - lo + 1));
    if (w.tsMs + step > end) break;
    w.tsMs += step;
    if (w.rnd() < (o.tradeProb ?? 0.2)) w.trades(touchTrades(w, o.maxTradeLots ?? 400));
    else { const d = stepDelta(w.book, w.rnd, o.depth ?? 20); w.delta(d.b, d.a); }
  }
}

/** One to three trades at the touch, either aggressor. */
function touchTrades(w: WalkTarget, maxLots: number): TradeSpec[] {
  const n = 1 + Math.floor(w.rnd() * 3);
  const out: TradeSpec[] = [];
  for (let i = 0; i < n; i++) {
    const buy = w.rnd() < 0.5;
    out.push({ buy, pxTicks: w.book.best(!buy), lots: 1 + Math.floor(w.rnd() ** 2 * maxLots) });
  }
  return out;
}

/**
 * Moves the best bid by −1, 0 or +1 tick with a 1–2 tick spread, keeps `depth`
 * contiguous levels per side (deleting what falls outside) and changes two sizes.
 */
export function stepDelta(book: BookModel, rnd: () => number, depth: number): { b: Level[]; a: Level[] } {
  const bb = book.best(true);
  const ba = book.best(false);
  if (bb === 0 || ba === 0 || bb >= ba) throw new Error(`walk needs a valid, unlocked book (bid ${bb}, ask ${ba})`);
  const bid = bb + Math.floor(rnd() * 3) - 1;
  const ask = bid + (rnd() < 0.8 ? 1 : 2);
  const b: Level[] = [];
  const a: Level[] = [];
  for (const p of book.bids.keys()) if (p > bid || p <= bid - depth) b.push([p, 0]);
  for (const p of book.asks.keys()) if (p < ask || p >= ask + depth) a.push([p, 0]);
  for (let i = 0; i < depth; i++) {
    if (!book.bids.has(bid - i)) b.push([bid - i, randomLots(rnd)]);
    if (!book.asks.has(ask + i)) a.push([ask + i, randomLots(rnd)]);
  }
  for (let j = 0; j < 2; j++) {
    const i = Math.floor(rnd() * depth);
    if (rnd() < 0.5) b.push([bid - i, randomLots(rnd)]); else a.push([ask + i, randomLots(rnd)]);
  }
  return { b, a };
}
