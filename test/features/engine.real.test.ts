/**
 * The TS reference feature engine on every real stream: one row per applied book
 * message, no infinities, NaN exactly where the validity policy says, and a replay
 * gives identical rows (determinism).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BookPipeline } from '../../src/book/pipeline.js';
import { TsFrameParser } from '../../src/feed/frame-parser.js';
import { readContainer } from '../../src/feed/containers.js';
import { detectInstrument } from '../../src/feed/detect.js';
import { createFeatureEngine } from '../../src/features/modules.js';
import { FEATURE_INDEX, FLAG_CROSSED, FLAG_EMPTY_SIDE } from '../../src/features/registry.js';
import { ROW_FEATURES, ROW_FLAGS, ROW_STRIDE } from '../../src/layout/feature-row.js';
import { sharedFile, STREAMS } from '../helpers/shared-data.js';

function run(files: string[]): { rows: Float64Array; n: number; applied: number } {
  const parts = files.flatMap((f) => readContainer(sharedFile(f)).parts);
  const inst = detectInstrument(parts[0].bytes.subarray(0, 1 << 20));
  const engine = createFeatureEngine(inst);
  const parser = new TsFrameParser(inst, engine);
  const chunks: Float64Array[] = [];
  let n = 0;
  const pipeline = new BookPipeline(engine, parser, {
    holdBeforeSnapshot: inst.exchange === 'binance',
    onApplied: (o, k) => { chunks.push(o.slice(0, k * ROW_STRIDE)); n += k; },
  });
  for (const p of parts) { parser.beginFile(); pipeline.feed(p.bytes); }
  const rows = new Float64Array(n * ROW_STRIDE);
  let at = 0;
  for (const c of chunks) { rows.set(c, at); at += c.length; }
  return { rows, n, applied: engine.counters().applied };
}

for (const s of STREAMS.filter((x) => x.name !== 'bybit linear recvts')) {
  test(`feature rows on ${s.name}`, { timeout: 600_000 }, () => {
    const a = run(s.files);
    assert.equal(a.n, a.applied, 'one row per applied book message');
    const mid = FEATURE_INDEX.mid_px;
    for (let r = 0; r < a.n; r++) {
      const b = r * ROW_STRIDE;
      const flags = a.rows[b + ROW_FLAGS];
      for (let k = ROW_FEATURES; k < ROW_STRIDE; k++) assert.ok(!Number.isFinite(a.rows[b + k]) ? Number.isNaN(a.rows[b + k]) : true, 'no infinities');
      const invalid = (flags & (FLAG_EMPTY_SIDE | FLAG_CROSSED)) !== 0;
      assert.equal(Number.isNaN(a.rows[b + ROW_FEATURES + mid]), invalid, `row ${r}: mid is NaN iff the book is invalid`);
    }
    const again = run(s.files);
    assert.ok(Buffer.from(again.rows.buffer).equals(Buffer.from(a.rows.buffer)), 'a replay gives byte-identical rows');
  });
}
