/**
 * Status codes of the HHT kernel: the negative return values of emdBatch,
 * fftPlanBatch and hilbertBatch, mirrored by src/hht/wasm-layout.ts (the JS
 * wrapper maps them to RangeError / Error). Details of a failure (an index, the
 * counts involved) are written to the info slots (layout.ts INFO_*).
 */

export const E_OK: i32 = 0;
// x[info0] is NaN or ±Infinity
export const E_NOT_FINITE: i32 = -1;
// the length is outside [3, capacity] (EMD) or [1, capacity] (Hilbert)
export const E_LENGTH: i32 = -2;
// mirroring found no maximum or no minimum (info0 = maxima, info1 = minima)
export const E_NO_EXTREMUM_PAIR: i32 = -3;
// PyEMD's "Left edge BUG" / "Right edge BUG" branches of the boundary mirroring
export const E_LEFT_EDGE: i32 = -4;
export const E_RIGHT_EDGE: i32 = -5;
// an envelope with fewer than 3 knots (info0 = knots)
export const E_FEW_KNOTS: i32 = -6;
// envelope knots not spanning [0, n−1] (info0 = first time, info1 = last time)
export const E_KNOT_SPAN: i32 = -7;
// envelope knot times not increasing (info0, info1 = the times, info2 = index)
export const E_KNOT_ORDER: i32 = -8;
// more IMFs than the imf slots the wrapper laid out (it grows memory and retries)
export const E_IMF_SLOTS: i32 = -9;
// hhtInitBatch has not run
export const E_NOT_INITIALISED: i32 = -10;
// hilbertBatch on a length fftPlanBatch has not prepared
export const E_NO_PLAN: i32 = -11;
// nbsym below 1 (info0 = nbsym)
export const E_NBSYM: i32 = -12;
