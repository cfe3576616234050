/**
 * The HHT feature values of one window (docs/HHT.md "Features"): EMD of the last
 * N grid samples of the mid (USD), then per IMF k ≤ K the causal read-outs of
 * edge.ts, and the window-level values. Every value depends only on the window,
 * whose last sample is the newest grid time the row may see, so a row's HHT
 * columns never read the future. The row's own `hht_age_ms` is added by the join.
 *
 * Layout of `out` (width hhtWindowWidth(K)), the registry's HHT order minus age:
 *   per IMF k (HHT_IMF_QUANTITIES order): amp_bps, freq_hz, phase_sin, phase_cos,
 *     value_bps, energy_share, period_s, edge_amp_bps, edge_phase_sin, edge_phase_cos
 *   then imf_count, residue_slope_bps_s, sift_capped.
 * Per-IMF values are NaN for k beyond the window's IMF count, or when the IMF
 * has fewer than 2 zero crossings (no period, so no lag and no edge estimate).
 * Cost: one decomposition plus one FFT Hilbert spectrum per IMF read (≤ K), read
 * at its one sample (kernel.hilbertAt: no arrays, the angle only up to that
 * sample + 1); the decomposition is read in place (kernel.decomposeView).
 */
import { HHT_GLOBALS, HHT_IMF_QUANTITIES } from '../features/registry.js';
import { edgeEstimate, meanPeriodSamples, readoutLagSamples, type EdgeEstimate } from './edge.js';
import type { HhtKernel, EmdKernelOptions } from './kernel.js';
import { modeOptions, type EmdMode } from './modes.js';

/** Values per IMF. */
export const HHT_PER_IMF = HHT_IMF_QUANTITIES.length;
const AMP = 0, FREQ = 1, SIN = 2, COS = 3, VALUE = 4, ENERGY = 5, PERIOD = 6, EDGE_AMP = 7, EDGE_SIN = 8, EDGE_COS = 9;

/** The residue slope is read over the last N/RESIDUE_SLOPE_FRACTION samples. */
export const RESIDUE_SLOPE_FRACTION = 8;

/** Values a window yields: every HHT column except hht_age_ms. */
export function hhtWindowWidth(k: number): number {
  return k * HHT_PER_IMF + HHT_GLOBALS.length - 1;
}

export interface HhtWindowOptions {
  /** IMFs with columns. */
  k: number;
  /** Grid interval (ms): converts samples to seconds and cycles/sample to Hz. */
  sampleMs: number;
  mode: EmdMode;
}

/** Computes window after window with one kernel (the worker's, or a test's). */
export class HhtWindowFeatures {
  readonly width: number;
  private readonly emdOptions: EmdKernelOptions;
  /** Sifts per IMF at which the mode's cap has bound (maxIteration − 1 run). */
  private readonly siftCap: number;
  private readonly edge: EdgeEstimate = { amplitude: NaN, phaseRad: NaN, frequencyCyclesPerSample: NaN };
  /** Amplitude, phase, frequency of the IMF being read, at its read-out sample. */
  private readonly point = new Float64Array(3);

  constructor(private readonly kernel: HhtKernel, private readonly opts: HhtWindowOptions) {
    this.width = hhtWindowWidth(opts.k);
    this.emdOptions = modeOptions(opts.mode);
    this.siftCap = (this.emdOptions.maxIteration ?? 1000) - 1;
  }

  /** Writes the values of window x (USD, oldest first) into out[at … at + width). */
  compute(x: Float64Array, out: Float64Array, at = 0): void {
    const { k: K, sampleMs } = this.opts;
    const n = x.length;
    // Views of the kernel's buffers: every value is read before the next decomposition.
    const r = this.kernel.decomposeView(x, this.emdOptions);
    const toBps = 1e4 / x[n - 1]!;
    const hzPerCycleSample = 1000 / sampleMs;
    let totalEnergy = 0;
    const energy = r.imfs.map((c) => { let e = 0; for (let i = 0; i < n; i++) e += c[i]! * c[i]!; totalEnergy += e; return e; });
    out.fill(NaN, at, at + this.width);
    for (let k = 0; k < Math.min(K, r.imfs.length); k++) {
      const o = at + k * HHT_PER_IMF;
      const c = r.imfs[k]!;
      const period = meanPeriodSamples(c, n);
      out[o + ENERGY] = totalEnergy > 0 ? energy[k]! / totalEnergy : NaN;
      if (!Number.isFinite(period)) continue;
      out[o + PERIOD] = (period * sampleMs) / 1000;
      const i = n - 1 - readoutLagSamples(period, n);
      const h = this.point;
      this.kernel.hilbertAt(c, i, h); // = hilbert(c) at sample i, bit for bit
      out[o + AMP] = h[0]! * toBps;
      out[o + FREQ] = h[2]! * hzPerCycleSample;
      out[o + SIN] = Math.sin(h[1]!);
      out[o + COS] = Math.cos(h[1]!);
      out[o + VALUE] = c[i]! * toBps;
      edgeEstimate(c, n, period, this.edge);
      out[o + EDGE_AMP] = this.edge.amplitude * toBps;
      out[o + EDGE_SIN] = Math.sin(this.edge.phaseRad);
      out[o + EDGE_COS] = Math.cos(this.edge.phaseRad);
    }
    const g = at + K * HHT_PER_IMF;
    out[g] = r.imfs.length;
    const span = Math.max(1, Math.floor(n / RESIDUE_SLOPE_FRACTION));
    out[g + 1] = ((r.residue[n - 1]! - r.residue[n - 1 - span]!) * toBps) / ((span * sampleMs) / 1000);
    out[g + 2] = r.siftsPerImf.some((s) => s >= this.siftCap) ? 1 : 0;
  }
}
