/** Runs an event stream through a FeatureEngine with only DynamicsFeatures and returns its rows. */
import assert from 'node:assert/strict';
import { FeatureEngine } from '../../src/features/engine.js';
import { DynamicsFeatures } from '../../src/features/dynamics.js';
import { FEATURE_INDEX } from '../../src/features/registry.js';
import type { Instrument } from '../../src/feed/instrument.js';
import { ROW_FEATURES, ROW_STRIDE, ROW_TS_MS } from '../../src/layout/feature-row.js';
import { UNIT } from './fixtures.js';
import { writeEvents, type Ev } from './dynamics-records.js';

export interface DynRow { readonly tMs: number; get(name: string): number }

export function runDynamics(evs: readonly Ev[], inst: Instrument = UNIT): DynRow[] {
  const engine = new FeatureEngine(inst, { modules: [new DynamicsFeatures()] });
  const n = writeEvents(engine, evs);
  const rows = engine.applyBatch(n);
  assert.equal(rows, evs.filter((e) => e.kind !== 'trade').length, 'one row per applied message');
  const out: DynRow[] = [];
  for (let r = 0; r < rows; r++) {
    const base = r * ROW_STRIDE;
    const vals = engine.output.slice(base, base + ROW_STRIDE);
    out.push({
      tMs: vals[ROW_TS_MS],
      get: (name: string) => {
        const i = FEATURE_INDEX[name];
        assert.notEqual(i, undefined, `unknown feature ${name}`);
        return vals[ROW_FEATURES + i];
      },
    });
  }
  return out;
}
