/**
 * Book apply throughput per backend on pre-parsed real streams: the kernel call
 * alone (records already in the kernel's input), whole stream in one call, and
 * in batches of 1 / 64 / 1024 messages (those include copying each batch into
 * the input buffer, as a feed would).
 */
import { Bench } from 'tinybench';
import { createBook } from '../../src/book/backends.js';
import { BACKEND_NAMES, type BookKernel } from '../../src/book/types.js';
import { nativeAddon } from '../../src/native/load.js';
import { EVENT_BYTES } from '../../src/layout/event.js';
import { loadStream, reportFailure, sig3, type BenchConfig, type BenchRow } from '../lib.js';

export function benchBookApply(cfg: BenchConfig): BenchRow[] {
  const rows: BenchRow[] = [];
  const streams = cfg.quick ? ['bybit-shaped'] : ['bybit-shaped', 'binance-usdm', 'binance-spot'];
  for (const name of streams) {
    const s = loadStream(name);
    const bench = new Bench({ time: cfg.timeMs, iterations: cfg.iterations, warmupTime: Math.min(200, cfg.timeMs) });
    const kernels: BookKernel[] = [];
    for (const backend of BACKEND_NAMES) {
      if (backend === 'native' && !nativeAddon()) continue;
      const k = createBook(backend, { depth: 1, recordCapacity: s.recordCount, outputCapacity: s.depthMessages + 1 });
      kernels.push(k);
      const inBytes = new Uint8Array(k.input.buffer, k.input.byteOffset, s.recordCount * EVENT_BYTES);
      // A stream that gaps would measure skipping, not applying: check it applies cleanly.
      inBytes.set(s.records);
      k.applyBatch(s.recordCount);
      const c = k.counters();
      if (c.gaps !== 0 || c.applied + c.stale !== s.depthMessages) {
        throw new Error(`${name}/${backend}: ${c.applied} of ${s.depthMessages} messages applied, ${c.gaps} gaps`);
      }
      // The batch tasks overwrite the input, so the whole stream is copied in before each
      // run, outside the timed function.
      bench.add(`${backend} whole stream`, () => { k.reset(); k.applyBatch(s.recordCount); },
        { beforeEach: () => inBytes.set(s.records) });
      for (const per of cfg.quick ? [64] : [1, 64, 1024]) {
        bench.add(`${backend} batches of ${per}`, () => {
          k.reset();
          const starts = s.msgStarts;
          for (let m = 0; m < starts.length; m += per) {
            const from = m === 0 ? 0 : starts[m];
            const to = m + per < starts.length ? starts[m + per] : s.recordCount;
            inBytes.set(s.records.subarray(from * EVENT_BYTES, to * EVENT_BYTES));
            k.applyBatch(to - from);
          }
        });
      }
    }
    for (const t of bench.runSync()) {
      const r = t.result;
      if (!r || !('latency' in r)) { reportFailure(t); continue; }
      const ms = r.latency.mean;
      rows.push({
        suite: 'book apply', task: `${name}: ${t.name}`, meanMs: sig3(ms), samples: r.latency.samplesCount ?? 0,
        nsPerMessage: sig3((ms * 1e6) / s.depthMessages),
        levelChangesPerSec: sig3(s.levelChanges / (ms / 1e3)),
      });
    }
    for (const k of kernels) k.close();
  }
  return rows;
}
