/**
 * EMD + Hilbert, native backend: the C++ kernel (native/src/hht_*.cc, class Hht
 * in the addon build/native/btc_engine.node) behind the HhtKernel interface. IMFs,
 * residue and sift counts are bit-identical to the TS reference emd() for the
 * same options; the Hilbert spectrum agrees to rounding (libm cos/sin/atan2).
 *
 * The wrapper owns the buffers: a params block and one output array sized at
 * construction (layout in native-layout.ts). Each decomposition is one N-API call
 * that reads x in place and writes every IMF, the residue and the sift counts
 * into that array; nothing crosses per sift and nothing is allocated on either
 * side, except the one buffer decompose() hands back (decomposeFast() + the
 * *View accessors avoid even that). A window with more IMFs than the array has slots grows
 * it once and runs again (rare: slots start at ⌈log2 capacity⌉ + 4).
 *
 * Errors (decided here, before or after the one call; the C++ side only returns
 * status codes and never throws across N-API):
 *   TypeError   x / imf not a Float64Array, an option that is not a number;
 *   RangeError  a window outside [3, capacity] samples or with a NaN / ±Infinity
 *               sample (the shared check of window-check.ts, same text for every
 *               backend; the TS emd() itself accepts n < 3), nbsym not an integer
 *               ≥ 1, a bad capacity / simd / imfSlots,
 *               a runaway decomposition (more than runawayImfCap(capacity) IMFs,
 *               where the reference may never end; same bound and text as WASM),
 *               and the envelope-knot failures where the reference throws one;
 *   Error       the reference's "edge BUG" mirroring cases (same text), a closed kernel;
 *   UsageError  the addon is missing or stale (createNativeHhtKernel).
 * maxIteration = Infinity is honoured as in the reference: sifting may then not end.
 */
import { nativeUnavailable } from '../errors.js';
import { nativeAddon, nativeLoadError } from '../native/load.js';
import type { EmdResult } from './emd.js';
import type { HilbertSpectrum } from './hilbert.js';
import type { EmdKernelOptions, HhtKernel } from './kernel.js';
import {
  HHT_PARAM_SLOTS, HP_ENERGY, HP_FIXE, HP_FIXE_H, HP_IMF_CAP, HP_IMF_SLOTS, HP_MAX_IMF, HP_MAX_ITERATION, HP_NBSYM,
  HP_RANGE, HP_STD, HP_SVAR, HP_TOTAL_POWER, EMD_E_LENGTH, EMD_E_NONFINITE, decomposeOutLength, emdStatusError,
  runawayImfCap,
} from './native-layout.js';
import { checkWindow } from './window-check.js';

/** Largest capacity the addon accepts (its Bluestein FFT then needs 2^26-point tables). */
export const NATIVE_HHT_MAX_CAPACITY = 2 ** 24;

/** The addon's Hht class (native/src/hht_napi.cc). */
interface AddonHht {
  /** IMF count (more than the slots: grow `out` and call again) or a negative status. */
  decompose(x: Float64Array, params: Float64Array, out: Float64Array): number;
  /** 0 or a negative status; out gets amplitude | phase | frequency. */
  hilbert(imf: Float64Array, out: Float64Array): number;
  /** 0 or a negative status; out[0..2] gets amplitude, phase, frequency at sample `at`. */
  hilbertAt(imf: Float64Array, at: number, out: Float64Array): number;
  close(): void;
  /** The build of the per-sample kernels in use. */
  readonly simd: NativeSimd;
}
type AddonHhtCtor = new (capacity: number, simd?: 'auto' | 'baseline') => AddonHht;

/** Build of the native per-sample kernels: AVX2, or the generic one every x86-64 / ARM CPU runs. */
export type NativeSimd = 'avx2' | 'baseline';

/** Options of createNativeHhtKernel. */
export interface NativeHhtOptions {
  /** 'auto' (default): AVX2 when the CPU has it; 'baseline': the generic build. Results are identical. */
  simd?: 'auto' | 'baseline';
  /** IMFs the output array holds before it has to grow (default ⌈log2 capacity⌉ + 4). */
  imfSlots?: number;
}

/** Numeric EMD options in params order, with PyEMD's defaults. */
const NUMERIC_OPTIONS: ReadonlyArray<readonly [keyof EmdKernelOptions, number, number]> = [
  ['stdThreshold', HP_STD, 0.2],
  ['svarThreshold', HP_SVAR, 0.001],
  ['energyRatioThreshold', HP_ENERGY, 0.2],
  ['totalPowerThreshold', HP_TOTAL_POWER, 0.005],
  ['rangeThreshold', HP_RANGE, 0.001],
  ['fixe', HP_FIXE, 0],
  ['fixeH', HP_FIXE_H, 0],
  ['maxIteration', HP_MAX_ITERATION, 1000],
  ['maxImf', HP_MAX_IMF, -1],
];

/** HhtKernel on the native addon's class Hht; one per worker (not thread-safe). */
export class NativeHhtKernel implements HhtKernel {
  readonly backend = 'native' as const;
  readonly capacity: number;
  private readonly params = new Float64Array(HHT_PARAM_SLOTS);
  private readonly spectrum: Float64Array;
  private slots: number;
  private out: Float64Array;
  private n = 0;
  private count = 0;
  private hht: AddonHht | undefined;

  /** Use createNativeHhtKernel(), which reports a missing addon as a UsageError. */
  constructor(Hht: AddonHhtCtor, capacity: number, opts: NativeHhtOptions = {}) {
    if (!Number.isInteger(capacity) || capacity < 3 || capacity > NATIVE_HHT_MAX_CAPACITY) {
      throw new RangeError(`capacity must be an integer in [3, ${NATIVE_HHT_MAX_CAPACITY}], was ${capacity}`);
    }
    this.capacity = capacity;
    this.slots = opts.imfSlots ?? Math.ceil(Math.log2(capacity)) + 4;
    if (!Number.isInteger(this.slots) || this.slots < 0 || this.slots > 1024) {
      throw new RangeError(`imfSlots must be an integer in [0, 1024], was ${opts.imfSlots}`);
    }
    this.out = new Float64Array(decomposeOutLength(capacity, this.slots));
    this.spectrum = new Float64Array(3 * capacity);
    const simd = opts.simd ?? 'auto';
    if (simd !== 'auto' && simd !== 'baseline') throw new RangeError(`simd must be 'auto' or 'baseline', was ${String(simd)}`);
    this.hht = new Hht(capacity, simd);
  }

  /** The build of the per-sample kernels in use ('avx2' or 'baseline'). */
  get simd(): NativeSimd {
    return this.open().simd;
  }

  /**
   * EMD of x as fresh arrays: the residue and the IMFs are views of one new
   * buffer (one allocation instead of one per IMF: each costs microseconds, a
   * sizable share of a 256-sample decomposition), so transferring one transfers all.
   */
  decompose(x: Float64Array, opts?: EmdKernelOptions): EmdResult {
    const count = this.decomposeFast(x, opts);
    const n = this.n, s = this.slots;
    const all = this.out.slice(s, s + (count + 1) * n); // residue, then IMF 0, 1, …
    const imfs: Float64Array[] = [];
    const siftsPerImf: number[] = [];
    for (let k = 0; k < count; k++) {
      imfs.push(all.subarray((k + 1) * n, (k + 2) * n));
      siftsPerImf.push(this.out[k]!);
    }
    return { imfs, residue: all.subarray(0, n), siftsPerImf };
  }

  /**
   * EMD of x into the kernel's own buffers; returns the IMF count. Read the result
   * through imfView / residueView / siftsView, valid until the next call.
   */
  decomposeFast(x: Float64Array, opts: EmdKernelOptions = {}): number {
    const hht = this.open();
    if (!(x instanceof Float64Array)) throw new TypeError('x must be a Float64Array');
    if (x.length < 3 || x.length > this.capacity) checkWindow(x, this.capacity); // throws the shared message
    this.fillParams(opts);
    let count = hht.decompose(x, this.params, this.out);
    if (count > this.slots) {
      this.slots = count + 4;
      this.params[HP_IMF_SLOTS] = this.slots;
      this.out = new Float64Array(decomposeOutLength(this.capacity, this.slots));
      count = hht.decompose(x, this.params, this.out);
    }
    // Non-finite samples are found by the kernel (no second pass here); the shared
    // check then names the first one.
    if (count === EMD_E_NONFINITE || count === EMD_E_LENGTH) checkWindow(x, this.capacity);
    if (count < 0) throw emdStatusError(count, 'native', this.params[HP_IMF_CAP]);
    this.n = x.length;
    this.count = count;
    return count;
  }

  /** IMF k (finest first) of the last decomposeFast, as a view. */
  imfView(k: number): Float64Array {
    if (!Number.isInteger(k) || k < 0 || k >= this.count) throw new RangeError(`IMF index must be in [0, ${this.count}), was ${k}`);
    const start = this.slots + (k + 1) * this.n;
    return this.out.subarray(start, start + this.n);
  }

  /** Residue x − ΣIMFs of the last decomposeFast, as a view. */
  residueView(): Float64Array {
    return this.out.subarray(this.slots, this.slots + this.n);
  }

  /** Sifts per IMF of the last decomposeFast, as a view. */
  siftsView(): Float64Array {
    return this.out.subarray(0, this.count);
  }

  /**
   * decompose() without the copy: the residue and IMFs are views of the kernel's
   * output array (valid until the next call), the sift counts a small fresh array.
   */
  decomposeView(x: Float64Array, opts?: EmdKernelOptions): EmdResult {
    const count = this.decomposeFast(x, opts);
    const imfs: Float64Array[] = [];
    const siftsPerImf: number[] = [];
    for (let k = 0; k < count; k++) {
      imfs.push(this.imfView(k));
      siftsPerImf.push(this.out[k]!);
    }
    return { imfs, residue: this.residueView(), siftsPerImf };
  }

  /** Hilbert spectrum of imf as views of one fresh buffer (amplitude | phase | frequency). */
  hilbert(imf: Float64Array): HilbertSpectrum {
    const hht = this.open();
    if (!(imf instanceof Float64Array)) throw new TypeError('imf must be a Float64Array');
    // The same window rules as the other backends; the kernel finds a non-finite sample
    // itself (no second pass here), and the shared check then names it.
    if (imf.length < 3 || imf.length > this.capacity) checkWindow(imf, this.capacity);
    const rc = hht.hilbert(imf, this.spectrum);
    if (rc === EMD_E_NONFINITE || rc === EMD_E_LENGTH) checkWindow(imf, this.capacity);
    if (rc < 0) throw emdStatusError(rc, 'native');
    const n = imf.length, all = this.spectrum.slice(0, 3 * n);
    return { amplitude: all.subarray(0, n), phaseRad: all.subarray(n, 2 * n), frequencyCyclesPerSample: all.subarray(2 * n, 3 * n) };
  }

  /** hilbert(imf) at sample `at`, bit for bit, into out[0..2] (amplitude, phase, frequency). */
  hilbertAt(imf: Float64Array, at: number, out: Float64Array): void {
    const hht = this.open();
    if (!(imf instanceof Float64Array)) throw new TypeError('imf must be a Float64Array');
    if (!(out instanceof Float64Array) || out.length < 3) throw new TypeError('out must be a Float64Array of at least 3');
    if (imf.length < 3 || imf.length > this.capacity) checkWindow(imf, this.capacity);
    if (!Number.isInteger(at) || at < 0 || at >= imf.length) {
      checkWindow(imf, this.capacity); // a bad window is reported first, as by every backend
      throw new RangeError(`sample index must be an integer in [0, ${imf.length}), was ${at}`);
    }
    const rc = hht.hilbertAt(imf, at, out);
    if (rc === EMD_E_NONFINITE || rc === EMD_E_LENGTH) checkWindow(imf, this.capacity);
    if (rc < 0) throw emdStatusError(rc, 'native');
  }

  close(): void {
    this.hht?.close();
    this.hht = undefined;
  }

  private open(): AddonHht {
    if (!this.hht) throw new Error('native HHT kernel is closed');
    return this.hht;
  }

  private fillParams(opts: EmdKernelOptions): void {
    const p = this.params;
    for (const [key, slot, fallback] of NUMERIC_OPTIONS) {
      const v = opts[key] ?? fallback;
      if (typeof v !== 'number') throw new TypeError(`EMD option ${key} must be a number, was ${typeof v}`);
      p[slot] = v;
    }
    const nbsym = opts.nbsym ?? 2;
    if (!Number.isInteger(nbsym) || nbsym < 1) throw new RangeError(`nbsym must be a positive integer, was ${nbsym}`);
    // Beyond the extrema counts nbsym saturates (see hht_mirror.cc), so clamping keeps the meaning.
    p[HP_NBSYM] = Math.min(nbsym, 2147483647);
    p[HP_IMF_SLOTS] = this.slots;
    p[HP_IMF_CAP] = runawayImfCap(this.capacity);
  }
}

/** A native HHT kernel for windows of up to `capacity` samples; throws a UsageError when the addon is unavailable. */
export function createNativeHhtKernel(capacity: number, opts: NativeHhtOptions = {}): NativeHhtKernel {
  const addon = nativeAddon();
  if (!addon) throw nativeUnavailable(nativeLoadError() ?? 'the addon did not load');
  const Hht = addon['Hht'];
  if (typeof Hht !== 'function') {
    throw nativeUnavailable('the addon has no Hht class (stale build: rerun npm run build:native)');
  }
  return new NativeHhtKernel(Hht as AddonHhtCtor, capacity, opts);
}
