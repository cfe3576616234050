/**
 * Complex FFT of any length n, for the Hilbert transform of a window of exactly
 * n samples (no padding: padding would change the analytic signal).
 *   n a power of 2: iterative radix-2, twiddles from Math.cos/sin per index
 *     (not a recurrence, so the error stays ≈ ε·log2 n).
 *   otherwise: Bluestein's chirp-z, a circular convolution of length
 *     m = 2^⌈log2(2n−1)⌉ done with the radix-2 FFT; the chirp angle π·k²/n is
 *     reduced as (k² mod 2n) in exact integer arithmetic first.
 * A plan owns all its tables and scratch: build once per n, then no allocation.
 * Forward sign e^(−2πi·jk/n), inverse scaled by 1/n (numpy/scipy convention).
 * Each stage reads its twiddles from a contiguous table (stage h at [h − 1, 2h − 1):
 * the values cos/sin(2πj/m) at stride m/2h, the sine already multiplied by the
 * direction's sign ±1, an exact product), and the bit reversal is a list of swaps.
 */

/** Precomputed tables and scratch for transforms of one length. */
export class FftPlan {
  readonly n: number;
  private readonly pow2: boolean;
  /** Radix-2 size: n itself, or Bluestein's convolution length. */
  private readonly m: number;
  private readonly cosTable: Float64Array;
  private readonly sinTable: Float64Array;
  private readonly stageCos: Float64Array;
  /** −1·sin (forward) and +1·sin (inverse) of each stage's twiddles. */
  private readonly stageSinFwd: Float64Array;
  private readonly stageSinInv: Float64Array;
  /** Bit-reversal swaps (i, j), j > i. */
  private readonly swaps: Uint32Array;
  // Bluestein only: chirp w_k = e^(−iπk²/n), FFT of the conjugate chirp filter, work arrays.
  private readonly chirpRe: Float64Array;
  private readonly chirpIm: Float64Array;
  private readonly filterRe: Float64Array;
  private readonly filterIm: Float64Array;
  private readonly workRe: Float64Array;
  private readonly workIm: Float64Array;

  constructor(n: number) {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`FFT length must be a positive integer, was ${n}`);
    this.n = n;
    this.pow2 = (n & (n - 1)) === 0;
    let m = 1;
    if (this.pow2) m = n;
    else while (m < 2 * n - 1) m *= 2;
    this.m = m;
    this.cosTable = new Float64Array(m >> 1);
    this.sinTable = new Float64Array(m >> 1);
    for (let j = 0; j < m >> 1; j++) {
      const angle = (2 * Math.PI * j) / m;
      this.cosTable[j] = Math.cos(angle);
      this.sinTable[j] = Math.sin(angle);
    }
    this.stageCos = new Float64Array(Math.max(m - 1, 0));
    this.stageSinFwd = new Float64Array(Math.max(m - 1, 0));
    this.stageSinInv = new Float64Array(Math.max(m - 1, 0));
    const forwardSign = -1, inverseSign = 1;
    for (let half = 1; half < m; half *= 2) {
      const step = m / (2 * half);
      for (let k = 0; k < half; k++) {
        this.stageCos[half - 1 + k] = this.cosTable[k * step]!;
        this.stageSinFwd[half - 1 + k] = forwardSign * this.sinTable[k * step]!;
        this.stageSinInv[half - 1 + k] = inverseSign * this.sinTable[k * step]!;
      }
    }
    let bits = 0;
    while ((1 << bits) < m) bits++;
    const swaps: number[] = [];
    for (let i = 0; i < m; i++) {
      let r = 0;
      for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
      if (r > i) swaps.push(i, r);
    }
    this.swaps = Uint32Array.from(swaps);
    const bn = this.pow2 ? 0 : n, bm = this.pow2 ? 0 : m;
    this.chirpRe = new Float64Array(bn);
    this.chirpIm = new Float64Array(bn);
    this.filterRe = new Float64Array(bm);
    this.filterIm = new Float64Array(bm);
    this.workRe = new Float64Array(bm);
    this.workIm = new Float64Array(bm);
    if (!this.pow2) {
      for (let k = 0; k < n; k++) {
        const angle = (Math.PI * ((k * k) % (2 * n))) / n;
        this.chirpRe[k] = Math.cos(angle);
        this.chirpIm[k] = -Math.sin(angle);
      }
      // Filter b_k = conj(w_k) at k and m − k, so the circular convolution is the chirp-z sum.
      this.filterRe[0] = this.chirpRe[0]!;
      this.filterIm[0] = -this.chirpIm[0]!;
      for (let k = 1; k < n; k++) {
        this.filterRe[k] = this.filterRe[m - k] = this.chirpRe[k]!;
        this.filterIm[k] = this.filterIm[m - k] = -this.chirpIm[k]!;
      }
      this.radix2(this.filterRe, this.filterIm, false);
    }
  }

  /** In-place forward transform of re/im (length n). */
  forward(re: Float64Array, im: Float64Array): void {
    this.transform(re, im, false);
  }

  /** In-place inverse transform of re/im (length n), scaled by 1/n. */
  inverse(re: Float64Array, im: Float64Array): void {
    this.transform(re, im, true);
    const scale = 1 / this.n;
    for (let i = 0; i < this.n; i++) {
      re[i] = re[i]! * scale;
      im[i] = im[i]! * scale;
    }
  }

  private transform(re: Float64Array, im: Float64Array, inverse: boolean): void {
    if (this.pow2) this.radix2(re, im, inverse);
    else this.bluestein(re, im, inverse);
  }

  /** Unscaled radix-2 decimation-in-time transform of length m, in place. */
  private radix2(re: Float64Array, im: Float64Array, inverse: boolean): void {
    const m = this.m, swaps = this.swaps;
    for (let s = 0; s < swaps.length; s += 2) {
      const i = swaps[s]!, j = swaps[s + 1]!;
      const tr = re[i]!; re[i] = re[j]!; re[j] = tr;
      const ti = im[i]!; im[i] = im[j]!; im[j] = ti;
    }
    const cos = this.stageCos, sin = inverse ? this.stageSinInv : this.stageSinFwd;
    for (let half = 1; half < m; half *= 2) {
      const size = 2 * half, t = half - 1;
      for (let start = 0; start < m; start += size) {
        for (let k = 0; k < half; k++) {
          const wr = cos[t + k]!, wi = sin[t + k]!;
          const a = start + k, b = a + half;
          const br = re[b]!, bi = im[b]!, ar = re[a]!, ai = im[a]!;
          const xr = br * wr - bi * wi;
          const xi = br * wi + bi * wr;
          re[b] = ar - xr; im[b] = ai - xi;
          re[a] = ar + xr; im[a] = ai + xi;
        }
      }
    }
  }

  /** Unscaled length-n transform by chirp-z; the inverse runs it on conjugates. */
  private bluestein(re: Float64Array, im: Float64Array, inverse: boolean): void {
    const n = this.n, m = this.m, wr = this.workRe, wi = this.workIm;
    const cr = this.chirpRe, ci = this.chirpIm;
    const conj = inverse ? -1 : 1;
    for (let k = 0; k < n; k++) {
      const xr = re[k]!, xi = conj * im[k]!;
      wr[k] = xr * cr[k]! - xi * ci[k]!;
      wi[k] = xr * ci[k]! + xi * cr[k]!;
    }
    wr.fill(0, n, m);
    wi.fill(0, n, m);
    this.radix2(wr, wi, false);
    for (let k = 0; k < m; k++) {
      const ar = wr[k]!, ai = wi[k]!, br = this.filterRe[k]!, bi = this.filterIm[k]!;
      wr[k] = ar * br - ai * bi;
      wi[k] = ar * bi + ai * br;
    }
    this.radix2(wr, wi, true);
    const inv = 1 / m;
    for (let k = 0; k < n; k++) {
      const ar = wr[k]! * inv, ai = wi[k]! * inv;
      re[k] = ar * cr[k]! - ai * ci[k]!;
      im[k] = conj * (ar * ci[k]! + ai * cr[k]!);
    }
  }
}
