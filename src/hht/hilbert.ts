/**
 * Hilbert spectrum of one IMF, reference definition (HHT.md §2): the analytic
 * signal by an FFT of exactly n samples (scipy.signal.hilbert: bins × [1, 2…2,
 * 1 at Nyquist when n is even, 0…0]), amplitude |z|, numpy.unwrap(angle z), and
 * the instantaneous frequency as the reference vectors define it: a forward
 * difference, f[i] = (φ[i+1] − φ[i])/2π cycles/sample for i < n−1, and the last
 * sample repeats f[n−2]. (So f[i] is the frequency between samples i and i+1;
 * a causal read-out at the window's end needs its own estimate, HHT.md §3.)
 * The window is treated as periodic, so all three are distorted near both ends.
 */
import { FftPlan } from './fft.js';

/** Amplitude, unwrapped phase and instantaneous frequency of one signal. */
export interface HilbertSpectrum {
  amplitude: Float64Array;
  phaseRad: Float64Array;
  frequencyCyclesPerSample: Float64Array;
}

/** Analytic signal of x into re/im (length x.length); plan.n must equal x.length. */
export function analyticSignal(x: Float64Array, re: Float64Array, im: Float64Array, plan: FftPlan): void {
  const n = x.length;
  if (plan.n !== n) throw new RangeError(`FFT plan length must be ${n}, was ${plan.n}`);
  for (let i = 0; i < n; i++) { re[i] = x[i]!; im[i] = 0; }
  plan.forward(re, im);
  // Keep DC (and Nyquist for even n), double the positive bins, zero the negative ones.
  const positiveEnd = n % 2 === 0 ? n / 2 : (n + 1) / 2;
  for (let k = 1; k < positiveEnd; k++) { re[k] = 2 * re[k]!; im[k] = 2 * im[k]!; }
  for (let k = n % 2 === 0 ? n / 2 + 1 : positiveEnd; k < n; k++) { re[k] = 0; im[k] = 0; }
  plan.inverse(re, im);
}

/**
 * numpy.unwrap(p) with the default discont π, into out: each step is reduced to
 * [−π, π) (mod as numpy's floor-mod), a step of exactly −π after reduction from a
 * positive jump becomes +π, and steps already below π in magnitude are kept.
 */
export function unwrapPhase(p: Float64Array, out: Float64Array): void {
  const n = p.length;
  const twoPi = 2 * Math.PI;
  let correction = 0;
  if (n > 0) out[0] = p[0]!;
  for (let i = 1; i < n; i++) {
    const dd = p[i]! - p[i - 1]!;
    let ddMod = floorMod(dd + Math.PI, twoPi) - Math.PI;
    if (ddMod === -Math.PI && dd > 0) ddMod = Math.PI;
    // numpy accumulates the corrections with cumsum, i.e. left to right.
    if (!(Math.abs(dd) < Math.PI)) correction += ddMod - dd;
    out[i] = p[i]! + correction;
  }
}

/** Python/numpy float modulo: the result takes the sign of the divisor. */
function floorMod(a: number, b: number): number {
  let r = a % b;
  if (r !== 0) {
    if ((r < 0) !== (b < 0)) r += b;
  } else {
    r = b < 0 ? -0 : 0;
  }
  return r;
}

/** Amplitude, unwrapped phase and instantaneous frequency of x; reuse `plan` across calls of one length. */
export function hilbertSpectrum(x: Float64Array, plan: FftPlan = new FftPlan(x.length)): HilbertSpectrum {
  const n = x.length;
  const re = new Float64Array(n), im = new Float64Array(n);
  analyticSignal(x, re, im, plan);
  const amplitude = new Float64Array(n);
  const wrapped = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    amplitude[i] = Math.sqrt(re[i]! * re[i]! + im[i]! * im[i]!);
    wrapped[i] = Math.atan2(im[i]!, re[i]!);
  }
  const phaseRad = new Float64Array(n);
  unwrapPhase(wrapped, phaseRad);
  const frequencyCyclesPerSample = new Float64Array(n);
  const twoPi = 2 * Math.PI;
  for (let i = 0; i + 1 < n; i++) frequencyCyclesPerSample[i] = (phaseRad[i + 1]! - phaseRad[i]!) / twoPi;
  if (n >= 2) frequencyCyclesPerSample[n - 1] = frequencyCyclesPerSample[n - 2]!;
  return { amplitude, phaseRad, frequencyCyclesPerSample };
}
