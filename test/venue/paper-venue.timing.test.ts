/**
 * Paper venue timing: entry latency decides which book an order meets, response
 * latency decides when the engine hears of it, and a cancel races a fill.
 * Book at t=1000: bids 100×5; asks 101×4.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { constantLatency } from '../../src/venue/paper/latency.js';
import type { VenueReport } from '../../src/venue/types.js';
import { brief, drainAll, feed, makeVenue, order, StreamBuilder } from '../helpers/venue-stream.js';

/** Runs: snapshot, an IOC buy 4 @101 sent at 1000, and the ask moving to 102 at t=1005. */
function iocAcrossMove(entryMs: number): string[] {
  const v = makeVenue({ entryLatency: constantLatency(entryMs) });
  const s = new StreamBuilder().snapshot(1000, [[100, 5]], [[101, 4]]);
  feed(v, s);
  v.advanceMessages(1);
  v.submit(order('x', 'buy', 'ioc', 101, 4), 1000);
  s.diff(1005, [], [[101, 0], [102, 4]]).ticker(1020);
  feed(v, s);
  v.flush();
  return drainAll(v).map(brief);
}

test('an order sent before a price move arrives after it when the entry latency is longer', () => {
  assert.deepEqual(iocAcrossMove(0), ['accepted x t=1000', 'fill x 4@101 leaves=0 taker t=1000']);
  assert.deepEqual(iocAcrossMove(4), ['accepted x t=1004', 'fill x 4@101 leaves=0 taker t=1004']);
  // Arriving exactly at the record's time: the record is applied first.
  assert.deepEqual(iocAcrossMove(5), ['accepted x t=1005', 'cancelled x leaves=4 ioc-remainder t=1005']);
  assert.deepEqual(iocAcrossMove(10), ['accepted x t=1010', 'cancelled x leaves=4 ioc-remainder t=1010']);
});

test('response latency delays delivery: nothing is drained before exchange time + latency', () => {
  const v = makeVenue({ responseLatency: constantLatency(7), entryLatency: constantLatency(3) });
  const s = new StreamBuilder().snapshot(1000, [[100, 5]], [[101, 4]]);
  feed(v, s);
  v.advanceMessages(1);
  v.submit(order('p', 'buy', 'post-only', 100, 1), 1000); // arrives 1003, ack delivered 1010
  s.trade(1004, 'sell', 100, 6); // 5 ahead, 1 through: fill at 1004, delivered 1011
  feed(v, s);
  v.flush();
  const out: VenueReport[] = [];
  assert.equal(v.drain(1009.999, out), 0);
  assert.equal(v.drain(1010, out), 1);
  assert.equal(out[0].kind, 'accepted');
  assert.equal(out[0].exchTsMs, 1003);
  assert.equal(out[0].deliverMs, 1010);
  assert.equal(v.drain(1010.5, out), 0);
  assert.equal(v.drain(1011, out), 1);
  assert.deepEqual([out[1].kind, out[1].exchTsMs, out[1].deliverMs], ['fill', 1004, 1011]);
  assert.equal(v.pendingReports, 0);
});

/** A resting bid (arrives 1010), a sell trade at 1020 that fills it, and a cancel sent at `cancelAtMs`. */
function cancelRace(cancelAtMs: number): string[] {
  const v = makeVenue({ entryLatency: constantLatency(10) });
  const s = new StreamBuilder().snapshot(1000, [[100, 5]], [[101, 4]]);
  feed(v, s);
  v.advanceMessages(1);
  v.submit(order('b', 'buy', 'post-only', 100, 2), 1000);
  v.cancel('b', cancelAtMs);
  s.diff(1011, [[99, 1]], []).trade(1020, 'sell', 100, 10); // 5 ahead, 5 through ≥ our 2
  feed(v, s);
  v.flush();
  return drainAll(v).map(brief);
}

test('a cancel that arrives before the fill wins; one that arrives after it is too late', () => {
  assert.deepEqual(cancelRace(1005), ['accepted b t=1010', 'cancelled b leaves=2 requested t=1015']);
  assert.deepEqual(cancelRace(1015), [
    'accepted b t=1010', 'fill b 2@100 leaves=0 maker t=1020', 'cancel-rejected b too-late t=1025',
  ]);
});

test('requests travel FIFO: a cancel never overtakes its order, and reports never overtake earlier ones', () => {
  // Entry draws 9 then 1: the cancel would land before the order without FIFO.
  const draws = [9, 1];
  const entry = { sampleMs: () => draws.shift() ?? 0 };
  const resp = [20, 1];
  const response = { sampleMs: () => resp.shift() ?? 0 };
  const v = makeVenue({ entryLatency: entry, responseLatency: response });
  feed(v, new StreamBuilder().snapshot(1000, [[100, 5]], [[101, 4]]));
  v.advanceMessages(1);
  v.submit(order('b', 'buy', 'post-only', 100, 1), 1000); // arrives 1009
  v.cancel('b', 1000); // 1000 + 1 < 1009 → arrives 1009 as well, after the order
  v.flush();
  const out = drainAll(v);
  // accepted at 1009 delivered 1029; cancelled at 1009 with draw 1 → max(1010, 1029) = 1029.
  assert.deepEqual(out.map(brief), ['accepted b t=1009', 'cancelled b leaves=1 requested t=1009']);
  assert.deepEqual(out.map((r) => r.deliverMs), [1029, 1029]);
});
