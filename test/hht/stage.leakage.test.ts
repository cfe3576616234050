/**
 * No future leakage (issue 4): every HHT value a row carries at time t is unchanged
 * when data after t is appended — checked by cutting the stream at many points
 * (inside groups of rows sharing one millisecond, on grid times, in an invalid-book
 * stretch, around a silence) and by appending different futures, including rows
 * in the same millisecond as the last row before the cut. Runs the worker stage.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startHhtStage, type HhtStageOptions } from '../../src/hht/stage.js';
import { Lcg } from '../../src/hht/test-signals.js';
import { ROW_STRIDE, ROW_TS_MS, ROW_U } from '../../src/layout/feature-row.js';
import { firstDifference, joinAll, MID_COL, syntheticRows } from './stage-rows.js';

const ROWS = 1800;
const OPTS: HhtStageOptions = { sampleMs: 100, n: 64, k: 3, mode: 'fast', backend: 'ts' };
const rows = syntheticRows(ROWS, 5);
const ts = (r: Float64Array, i: number): number => r[i * ROW_STRIDE + ROW_TS_MS]!;

async function run(r: Float64Array, count: number, batches?: number[]): Promise<Float64Array> {
  const stage = await startHhtStage(ROW_STRIDE, OPTS);
  try {
    return joinAll(stage, r, count, batches);
  } finally {
    stage.close();
  }
}

/** Cut points: every kind of boundary the sampler has, spread over the stream. */
function cuts(): number[] {
  const sameMs: number[] = [], onGrid: number[] = [];
  for (let i = 70; i < ROWS; i++) {
    if (ts(rows, i) === ts(rows, i - 1)) sameMs.push(i);
    if (ts(rows, i) % OPTS.sampleMs === 0) onGrid.push(i);
  }
  return [...new Set([65, 66, 1001, 1005, 1500, 1501, 1502, ...sameMs.filter((_, j) => j % 90 === 0), ...onGrid.filter((_, j) => j % 20 === 0)])].sort((a, b) => a - b);
}

test('cutting the stream anywhere leaves every earlier row\'s HHT values as they were', async () => {
  const full = await run(rows, ROWS);
  const points = cuts();
  assert.ok(points.length >= 12, `${points.length} cut points`);
  const stride = full.length / ROWS;
  for (const c of points) {
    const prefix = await run(rows, c, [c % 97 + 1, 5]);
    assert.equal(firstDifference(prefix, full, c * stride), -1, `cut before row ${c} (ts ${ts(rows, c)})`);
  }
});

test('appending a different future — rows in the last row\'s millisecond included — changes nothing before it', async () => {
  const rng = new Lcg(99);
  for (const c of [400, 1250]) {
    const base = await run(rows, c);
    const other = rows.slice(0, ROWS * ROW_STRIDE);
    // The future: the same millisecond as row c−1 first, then far-off prices.
    for (let i = c; i < ROWS; i++) {
      const b = i * ROW_STRIDE;
      other[b + ROW_TS_MS] = i < c + 20 ? ts(rows, c - 1) : ts(rows, c - 1) + (i - c) * 37;
      other[b + ROW_U] = 10_000 + i;
      other[b + MID_COL] = 25_000 + 1000 * rng.uniform();
    }
    const changed = await run(other, ROWS);
    const stride = base.length / c;
    assert.equal(firstDifference(changed, base, c * stride), -1, `cut before row ${c}`);
    assert.notEqual(firstDifference(changed, await run(rows, ROWS)), -1, 'the future did change later rows');
  }
});
