/**
 * Complex FFT of any length n ≤ capacity: the port of src/hht/fft.ts.
 *   n a power of 2: iterative radix-2 decimation in time.
 *   otherwise: Bluestein's chirp-z through a radix-2 convolution of length
 *     m = 2^⌈log2(2n−1)⌉, with the filter transformed once per n (fftPlan).
 * One twiddle table serves every radix-2 length: the wrapper fills cos/sin of
 * 2πj/fftSize (V8's Math.cos/sin, so the values are the reference's bits), and a
 * length-m transform reads it at stride fftSize/m. Scaling numerator and
 * denominator of 2πj/m by a power of 2 is exact, so those entries are exactly the
 * ones the reference's own length-m table holds. The bit reversal of m indices is
 * the fftSize one shifted right. Forward e^(−2πi·jk/n); inverse scaled by 1/n.
 * fftPlan copies each stage's twiddles of the planned length into contiguous
 * tables (the sine already times the direction's sign ±1, an exact product), so
 * a stage's butterflies run two at a time in f64x2 lanes with the reference's
 * IEEE operations in its order: the same bits as one at a time.
 */
import {
  bitrevPtr, chirpImPtr, chirpRePtr, fftLog2, fftSize, filterImPtr, filterRePtr, stageCosPtr, stageSinFwdPtr,
  stageSinInvPtr, twCosPtr, twSinPtr, workImPtr, workRePtr,
} from './layout';

@inline function f(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}

@inline function put(p: usize, i: i32, v: f64): void {
  store<f64>(p + (<usize>i << 3), v);
}

/** The length fftPlan prepared (0: none). */
export let planLength: i32 = 0;
let planM: i32 = 0;

/** Fills the bit-reversal table of fftSize indices. */
export function fillBitReversal(): void {
  const bits = fftLog2;
  for (let i = 0; i < fftSize; i++) {
    let r = 0;
    for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
    store<u32>(bitrevPtr + (<usize>i << 2), <u32>r);
  }
}

/** Smallest power of 2 ≥ v (v ≥ 1). */
@inline function ceilPow2(v: i32): i32 {
  return v <= 1 ? 1 : 1 << (32 - clz<i32>(v - 1));
}

/** Prepares transforms of length n; for non-powers of 2 the chirp of n must be in chirpRe/Im. */
export function fftPlan(n: i32): void {
  planLength = n;
  const pow2 = (n & (n - 1)) == 0;
  const m = pow2 ? n : ceilPow2(2 * n - 1);
  planM = m;
  fillStageTables(m);
  if (pow2) return;
  const fr = filterRePtr, fi = filterImPtr;
  memory.fill(fr, 0, <usize>m << 3);
  memory.fill(fi, 0, <usize>m << 3);
  // Filter b_k = conj(w_k) at k and m − k, so the circular convolution is the chirp-z sum.
  put(fr, 0, f(chirpRePtr, 0));
  put(fi, 0, -f(chirpImPtr, 0));
  for (let k = 1; k < n; k++) {
    const cr = f(chirpRePtr, k), ci = -f(chirpImPtr, k);
    put(fr, k, cr); put(fr, m - k, cr);
    put(fi, k, ci); put(fi, m - k, ci);
  }
  radix2(fr, fi, m, false);
}

/** Stage twiddles of length-m transforms: stage h (size 2h) at [h − 1, 2h − 1). */
function fillStageTables(m: i32): void {
  const forwardSign: f64 = -1, inverseSign: f64 = 1;
  for (let half = 1; half < m; half <<= 1) {
    const step = fftSize / (half << 1); // the reference's m/size, at the table's stride fftSize/m
    for (let k = 0; k < half; k++) {
      const c = f(twCosPtr, k * step), s = f(twSinPtr, k * step);
      put(stageCosPtr, half - 1 + k, c);
      put(stageSinFwdPtr, half - 1 + k, forwardSign * s);
      put(stageSinInvPtr, half - 1 + k, inverseSign * s);
    }
  }
}

/** Unscaled radix-2 transform of length m (the planned radix-2 length planM), in place. */
function radix2(re: usize, im: usize, m: i32, inverse: bool): void {
  const shift = fftLog2 - ctz<i32>(m);
  for (let i = 0; i < m; i++) {
    const j = <i32>(load<u32>(bitrevPtr + (<usize>i << 2)) >> shift);
    if (j > i) {
      const tr = f(re, i); put(re, i, f(re, j)); put(re, j, tr);
      const ti = f(im, i); put(im, i, f(im, j)); put(im, j, ti);
    }
  }
  const wc = stageCosPtr, ws = inverse ? stageSinInvPtr : stageSinFwdPtr;
  // Stage 1 (half 1), one butterfly at a time: x = b·w, then b = a − x, a = a + x.
  if (m >= 2) {
    const wr = f(wc, 0), wi = f(ws, 0);
    for (let a = 0; a < m; a += 2) {
      const b = a + 1;
      const br = f(re, b), bi = f(im, b);
      const xr = br * wr - bi * wi;
      const xi = br * wi + bi * wr;
      const ar = f(re, a), ai = f(im, a);
      put(re, b, ar - xr); put(im, b, ai - xi);
      put(re, a, ar + xr); put(im, a, ai + xi);
    }
  }
  // Later stages, two butterflies per step in f64x2 lanes (the same operations).
  for (let half = 2; half < m; half <<= 1) {
    const tc = wc + (<usize>(half - 1) << 3), tsn = ws + (<usize>(half - 1) << 3);
    const halfBytes = <usize>half << 3;
    for (let start = 0; start < m; start += half << 1) {
      const ra = re + (<usize>start << 3), ia = im + (<usize>start << 3);
      const rb = ra + halfBytes, ib = ia + halfBytes;
      for (let off: usize = 0; off < halfBytes; off += 16) {
        const wr = v128.load(tc + off), wi = v128.load(tsn + off);
        const br = v128.load(rb + off), bi = v128.load(ib + off);
        const xr = f64x2.sub(f64x2.mul(br, wr), f64x2.mul(bi, wi));
        const xi = f64x2.add(f64x2.mul(br, wi), f64x2.mul(bi, wr));
        const ar = v128.load(ra + off), ai = v128.load(ia + off);
        v128.store(rb + off, f64x2.sub(ar, xr)); v128.store(ib + off, f64x2.sub(ai, xi));
        v128.store(ra + off, f64x2.add(ar, xr)); v128.store(ia + off, f64x2.add(ai, xi));
      }
    }
  }
}

/** Unscaled length-n transform by chirp-z; the inverse runs it on conjugates. */
function bluestein(re: usize, im: usize, n: i32, inverse: bool): void {
  const m = planM, wr = workRePtr, wi = workImPtr, cr = chirpRePtr, ci = chirpImPtr;
  const conj: f64 = inverse ? -1 : 1;
  for (let k = 0; k < n; k++) {
    const xr = f(re, k), xi = conj * f(im, k);
    put(wr, k, xr * f(cr, k) - xi * f(ci, k));
    put(wi, k, xr * f(ci, k) + xi * f(cr, k));
  }
  memory.fill(wr + (<usize>n << 3), 0, <usize>(m - n) << 3);
  memory.fill(wi + (<usize>n << 3), 0, <usize>(m - n) << 3);
  radix2(wr, wi, m, false);
  for (let k = 0; k < m; k++) {
    const ar = f(wr, k), ai = f(wi, k), br = f(filterRePtr, k), bi = f(filterImPtr, k);
    put(wr, k, ar * br - ai * bi);
    put(wi, k, ar * bi + ai * br);
  }
  radix2(wr, wi, m, true);
  const inv = 1 / <f64>m;
  for (let k = 0; k < n; k++) {
    const ar = f(wr, k) * inv, ai = f(wi, k) * inv;
    put(re, k, ar * f(cr, k) - ai * f(ci, k));
    put(im, k, conj * (ar * f(ci, k) + ai * f(cr, k)));
  }
}

/** In-place transform of re/im (length planLength); the inverse is scaled by 1/n. */
export function fftTransform(re: usize, im: usize, n: i32, inverse: bool): void {
  if ((n & (n - 1)) == 0) radix2(re, im, n, inverse);
  else bluestein(re, im, n, inverse);
  if (!inverse) return;
  const scale = 1 / <f64>n;
  for (let i = 0; i < n; i++) {
    put(re, i, f(re, i) * scale);
    put(im, i, f(im, i) * scale);
  }
}
