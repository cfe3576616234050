/**
 * Cost per book update of all 51 features (book apply included), per backend,
 * p50 and p99 over every message of a real stream: each message is applied in its
 * own call (trades in between go with it), timed with hrtime. Only the TS
 * reference engine exists so far; the WASM and native feature kernels join this
 * table when they land (issue 3).
 */
import { createFeatureEngine } from '../../src/features/modules.js';
import { EVENT_BYTES } from '../../src/layout/event.js';
import { loadStream, sig3, type BenchConfig, type BenchRow } from '../lib.js';

export function benchFeatures(cfg: BenchConfig): BenchRow[] {
  const rows: BenchRow[] = [];
  for (const name of cfg.quick ? ['bybit-linear'] : ['bybit-shaped', 'binance-usdm']) {
    const s = loadStream(name);
    const engine = createFeatureEngine(s.instrument, { recordCapacity: 1 << 16, outputCapacity: 1 << 12 });
    const inBytes = new Uint8Array(engine.input.buffer, engine.input.byteOffset, engine.recordCapacity * EVENT_BYTES);
    const times: number[] = [];
    const starts = [...s.msgStarts, s.recordCount];
    let from = 0;
    const t0 = process.hrtime.bigint();
    for (let m = 0; m < s.msgStarts.length; m++) {
      const to = starts[m + 1];
      inBytes.set(s.records.subarray(from * EVENT_BYTES, to * EVENT_BYTES));
      const a = process.hrtime.bigint();
      engine.applyBatch(to - from);
      times.push(Number(process.hrtime.bigint() - a));
      from = to;
    }
    const totalMs = Number(process.hrtime.bigint() - t0) / 1e6;
    times.sort((x, y) => x - y);
    const q = (p: number): number => times[Math.min(times.length - 1, Math.floor(p * times.length))];
    rows.push({
      suite: 'features (51) + book', task: `${name}: ts reference`, meanMs: sig3(totalMs), samples: times.length,
      p50Us: sig3(q(0.5) / 1e3), p99Us: sig3(q(0.99) / 1e3), meanUs: sig3(times.reduce((x, y) => x + y, 0) / times.length / 1e3),
    });
  }
  return rows;
}
