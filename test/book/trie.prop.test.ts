/** TickTrie against a naive sorted model: sets, deletes and neighbour queries agree. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TickTrie } from '../../src/book/tick-trie.js';
import { MAX_PX_TICKS } from '../../src/layout/event.js';

const key = fc.oneof(
  fc.integer({ min: 1, max: 2000 }), // dense cluster
  fc.integer({ min: 1, max: MAX_PX_TICKS }), // anywhere in the key space
  fc.constantFrom(1, 31, 32, 33, 1023, 1024, 1025, MAX_PX_TICKS, MAX_PX_TICKS - 1, 2 ** 25, 2 ** 25 - 1),
);
const op = fc.tuple(key, fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 1e9 })));

function modelLE(m: Map<number, number>, k: number): number {
  let best = -1;
  for (const p of m.keys()) if (p <= k && p > best) best = p;
  return best;
}
function modelGE(m: Map<number, number>, k: number): number {
  let best = -1;
  for (const p of m.keys()) if (p >= k && (best < 0 || p < best)) best = p;
  return best;
}

test('trie matches a map model for set/get/findLE/findGE', () => {
  fc.assert(fc.property(fc.array(op, { maxLength: 300 }), fc.array(key, { maxLength: 40 }), (ops, probes) => {
    const t = new TickTrie();
    const m = new Map<number, number>();
    for (const [k, q] of ops) {
      t.set(k, q);
      if (q > 0) m.set(k, q); else m.delete(k);
    }
    assert.equal(t.count, m.size);
    for (const [k, q] of m) assert.equal(t.get(k), q);
    for (const p of [...probes, ...ops.map(([k]) => k)]) {
      assert.equal(t.get(p), m.get(p) ?? 0);
      assert.equal(t.findLE(p), modelLE(m, p), `findLE(${p})`);
      assert.equal(t.findGE(p), modelGE(m, p), `findGE(${p})`);
      assert.equal(t.findLE(p - 1), modelLE(m, p - 1));
      assert.equal(t.findGE(p + 1), p + 1 > MAX_PX_TICKS ? -1 : modelGE(m, p + 1));
    }
  }), { numRuns: 300 });
});

test('clear empties the trie and nodes are reused', () => {
  const t = new TickTrie();
  for (let i = 1; i <= 5000; i++) t.set(i * 37, i);
  assert.equal(t.count, 5000);
  t.clear();
  assert.equal(t.count, 0);
  assert.equal(t.findLE(MAX_PX_TICKS), -1);
  assert.equal(t.findGE(0), -1);
  assert.equal(t.get(37), 0, 'stale sizes must not survive clear');
  t.set(74, 9);
  assert.equal(t.findGE(0), 74);
  assert.equal(t.get(37), 0);
});

test('emptying a cluster releases its nodes so deep books do not grow memory', () => {
  const t = new TickTrie();
  for (let round = 0; round < 50; round++) {
    for (let i = 0; i < 200; i++) t.set(1_000_000 + round * 10_000 + i * 33, 1);
    for (let i = 0; i < 200; i++) t.set(1_000_000 + round * 10_000 + i * 33, 0);
  }
  assert.equal(t.count, 0);
  assert.equal(t.nodes, 1, 'only the root is left');
  assert.equal(t.findGE(0), -1);
});
