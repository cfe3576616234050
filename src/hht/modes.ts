/**
 * EMD modes (issue 4). `reference`: PyEMD EMD() defaults exactly (docs/HHT.md).
 * `fast`: the same decomposition with a bounded sift count per IMF, so the worst
 * window (tick-rounded prices can need hundreds of sifts) has a bounded cost. On
 * real mid-price windows of N ≥ 1024 the bound binds often (40–64 % of windows at
 * N = 1024, all at 4096; docs/HHT.md), so fast is a bounded decomposition of its
 * own there, and rows say where it bound (hht_sift_capped).
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
