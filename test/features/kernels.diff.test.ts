/**
 * The three feature backends agree (issue 3): on every real stream in ../shared/data
 * and on the generated edge streams, the WASM and native rows equal the TS
 * reference's — same row count, ts, u and book_flags, same NaN masks, integer-valued
 * columns identical, every other column within 1e-9 relative (helpers/feature-diff.ts).
 * Rows carry the extended set (a superset of the core columns); a second pass runs
 * the core row alone with a non-default calibration.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BackendName } from '../../src/book/types.js';
import type { Calibration } from '../../src/features/calibrate.js';
import { FEATURE_SET_VERSION } from '../../src/features/registry.js';
import { ROW_STRIDE } from '../../src/layout/feature-row.js';
import { EDGE_STREAMS } from '../helpers/edge-streams.js';
import { diffRuns, runFeatureFiles, runFeatureText, type FeatureRun, type FeatureRunOptions } from '../helpers/feature-diff.js';
import { sharedFile, STREAMS } from '../helpers/shared-data.js';

const KERNELS: readonly BackendName[] = ['wasm', 'native'];

/** A calibration unlike the defaults in every table the kernels read. */
const CALIBRATION: Calibration = {
  version: 1,
  featureSetVersion: FEATURE_SET_VERSION,
  instrument: { exchange: 'bybit', market: 'linear', symbol: 'BTCUSDT', tick: '0.1', lot: '0.001' },
  range: { firstMs: 0, lastMs: 1 },
  vpinBucketBtc: 0.5,
  iofi: { levels: 10, weights: [0.3, 0.2, 0.15, 0.1, 0.08, 0.06, 0.05, 0.03, 0.02, 0.01] },
  microprice: {
    imbalanceEdges: [0.1, 0.25, 0.4, 0.6, 0.75, 0.9],
    spreadTicks: [1, 2, 5],
    adjustmentTicks: [
      [-0.4, -0.25, -0.1, 0, 0.1, 0.25, 0.4],
      [-0.8, -0.5, -0.2, 0.05, 0.2, 0.5, 0.8],
      [-1.5, -1, -0.3, 0, 0.3, 1, 1.5],
    ],
  },
  stats: {},
};

function agree(label: string, ref: FeatureRun, got: FeatureRun, backend: BackendName): void {
  assert.ok(ref.n > 0, `${label}: the reference produced rows`);
  const { errors, maxRel } = diffRuns(ref, got);
  assert.deepEqual(errors, [], `${label}: ${backend} differs from ts (max rel ${maxRel.toExponential(2)})`);
  assert.deepEqual(got.counters, ref.counters, `${label}: ${backend} book counters`);
}

function check(label: string, run: (backend: BackendName, opts: FeatureRunOptions) => FeatureRun, opts: FeatureRunOptions): void {
  const ref = run('ts', opts);
  for (const k of KERNELS) agree(label, ref, run(k, opts), k);
}

for (const s of STREAMS) {
  test(`ts = wasm = native, extended rows: ${s.name}`, { timeout: 900_000 }, () => {
    check(s.name, (b, o) => runFeatureFiles(s.files.map(sharedFile), b, o), { extended: true });
  });
}

for (const name of ['bybit linear', 'bybit-shaped derived']) {
  const s = STREAMS.find((x) => x.name === name)!;
  test(`ts = wasm = native, core rows with a calibration: ${name}`, { timeout: 900_000 }, () => {
    const run = (b: BackendName, o: FeatureRunOptions): FeatureRun => runFeatureFiles(s.files.map(sharedFile), b, o);
    const ref = run('ts', { calibration: CALIBRATION });
    assert.equal(ref.stride, ROW_STRIDE);
    for (const k of KERNELS) agree(name, ref, run(k, { calibration: CALIBRATION }), k);
  });
}

for (const e of EDGE_STREAMS) {
  test(`ts = wasm = native on the generated edge stream: ${e.name}`, () => {
    check(e.name, (b, o) => runFeatureText(e.text, b, o), { extended: true });
    check(`${e.name} (calibrated)`, (b, o) => runFeatureText(e.text, b, o), { calibration: CALIBRATION });
  });
}
