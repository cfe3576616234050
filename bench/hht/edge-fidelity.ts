/**
 * Live-edge fidelity study (HHT.md §3; numbers in docs/HHT.md "Live edge"): how
 * well each causal read-out at the end of a window agrees with the value the same
 * method gives once the sample sits in the middle of a window (the "centred",
 * offline value), on real mid-price series sampled every 100 ms. Also counts how
 * often the fast mode's sift bound binds on the same windows.
 *
 * Run: node dist/bench/hht/edge-fidelity.js [N ...]   (default 256 1024; ~15 minutes)
 * A price-like random walk (HHT.md §5) runs first as a control: it reproduces the
 * spec's numbers, so a poor figure on real data is the data, not the harness.
 * N ≥ 4096 only counts the fast mode's bound (every 4th window).
 *
 * Centred truth at sample s: reference-mode EMD of x[s−N/2 … s+N/2−1], IMF k and
 * its FFT Hilbert spectrum at index N/2. Edge: fast-mode EMD (the feature default)
 * of x[e−N+1 … e] and each estimator of src/hht/edge.ts; an estimate "of sample s"
 * is compared with the centred truth at s.
 */
import { edgeEstimate, edgeQuadrature, meanPeriodSamples, READOUT_LAG_PERIODS, readoutLagSamples, type EdgeEstimate } from '../../src/hht/edge.js';
import type { EmdResult } from '../../src/hht/emd.js';
import { FAST_MAX_SIFTS, modeOptions } from '../../src/hht/modes.js';
import { TsHhtKernel } from '../../src/hht/reference-kernel.js';
import { randomWalk } from '../../src/hht/test-signals.js';
import { Fidelity } from './fidelity-stats.js';
import { midSeries } from './mid-series.js';

const K = 5;
const FIXED_LAGS = [8];
const PERIOD_LAGS = [0.5, 1, 2, 3];
const argNs = process.argv.slice(2).map(Number).filter((n) => n > 0);
const SIZES = argNs.length > 0 ? argNs : [256, 1024];

interface Truth { value: Float64Array[]; amp: Float64Array[]; phase: Float64Array[]; freq: Float64Array[] }

function centredTruth(x: Float64Array, n: number, kernel: TsHhtKernel): Truth {
  const len = x.length;
  const mk = (): Float64Array[] => Array.from({ length: K }, () => new Float64Array(len).fill(NaN));
  const t: Truth = { value: mk(), amp: mk(), phase: mk(), freq: mk() };
  const half = n >> 1;
  for (let s = half; s + half <= len; s++) {
    const r = kernel.decompose(x.subarray(s - half, s + half));
    for (let k = 0; k < Math.min(K, r.imfs.length); k++) {
      const h = kernel.hilbert(r.imfs[k]!);
      t.value[k]![s] = r.imfs[k]![half]!;
      t.amp[k]![s] = h.amplitude[half]!;
      t.phase[k]![s] = h.phaseRad[half]!;
      t.freq[k]![s] = h.frequencyCyclesPerSample[half]!;
    }
  }
  return t;
}

function study(name: string, x: Float64Array, n: number): void {
  const kernel = new TsHhtKernel(n);
  const truth = centredTruth(x, n, kernel);
  const est = new Map<string, Fidelity[]>();
  const fid = (label: string, k: number): Fidelity => {
    let a = est.get(label);
    if (!a) { a = Array.from({ length: K }, () => new Fidelity()); est.set(label, a); }
    return a[k]!;
  };
  const te: EdgeEstimate = { amplitude: NaN, phaseRad: NaN, frequencyCyclesPerSample: NaN };
  const q: EdgeEstimate = { amplitude: NaN, phaseRad: NaN, frequencyCyclesPerSample: NaN };
  let windows = 0, bound = 0, imfsTotal = 0, imfsBound = 0;
  const maxSifts: number[] = [];
  const half = n >> 1;
  for (let e = n; e + half <= x.length; e++) {
    const w = x.subarray(e - n + 1, e + 1);
    const ref = kernel.decompose(w);
    windows++;
    const over = ref.siftsPerImf.filter((s) => s > FAST_MAX_SIFTS).length;
    maxSifts.push(Math.max(0, ...ref.siftsPerImf));
    imfsTotal += ref.siftsPerImf.length;
    imfsBound += over;
    let r: EmdResult = ref;
    if (over > 0) { bound++; r = kernel.decompose(w, modeOptions('fast')); }
    for (let k = 0; k < Math.min(K, r.imfs.length); k++) {
      const c = r.imfs[k]!;
      const h = kernel.hilbert(c);
      const p = meanPeriodSamples(c);
      const at = (label: string, lag: number): void => {
        if (!Number.isFinite(lag)) return;
        const s = e - lag, i = n - 1 - lag, f = fid(label, k);
        f.lags.push(lag);
        f.value.add(c[i]!, truth.value[k]![s]!);
        f.amplitude.add(h.amplitude[i]!, truth.amp[k]![s]!);
        f.phase.add(h.phaseRad[i]!, truth.phase[k]![s]!);
        f.frequency.add(h.frequencyCyclesPerSample[Math.min(i, n - 2)]!, truth.freq[k]![s]!);
      };
      at('fft @ 0 (naive edge)', 0);
      for (const l of FIXED_LAGS) at(`fft @ ${l} samples`, l);
      for (const m of PERIOD_LAGS) {
        at(`fft @ ${m} periods${m === READOUT_LAG_PERIODS ? ' (the hht_imf* read-out)' : ''}`, readoutLagSamples(p, n, m));
      }
      // The features' edge estimate: Teager–Kaiser over the last period, quadrature phase at its frequency.
      edgeEstimate(c, n, p, te);
      const tk = fid('teager + quadrature (the hht_imf*_edge_* estimate)', k);
      tk.value.add(c[n - 1]!, truth.value[k]![e]!);
      tk.amplitude.add(te.amplitude, truth.amp[k]![e]!);
      tk.frequency.add(te.frequencyCyclesPerSample, truth.freq[k]![e]!);
      tk.phase.add(te.phaseRad, truth.phase[k]![e]!);
      // Two-point quadrature at the mean-period frequency.
      edgeQuadrature(c, n, (2 * Math.PI) / p, q);
      const qp = fid('quadrature @ mean period (edge)', k);
      qp.amplitude.add(q.amplitude, truth.amp[k]![e]!);
      qp.phase.add(q.phaseRad, truth.phase[k]![e]!);
      qp.frequency.add(1 / p, truth.freq[k]![e]!);
      // Lagged by one period, phase advanced to the edge at the mean frequency.
      const lag = Math.max(1, Math.round(p));
      if (Number.isFinite(p) && lag <= half) {
        const i = n - 1 - lag;
        const adv = fid('fft @ 1 period, phase advanced to edge', k);
        adv.amplitude.add(h.amplitude[i]!, truth.amp[k]![e]!);
        adv.phase.add(h.phaseRad[i]! + (2 * Math.PI * lag) / p, truth.phase[k]![e]!);
        adv.frequency.add(h.frequencyCyclesPerSample[i]!, truth.freq[k]![e]!);
      }
    }
  }
  const f3 = (v: number): string => (Number.isFinite(v) ? v.toFixed(2) : '—');
  console.log(`\n### ${name}, N = ${n}: ${windows} edge windows (${x.length} samples at 100 ms)`);
  console.log(boundLine(bound, windows, imfsBound, imfsTotal, maxSifts));
  console.log('\n| read-out | IMF | median lag | value corr | amplitude corr | frequency corr | phase error median | mean cos Δφ |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const [label, a] of est) {
    a.forEach((f, k) => {
      const lags = [...f.lags].sort((u, v) => u - v);
      const lag = lags.length ? String(lags[lags.length >> 1]) : '0';
      console.log(`| ${label} | ${k + 1} | ${lag} | ${f3(f.value.value())} | ${f3(f.amplitude.value())} | ${f3(f.frequency.value())} | ${f.phase.medianDeg().toFixed(0)}° | ${f3(f.phase.meanCos())} |`);
    });
  }
}

function boundLine(bound: number, windows: number, imfsBound: number, imfsTotal: number, maxSifts: number[]): string {
  const s = [...maxSifts].sort((a, b) => a - b);
  const q = (p: number): number => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  return `fast-mode bound (> ${FAST_MAX_SIFTS} sifts in some IMF): ${bound} of ${windows} windows (${((100 * bound) / windows).toFixed(1)} %), `
    + `${imfsBound} of ${imfsTotal} IMFs (${((100 * imfsBound) / imfsTotal).toFixed(1)} %); reference sifts of the slowest IMF: median ${q(0.5)}, p99 ${q(0.99)}, max ${s[s.length - 1]}`;
}

/** Large N: only how often the fast mode's bound binds, on every `stride`-th window. */
function boundOnly(name: string, x: Float64Array, n: number, stride: number): void {
  const kernel = new TsHhtKernel(n);
  let windows = 0, bound = 0, imfsTotal = 0, imfsBound = 0;
  const maxSifts: number[] = [];
  for (let e = n - 1; e < x.length; e += stride) {
    const r = kernel.decompose(x.subarray(e - n + 1, e + 1));
    const over = r.siftsPerImf.filter((s) => s > FAST_MAX_SIFTS).length;
    windows++; imfsTotal += r.siftsPerImf.length; imfsBound += over; if (over > 0) bound++;
    maxSifts.push(Math.max(0, ...r.siftsPerImf));
  }
  console.log(`\n### ${name}, N = ${n} (every ${stride}th window)\n${boundLine(bound, windows, imfsBound, imfsTotal, maxSifts)}`);
}

const control = randomWalk(6000);
for (const n of SIZES) if (n < 4096) study('random walk (control, HHT.md §5)', control, n);
for (const stream of ['binance-usdm', 'binance-spot']) {
  const s = midSeries(stream);
  let z = 0;
  for (let i = 1; i < s.mid.length; i++) if (s.mid[i] === s.mid[i - 1]) z++;
  console.log(`\n## ${stream}: ${s.mid.length} samples, ${((100 * z) / (s.mid.length - 1)).toFixed(1)} % unchanged from the previous sample`);
  for (const n of SIZES) if (n < 4096) study(stream, s.mid, n); else boundOnly(stream, s.mid, n, 4);
}
