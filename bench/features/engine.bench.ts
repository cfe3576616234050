/**
 * Cost per book update of all features (book apply included), per backend, p50
 * and p99 over every message of a real stream: each message is applied in its own
 * call (trades in between go with it), timed with hrtime. Backends: the TS
 * reference engine, the WASM and native feature kernels (src/features/backends.ts);
 * core rows (51 columns), and the native kernel with the extended set as well.
 */
import { nativeAddon } from '../../src/native/load.js';
import type { BackendName } from '../../src/book/types.js';
import { createFeatureKernel } from '../../src/features/backends.js';
import { EVENT_BYTES } from '../../src/layout/event.js';
import { loadStream, sig3, type BenchConfig, type BenchRow, type Stream } from '../lib.js';

type Timing = { meanMs: number; samples: number; p50Us: number; p99Us: number; meanUs: number };

function perUpdate(s: Stream, backend: BackendName, extended: boolean): Timing {
  const engine = createFeatureKernel(backend, s.instrument, { extended, recordCapacity: 1 << 16, outputCapacity: 1 << 12 });
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
  engine.close();
  times.sort((x, y) => x - y);
  const q = (p: number): number => times[Math.min(times.length - 1, Math.floor(p * times.length))];
  return {
    meanMs: sig3(totalMs), samples: times.length,
    p50Us: sig3(q(0.5) / 1e3), p99Us: sig3(q(0.99) / 1e3), meanUs: sig3(times.reduce((x, y) => x + y, 0) / times.length / 1e3),
  };
}

export function benchFeatures(cfg: BenchConfig): BenchRow[] {
  const rows: BenchRow[] = [];
  const kernels: BackendName[] = nativeAddon() ? ['ts', 'wasm', 'native'] : ['ts', 'wasm'];
  for (const name of cfg.quick ? ['bybit-linear'] : ['bybit-shaped', 'binance-usdm']) {
    const s = loadStream(name);
    for (const b of kernels) {
      rows.push({ suite: 'features (51) + book', task: `${name}: ${b}`, ...perUpdate(s, b, false) });
    }
    for (const b of kernels.filter((k) => k !== 'ts')) {
      rows.push({ suite: 'features (108, extended) + book', task: `${name}: ${b}`, ...perUpdate(s, b, true) });
    }
  }
  return rows;
}
