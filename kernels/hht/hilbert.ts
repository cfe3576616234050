/**
 * Hilbert spectrum of one signal: the port of src/hht/hilbert.ts (HHT.md §2).
 * Analytic signal by an FFT of exactly n samples (bins × [1, 2…2, 1 at Nyquist
 * for even n, 0…0]); amplitude |z| = sqrt(re² + im²); phase numpy.unwrap(atan2)
 * with the default discont π; frequency the forward difference of the phase in
 * cycles/sample, the last sample repeating the one before.
 *
 * In: x (n f64 at xPtr). Out: amplitudePtr, phasePtr (rad), frequencyPtr
 * (cycles/sample), n f64 each. Uses rePtr/imPtr and the FFT buffers. Math.atan2
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

/** Amplitude, unwrapped phase and frequency of x[0..n−1] (the FFT plan must be for n). */
export function hilbertRun(n: i32): void {
  const re = rePtr, im = imPtr;
  for (let i = 0; i < n; i++) { put(re, i, f(xPtr, i)); put(im, i, 0); }
  fftTransform(re, im, n, false);
  const even = (n & 1) == 0;
  const positiveEnd = even ? n >> 1 : (n + 1) >> 1;
  for (let k = 1; k < positiveEnd; k++) { put(re, k, 2 * f(re, k)); put(im, k, 2 * f(im, k)); }
  for (let k = even ? (n >> 1) + 1 : positiveEnd; k < n; k++) { put(re, k, 0); put(im, k, 0); }
  fftTransform(re, im, n, true);

  const twoPi = 2 * Math.PI;
  let correction = 0.0, prev = 0.0;
  for (let i = 0; i < n; i++) {
    const zr = f(re, i), zi = f(im, i);
    put(amplitudePtr, i, Math.sqrt(zr * zr + zi * zi));
    const p = Math.atan2(zi, zr);
    if (i > 0) {
      // numpy.unwrap: reduce the step to [−π, π), keep +π for a positive jump, correct only |step| ≥ π.
      const dd = p - prev;
      let ddMod = floorMod(dd + Math.PI, twoPi) - Math.PI;
      if (ddMod == -Math.PI && dd > 0) ddMod = Math.PI;
      if (!(Math.abs(dd) < Math.PI)) correction += ddMod - dd;
    }
    put(phasePtr, i, i > 0 ? p + correction : p); // keeps a −0 at i = 0 as numpy does
    prev = p;
  }
  for (let i = 0; i + 1 < n; i++) put(frequencyPtr, i, (f(phasePtr, i + 1) - f(phasePtr, i)) / twoPi);
  put(frequencyPtr, n - 1, n >= 2 ? f(frequencyPtr, n - 2) : 0);
}
