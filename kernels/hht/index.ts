/**
 * Exports of the HHT kernel (dist/wasm/hht.wasm): EMD in `reference` mode and
 * the Hilbert spectrum, ports of src/hht/*.ts. Built with `--runtime stub
 * --importMemory` (kernels/hht/asconfig.json): the module allocates nothing; the
 * JS wrapper (src/hht/wasm.ts) gives each instance its own memory, lays it out
 * (layout.ts) and passes the table of buffer addresses to hhtInitBatch once.
 *
 *   [0, heapBase)        static data of this module
 *   align64(heapBase())  layout table, TABLE_SLOTS u32
 *   then (align 64)      window buffers, knots, FFT tables and buffers (layout.ts)
 *   last                 IMF rows; the wrapper grows memory when more are needed
 *
 * One call per window: emdBatch decomposes the window in x and leaves IMFs, sift
 * counts and residue in memory; hilbertBatch turns x into amplitude, phase and
 * frequency; hilbertAtBatch gives those three at one sample. Status codes: errors.ts.
 */
import { E_LENGTH, E_NO_PLAN, E_NOT_FINITE, E_NOT_INITIALISED, E_OK } from './errors';
import { capacity, infoPtr, readLayout, setInfo, xPtr } from './layout';
import { emdRun, firstNonFinite } from './emd';
import { fftPlan, fillBitReversal, planLength } from './fft';
import { hilbertAtRun, hilbertRun } from './hilbert';

let initialised = false;

/** First free byte after this module's static data. */
export function heapBase(): usize {
  return __heap_base;
}

/** Reads the layout table at `table` and fills the bit-reversal table; a status code. */
export function hhtInitBatch(table: usize): i32 {
  initialised = false;
  if (!readLayout(table)) return E_LENGTH;
  fillBitReversal();
  initialised = true;
  return E_OK;
}

/**
 * EMD of x[0..n−1] with PyEMD's settings as arguments (see emdRun); returns the
 * IMF count or a status code.
 */
export function emdBatch(
  n: i32, stdThr: f64, svarThr: f64, energyThr: f64, totalPowerThr: f64, rangeThr: f64,
  fixe: f64, fixeH: f64, maxIteration: f64, maxImf: f64, nbsym: i32, imfSlots: i32,
): i32 {
  if (!initialised) return E_NOT_INITIALISED;
  if (n < 3 || n > capacity) return E_LENGTH;
  return emdRun(n, stdThr, svarThr, energyThr, totalPowerThr, rangeThr, fixe, fixeH, maxIteration, maxImf, nbsym, imfSlots);
}

/** Prepares Hilbert transforms of length n (the wrapper has written the chirp of n). */
export function fftPlanBatch(n: i32): i32 {
  if (!initialised) return E_NOT_INITIALISED;
  if (n < 1 || n > capacity) return E_LENGTH;
  fftPlan(n);
  return E_OK;
}

/** Hilbert spectrum of x[0..n−1] (finite); the plan must be for n. */
export function hilbertBatch(n: i32): i32 {
  if (!initialised) return E_NOT_INITIALISED;
  if (n < 1 || n > capacity) return E_LENGTH;
  if (n != planLength) return E_NO_PLAN;
  const bad = firstNonFinite(xPtr, n);
  if (bad >= 0) { setInfo(<f64>bad, 0, 0); return E_NOT_FINITE; }
  hilbertRun(n);
  return E_OK;
}

/**
 * The Hilbert spectrum of x[0..n−1] (finite) at sample `at` (0 ≤ at < n): on E_OK
 * the info slots hold amplitude, phase and frequency there, bit for bit what
 * hilbertBatch writes at that index. The plan must be for n.
 */
export function hilbertAtBatch(n: i32, at: i32): i32 {
  if (!initialised) return E_NOT_INITIALISED;
  if (n < 1 || n > capacity || at < 0 || at >= n) return E_LENGTH;
  if (n != planLength) return E_NO_PLAN;
  const bad = firstNonFinite(xPtr, n);
  if (bad >= 0) { setInfo(<f64>bad, 0, 0); return E_NOT_FINITE; }
  hilbertAtRun(n, at, infoPtr);
  return E_OK;
}
