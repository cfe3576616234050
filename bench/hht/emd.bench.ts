/**
 * Cost per EMD decomposition (HHT.md §6, issue 4): median and p99 over windows of
 * the spec's random walk and its tick-rounded version, N = 256 / 1024 / 4096, for
 * every backend createHhtKernel builds (ts, wasm, native; a backend that is not
 * built is listed as such, not dropped) and both modes. A decomposition is timed
 * two ways, alternating call by call so host drift hits both alike: decomposeView()
 * (the result read in the kernel's own buffers, as the HHT worker does; `medianUs`,
 * `p99Us`) and decompose() (fresh arrays the caller keeps, i.e. plus one allocation
 * and copy of every IMF: `freshMedianUs`, `freshP99Us`).
 * Also the HHT worker's whole per-window cost (decomposition + K = 5 Hilbert
 * read-outs + the rest of src/hht/window-features.ts) at the default N = 1024, fast.
 * Each window is decomposed once untimed (warm-up), then timed `reps` times.
 */
import type { BackendName } from '../../src/book/types.js';
import { createHhtKernel } from '../../src/hht/backends.js';
import type { EmdResult } from '../../src/hht/emd.js';
import type { HhtKernel } from '../../src/hht/kernel.js';
import { EMD_MODES, modeOptions } from '../../src/hht/modes.js';
import { randomWalk, tickRounded } from '../../src/hht/test-signals.js';
import { HhtWindowFeatures } from '../../src/hht/window-features.js';
import { sig3, type BenchConfig, type BenchRow } from '../lib.js';

const BACKENDS: readonly BackendName[] = ['ts', 'wasm', 'native'];

interface Series { label: string; x: Float64Array }

function windowsOf(n: number, windows: number): Series[] {
  const stride = n >> 2;
  const walk = randomWalk(n + (windows - 1) * stride);
  return [{ label: 'random walk', x: walk }, { label: 'tick-rounded', x: tickRounded(walk) }];
}

/** Times each fn on each window, `reps` times after one untimed run, alternating fns call by call; µs per call, sorted. */
function timeWindows(series: Float64Array, n: number, windows: number, reps: number, fns: ReadonlyArray<(w: Float64Array) => number>): { us: number[][]; work: number[] } {
  const us: number[][] = fns.map(() => []), work: number[] = [];
  const stride = n >> 2;
  for (let w = 0; w < windows; w++) {
    const x = series.subarray(w * stride, w * stride + n);
    work.push(fns[0]!(x));
    for (let f = 1; f < fns.length; f++) fns[f]!(x);
    for (let r = 0; r < reps; r++) {
      for (let f = 0; f < fns.length; f++) {
        const t0 = process.hrtime.bigint();
        fns[f]!(x);
        us[f]!.push(Number(process.hrtime.bigint() - t0) / 1e3);
      }
    }
  }
  for (const u of us) u.sort((a, b) => a - b);
  work.sort((a, b) => a - b);
  return { us, work };
}

/** The q-quantile of sorted values. */
function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function row(suite: string, task: string, us: number[], extra: Record<string, number>): BenchRow {
  const mean = us.reduce((a, b) => a + b, 0) / us.length;
  return { suite, task, meanMs: sig3(mean / 1e3), samples: us.length, medianUs: sig3(quantile(us, 0.5)), p99Us: sig3(quantile(us, 0.99)), ...extra };
}

export function benchHhtEmd(cfg: BenchConfig): BenchRow[] {
  const rows: BenchRow[] = [];
  const windows = cfg.quick ? 4 : 24;
  for (const n of cfg.quick ? [256, 1024] : [256, 1024, 4096]) {
    const reps = cfg.quick ? 1 : n <= 256 ? 20 : n <= 1024 ? 6 : 2;
    for (const backend of BACKENDS) {
      let kernel: HhtKernel;
      try {
        kernel = createHhtKernel(backend, n);
      } catch (err) {
        rows.push({ suite: 'hht emd', task: `N=${n}: ${backend}`, meanMs: NaN, samples: 0, note: `not measured: ${(err as Error).message}` });
        continue;
      }
      for (const s of windowsOf(n, windows)) {
        for (const mode of EMD_MODES) {
          const opts = modeOptions(mode);
          const sifts = (r: EmdResult): number => r.siftsPerImf.reduce((a, b) => a + b, 0);
          const { us, work } = timeWindows(s.x, n, windows, reps, [
            (w) => sifts(kernel.decomposeView(w, opts)),
            (w) => sifts(kernel.decompose(w, opts)),
          ]);
          const fresh = us[1]!;
          rows.push(row('hht emd', `N=${n} ${s.label}: ${backend} ${mode}`, us[0]!, {
            freshMedianUs: sig3(quantile(fresh, 0.5)), freshP99Us: sig3(quantile(fresh, 0.99)),
            siftsMedian: work[work.length >> 1]!, siftsMax: work[work.length - 1]!,
          }));
        }
      }
      kernel.close();
    }
  }
  // What the worker pays per grid step with the default settings.
  const n = 1024;
  for (const backend of BACKENDS) {
    let kernel: HhtKernel;
    try { kernel = createHhtKernel(backend, n); } catch { continue; }
    const features = new HhtWindowFeatures(kernel, { k: 5, sampleMs: 100, mode: 'fast' });
    const out = new Float64Array(features.width);
    for (const s of windowsOf(n, windows)) {
      const { us } = timeWindows(s.x, n, windows, cfg.quick ? 1 : 6, [(w) => { features.compute(w, out); return 0; }]);
      rows.push(row('hht window features (EMD + 5 Hilbert + read-outs)', `N=${n} ${s.label}: ${backend} fast`, us[0]!, {}));
    }
    kernel.close();
  }
  return rows;
}
