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
  let correction = 0;
  if (n > 0) out[0] = p[0]!;
  for (let i = 1; i < n; i++) {
    correction = unwrapStep(correction, p[i]! - p[i - 1]!);
    out[i] = p[i]! + correction;
  }
}

/**
 * One step of numpy.unwrap: the correction after the step dd (ddMod − dd added
 * when |dd| ≥ π or dd is NaN). The floor-mod runs only then; for |dd| < π its
 * value was never used, so skipping it changes no bit.
 */
function unwrapStep(correction: number, dd: number): number {
  if (Math.abs(dd) < Math.PI) return correction;
  let ddMod = floorMod(dd + Math.PI, 2 * Math.PI) - Math.PI;
  if (ddMod === -Math.PI && dd > 0) ddMod = Math.PI;
  // numpy accumulates the corrections with cumsum, i.e. left to right.
  return correction + (ddMod - dd);
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

/** Analytic-signal scratch of at least n samples each (reuse across calls to allocate nothing). */
export interface HilbertScratch {
  re: Float64Array;
  im: Float64Array;
}

function scratchFor(n: number, scratch?: HilbertScratch): HilbertScratch {
  if (scratch && scratch.re.length >= n && scratch.im.length >= n) return scratch;
  return { re: new Float64Array(n), im: new Float64Array(n) };
}

/**
 * Amplitude, unwrapped phase and instantaneous frequency of x; reuse `plan` across
 * calls of one length (and `scratch` to allocate only the three arrays returned).
 */
export function hilbertSpectrum(x: Float64Array, plan: FftPlan = new FftPlan(x.length), scratch?: HilbertScratch): HilbertSpectrum {
  const n = x.length;
  const { re, im } = scratchFor(n, scratch);
  analyticSignal(x, re, im, plan);
  const amplitude = new Float64Array(n);
  const phaseRad = new Float64Array(n);
  const frequencyCyclesPerSample = new Float64Array(n);
  // One pass: |z|, angle(z), the unwrap, and the forward difference of the step before.
  const twoPi = 2 * Math.PI;
  let correction = 0, prev = 0;
  for (let i = 0; i < n; i++) {
    const zr = re[i]!, zi = im[i]!;
    amplitude[i] = Math.sqrt(zr * zr + zi * zi);
    const p = Math.atan2(zi, zr);
    if (i === 0) {
      phaseRad[0] = p; // p itself (p + 0 would turn a −0 into +0)
    } else {
      correction = unwrapStep(correction, p - prev);
      phaseRad[i] = p + correction;
      frequencyCyclesPerSample[i - 1] = (phaseRad[i]! - phaseRad[i - 1]!) / twoPi;
    }
    prev = p;
  }
  if (n >= 2) frequencyCyclesPerSample[n - 1] = frequencyCyclesPerSample[n - 2]!;
  return { amplitude, phaseRad, frequencyCyclesPerSample };
}

/**
 * hilbertSpectrum(x) at sample `at` (0 ≤ at < n), bit for bit, into out[0..2]
 * (amplitude, phase, frequency) without the arrays. The unwrap runs left to
 * right, so nothing past sample at + 1 is read; and its correction only changes
 * at a step of at least π. A step whose approxAtan2 angles differ by less than
 * π − STEP_MARGIN is certainly below π (each estimate is within
 * APPROX_ATAN2_ERROR of Math.atan2) and is skipped; every other step (a wrap, a
 * NaN) takes Math.atan2 on both sides and the reference's unwrapStep, so the
 * corrections, summed in order, are the reference's bit for bit.
 */
export function hilbertAt(x: Float64Array, at: number, out: Float64Array, plan: FftPlan = new FftPlan(x.length), scratch?: HilbertScratch): void {
  const n = x.length;
  if (!Number.isInteger(at) || at < 0 || at >= n) throw new RangeError(`sample index must be an integer in [0, ${n}), was ${at}`);
  const { re, im } = scratchFor(n, scratch);
  analyticSignal(x, re, im, plan);
  const last = at + 1 < n ? at + 1 : n - 1;
  const bound = Math.PI - STEP_MARGIN;
  let correction = 0, corrAt = 0, corrNext = 0, corrPrev = 0;
  let aPrev = approxAtan2(im[0]!, re[0]!), pPrev = 0, exactPrev = false;
  for (let i = 1; i <= last; i++) {
    const a = approxAtan2(im[i]!, re[i]!);
    let p = 0, exact = false;
    if (!(Math.abs(a - aPrev) < bound)) {
      if (!exactPrev) pPrev = Math.atan2(im[i - 1]!, re[i - 1]!);
      p = Math.atan2(im[i]!, re[i]!);
      exact = true;
      correction = unwrapStep(correction, p - pPrev);
    }
    if (i === at) corrAt = correction;
    if (i === at + 1) corrNext = correction;
    if (i === last - 1) corrPrev = correction;
    aPrev = a; pPrev = p; exactPrev = exact;
  }
  // Phase i: the angle plus the correction up to i, except sample 0 (the angle itself, keeping a −0).
  const phaseOf = (i: number, corr: number): number => {
    const p = Math.atan2(im[i]!, re[i]!);
    return i === 0 ? p : p + corr;
  };
  const twoPi = 2 * Math.PI;
  const phaseAt = phaseOf(at, corrAt);
  out[0] = Math.sqrt(re[at]! * re[at]! + im[at]! * im[at]!);
  out[1] = phaseAt;
  if (n < 2) out[2] = 0;
  else if (at + 1 < n) out[2] = (phaseOf(at + 1, corrNext) - phaseAt) / twoPi;
  else out[2] = (phaseAt - phaseOf(at - 1, corrPrev)) / twoPi; // f[n − 1] repeats f[n − 2]
}

/** Largest error (rad) of approxAtan2 against Math.atan2 for finite arguments, not both zero. */
export const APPROX_ATAN2_ERROR = 2e-5;
/** Margin below π under which a step of approxAtan2 angles is certainly no wrap (≫ 2·APPROX_ATAN2_ERROR). */
const STEP_MARGIN = 1e-3;

/**
 * A cheap atan2(y, x) within APPROX_ATAN2_ERROR of Math.atan2 on the same branch
 * (the sign of y, −0 included, picks the half-plane; x = −0 counts as negative);
 * NaN for x = y = 0. Only used to rule out phase wraps.
 */
export function approxAtan2(y: number, x: number): number {
  // atan(t), 0 ≤ t ≤ 1: Abramowitz & Stegun 4.4.49 (|error| ≈ 1.1e−5 at most).
  const ax = Math.abs(x), ay = Math.abs(y);
  const steep = ay > ax;
  const t = steep ? ax / ay : ay / ax; // NaN for 0/0: the exact path then
  const t2 = t * t;
  let r = t * (0.9998660 + t2 * (-0.3302995 + t2 * (0.1801410 + t2 * (-0.0851330 + t2 * 0.0208351))));
  if (steep) r = Math.PI / 2 - r;
  if (x < 0 || (x === 0 && 1 / x < 0)) r = Math.PI - r;
  return y < 0 || (y === 0 && 1 / y < 0) ? -r : r;
}
