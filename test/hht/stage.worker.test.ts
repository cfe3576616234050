/**
 * The worker-backed HHT stage: replay rows equal the synchronous reference (same
 * bytes), values are finite after warm-up, live rows carry a real past window,
 * and the worker never keeps a process alive.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { HHT_GLOBALS, HHT_IMF_QUANTITIES } from '../../src/features/registry.js';
import { GridSampler } from '../../src/hht/grid-sampler.js';
import { HhtReferenceJoin } from '../../src/hht/reference-join.js';
import { TsHhtKernel } from '../../src/hht/reference-kernel.js';
import { startHhtStage, type HhtStageOptions } from '../../src/hht/stage.js';
import { HhtWindowFeatures } from '../../src/hht/window-features.js';
import { ROW_STRIDE, ROW_TS_MS } from '../../src/layout/feature-row.js';
import { PROJECT_ROOT } from '../../src/native/load.js';
import { firstDifference, joinAll, MID_COL, syntheticRows } from './stage-rows.js';

const ROWS = 2400;
const rows = syntheticRows(ROWS);
const OPTS: HhtStageOptions = { sampleMs: 100, n: 64, k: 5, mode: 'fast', backend: 'ts' };

for (const opts of [OPTS, { ...OPTS, sampleMs: 50, n: 48, k: 2, mode: 'reference' } as HhtStageOptions]) {
  test(`replay: worker rows = synchronous reference rows, byte for byte (n ${opts.n}, k ${opts.k}, ${opts.mode})`, async () => {
    const ref = new HhtReferenceJoin(ROW_STRIDE, opts);
    const want = joinAll(ref, rows, ROWS, [ROWS]);
    ref.close();
    const stage = await startHhtStage(ROW_STRIDE, opts);
    try {
      const got = joinAll(stage, rows, ROWS);
      assert.equal(stage.columns, opts.k * HHT_IMF_QUANTITIES.length + HHT_GLOBALS.length);
      assert.equal(firstDifference(got, want), -1);
    } finally {
      stage.close();
    }
  });
}

test('after warm-up every row has finite globals, an age in (0, sampleMs], and finite values for the IMFs it has', async () => {
  const stage = await startHhtStage(ROW_STRIDE, OPTS);
  const out = joinAll(stage, rows, ROWS);
  stage.close();
  const q = HHT_IMF_QUANTITIES.length, h0 = ROW_STRIDE, g0 = h0 + OPTS.k * q;
  let warm = 0, withImfs = 0;
  for (let i = 0; i < ROWS; i++) {
    const o = i * stage.outStride;
    if (Number.isNaN(out[o + g0])) { assert.equal(warm, 0, `row ${i}: NaN after warm-up`); continue; }
    warm++;
    const imfs = out[o + g0]!;
    for (let c = 0; c < 4; c++) assert.ok(Number.isFinite(out[o + g0 + c]), `row ${i}: global ${HHT_GLOBALS[c]![0]}`);
    const age = out[o + g0 + 3]!;
    assert.ok(age > 0 && age <= OPTS.sampleMs, `row ${i}: age ${age}`);
    if (imfs >= 1) withImfs++;
    for (let k = 0; k < OPTS.k; k++) {
      for (let c = 0; c < q; c++) {
        const v = out[o + h0 + k * q + c]!;
        if (k < imfs) assert.ok(Number.isFinite(v), `row ${i}: hht_imf${k + 1}_${HHT_IMF_QUANTITIES[c]![0]} = ${v}`);
        else assert.ok(Number.isNaN(v), `row ${i}: IMF ${k + 1} of ${imfs} is NaN`);
      }
    }
  }
  assert.ok(warm > ROWS / 2 && withImfs > warm * 0.9, `${warm} rows after warm-up, ${withImfs} with IMFs`);
});

test('live: the stage never waits; each row carries a finished window of samples it has seen, and its age', async () => {
  // All windows of the stream, computed directly, by their end grid time.
  const sampler = new GridSampler(OPTS.sampleMs);
  const mids: number[] = [], grids: number[] = [];
  for (let i = 0; i < ROWS; i++) sampler.push(rows[i * ROW_STRIDE + ROW_TS_MS]!, rows[i * ROW_STRIDE + MID_COL]!, (g, m) => { grids.push(g); mids.push(m); });
  const direct = new HhtWindowFeatures(new TsHhtKernel(OPTS.n), OPTS);
  const stage = await startHhtStage(ROW_STRIDE, OPTS, true);
  // Fed in paced batches, like a live feed, so the worker has time to finish windows.
  const out = new Float64Array(ROWS * stage.outStride);
  for (let at = 0; at < ROWS; at += 20) {
    const n = Math.min(20, ROWS - at);
    out.set(stage.join(rows.subarray(at * ROW_STRIDE, (at + n) * ROW_STRIDE), n).subarray(0, n * stage.outStride), at * stage.outStride);
    await new Promise((r) => setTimeout(r, 2));
  }
  stage.close();
  const q0 = ROW_STRIDE, ageCol = q0 + stage.columns - 1;
  const values = new Float64Array(direct.width);
  let checked = 0;
  for (let i = 0; i < ROWS; i += 7) {
    const o = i * stage.outStride;
    const age = out[o + ageCol]!;
    if (Number.isNaN(age)) continue;
    const end = grids.indexOf(rows[i * ROW_STRIDE + ROW_TS_MS]! - age) + 1;
    assert.ok(end >= OPTS.n && age > 0, `row ${i}: age ${age} names a full window of the past`);
    direct.compute(Float64Array.from(mids.slice(end - OPTS.n, end)), values);
    assert.equal(firstDifference(out.subarray(o + q0, o + q0 + direct.width), values), -1, `row ${i}`);
    checked++;
  }
  assert.ok(checked > 100, `${checked} live rows checked`);
});

test('the worker never keeps the process alive: exits with and without close()', () => {
  const stageUrl = pathToFileURL(join(PROJECT_ROOT, 'dist', 'src', 'hht', 'stage.js')).href;
  for (const close of [true, false]) {
    const script = `
      import { startHhtStage } from ${JSON.stringify(stageUrl)};
      const stage = await startHhtStage(10, { sampleMs: 100, n: 32, k: 2, mode: 'fast', backend: 'ts' });
      const rows = new Float64Array(10 * 200).fill(NaN);
      for (let i = 0; i < 200; i++) { rows[i * 10] = 1000 + 150 * i; rows[i * 10 + 3] = 100 + (i % 7); }
      stage.join(rows, 200);
      ${close ? 'stage.close();' : ''}
      console.log('joined');`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.signal, null, `close=${close}: the process had to be killed (it hung)`);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), 'joined');
  }
});
