/**
 * Hilbert spectrum of one signal: the port of src/hht/hilbert.ts (HHT.md §2).
 * Analytic signal by an FFT of exactly n samples (bins × [1, 2…2, 1 at Nyquist
 * for even n, 0…0]); amplitude |z| = sqrt(re² + im²); phase numpy.unwrap(atan2)
 * with the default discont π; frequency the forward difference of the phase in
 * cycles/sample, the last sample repeating the one before.
 *
 * In: x (n f64 at xPtr). Out: amplitudePtr, phasePtr (rad), frequencyPtr
 * (cycles/sample), n f64 each; or (hilbertAtRun) the three values at one sample.
 * Uses rePtr/imPtr and the FFT buffers. Math.atan2
 * here is AssemblyScript's (musl's port of the same fdlibm code V8 uses), so the
 * phase may differ from the reference by an ulp at most.
 */
import { fftTransform } from './fft';
import { amplitudePtr, frequencyPtr, imPtr, phasePtr, rePtr, xPtr } from './layout';

@inline function f(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}

@inline function put(p: usize, i: i32, v: f64): void {
  store<f64>(p + (<usize>i << 3), v);
}

/** Python/numpy float modulo: the result takes the sign of the divisor. */
@inline function floorMod(a: f64, b: f64): f64 {
  let r = a % b;
  if (r != 0) {
    if ((r < 0) != (b < 0)) r += b;
  } else {
    r = b < 0 ? -0.0 : 0.0;
  }
  return r;
}

/**
 * One step of numpy.unwrap: the correction after the step dd (ddMod − dd added
 * when |dd| ≥ π or dd is NaN). The floor-mod runs only then; for |dd| < π its
 * value was never used, so skipping it changes no bit.
 */
@inline function unwrapStep(correction: f64, dd: f64): f64 {
  if (Math.abs(dd) < Math.PI) return correction;
  let ddMod = floorMod(dd + Math.PI, 2 * Math.PI) - Math.PI;
  if (ddMod == -Math.PI && dd > 0) ddMod = Math.PI;
  return correction + (ddMod - dd);
}

/** The analytic signal of x[0..n−1] into re/im (the FFT plan must be for n). */
function analyticSignal(n: i32): void {
  const re = rePtr, im = imPtr;
  for (let i = 0; i < n; i++) { put(re, i, f(xPtr, i)); put(im, i, 0); }
  fftTransform(re, im, n, false);
  const even = (n & 1) == 0;
  const positiveEnd = even ? n >> 1 : (n + 1) >> 1;
  for (let k = 1; k < positiveEnd; k++) { put(re, k, 2 * f(re, k)); put(im, k, 2 * f(im, k)); }
  for (let k = even ? (n >> 1) + 1 : positiveEnd; k < n; k++) { put(re, k, 0); put(im, k, 0); }
  fftTransform(re, im, n, true);
}

/** Amplitude, unwrapped phase and frequency of x[0..n−1] (the FFT plan must be for n). */
export function hilbertRun(n: i32): void {
  analyticSignal(n);
  const re = rePtr, im = imPtr;
  const twoPi = 2 * Math.PI;
  let correction = 0.0, prev = 0.0;
  for (let i = 0; i < n; i++) {
    const zr = f(re, i), zi = f(im, i);
    put(amplitudePtr, i, Math.sqrt(zr * zr + zi * zi));
    const p = Math.atan2(zi, zr);
    if (i > 0) {
      // numpy.unwrap: reduce the step to [−π, π), keep +π for a positive jump, correct only |step| ≥ π.
      correction = unwrapStep(correction, p - prev);
      const phase = p + correction;
      put(phasePtr, i, phase);
      put(frequencyPtr, i - 1, (phase - f(phasePtr, i - 1)) / twoPi);
    } else {
      put(phasePtr, 0, p); // keeps a −0 at i = 0 as numpy does
    }
    prev = p;
  }
  put(frequencyPtr, n - 1, n >= 2 ? f(frequencyPtr, n - 2) : 0);
}

/** Margin below π under which a step of approxAtan2 angles is certainly no wrap (≫ 2 × its 2e−5 error). */
const STEP_MARGIN: f64 = 1e-3;

/**
 * A cheap atan2(y, x), within 2e−5 of Math.atan2 on the same branch (the sign
 * bit of y picks the half-plane; x = −0 counts as negative); NaN for x = y = 0.
 * The port of approxAtan2 in src/hht/hilbert.ts, only used to rule out wraps.
 */
@inline function approxAtan2(y: f64, x: f64): f64 {
  // atan(t), 0 ≤ t ≤ 1: Abramowitz & Stegun 4.4.49 (|error| ≈ 1.1e−5 at most).
  const ax = Math.abs(x), ay = Math.abs(y);
  const steep = ay > ax;
  const t = steep ? ax / ay : ay / ax; // NaN for 0/0: the exact path then
  const t2 = t * t;
  let r = t * (0.9998660 + t2 * (-0.3302995 + t2 * (0.1801410 + t2 * (-0.0851330 + t2 * 0.0208351))));
  if (steep) r = Math.PI / 2 - r;
  if ((reinterpret<u64>(x) >> 63) != 0) r = Math.PI - r;
  return (reinterpret<u64>(y) >> 63) != 0 ? -r : r;
}

/**
 * hilbertRun's amplitude, phase and frequency at sample `at` (0 ≤ at < n), bit
 * for bit, into out[0..2], without the arrays: nothing past sample at + 1 is
 * read (the unwrap runs left to right), and Math.atan2 runs only on both sides
 * of the steps approxAtan2 cannot rule out as wraps, and at the samples read
 * (the argument of src/hht/hilbert.ts hilbertAt).
 */
export function hilbertAtRun(n: i32, at: i32, out: usize): void {
  analyticSignal(n);
  const re = rePtr, im = imPtr;
  const last = at + 1 < n ? at + 1 : n - 1;
  const bound = Math.PI - STEP_MARGIN;
  let correction = 0.0, corrAt = 0.0, corrNext = 0.0, corrPrev = 0.0;
  let aPrev = approxAtan2(f(im, 0), f(re, 0)), pPrev = 0.0, exactPrev = false;
  for (let i = 1; i <= last; i++) {
    const a = approxAtan2(f(im, i), f(re, i));
    let p = 0.0, exact = false;
    if (!(Math.abs(a - aPrev) < bound)) {
      if (!exactPrev) pPrev = Math.atan2(f(im, i - 1), f(re, i - 1));
      p = Math.atan2(f(im, i), f(re, i));
      exact = true;
      correction = unwrapStep(correction, p - pPrev);
    }
    if (i == at) corrAt = correction;
    if (i == at + 1) corrNext = correction;
    if (i == last - 1) corrPrev = correction;
    aPrev = a; pPrev = p; exactPrev = exact;
  }
  const twoPi = 2 * Math.PI;
  const phaseAt = phaseOf(at, corrAt);
  const zr = f(re, at), zi = f(im, at);
  put(out, 0, Math.sqrt(zr * zr + zi * zi));
  put(out, 1, phaseAt);
  put(out, 2, n < 2 ? 0 : at + 1 < n ? (phaseOf(at + 1, corrNext) - phaseAt) / twoPi : (phaseAt - phaseOf(at - 1, corrPrev)) / twoPi);
}

/** Phase of sample i: the angle plus the correction up to i, except sample 0 (the angle itself, keeping a −0). */
@inline function phaseOf(i: i32, corr: f64): f64 {
  const p = Math.atan2(f(imPtr, i), f(rePtr, i));
  return i == 0 ? p : p + corr;
}
