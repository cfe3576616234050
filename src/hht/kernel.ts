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
  /** Hilbert spectrum of one IMF (length ≤ capacity). */
  hilbert(imf: Float64Array): HilbertSpectrum;
  /** Frees WASM / native resources; later calls throw. */
  close(): void;
}
