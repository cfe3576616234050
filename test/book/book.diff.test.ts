/**
 * Differential test on every real stream in ../shared/data: the three backends
 * (each with its own parser: native scanner for native, TS parser otherwise)
 * produce identical top-25 output for every applied message, and identical
 * counters.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { outStrideF64, OUT_ID } from '../../src/layout/book-out.js';
import { sharedFile, STREAMS } from '../helpers/shared-data.js';
import { runFiles } from '../helpers/run-stream.js';

const DEPTH = 25;

for (const s of STREAMS) {
  test(`three backends agree on ${s.name}`, () => {
    const files = s.files.map(sharedFile);
    const ts = runFiles(files, 'ts', DEPTH);
    assert.ok(ts.messages > 40, `${s.name} applied ${ts.messages} messages`);
    assert.equal(ts.counters.gaps, 0, 'the recordings are gap-free');
    assert.equal(ts.stats.rejected, 0, JSON.stringify(ts.rejects.slice(0, 3)));
    for (const backend of ['wasm', 'native'] as const) {
      const r = runFiles(files, backend, DEPTH);
      assert.equal(r.messages, ts.messages, `${backend} message count`);
      assert.deepEqual(r.counters, ts.counters, `${backend} counters`);
      assert.deepEqual(r.stats, ts.stats, `${backend} parse stats`);
      const stride = outStrideF64(DEPTH);
      for (let i = 0; i < ts.messages; i++) {
        const a = ts.out.subarray(i * stride, (i + 1) * stride);
        const b = r.out.subarray(i * stride, (i + 1) * stride);
        if (!a.every((v, j) => Object.is(v, b[j]))) {
          assert.fail(`${backend} differs from ts at message ${i} (u=${a[OUT_ID]})`);
        }
      }
    }
  });
}
