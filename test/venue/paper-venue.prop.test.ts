/**
 * Paper venue properties on random streams (snapshots, diffs, gaps, trades) and
 * random orders and cancels with sampled latencies:
 *  - a taker fill's price was offered on the opposite side of the venue's book at
 *    that exchange time (checked against an independent replay of the records up
 *    to that time), within the order's limit, and our takers at one time never take
 *    more than the level showed; a maker fill is at the order's own price;
 *  - per order: fills sum to at most its qty, leaves are qty − filled, nothing
 *    follows the end of an order;
 *  - drain delivers in nondecreasing deliverMs, never before deliverMs;
 *  - the same seed gives identical reports, however the records are chunked.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ReferenceBook } from '../../src/book/reference.js';
import { EVENT_F64 } from '../../src/layout/event.js';
import { sampledLatency } from '../../src/venue/paper/latency.js';
import type { PaperVenue } from '../../src/venue/paper/paper-venue.js';
import type { OrderRequest, TimeInForce, VenueReport } from '../../src/venue/types.js';
import { makeVenue, order, StreamBuilder, type Lv } from '../helpers/venue-stream.js';

const px = fc.integer({ min: 93, max: 108 });
const levels = (lo: number, hi: number, minQty: number) =>
  fc.array(fc.tuple(fc.integer({ min: lo, max: hi }), fc.integer({ min: minQty, max: 20 })), { maxLength: 6 });
const book = fc.tuple(levels(93, 100, 1), levels(101, 108, 1));
const step = fc.oneof(
  { weight: 5, arbitrary: fc.record({ k: fc.constant('diff' as const), dt: fc.integer({ min: 0, max: 4 }), bids: levels(93, 102, 0), asks: levels(99, 108, 0) }) },
  { weight: 6, arbitrary: fc.record({ k: fc.constant('trade' as const), dt: fc.integer({ min: 0, max: 4 }), buy: fc.boolean(), px, qty: fc.integer({ min: 1, max: 15 }) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('gap' as const), dt: fc.integer({ min: 0, max: 4 }), bids: levels(93, 100, 1), asks: levels(101, 108, 1) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('snapshot' as const), dt: fc.integer({ min: 0, max: 4 }), book }) },
);
const req = fc.record({
  dt: fc.integer({ min: 0, max: 40 }),
  cancel: fc.boolean(),
  target: fc.nat(),
  buy: fc.boolean(),
  tif: fc.constantFrom<TimeInForce>('post-only', 'post-only', 'ioc', 'market'),
  px: fc.integer({ min: 95, max: 106 }),
  qty: fc.integer({ min: 1, max: 12 }),
});
const scenario = fc.record({
  first: book,
  steps: fc.array(step, { minLength: 10, maxLength: 60, size: 'max' }),
  reqs: fc.array(req, { maxLength: 25, size: 'medium' }),
  seed: fc.integer({ min: 0, max: 2 ** 31 }),
  cuts: fc.array(fc.tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 0, max: 3 })), { maxLength: 60, size: 'max' }),
});
type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

interface Built { s: StreamBuilder; itemTs: number[]; orders: OrderRequest[]; sends: Array<{ tMs: number; order?: OrderRequest; cancelId?: string }> }

function build(sc: Scenario): Built {
  const s = new StreamBuilder();
  const itemTs: number[] = [];
  let t = 1000;
  const lv = (xs: Array<[number, number]>): Lv[] => xs;
  s.snapshot(t, lv(sc.first[0]), lv(sc.first[1]));
  itemTs.push(t);
  for (const st of sc.steps) {
    t += st.dt;
    if (st.k === 'diff') s.diff(t, lv(st.bids), lv(st.asks));
    else if (st.k === 'gap') s.gapDiff(t, lv(st.bids), lv(st.asks));
    else if (st.k === 'snapshot') s.snapshot(t, lv(st.book[0]), lv(st.book[1]));
    else s.trade(t, st.buy ? 'buy' : 'sell', st.px, st.qty);
    itemTs.push(t);
  }
  const orders: OrderRequest[] = [];
  const sends: Built['sends'] = [];
  for (const r of [...sc.reqs].sort((a, b) => a.dt - b.dt)) {
    const tMs = 1000 + r.dt;
    if (r.cancel && orders.length > 0) { sends.push({ tMs, cancelId: orders[r.target % orders.length].clientId }); continue; }
    const o = order(`o${orders.length}`, r.buy ? 'buy' : 'sell', r.tif, r.tif === 'market' ? 0 : r.px, r.qty);
    orders.push(o);
    sends.push({ tMs, order: o });
  }
  return { s, itemTs, orders, sends };
}

function newVenue(sc: Scenario): PaperVenue {
  return makeVenue({
    queueModel: sc.seed % 2 === 0 ? 'prob' : 'risk-averse',
    entryLatency: sampledLatency([0, 1, 2, 5, 20], sc.seed),
    responseLatency: sampledLatency([0, 3, 7], sc.seed + 1),
  });
}

/** Everything fed at once, every request sent up front, then flush and one drain. */
function runWhole(sc: Scenario, b: Built): VenueReport[] {
  const v = newVenue(sc);
  for (const x of b.sends) x.order ? v.submit(x.order, x.tMs) : v.cancel(x.cancelId!, x.tMs);
  v.enqueue(b.s.records, b.s.count);
  v.flush();
  const out: VenueReport[] = [];
  v.drain(Infinity, out);
  assert.equal(v.pendingReports, 0);
  return out;
}

/** Records fed in random pieces (splitting messages), random advances, drains at increasing times. */
function runChunked(sc: Scenario, b: Built): VenueReport[] {
  const v = newVenue(sc);
  for (const x of b.sends) x.order ? v.submit(x.order, x.tMs) : v.cancel(x.cancelId!, x.tMs);
  const out: VenueReport[] = [];
  let from = 0;
  let lastDrainMs = -Infinity;
  let clockAtLastDrainMs = -Infinity;
  const drainTo = (nowMs: number) => {
    const n0 = out.length;
    v.drain(nowMs, out);
    for (let i = n0; i < out.length; i++) {
      assert.ok(out[i].deliverMs <= nowMs, 'drained before its deliverMs');
      // Deliverable at the last drain yet drained only now: must have been made after that drain,
      // i.e. at or after the venue clock of then (requests are handled lazily, when the replay passes them).
      if (out[i].deliverMs <= lastDrainMs) assert.ok(out[i].exchTsMs >= clockAtLastDrainMs, 'held back');
    }
    lastDrainMs = nowMs;
    clockAtLastDrainMs = v.nowMs;
  };
  for (const [len, k] of sc.cuts) {
    const to = Math.min(b.s.count, from + len);
    v.enqueue(b.s.records.subarray(from * EVENT_F64), to - from);
    from = to;
    v.advanceMessages(k);
    drainTo(v.nowMs);
  }
  v.enqueue(b.s.records.subarray(from * EVENT_F64), b.s.count - from);
  v.flush();
  drainTo(Infinity);
  return out;
}

/** The book an independent ReferenceBook shows after every record stamped <= tMs. */
function bookAt(b: Built, tMs: number): ReferenceBook {
  const rb = new ReferenceBook({ depth: 1, recordCapacity: b.s.count + 1, outputCapacity: 4096 });
  let items = 0;
  while (items < b.itemTs.length && b.itemTs[items] <= tMs) items++;
  const n = items < b.s.itemStarts.length ? b.s.itemStarts[items] : b.s.count;
  rb.input.set(b.s.records.subarray(0, n * EVENT_F64));
  rb.applyBatch(n);
  return rb;
}

function check(b: Built, reports: VenueReport[]): void {
  for (let i = 1; i < reports.length; i++) assert.ok(reports[i].deliverMs >= reports[i - 1].deliverMs, 'deliverMs order');
  const byId = new Map(b.orders.map((o) => [o.clientId, o]));
  const state = new Map<string, { filled: number; done: boolean; accepted: boolean }>();
  const takenAt = new Map<string, number>(); // `${tMs} ${side} ${px}` → lots our takers took
  for (const r of reports) {
    assert.ok(r.deliverMs >= r.exchTsMs);
    if (r.kind === 'cancel-rejected') continue;
    const o = byId.get(r.clientId)!;
    const st = state.get(r.clientId) ?? { filled: 0, done: false, accepted: false };
    state.set(r.clientId, st);
    assert.equal(st.done, false, `report after the end of ${r.clientId}: ${r.kind}`);
    if (r.kind === 'rejected') { assert.equal(st.accepted, false); st.done = true; continue; }
    if (r.kind === 'accepted') { assert.equal(st.accepted, false); st.accepted = true; continue; }
    assert.ok(st.accepted, `${r.kind} before accepted`);
    if (r.kind === 'cancelled') {
      assert.equal(r.leavesLots, o.qtyLots - st.filled);
      assert.ok(r.leavesLots > 0);
      assert.equal(r.reason === 'requested', o.tif === 'post-only');
      st.done = true;
      continue;
    }
    assert.ok(Number.isInteger(r.qtyLots) && r.qtyLots > 0);
    st.filled += r.qtyLots;
    assert.ok(st.filled <= o.qtyLots, 'overfilled');
    assert.equal(r.leavesLots, o.qtyLots - st.filled);
    if (r.leavesLots === 0) st.done = true;
    if (r.maker) {
      assert.equal(o.tif, 'post-only');
      assert.equal(r.pxTicks, o.pxTicks);
      continue;
    }
    assert.notEqual(o.tif, 'post-only');
    const buy = o.side === 'buy';
    if (o.tif === 'ioc') assert.ok(buy ? r.pxTicks <= o.pxTicks : r.pxTicks >= o.pxTicks, 'beyond the limit');
    const shown = (buy ? bookAt(b, r.exchTsMs).askView : bookAt(b, r.exchTsMs).bidView).qty(r.pxTicks);
    const key = `${r.exchTsMs} ${o.side} ${r.pxTicks}`;
    const taken = (takenAt.get(key) ?? 0) + r.qtyLots;
    takenAt.set(key, taken);
    assert.ok(taken <= shown, `took ${taken} at ${r.pxTicks} where the book showed ${shown} at ${r.exchTsMs}`);
  }
}

test('paper venue fills are prices the book offered, sizes add up, delivery is ordered and replay is deterministic', () => {
  fc.assert(fc.property(scenario, (sc) => {
    const b = build(sc);
    const whole = runWhole(sc, b);
    check(b, whole);
    assert.deepEqual(runWhole(sc, b), whole);
    assert.deepEqual(runChunked(sc, b), whole);
  }), { numRuns: 300 });
});
