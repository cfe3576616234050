/**
 * The contract of the HHT kernels (TS reference here in src/hht, WASM in
 * kernels/hht, native in native/src/hht_*): one EMD + Hilbert engine per worker,
 * reused across windows. Every backend gives the reference's IMFs, residue and sift
 * counts (HHT.md §5 strict tier) for the same options.
 */
import type { BackendName } from '../book/types.js';
import type { EmdOptions, EmdResult } from './emd.js';
import type { HilbertSpectrum } from './hilbert.js';

/** EmdOptions without the TS-only workspace. */
export type EmdKernelOptions = Omit<EmdOptions, 'workspace'>;

export interface HhtKernel {
  readonly backend: BackendName;
  /** Largest window length this instance accepts. */
  readonly capacity: number;
  /** EMD of x (x.length ≤ capacity); the arrays returned are the caller's to keep. */
  decompose(x: Float64Array, opts?: EmdKernelOptions): EmdResult;
  /**
   * decompose(x, opts) with the same values, but the arrays may be views of the
   * kernel's own buffers, valid only until its next call (no copy out where the
   * backend can avoid one): for a caller that reads a window's result and moves on.
   */
  decomposeView(x: Float64Array, opts?: EmdKernelOptions): EmdResult;
  /** Hilbert spectrum of one IMF (length ≤ capacity). */
  hilbert(imf: Float64Array): HilbertSpectrum;
  /**
   * hilbert(imf) at one sample, bit for bit: out[0] = amplitude[at], out[1] =
   * phaseRad[at], out[2] = frequencyCyclesPerSample[at] (0 ≤ at < imf.length,
   * an integer). Builds no arrays, and takes the angle only up to sample at + 1
   * (the phase unwrap runs left to right), so a read-out near the end is cheaper.
   */
  hilbertAt(imf: Float64Array, at: number, out: Float64Array): void;
  /** Frees WASM / native resources; later calls throw. */
  close(): void;
}
