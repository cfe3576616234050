/**
 * Random snapshot / diff / gap sequences: every backend keeps the book
 * invariants, matches a naive map model, and all backends agree exactly.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createBook } from '../../src/book/backends.js';
import type { BackendName } from '../../src/book/types.js';
import { OUT_ASK_COUNT, OUT_BID_COUNT, OUT_FLAGS, OUT_HEAD_F64, OUT_ID, OUTF_CROSSED, outStrideF64 } from '../../src/layout/book-out.js';
import { writeMsgs, type Level, type Msg } from '../helpers/records.js';

const BACKENDS: BackendName[] = ['ts', 'wasm', 'native'];
const DEPTH = 8;

const level = fc.record({
  bid: fc.boolean(),
  px: fc.oneof(fc.integer({ min: 990, max: 1010 }), fc.integer({ min: 1, max: 2 ** 30 - 1 })),
  qty: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 1000 })),
});

/** A message plan: snapshot, continuous diff, or a diff after a deliberate gap. */
const step = fc.record({
  kind: fc.constantFrom('snapshot', 'diff', 'diff', 'diff', 'diff', 'gap', 'stale', 'trade'),
  span: fc.integer({ min: 1, max: 3 }),
  usePrev: fc.boolean(),
  levels: fc.array(level, { maxLength: 12 }),
});

function plan(steps: Array<{ kind: string; span: number; usePrev: boolean; levels: Level[] }>): Msg[] {
  let last = 100;
  let ts = 1;
  return steps.map((s) => {
    ts++;
    if (s.kind === 'trade') return { kind: 'trade', id: 0, first: 0, prev: -1, levels: [], tsMs: ts };
    if (s.kind === 'snapshot') { last += 5; return { kind: 'snapshot', id: last, first: last, prev: -1, levels: s.levels, tsMs: ts }; }
    const first = s.kind === 'gap' ? last + 2 : s.kind === 'stale' ? last - 3 : last + 1;
    const id = first + s.span - 1;
    const m: Msg = { kind: 'diff', id, first, prev: s.usePrev ? (s.kind === 'gap' ? last + 1 : last) : -1, levels: s.levels, tsMs: ts };
    if (s.kind !== 'stale') last = id;
    return m;
  });
}

/** The rules of src/book/reference.ts restated on a Map, for the model check. */
function model(msgs: Msg[]): { out: Array<{ id: number; bids: number[][]; asks: number[][] }>; gaps: number } {
  const bids = new Map<number, number>();
  const asks = new Map<number, number>();
  let valid = false, bridging = false, last = -1, gaps = 0;
  const out: Array<{ id: number; bids: number[][]; asks: number[][] }> = [];
  for (const m of msgs) {
    if (m.kind === 'trade') continue;
    let apply = false;
    if (m.kind === 'snapshot') { bids.clear(); asks.clear(); valid = true; bridging = true; last = m.id; apply = true; }
    else if (valid) {
      const usePrev = m.prev >= 0;
      if (bridging) {
        const stale = usePrev ? m.id < last : m.id <= last;
        const target = usePrev ? last : last + 1;
        if (stale) apply = false;
        else if (m.first <= target && target <= m.id) { bridging = false; last = m.id; apply = true; }
        else { gaps++; valid = false; }
      } else if (usePrev ? m.prev === last && m.id > last : m.first === last + 1) { last = m.id; apply = true; }
      else { gaps++; valid = false; }
    }
    if (!apply) continue;
    for (const l of m.levels) {
      const side = l.bid ? bids : asks;
      if (l.qty > 0) side.set(l.px, l.qty); else side.delete(l.px);
    }
    const top = (s: Map<number, number>, desc: boolean): number[][] =>
      [...s.entries()].sort((a, b) => (desc ? b[0] - a[0] : a[0] - b[0])).slice(0, DEPTH);
    out.push({ id: m.id, bids: top(bids, true), asks: top(asks, false) });
  }
  return { out, gaps };
}

function run(backend: BackendName, msgs: Msg[]) {
  const k = createBook(backend, { depth: DEPTH });
  const n = writeMsgs(k, msgs);
  const count = k.applyBatch(n);
  const out = k.output.slice(0, count * outStrideF64(DEPTH));
  const counters = k.counters();
  k.close();
  return { count, out, counters };
}

test('random sequences: invariants hold, the model agrees, all backends agree', () => {
  fc.assert(fc.property(fc.array(step, { minLength: 1, maxLength: 60 }), (steps) => {
    const msgs = plan(steps);
    const expected = model(msgs);
    const runs = BACKENDS.map((b) => run(b, msgs));
    const ref = runs[0];
    const stride = outStrideF64(DEPTH);
    assert.equal(ref.count, expected.out.length);
    assert.equal(ref.counters.gaps, expected.gaps);
    for (let i = 0; i < ref.count; i++) {
      const b = i * stride;
      const bids: number[][] = [];
      const asks: number[][] = [];
      for (let d = 0; d < DEPTH; d++) {
        const bp = b + OUT_HEAD_F64 + 2 * d;
        const ap = bp + 2 * DEPTH;
        if (ref.out[bp] > 0) bids.push([ref.out[bp], ref.out[bp + 1]]);
        if (ref.out[ap] > 0) asks.push([ref.out[ap], ref.out[ap + 1]]);
      }
      for (let d = 1; d < bids.length; d++) assert.ok(bids[d][0] < bids[d - 1][0], 'bids strictly descending');
      for (let d = 1; d < asks.length; d++) assert.ok(asks[d][0] > asks[d - 1][0], 'asks strictly ascending');
      for (const l of [...bids, ...asks]) assert.ok(l[1] > 0, 'no zero-size level');
      const crossed = bids.length > 0 && asks.length > 0 && bids[0][0] >= asks[0][0];
      assert.equal((ref.out[b + OUT_FLAGS] & OUTF_CROSSED) !== 0, crossed, 'crossed flag iff bid >= ask');
      assert.equal(ref.out[b + OUT_ID], expected.out[i].id);
      assert.deepEqual(bids, expected.out[i].bids);
      assert.deepEqual(asks, expected.out[i].asks);
      assert.ok(ref.out[b + OUT_BID_COUNT] >= bids.length && ref.out[b + OUT_ASK_COUNT] >= asks.length);
    }
    for (const r of runs.slice(1)) {
      assert.equal(r.count, ref.count);
      assert.deepEqual(r.counters, ref.counters);
      assert.deepEqual(r.out, ref.out);
    }
  }), { numRuns: 400 });
});

test('update ids increase across applied messages (stale and gapped diffs are never applied)', () => {
  fc.assert(fc.property(fc.array(step, { minLength: 1, maxLength: 60 }), (steps) => {
    const r = run('ts', plan(steps));
    const stride = outStrideF64(DEPTH);
    for (let i = 1; i < r.count; i++) assert.ok(r.out[i * stride + OUT_ID] > r.out[(i - 1) * stride + OUT_ID]);
  }), { numRuns: 200 });
});
