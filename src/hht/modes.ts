/**
 * EMD modes (issue 4). `reference`: PyEMD EMD() defaults exactly (docs/HHT.md).
 * `fast`: the same decomposition with a bounded sift count per IMF, so the worst
 * window (tick-rounded prices can need hundreds of sifts) has a bounded cost; the
 * bound binds rarely on real mid-price windows (docs/HHT.md reports how often).
 * Explicit options win over the mode's.
 */
import type { EmdKernelOptions } from './kernel.js';

export type EmdMode = 'reference' | 'fast';
export const EMD_MODES: readonly EmdMode[] = ['reference', 'fast'];

/** Sifts per IMF allowed in fast mode (maxIteration counts one more than it runs). */
export const FAST_MAX_SIFTS = 50;

export function modeOptions(mode: EmdMode, opts: EmdKernelOptions = {}): EmdKernelOptions {
  return mode === 'fast' ? { maxIteration: FAST_MAX_SIFTS + 1, ...opts } : { ...opts };
}
