/**
 * The book path with HHT on vs off (issue 4 acceptance): per-message time of the
 * feature kernel's apply (book + features), plus, with HHT on, the HHT stage's
 * join of that message's rows (grid sampling into the shared ring, reading the
 * newest finished window) while the worker decomposes on the other core. Live
 * timing, so the path never waits; the stream is replayed as fast as it goes.
 * `hhtJoin*` is the stage's own share of the on runs. Also the replay stage
 * (features command, ingest), which does wait for every window, for comparison.
 * Off and on alternate twice to show the noise.
 */
import type { BackendName } from '../../src/book/types.js';
import { createFeatureKernel } from '../../src/features/backends.js';
import type { FeatureKernel } from '../../src/features/kernel.js';
import { startHhtStage, type HhtStage, type HhtStageOptions } from '../../src/hht/stage.js';
import { EVENT_BYTES } from '../../src/layout/event.js';
import { nativeAddon } from '../../src/native/load.js';
import { loadStream, sig3, type BenchConfig, type BenchRow, type Stream } from '../lib.js';

const HHT: HhtStageOptions = { sampleMs: 100, n: 1024, k: 5, mode: 'fast', backend: 'auto' };

/** The fastest feature kernel that opens (the live engine's choice). */
function openKernel(s: Stream): { kernel: FeatureKernel; backend: BackendName } {
  for (const backend of (nativeAddon() ? ['native', 'wasm', 'ts'] : ['wasm', 'ts']) as BackendName[]) {
    try {
      return { kernel: createFeatureKernel(backend, s.instrument, { recordCapacity: 1 << 16, outputCapacity: 1 << 12 }), backend };
    } catch { /* next */ }
  }
  throw new Error('no feature kernel opens');
}

async function perMessage(s: Stream, hht: 'off' | 'live' | 'replay'): Promise<{ times: number[]; joins: number[]; totalMs: number; backend: string }> {
  const { kernel, backend } = openKernel(s);
  let stage: HhtStage | undefined;
  if (hht !== 'off') stage = await startHhtStage(kernel.rowStride, HHT, hht === 'live');
  const inBytes = new Uint8Array(kernel.input.buffer, kernel.input.byteOffset, kernel.recordCapacity * EVENT_BYTES);
  const starts = [...s.msgStarts, s.recordCount];
  const times: number[] = [], joins: number[] = [];
  let from = 0;
  const t0 = process.hrtime.bigint();
  for (let m = 0; m < s.msgStarts.length; m++) {
    const to = starts[m + 1]!;
    inBytes.set(s.records.subarray(from * EVENT_BYTES, to * EVENT_BYTES));
    const a = process.hrtime.bigint();
    const rows = kernel.applyBatch(to - from);
    // The join is timed inside the message's time; the off runs take the same two
    // clock readings around nothing, so on and off carry the same instrumentation.
    const b = process.hrtime.bigint();
    if (stage) stage.join(kernel.output, rows);
    const joinNs = Number(process.hrtime.bigint() - b);
    if (stage) joins.push(joinNs);
    times.push(Number(process.hrtime.bigint() - a));
    from = to;
  }
  const totalMs = Number(process.hrtime.bigint() - t0) / 1e6;
  stage?.close();
  kernel.close();
  times.sort((x, y) => x - y);
  joins.sort((x, y) => x - y);
  return { times, joins, totalMs, backend: `${backend}${stage ? `, HHT ${stage.backend}` : ''}` };
}

export async function benchHhtBookPath(cfg: BenchConfig): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const s = loadStream(cfg.quick ? 'bybit-linear' : 'bybit-shaped');
  const runs: Array<'off' | 'live' | 'replay'> = cfg.quick ? ['off', 'live'] : ['off', 'live', 'off', 'live', 'replay'];
  for (const hht of runs) {
    const { times, joins, totalMs, backend } = await perMessage(s, hht);
    const at = (a: number[], p: number): number => a[Math.min(a.length - 1, Math.floor(p * a.length))]! / 1e3;
    const q = (p: number): number => at(times, p);
    const joinUs: Record<string, number> = joins.length > 0 ? { hhtJoinP50Us: sig3(at(joins, 0.5)), hhtJoinP99Us: sig3(at(joins, 0.99)) } : {};
    rows.push({
      suite: 'book path + HHT (N 1024, 100 ms, fast)', task: `${s.name}: HHT ${hht} (${backend})`, meanMs: sig3(totalMs), samples: times.length,
      p50Us: sig3(q(0.5)), p99Us: sig3(q(0.99)), meanUs: sig3(times.reduce((a, b) => a + b, 0) / times.length / 1e3), ...joinUs,
    });
  }
  return rows;
}
