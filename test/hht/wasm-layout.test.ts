/**
 * The HHT kernel's layout slots and status codes are written twice, in
 * src/hht/wasm-layout.ts (the source of truth) and kernels/hht/layout.ts +
 * errors.ts; this test reads the AssemblyScript sources and compares every
 * constant. Also checks that planHhtLayout places buffers without overlap.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/native/load.js';
import * as layout from '../../src/hht/wasm-layout.js';

/** `export const NAME: i32 = value;` pairs of an AssemblyScript file. */
function asConstants(file: string): Map<string, number> {
  const text = readFileSync(join(PROJECT_ROOT, 'kernels', 'hht', file), 'utf8');
  const out = new Map<string, number>();
  for (const m of text.matchAll(/export const (\w+): i32 = (-?\d+);/g)) out.set(m[1]!, Number(m[2]));
  return out;
}

test('every T_*, TABLE_SLOTS, INFO_SLOTS, SIFT_CHUNK and E_* constant matches the kernel sources', () => {
  const kernel = new Map([...asConstants('layout.ts'), ...asConstants('errors.ts'), ...asConstants('envelope.ts')]);
  const ts = Object.entries(layout).filter(([k, v]) => /^(T_|E_|TABLE_SLOTS|INFO_SLOTS|SIFT_CHUNK)/.test(k) && typeof v === 'number');
  assert.ok(kernel.size >= 50, `found ${kernel.size} kernel constants`);
  assert.deepEqual(new Map(ts as [string, number][]), kernel);
});

test('planHhtLayout: every buffer 64-byte aligned and disjoint, sized for capacity, IMF rows last', () => {
  for (const capacity of [3, 100, 1024, 4097]) {
    const l = layout.planHhtLayout(1234, capacity, 7);
    assert.equal(l.tableOffset % 64, 0);
    assert.equal(l.fftSize, 2 ** Math.ceil(Math.log2(2 * capacity - 1)));
    assert.ok(l.knotCapacity >= 3 * capacity + 4, 'knots: inner extrema plus two mirrored lists of at most nMax + 1');
    const bufs = [...l.slots].map((at, slot) => ({ at, slot, bytes: l.slotBytes[slot]! })).slice(layout.T_X).sort((a, b) => a.at - b.at);
    assert.equal(bufs.at(-1)!.slot, layout.T_IMFS);
    assert.ok(bufs[0]!.at >= l.tableOffset + 4 * layout.TABLE_SLOTS);
    for (let k = 0; k < bufs.length; k++) {
      assert.equal(bufs[k]!.at % 64, 0, `slot ${bufs[k]!.slot} aligned`);
      assert.ok(bufs[k]!.bytes > 0, `slot ${bufs[k]!.slot} has a size`);
      if (k + 1 < bufs.length) assert.ok(bufs[k]!.at + bufs[k]!.bytes <= bufs[k + 1]!.at, `slot ${bufs[k]!.slot} ends before slot ${bufs[k + 1]!.slot}`);
    }
    for (const slot of [layout.T_X, layout.T_SUM, layout.T_RESIDUE, layout.T_AMPLITUDE]) assert.ok(l.slotBytes[slot]! >= 8 * capacity);
    for (const slot of [layout.T_H_A, layout.T_H_B]) assert.ok(l.slotBytes[slot]! >= 8 * (capacity + layout.SIFT_CHUNK - 1));
    assert.equal(l.slotBytes[layout.T_IMFS], 8 * l.rowStride * 7);
    assert.equal(l.totalBytes, l.slots[layout.T_IMFS]! + 8 * l.rowStride * 7);
  }
});
