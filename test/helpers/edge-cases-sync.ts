/**
 * Edge streams about sequencing and validity: resyncs (snapshots, Bybit u == 1, gaps,
 * stale diffs), crossed and locked books, price jumps, and the Binance USD-M sync.
 * Built by test/helpers/edge-streams.ts.
 */
import { prng } from '../../src/feed/demo-stream.js';
import { BinanceWriter } from './edge-binance.js';
import { BASE_TICKS, DAY_MS, deleteAll, finish, mark, type EdgeStream, type Marks } from './edge-book.js';
import { BybitWriter } from './edge-bybit.js';
import { ladderBook, walk } from './edge-walk.js';

/** Fresh snapshots mid-stream, u == 1 resets, gaps with skipped diffs, stale diffs, time going back at a restart. */
export function resyncs(): EdgeStream {
  const rnd = prng(101);
  const w = new BybitWriter({ startMs: DAY_MS, rnd });
  const m: Marks = {};
  const l = ladderBook(rnd, BASE_TICKS, 1, 20);
  w.snapshot(l.bids, l.asks, 5_000_000);
  walk(w, 3000);
  w.advance(20).snapshot();
  mark(w, m, 'freshSnapshot');
  w.advance(5).staleDelta([[w.book.best(true), 77]], [], w.u);
  w.advance(5).staleDelta([], [[w.book.best(false), 0]], w.u - 40);
  walk(w, 2000);
  const r = ladderBook(rnd, BASE_TICKS + 60, 2, 15);
  w.advance(20).reset(r.bids, r.asks);
  mark(w, m, 'resetU1');
  walk(w, 2000);
  w.lose(5);
  walk(w, 1000, { tradeProb: 0.3 }); // the first delta is the gap, the rest are skipped
  w.advance(30).snapshot();
  mark(w, m, 'resyncSnapshot');
  walk(w, 2000);
  w.lose(1);
  walk(w, 500);
  const r2 = ladderBook(rnd, w.book.best(true) - 30, 1, 12);
  w.advance(10).reset(r2.bids, r2.asks);
  mark(w, m, 'resyncReset');
  walk(w, 2000);
  // A restart whose snapshot restarts u lower and is stamped 1.5 s before the last message.
  w.lose(3);
  walk(w, 300);
  w.advance(-1500).snapshot(undefined, undefined, 400);
  mark(w, m, 'backInTime');
  walk(w, 2000);
  // A gap on the very first delta after a snapshot, then two snapshots in one ms.
  w.advance(10).snapshot();
  w.lose(2);
  walk(w, 400);
  w.advance(10).snapshot();
  mark(w, m, 'bridgeGapResync');
  w.snapshot();
  walk(w, 1500);
  return finish('bybit-resyncs', [
    'snapshot mid-stream without a gap', 'stale deltas right after a snapshot (u == and < snapshot u)',
    'delta with u == 1 (service restart) replacing the book', 'gap (u jump) then skipped deltas, trades during the gap',
    'resync by snapshot after a gap', 'resync by u == 1 after a gap', 'restart snapshot with lower u and earlier exchange time',
    'gap on the first delta after a snapshot', 'two snapshots in the same ms',
  ], w, m);
}

/** Locked and crossed books, entered and left from either side, also by a snapshot and across a gap. */
export function crossedLocked(): EdgeStream {
  const rnd = prng(202);
  const w = new BybitWriter({ startMs: DAY_MS + 3_600_000, rnd, prefix: false, topicDepth: 50 });
  const m: Marks = {};
  const l = ladderBook(rnd, BASE_TICKS, 2, 10);
  w.snapshot(l.bids, l.asks, 100);
  walk(w, 2000);
  let ba = w.book.best(false);
  w.advance(10).delta([[ba, 300]], []);
  mark(w, m, 'lockedByBid');
  w.advance(10).delta([], [[ba, 700]]);
  w.advance(5).trades([{ buy: true, pxTicks: ba, lots: 50 }, { buy: false, pxTicks: ba, lots: 20 }]);
  w.advance(10).delta([[ba, 0]], []);
  mark(w, m, 'unlocked');
  walk(w, 1000);
  let bb = w.book.best(true);
  w.advance(10).delta([], [[bb, 200]]);
  mark(w, m, 'lockedByAsk');
  w.advance(10).delta([], [[bb, 0]]);
  walk(w, 1000);
  ba = w.book.best(false);
  w.advance(10).delta([[ba + 3, 100]], []);
  mark(w, m, 'crossedByBid');
  for (let k = 1; k <= 4; k++) w.advance(10).delta([[ba + 3, 100 + k]], [[ba + 5, 10 + k]]);
  w.advance(5).trades([{ buy: true, pxTicks: ba + 3, lots: 40 }, { buy: false, pxTicks: ba, lots: 40 }]);
  w.advance(10).delta([[ba + 3, 0]], []);
  mark(w, m, 'uncrossed');
  walk(w, 1000);
  bb = w.book.best(true);
  w.advance(10).delta([], [[bb - 2, 50]]);
  mark(w, m, 'crossedByAsk');
  w.advance(10).delta([[bb, 0], [bb - 1, 0], [bb - 2, 0]], []); // leaves with a new bid touch below the ask
  mark(w, m, 'crossLeftByBids');
  walk(w, 1000);
  const x = ladderBook(rnd, BASE_TICKS, 1, 8);
  w.advance(10).snapshot([...x.bids, [BASE_TICKS + 4, 30]], x.asks);
  mark(w, m, 'crossedSnapshot');
  w.advance(10).delta([[BASE_TICKS + 4, 0]], []);
  walk(w, 1000);
  const k = ladderBook(rnd, BASE_TICKS, 1, 8);
  w.advance(10).snapshot(k.bids, [[BASE_TICKS, 25], ...k.asks]);
  mark(w, m, 'lockedSnapshot');
  w.advance(10).delta([], [[BASE_TICKS, 0]]);
  walk(w, 1000);
  // Crossed, then a gap (whose delta would have uncrossed it), then the resync snapshot.
  ba = w.book.best(false);
  w.advance(10).delta([[ba + 1, 40]], []);
  w.lose(2).advance(10).delta([[ba + 1, 0]], []);
  walk(w, 300);
  w.advance(10).snapshot();
  mark(w, m, 'resyncAfterCrossed');
  walk(w, 1000);
  return finish('bybit-crossed-locked', [
    'locked by a bid at the best ask, and by an ask at the best bid', 'locked for several messages, trades at the locked price',
    'crossed by a bid through the ask, kept for several messages', 'crossed by an ask through the bids, left with a new touch',
    'a crossed snapshot', 'a locked snapshot', 'gap while crossed, resync', 'bare JSONL (no receive-time prefix)',
  ], w, m);
}

/** Jumps of hundreds of bps: by one delta, by a snapshot, through a crossed book, and at a resync. */
export function priceJumps(): EdgeStream {
  const rnd = prng(707);
  const w = new BybitWriter({ startMs: DAY_MS + 21_600_000, rnd });
  const m: Marks = {};
  const l = ladderBook(rnd, BASE_TICKS, 1, 20);
  w.snapshot(l.bids, l.asks, 31_000);
  walk(w, 11_000);
  const up = ladderBook(rnd, Math.round(w.book.best(true) * 1.05), 1, 20);
  w.advance(100).delta([...deleteAll(w.book.ladder(true)), ...up.bids], [...deleteAll(w.book.ladder(false)), ...up.asks]);
  mark(w, m, 'jumpUp');
  walk(w, 3000);
  const down = ladderBook(rnd, Math.round(w.book.best(true) * 0.92), 2, 20);
  w.advance(100).snapshot(down.bids, down.asks);
  mark(w, m, 'jumpDown');
  walk(w, 3000);
  const cross = ladderBook(rnd, Math.round(w.book.best(true) * 1.03), 1, 20);
  w.advance(100).delta(cross.bids, []);
  mark(w, m, 'jumpCrossed');
  const stale = w.book.ladder(false).filter(([p]) => p <= cross.bids[0][0]);
  w.advance(5).delta(deleteAll(w.book.ladder(true).filter(([p]) => p < cross.bids[19][0])), [...deleteAll(stale), ...cross.asks]);
  mark(w, m, 'jumpUncrossed');
  walk(w, 3000);
  w.lose(4);
  walk(w, 200);
  const far = ladderBook(rnd, Math.round(w.book.best(true) * 0.97), 1, 20);
  w.advance(100).snapshot(far.bids, far.asks);
  mark(w, m, 'jumpResync');
  walk(w, 12_000);
  return finish('bybit-price-jumps', [
    '+5 % in one delta (whole ladder replaced)', '-8 % by a snapshot', '+3 % through a crossed book (bids first, asks next)',
    '-3 % at a resync after a gap', 'returns and RV across jumps',
  ], w, m);
}

/** Binance USD-M: diffs held before the REST snapshot, stale and bridging diffs, a pu gap and a resync. */
export function binanceUsdm(): EdgeStream {
  const rnd = prng(909);
  const w = new BinanceWriter(rnd, 1_680_652_700_400, 2_710_246_700_000);
  const m: Marks = {};
  const l = ladderBook(rnd, 281_450, 1, 25);
  w.book.replace(l.bids, l.asks); // the book exists before the recording starts
  w.ticker();
  w.trades([{ buy: false, pxTicks: 281_450, lots: 2 }, { buy: true, pxTicks: 281_451, lots: 20 }]);
  walk(w, 300);
  const snap = w.snapshotNow();
  w.staleDelta(3);
  walk(w, 200);
  snap(); // written after diffs that are newer than it: they were held
  mark(w, m, 'firstSnapshot');
  for (let k = 0; k < 8; k++) {
    walk(w, 500);
    w.ticker();
    if (k % 3 === 0) w.markPrice();
  }
  const bb = w.book.best(true);
  w.tsMs += 10;
  w.delta([[bb - 900, 0], [bb + 900, 0]], [[bb - 900, 0], [bb + 900, 0]]);
  mark(w, m, 'unknownDeletes');
  walk(w, 1000);
  w.lose();
  walk(w, 500);
  w.snapshotNow()();
  mark(w, m, 'resync');
  w.staleDelta(2);
  walk(w, 3000);
  return finish('binance-usdm', [
    'REST snapshot line after diffs newer than it (held, then stale / bridging)', 'stale diff after a snapshot',
    'pu chain break (gap), diffs held behind it, resync by a new REST snapshot', 'deletes of unknown levels ("0.000")',
    'trade (m flag), bookTicker and markPrice frames in combined-stream wrappers, µs receive prefix',
  ], w, m);
}

/**
 * Binance USD-M with a mid-stream gap whose REST snapshot line arrives after the diff
 * that bridges it (a REST fetch slower than the stream). Kept out of EDGE_STREAMS:
 * today its rows depend on where the parser's batch boundaries fall (the pipeline
 * holds diffs only from the start of the batch after a gap), see the todo test in
 * test/features/edge-streams.test.ts. `facts` / `rows` are not meaningful for it.
 */
export function binanceLateSnapshot(): EdgeStream {
  const rnd = prng(77);
  const w = new BinanceWriter(rnd, 1_680_652_700_400, 2_710_246_700_000);
  const l = ladderBook(rnd, 281_450, 1, 25);
  w.book.replace(l.bids, l.asks);
  w.snapshotNow()();
  walk(w, 2000, { tradeProb: 0.2 });
  w.lose();
  walk(w, 300, { tradeProb: 0 });
  const snap = w.snapshotNow();
  walk(w, 300, { tradeProb: 0 });
  snap();
  walk(w, 3000, { tradeProb: 0.2 });
  return finish('binance-usdm-late-snapshot', ['pu gap, then a REST snapshot line written after the diff that bridges it'], w, {});
}
