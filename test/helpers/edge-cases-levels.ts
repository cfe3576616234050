/**
 * Edge streams about the shape of the book: one-sided and empty books, thin and
 * penny books, odd level lists (unknown deletes, repeated prices, zero-level
 * messages), and deep books far beyond 250 bps. Built by test/helpers/edge-streams.ts.
 */
import { prng } from '../../src/feed/demo-stream.js';
import { MAX_PX_TICKS } from '../../src/layout/event.js';
import { BASE_TICKS, DAY_MS, deleteAll, finish, mark, type EdgeStream, type Level, type Marks } from './edge-book.js';
import { BybitWriter } from './edge-bybit.js';
import { ladderBook, randomLots, walk } from './edge-walk.js';

/** One-sided and empty books, thin (1-level) books, books from nothing, sub-dollar notionals. */
export function emptySides(): EdgeStream {
  const rnd = prng(303);
  const w = new BybitWriter({ startMs: DAY_MS + 7_200_000, rnd, topicDepth: 50 });
  const m: Marks = {};
  const l = ladderBook(rnd, BASE_TICKS, 1, 8);
  w.snapshot(l.bids, l.asks, 7000);
  walk(w, 1500, { depth: 8 });
  w.advance(10).delta(deleteAll(w.book.ladder(true)), []);
  mark(w, m, 'noBids');
  w.advance(10).delta([], [[w.book.best(false), 999]]);
  w.advance(5).trades([{ buy: false, pxTicks: w.book.best(false) - 1, lots: 30 }]);
  w.advance(10).delta([[w.book.best(false) - 1, 120]], []);
  mark(w, m, 'bidsBack');
  w.advance(10).delta([[w.book.best(true) - 1, 80], [w.book.best(true) - 2, 60]], []);
  walk(w, 1000, { depth: 8 });
  for (const [p] of w.book.ladder(false)) w.advance(5).delta([], [[p, 0]]);
  mark(w, m, 'noAsks');
  w.advance(10).delta([], [[w.book.best(true) + 50, 0]]); // an unknown delete on the empty side
  w.advance(10).delta([], [[w.book.best(true) + 1, 40]]);
  walk(w, 1000, { depth: 8 });
  w.advance(10).delta(deleteAll(w.book.ladder(true)), deleteAll(w.book.ladder(false)));
  mark(w, m, 'bothEmpty');
  w.advance(10).delta([], []);
  mark(w, m, 'emptyNoLevels');
  w.advance(5).trades([{ buy: true, pxTicks: BASE_TICKS, lots: 10 }, { buy: false, pxTicks: BASE_TICKS, lots: 15 }]);
  w.advance(10).delta([[BASE_TICKS, 10]], [[BASE_TICKS + 1, 10]]);
  mark(w, m, 'rebuiltThin');
  walk(w, 1000, { depth: 1, maxTradeLots: 5 });
  w.advance(10).snapshot([], ladderBook(rnd, BASE_TICKS, 1, 5).asks);
  mark(w, m, 'askOnlySnapshot');
  w.advance(10).snapshot([], []);
  mark(w, m, 'emptySnapshot');
  w.advance(10).delta([[BASE_TICKS, 5]], []);
  w.advance(10).delta([], [[BASE_TICKS + 2, 5]]);
  mark(w, m, 'fromNothing');
  walk(w, 1000, { depth: 1, maxTradeLots: 5 });
  // 1000.0 USD × 0.001 BTC: a cumulative notional of exactly 1 USD (ln 1 = 0 in the NS slope).
  w.advance(10).snapshot([[10_000, 1], [9_999, 1]], [[10_001, 1], [10_002, 1]]);
  mark(w, m, 'pennyBook');
  w.advance(10).snapshot([[2, 1], [1, 1]], [[3, 1], [4, 1]]);
  mark(w, m, 'subDollar');
  w.advance(10).delta([[1, 0]], [[4, 0]]);
  return finish('bybit-empty-sides', [
    'all bids deleted in one message', 'all asks deleted one by one', 'both sides deleted in one message',
    'zero-level delta on an empty book', 'unknown delete on an empty side', 'trades while a side is empty',
    'thin books (1 level per side, impact unfillable)', 'snapshot with only asks', 'snapshot with no levels',
    'book rebuilt from nothing by deltas', 'cumulative notional of exactly 1 USD', 'sub-dollar notionals (prices of 1-4 ticks)',
  ], w, m);
}

/** Unknown deletes, a price repeated within a message, zero-level messages, re-sent sizes. */
export function levelOddities(): EdgeStream {
  const rnd = prng(404);
  const w = new BybitWriter({ startMs: DAY_MS + 10_800_000, rnd, prefix: false });
  const m: Marks = {};
  const l = ladderBook(rnd, BASE_TICKS, 2, 15);
  // A snapshot listing one price twice (the later size wins) and a zero size at a price it does not hold.
  w.snapshot([...l.bids, [BASE_TICKS - 3, 4242]], [...l.asks, [BASE_TICKS + 40, 0]], 77_000);
  mark(w, m, 'repeatedInSnapshot');
  walk(w, 1000);
  let bb = w.book.best(true);
  let ba = w.book.best(false);
  w.advance(10).delta([[bb - 500, 0], [ba, 0]], [[ba + 500, 0], [bb, 0]]); // far away, and each side's delete at the other side's touch
  mark(w, m, 'unknownDeletes');
  w.advance(10).delta([[bb - 2, 5], [bb - 2, 0], [bb - 2, 777]], [[ba + 3, 9], [ba + 3, 0]]);
  mark(w, m, 'repeatedLevels');
  w.advance(10).delta([[bb, 0], [bb, 0], [bb, 50], [bb, 0]], []);
  mark(w, m, 'bestDeletedTwice');
  w.advance(10).delta([], []);
  w.delta([], []);
  w.delta([], []);
  mark(w, m, 'zeroLevels');
  w.advance(10).delta(w.book.ladder(true), w.book.ladder(false));
  mark(w, m, 'resentAll');
  walk(w, 1000);
  bb = w.book.best(true);
  ba = w.book.best(false);
  // A new best bid added and deleted in one message, then the best ask replaced by a level above it.
  w.advance(10).delta([[bb + 1, 11], [bb + 1, 0]], []);
  w.advance(10).delta([], [[ba, 0], [ba + 1, 33]]);
  mark(w, m, 'bestReplaced');
  walk(w, 1000);
  for (let i = 0; i < 20; i++) w.advance(1).delta([], []);
  walk(w, 500);
  return finish('bybit-level-oddities', [
    'price repeated in a snapshot, zero size in a snapshot', 'deletes of unknown levels (far, and at the other side\'s touch)',
    'one price set, deleted and set again in one message', 'best bid deleted twice in one message',
    'zero-level messages (three in one ms, a run of twenty)', 'every level re-sent with its own size',
    'a best level added and deleted in one message', 'bare JSONL (no receive-time prefix)',
  ], w, m);
}

/** A deep book (> 800 levels per side, far beyond 250 bps, down to 0.1 USD and up to the largest price), then a thin one. */
export function deepThin(): EdgeStream {
  const rnd = prng(808);
  const w = new BybitWriter({ startMs: DAY_MS + 25_200_000, rnd, topicDepth: 1000 });
  const m: Marks = {};
  const s: Record<string, number> = {};
  const bids: Level[] = [];
  const asks: Level[] = [];
  for (let i = 0, pb = BASE_TICKS, pa = BASE_TICKS + 1; i < 850; i++) {
    bids.push([pb, randomLots(rnd)]);
    asks.push([pa, randomLots(rnd)]);
    pb -= 1 + Math.floor(rnd() * 60);
    pa += 1 + Math.floor(rnd() * 60);
  }
  bids.push([1, 1]);
  asks.push([MAX_PX_TICKS, 1]);
  w.snapshot(bids, asks, 900_000);
  mark(w, m, 'deepSnapshot');
  const mid = (BASE_TICKS / 10 + (BASE_TICKS + 1) / 10) / 2;
  s.deepBidLots250 = bids.filter(([p]) => 1e4 * (mid - p / 10) / mid <= 250).reduce((x, [, q]) => x + q, 0);
  s.deepAskLots250 = asks.filter(([p]) => 1e4 * (p / 10 - mid) / mid <= 250).reduce((x, [, q]) => x + q, 0);
  s.deepBidLotsAll = bids.reduce((x, [, q]) => x + q, 0);
  s.deepBidLevels = bids.length;
  // Changes anywhere in the ladder: near the touch, far beyond 250 bps, new far levels, far deletes.
  for (let k = 0; k < 150; k++) {
    w.advance(20 + Math.floor(rnd() * 100));
    const lb = w.book.ladder(true);
    const la = w.book.ladder(false);
    const pick = (l: readonly Level[]): number => l[Math.floor(rnd() * l.length)][0];
    const b: Level[] = [[pick(lb), randomLots(rnd)], [lb[Math.floor(rnd() * 5)][0], randomLots(rnd)]];
    const a: Level[] = [[pick(la), randomLots(rnd)], [la[Math.floor(rnd() * 5)][0], randomLots(rnd)]];
    if (k % 3 === 0) b.push([lb[lb.length - 2][0] - 1 - Math.floor(rnd() * 100), randomLots(rnd)]);
    if (k % 4 === 0) a.push([pick(la.slice(600, -1)), 0]);
    w.delta(b, a);
  }
  // One message adding 600 bid levels between the existing ones.
  const fill: Level[] = [];
  for (let p = BASE_TICKS - 3; fill.length < 600; p -= 7) if (!w.book.bids.has(p)) fill.push([p, randomLots(rnd)]);
  w.advance(50).delta(fill, []);
  mark(w, m, 'bigDelta');
  w.advance(50).delta([[1, 0]], [[MAX_PX_TICKS, 0]]);
  w.advance(50).delta([[1, 3]], [[MAX_PX_TICKS, 3]]);
  // Thin: one small level per side (about 65 USD each): the 1 M USD impact cannot fill.
  w.advance(100).snapshot([[BASE_TICKS, 1]], [[BASE_TICKS + 1, 1]]);
  mark(w, m, 'thin');
  walk(w, 2000, { depth: 1, maxTradeLots: 3 });
  return finish('bybit-deep-thin', [
    'snapshot of 851 levels per side reaching far beyond 250 bps', 'levels at 0.1 USD and at the largest price',
    'changes near the touch and far from it', 'one delta adding 600 levels', 'thin book: one level per side, impact unfillable',
  ], w, m, s);
}
