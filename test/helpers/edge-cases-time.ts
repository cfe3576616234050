/**
 * Edge streams about time and trades: trade bursts (same ms, inside / outside the
 * book, huge sizes, times going back), lot sums past 2^53, warm-up, long silences
 * and a dense millisecond. Built by test/helpers/edge-streams.ts.
 */
import { prng } from '../../src/feed/demo-stream.js';
import { MAX_PX_TICKS } from '../../src/layout/event.js';
import { MAX_TRADE_LOTS } from '../../src/features/trades.js';
import { BASE_TICKS, DAY_MS, finish, mark, type EdgeStream, type Level, type Marks } from './edge-book.js';
import { BybitWriter, type TradeSpec } from './edge-bybit.js';
import { ladderBook, randomLots, walk } from './edge-walk.js';

/** The largest safe size the parser takes: 15 significant digits of lots (999 999 999 999.999 BTC). */
export const HUGE_LOTS = 999_999_999_999_999;

/** Trades before the first snapshot, same-ms bursts, prices inside / outside the book, huge sizes, time going back. */
export function tradeBursts(): EdgeStream {
  const rnd = prng(505);
  const t0 = DAY_MS + 14_400_000;
  const w = new BybitWriter({ startMs: t0, rnd });
  const m: Marks = {};
  const s: Record<string, number> = {};
  w.trades([{ buy: true, pxTicks: BASE_TICKS, lots: 5 }, { buy: false, pxTicks: BASE_TICKS - 1, lots: 7 }]);
  w.advance(100).trades([{ buy: false, pxTicks: BASE_TICKS - 3, lots: 12 }]);
  w.advance(50).delta([[BASE_TICKS, 5]], [[BASE_TICKS + 1, 5]], 10); // before any snapshot: skipped
  w.advance(350);
  const l = ladderBook(rnd, BASE_TICKS, 1, 20);
  w.snapshot(l.bids, l.asks, 11);
  walk(w, 12_000, { tradeProb: 0 });
  // Widen the spread to 6 ticks so trades can print inside it.
  const bb = w.book.best(true);
  const ba = w.book.best(false);
  w.advance(10).delta([], Array.from({ length: 5 }, (_, i): Level => [ba + i, 0]));
  const burst = (n: number): { buy: number; sell: number; list: TradeSpec[] } => {
    const list: TradeSpec[] = [];
    let buy = 0;
    let sell = 0;
    const px = [bb + 2, bb + 3, bb, ba + 5, bb - 2000, ba + 2000, 1, MAX_PX_TICKS];
    for (let i = 0; i < n; i++) {
      const b = rnd() < 0.6;
      const lots = 1 + Math.floor(rnd() * 50);
      if (b) buy += lots; else sell += lots;
      list.push({ buy: b, pxTicks: px[i % px.length], lots });
    }
    return { buy, sell, list };
  };
  const a = burst(300);
  w.advance(10).trades(a.list);
  w.delta([], []); // same ms: the row sees the whole burst
  mark(w, m, 'burstA');
  Object.assign(s, { burstABuyLots: a.buy, burstASellLots: a.sell });
  const b = burst(200);
  w.advance(300);
  for (const t of b.list) w.trades([t]);
  w.delta([[bb, randomLots(rnd)]], []);
  mark(w, m, 'burstB');
  Object.assign(s, { burstBBuyLots: b.buy, burstBSellLots: b.sell });
  // Rows 1 ms inside and exactly at the 10 s edge of burst A (a trade exactly W old is out).
  const tA = w.tsMs - 300;
  walk(w, 9_000, { tradeProb: 0 });
  w.tsMs = tA + 9_999;
  w.delta([], []);
  mark(w, m, 'burstAEdgeIn');
  w.tsMs = tA + 10_000;
  w.delta([], []);
  mark(w, m, 'burstAEdgeOut');
  walk(w, 3_000, { tradeProb: 0 });
  // Huge sizes: the largest accepted trade (MAX_TRADE_LOTS), five of them at the top
  // price (Σ p·v > 2^64), and 15-digit lot counts, which are skipped (counted).
  const huge: TradeSpec[] = [
    { buy: true, pxTicks: w.book.best(false), lots: MAX_TRADE_LOTS }, { buy: false, pxTicks: w.book.best(true), lots: HUGE_LOTS },
    ...Array.from({ length: 5 }, (): TradeSpec => ({ buy: true, pxTicks: MAX_PX_TICKS, lots: MAX_TRADE_LOTS })),
    { buy: true, pxTicks: MAX_PX_TICKS, lots: HUGE_LOTS },
  ];
  for (let i = 0; i < 10; i++) huge.splice(1 + i % 3, 0, { buy: i % 2 === 0, pxTicks: w.book.best(true), lots: 1 });
  w.advance(10).trades(huge);
  w.delta([], []);
  mark(w, m, 'huge');
  s.hugeLots = huge.filter((t) => t.lots <= MAX_TRADE_LOTS).reduce((x, t) => x + t.lots, 0);
  const tH = w.tsMs;
  walk(w, 10_000, { tradeProb: 0, stepMs: [400, 600] });
  w.tsMs = tH + 10_500;
  w.delta([], []);
  mark(w, m, 'huge10sLater');
  walk(w, 49_000, { tradeProb: 0, stepMs: [400, 600] });
  w.tsMs = tH + 60_500;
  w.delta([], []);
  mark(w, m, 'huge60sLater');
  // Trade times going backwards: 5 s, then 20 s before the newest trade (beyond the 10 s window).
  const t4 = w.tsMs + 10;
  w.advance(10).trades([{ buy: true, pxTicks: w.book.best(false), lots: 100 }]);
  w.trades([{ buy: false, pxTicks: w.book.best(true), lots: 70, tMs: t4 - 5000 }]);
  w.trades([{ buy: true, pxTicks: w.book.best(false), lots: 30, tMs: t4 - 20_000 }]);
  w.delta([], []);
  mark(w, m, 'backward');
  s.backwardLots = 200;
  // A trade stamped 400 ms after the next book message: counted only from a row at or after its time.
  w.trades([{ buy: true, pxTicks: w.book.best(false), lots: 100, tMs: t4 + 400 }]);
  w.advance(10).delta([], []);
  mark(w, m, 'beforeFuture');
  w.advance(490).delta([], []);
  mark(w, m, 'afterFuture');
  s.futureLots = 100;
  walk(w, 5000, { tradeProb: 0.4 });
  return finish('bybit-trade-bursts', [
    'trades before the first snapshot', 'delta before the first snapshot (skipped)', 'trades inside a 6-tick spread',
    '300 trades in one frame, same ms, both aggressors', '200 single-trade frames in the same ms',
    'trades far outside the book, at 0.1 USD and at the largest price', 'huge sizes: 2^32 lots, Σ p·v past 2^64, 15-digit lot counts skipped',
    'trade windows emptied after huge trades', 'trade times going backwards (5 s and 20 s)', 'trade stamped after the next book row',
  ], w, m, s);
}

/**
 * Trades of 999 999 999 999.999 BTC (15-digit lot counts, beyond MAX_TRADE_LOTS, so
 * skipped: their sum would pass 2^53 lots) with 1-lot trades between them, then the
 * windows empty out and small trades follow: the windows read exactly the 1-lot
 * trades throughout.
 */
export function hugeVolume(): EdgeStream {
  const rnd = prng(555);
  const w = new BybitWriter({ startMs: DAY_MS + 16_200_000, rnd });
  const m: Marks = {};
  const l = ladderBook(rnd, BASE_TICKS, 1, 20);
  w.snapshot(l.bids, l.asks, 3_000);
  walk(w, 2000, { tradeProb: 0 });
  const huge: TradeSpec[] = [];
  for (let i = 0; i < 15; i++) {
    huge.push({ buy: i % 3 !== 2, pxTicks: w.book.best(i % 3 === 2), lots: HUGE_LOTS });
    huge.push({ buy: i % 2 === 0, pxTicks: w.book.best(true), lots: 1 });
  }
  w.advance(10).trades(huge);
  w.delta([], []);
  mark(w, m, 'huge');
  const tH = w.tsMs;
  walk(w, 10_000, { tradeProb: 0, stepMs: [400, 600] });
  w.tsMs = tH + 10_500;
  w.delta([], []);
  mark(w, m, 'after10s');
  walk(w, 49_000, { tradeProb: 0, stepMs: [400, 600] });
  w.tsMs = tH + 60_500;
  w.delta([], []);
  mark(w, m, 'after60s');
  w.advance(10).trades(Array.from({ length: 7 }, (): TradeSpec => ({ buy: true, pxTicks: w.book.best(false), lots: 1 })));
  w.delta([], []);
  mark(w, m, 'small');
  walk(w, 2000, { tradeProb: 0.3 });
  return finish('bybit-huge-volume', [
    '15 trades of 999 999 999 999.999 BTC (skipped: beyond MAX_TRADE_LOTS), 1-lot trades between them',
    '10 s and 60 s windows emptied after them', 'small trades after the huge ones',
  ], w, m, {
    acceptedBuyLots: huge.filter((t) => t.buy && t.lots <= MAX_TRADE_LOTS).reduce((x, t) => x + t.lots, 0),
    acceptedSellLots: huge.filter((t) => !t.buy && t.lots <= MAX_TRADE_LOTS).reduce((x, t) => x + t.lots, 0),
    smallLots: 7,
  });
}

/** Warm-up, silences of 61 s and 6 min, and a dense phase of hundreds of messages in one ms. */
export function quietDense(): EdgeStream {
  const rnd = prng(606);
  const w = new BybitWriter({ startMs: DAY_MS + 18_000_000, rnd });
  const m: Marks = {};
  const l = ladderBook(rnd, BASE_TICKS, 1, 20);
  w.snapshot(l.bids, l.asks, 1_000);
  walk(w, 75_000, { tradeProb: 0.25, stepMs: [100, 300] });
  mark(w, m, 'beforeSilence61');
  w.advance(61_000).delta([[w.book.best(true), randomLots(rnd)]], []);
  mark(w, m, 'after61');
  walk(w, 20_000, { tradeProb: 0.25 });
  mark(w, m, 'beforeSilence6min');
  w.advance(360_000).delta([], [[w.book.best(false), randomLots(rnd)]]);
  mark(w, m, 'after6min');
  w.advance(50);
  for (let i = 0; i < 300; i++) w.delta([[w.book.best(true), 1 + i]], []);
  mark(w, m, 'denseEnd');
  for (let i = 0; i < 200; i++) {
    if (i % 50 === 0) w.advance(1);
    w.delta([], [[w.book.best(false), 1 + i]]);
  }
  walk(w, 10_000, { tradeProb: 0.25 });
  return finish('bybit-quiet-dense', [
    'warm-up (first 60 s) then cleared', '61 s silence (> 60 s return lag)', '6 min silence (> 300 one-second bars, > 600 RV samples)',
    '300 deltas in one ms', '200 deltas within 4 ms', 'enough activity for rv_10s, rv_60s, ofi_lambda_5m, kyle_lambda_5m',
  ], w, m);
}
