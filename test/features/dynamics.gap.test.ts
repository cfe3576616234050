/** A sequence gap makes every RV grid sample up to the resync snapshot invalid. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FeatureEngine } from '../../src/features/engine.js';
import { DynamicsFeatures } from '../../src/features/dynamics.js';
import { FEATURE_INDEX } from '../../src/features/registry.js';
import { ROW_FEATURES, ROW_STRIDE, ROW_TS_MS } from '../../src/layout/feature-row.js';
import { writeMsgs, type Msg } from '../helpers/records.js';
import { UNIT } from './fixtures.js';

test('rv_10s is NaN while a gap is in its window and 0 again (constant mid) once it has left', () => {
  const levels = [{ bid: true, px: 1000, qty: 1 }, { bid: false, px: 1001, qty: 1 }];
  const msgs: Msg[] = [{ kind: 'snapshot', id: 1, first: 1, prev: -1, levels, tsMs: 0 }];
  let id = 1;
  // A message every 50 ms; the mid never moves, so every return is 0.
  for (let t = 50; t <= 12_000; t += 50) { id++; msgs.push({ kind: 'diff', id, first: id, prev: -1, levels: [], tsMs: t }); }
  msgs.push({ kind: 'diff', id: id + 5, first: id + 5, prev: -1, levels: [], tsMs: 12_020 }); // gap: ids jump
  msgs.push({ kind: 'snapshot', id: 500, first: 500, prev: -1, levels, tsMs: 13_000 });
  id = 500;
  for (let t = 13_050; t <= 25_000; t += 50) { id++; msgs.push({ kind: 'diff', id, first: id, prev: -1, levels: [], tsMs: t }); }
  const engine = new FeatureEngine(UNIT, { modules: [new DynamicsFeatures()], recordCapacity: 1 << 12, outputCapacity: 1 << 12 });
  const rows = engine.applyBatch(writeMsgs(engine, msgs));
  const rv = new Map<number, number>();
  for (let r = 0; r < rows; r++) rv.set(engine.output[r * ROW_STRIDE + ROW_TS_MS], engine.output[r * ROW_STRIDE + ROW_FEATURES + FEATURE_INDEX.rv_10s_bps]);
  assert.equal(rv.get(11_000), 0, 'full window of zero returns before the gap');
  assert.ok(Number.isNaN(rv.get(13_050)!), 'grid samples between the gap and the snapshot are invalid');
  assert.ok(Number.isNaN(rv.get(22_900)!), 'still inside the 10 s window');
  // Samples g in (12_000, 13_000) are invalid; the last invalid return ends at g = 13_000
  // (its start sample is invalid); after 10 s of valid samples past it the window is clean.
  assert.equal(rv.get(23_200), 0);
  assert.equal(rv.get(25_000), 0);
});
