/**
 * Buffer layout and status codes of the native HHT kernel (native/src/hht_napi.cc,
 * hht_emd.h), written down once here and mirrored there.
 *
 * params (HHT_PARAM_SLOTS f64): the EMD options of one call, as float64; counts
 * are compared as float64 too, so any number means what it means in emd().
 * decompose out (S = imfSlots, n = window length; ≥ S + (S + 1)·n f64):
 *   [0, S) sifts per IMF | [S, S + n) residue | IMF k at [S + (k+1)·n, S + (k+2)·n)
 * hilbert out (≥ 3n f64): amplitude | unwrapped phase (rad) | frequency (cycles/sample)
 */

export const HP_STD = 0, HP_SVAR = 1, HP_ENERGY = 2, HP_TOTAL_POWER = 3, HP_RANGE = 4,
  HP_FIXE = 5, HP_FIXE_H = 6, HP_MAX_ITERATION = 7, HP_MAX_IMF = 8, HP_NBSYM = 9, HP_IMF_SLOTS = 10,
  HP_IMF_CAP = 11;
/** Length of the params block. */
export const HHT_PARAM_SLOTS = 12;

/** f64 slots `decompose` needs for a window of n samples and `slots` IMFs. */
export function decomposeOutLength(n: number, slots: number): number {
  return slots + (slots + 1) * n;
}

/** Statuses returned by the kernel's decompose / hilbert. */
export const EMD_E_LENGTH = -1; // n < 3 (hilbert: < 1) or n > capacity
export const EMD_E_NONFINITE = -2; // x holds NaN or ±Infinity
export const EMD_E_LEFT_EDGE = -3; // mirroring hit PyEMD's "Left edge BUG"
export const EMD_E_RIGHT_EDGE = -4; // mirroring hit PyEMD's "Right edge BUG"
export const EMD_E_KNOTS = -5; // envelopes without a max and a min, or knots a spline cannot take
export const EMD_E_NBSYM = -6; // nbsym < 1 (the wrapper checks it first)
export const EMD_E_RUNAWAY = -7; // not finished within params[HP_IMF_CAP] IMFs

/**
 * The IMF count at which a decomposition is declared runaway: 2·⌈log2 capacity⌉ + 16,
 * the WASM backend's bound (src/hht/wasm.ts maxImfsFor), so both backends refuse the
 * same inputs. A converging EMD takes about log2(n) IMFs.
 */
export function runawayImfCap(capacity: number): number {
  return 2 * Math.ceil(Math.log2(capacity)) + 16;
}

/**
 * The typed error for a negative status other than EMD_E_LENGTH / EMD_E_NONFINITE
 * (those are reported by the shared window check, window-check.ts).
 */
export function emdStatusError(code: number, backend: string, imfCap = 0): Error {
  switch (code) {
    // The TS reference throws these two with the same text (src/hht/mirror.ts).
    case EMD_E_LEFT_EDGE:
      return new Error('EMD mirroring: left edge case PyEMD reports as "Left edge BUG"');
    case EMD_E_RIGHT_EDGE:
      return new Error('EMD mirroring: right edge case PyEMD reports as "Right edge BUG"');
    case EMD_E_KNOTS:
      return new RangeError(`${backend} EMD: an envelope without a maximum and a minimum, or knots a cubic spline cannot take`);
    case EMD_E_NBSYM:
      return new RangeError('nbsym must be a positive integer');
    case EMD_E_RUNAWAY:
      // Same text as the WASM backend's.
      return new RangeError(`EMD did not finish within ${imfCap} IMFs: x spans more orders of magnitude than float64 `
        + 'resolves, so x − ΣIMFs stops changing and the reference would go on producing IMFs, possibly forever');
    default:
      return new Error(`${backend} HHT kernel failed with unknown status ${code}`);
  }
}
