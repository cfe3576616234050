/**
 * Real mid-price series for the HHT studies and benches: a recording run through
 * the TS feature engine, its `mid_px` column sampled on the fixed clock exactly as
 * the HHT feature stage samples it (src/hht/grid-sampler.ts).
 */
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { createParser } from '../../src/book/backends.js';
import { BookPipeline } from '../../src/book/pipeline.js';
import { readContainer } from '../../src/feed/containers.js';
import { detectInstrument } from '../../src/feed/detect.js';
import { createFeatureKernel } from '../../src/features/backends.js';
import { FEATURE_INDEX } from '../../src/features/registry.js';
import { GridSampler } from '../../src/hht/grid-sampler.js';
import { ROW_FEATURES, ROW_TS_MS } from '../../src/layout/feature-row.js';
import { DATA, STREAMS } from '../lib.js';

/** A stream's mid on the grid: one sample per sampleMs, USD. */
export interface MidSeries {
  name: string;
  sampleMs: number;
  mid: Float64Array;
}

/** Runs stream `name` (bench/lib.ts STREAMS) through the TS engine and samples its mid every sampleMs. */
export function midSeries(name: string, sampleMs = 100): MidSeries {
  const paths = STREAMS[name]!.map((f) => join(DATA, f));
  for (const p of paths) if (!existsSync(p)) throw new Error(`HHT study data ${p} is missing (../shared/data)`);
  const parts = paths.flatMap((p) => readContainer(p).parts);
  const inst = detectInstrument(parts[0]!.bytes.subarray(0, 1 << 20));
  const engine = createFeatureKernel('ts', inst, {});
  const parser = createParser(engine, inst);
  const sampler = new GridSampler(sampleMs);
  const out: number[] = [];
  const midCol = ROW_FEATURES + FEATURE_INDEX.mid_px!;
  const stride = engine.rowStride;
  const pipeline = new BookPipeline(engine, parser, {
    holdBeforeSnapshot: inst.exchange === 'binance',
    onApplied: (rows, n) => {
      for (let i = 0; i < n; i++) sampler.push(rows[i * stride + ROW_TS_MS]!, rows[i * stride + midCol]!, (_g, m) => { out.push(m); });
    },
  });
  for (const p of parts) { parser.beginFile(); pipeline.feed(p.bytes); }
  engine.close();
  return { name, sampleMs, mid: Float64Array.from(out) };
}
