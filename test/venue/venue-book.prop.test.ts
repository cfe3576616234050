/**
 * The paper venue's own book (src/venue/paper/venue-book.ts) against the TS
 * reference book it stands in for: on random record streams — snapshots, diffs
 * that continue, bridge, are stale or break the sequence (both update-id styles),
 * malformed levels, trades and tickers — after every item both show the same
 * validity, the same touch and the same levels on both sides, and the venue book
 * reports exactly the level changes the reference's hook sees. Also the record
 * queue's exchange-time conversion against BigInt division.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ReferenceBook } from '../../src/book/reference.js';
import type { SideView } from '../../src/book/types.js';
import {
  DEPTH_SEQ_PREV, DEPTH_SNAPSHOT, EV_AUX_U32, EV_EXCH_TS, EV_FLAGS, EV_FVAL, EV_ID, EV_IVAL, EV_PX, EV_QTY, EVENT_F64,
  EVENT_U32, KIND_DEPTH, KIND_LEVEL, KIND_TICKER, KIND_TRADE, SIDE_ASK, SIDE_BID,
} from '../../src/layout/event.js';
import { RecordQueue } from '../../src/venue/paper/record-queue.js';
import { VenueBook } from '../../src/venue/paper/venue-book.js';

const level = fc.tuple(
  fc.boolean(),
  fc.oneof({ weight: 12, arbitrary: fc.integer({ min: 90, max: 110 }) }, { weight: 1, arbitrary: fc.constantFrom(0, -3, 100.5, 2 ** 30) }),
  fc.oneof({ weight: 12, arbitrary: fc.integer({ min: 0, max: 9 }) }, { weight: 1, arbitrary: fc.constantFrom(-1, 2.5, NaN) }),
  fc.oneof({ weight: 20, arbitrary: fc.constant(KIND_LEVEL) }, { weight: 1, arbitrary: fc.constant(KIND_TRADE) }),
);
const item = fc.oneof(
  { weight: 8, arbitrary: fc.record({
    k: fc.constant('depth' as const), snapshot: fc.integer({ min: 0, max: 9 }).map((n) => n === 0), prev: fc.boolean(),
    // u relative to the last one: mostly continuing, sometimes stale, repeated or skipping
    du: fc.integer({ min: -2, max: 3 }), span: fc.integer({ min: 0, max: 3 }), levels: fc.array(level, { maxLength: 8 }),
  }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constantFrom('trade' as const, 'ticker' as const) }) },
);

type Item = typeof item extends fc.Arbitrary<infer T> ? T : never;

function encode(items: Item[]): { f64: Float64Array; starts: number[] } {
  const recs: number[][] = [];
  const starts: number[] = [];
  let lastU = 1000;
  let t = 1;
  const rec = (flags: number, aux: number, px: number, qty: number, id: number, ival: number, fval: number) =>
    recs.push([flags, aux, t, px, qty, id, ival, fval]);
  // A snapshot first, so most diffs apply.
  items = [{ k: 'depth', snapshot: true, prev: false, du: 1, span: 0, levels: [[true, 99, 5, KIND_LEVEL], [false, 101, 5, KIND_LEVEL]] }, ...items];
  for (const it of items) {
    t += 1;
    starts.push(recs.length);
    if (it.k !== 'depth') { rec(it.k === 'trade' ? KIND_TRADE | SIDE_BID : KIND_TICKER, 0, 100, 1, 0, 0, 0); continue; }
    const u = lastU + it.du;
    const flags = KIND_DEPTH | (it.snapshot ? DEPTH_SNAPSHOT : 0) | (it.prev ? DEPTH_SEQ_PREV : 0);
    rec(flags, it.levels.length, 0, 0, u, u - it.span, lastU);
    for (const [bid, px, qty, kind] of it.levels) rec(kind | (bid ? SIDE_BID : SIDE_ASK), 0, px, qty, 0, 0, 0);
    if (it.du > 0) lastU = u;
  }
  const f64 = new Float64Array(recs.length * EVENT_F64);
  const u32 = new Uint32Array(f64.buffer);
  const i64 = new BigInt64Array(f64.buffer);
  recs.forEach(([flags, aux, ts, px, qty, id, ival, fval], i) => {
    u32[i * EVENT_U32 + EV_FLAGS] = flags;
    u32[i * EVENT_U32 + EV_AUX_U32] = aux;
    i64[i * EVENT_F64 + EV_EXCH_TS] = BigInt(ts) * 1_000_000n;
    const o = i * EVENT_F64;
    [f64[o + EV_PX], f64[o + EV_QTY], f64[o + EV_ID], f64[o + EV_IVAL], f64[o + EV_FVAL]] = [px, qty, id, ival, fval];
  });
  return { f64, starts };
}

function side(v: SideView): string {
  const out: string[] = [];
  for (let px = v.best(); px > 0; px = v.next(px)) out.push(`${px}:${v.qty(px)}`);
  return `${v.count} ${out.join(',')}`;
}

test('venue book = reference book after every item, level changes included', () => {
  fc.assert(fc.property(fc.array(item, { maxLength: 60 }), (items) => {
    const { f64, starts } = encode(items);
    const u32 = new Uint32Array(f64.buffer);
    const total = f64.length / EVENT_F64;
    const ref = new ReferenceBook({ depth: 1, recordCapacity: total, outputCapacity: 1 });
    let refValid = false;
    const refLevels: string[] = [];
    ref.hooks = {
      gap: () => { refValid = false; },
      afterMessage: (_h, outFlags) => { if (outFlags & 1) refValid = true; },
      level: (isBid, px, oldLots, newLots) => refLevels.push(`${isBid} ${px} ${oldLots}->${newLots}`),
    };
    const vb = new VenueBook();
    const vbLevels: string[] = [];
    const watcher = { onLevel: (isBid: boolean, px: number, oldLots: number, newLots: number) => vbLevels.push(`${isBid} ${px} ${oldLots}->${newLots}`) };
    for (let k = 0; k < starts.length; k++) {
      const at = starts[k];
      const end = k + 1 < starts.length ? starts[k + 1] : total;
      ref.input.set(f64.subarray(at * EVENT_F64, end * EVENT_F64));
      ref.applyBatch(end - at);
      if ((u32[at * EVENT_U32] & 0xf) === KIND_DEPTH) vb.applyMessage(f64, u32, at, k % 3 === 0 ? null : watcher);
      if (k % 3 === 0) vbLevels.push(...refLevels.slice(vbLevels.length)); // unwatched: nothing to compare
      assert.equal(vb.valid, refValid, `valid after item ${k}`);
      assert.equal(side(vb.bids), side(ref.bidView), `bids after item ${k}`);
      assert.equal(side(vb.asks), side(ref.askView), `asks after item ${k}`);
      assert.equal(vb.bestBidTicks, ref.bidView.best());
      assert.equal(vb.bestAskTicks, ref.askView.best());
      assert.deepEqual(vbLevels, refLevels, `level changes up to item ${k}`);
    }
  }), { numRuns: 300 });
});

test('record queue: exchange time in whole ms equals Number(ns / 1_000_000n), negative and huge included', () => {
  const q = new RecordQueue(1);
  const rec = new Float64Array(EVENT_F64);
  const i64 = new BigInt64Array(rec.buffer);
  const u32 = new Uint32Array(rec.buffer);
  const check = (ns: bigint) => {
    u32[EV_FLAGS] = KIND_TICKER;
    i64[EV_EXCH_TS] = ns;
    q.push(rec, 1);
    assert.equal(q.headSpan(), 1);
    assert.equal(q.headTsMs(), Number(ns / 1_000_000n), `ns ${ns}`);
    q.drop(1);
    assert.equal(q.length, 0);
  };
  for (const ns of [0n, 1n, 999_999n, 1_000_000n, 1_680_652_716_701_999_999n, 2n ** 53n + 1n, 2n ** 63n - 1n, -1n, -999_999n, -1_000_001n, -(2n ** 63n)]) check(ns);
  fc.assert(fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), check), { numRuns: 2000 });
});
