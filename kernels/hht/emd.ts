/**
 * Empirical mode decomposition, `reference` mode: the port of src/hht/emd.ts
 * (PyEMD EMD().emd with its loop order, sift counter, extNo bookkeeping and the
 * dropped last IMF; see that file for why each one matters).
 *
 * In: x (n f64 at xPtr), options as arguments. Out: `count` IMF rows of n f64
 * at imfsPtr (row stride rowStride), sifts per IMF (i32) at siftsPtr, residue
 * x − Σ IMFs at residuePtr; returns count, or a negative status (errors.ts).
 *
 * Differences in *how*, never in *what*: the proto-IMF ping-pongs between two
 * buffers (no h_old copy); the lower envelope's pass writes h − mean;
 * the extrema and zero crossings of the result are searched once and serve both
 * the IMF test and the next sift (the reference searches them twice); and the
 * cheap parts of the IMF test (knot signs, |#extrema − #zero crossings| < 2) run
 * before its O(n) sums (the three without a division share one pass), and adding
 * an IMF, forming the next h = x − ΣIMFs and the end test share one pass. Cost per
 * sift: three passes over n plus O(#extrema) knot
 * and spline work, plus the sums when the cheap tests pass.
 */
import { E_IMF_SLOTS, E_NOT_FINITE, E_OK } from './errors';
import { extMaxCount, extMinCount, scanExtrema, zeroCrossings } from './extrema';
import {
  hAPtr, hBPtr, imfsPtr, maxVPtr, minVPtr, residuePtr, rowStride, setInfo, siftsPtr, sumPtr, xPtr,
} from './layout';
import { knotMaxCount, knotMinCount, prepareKnots } from './mirror';
import { siftStep } from './envelope';
import { envelopeSlopes } from './spline';
import { addImfAndTestResidue, imfSumsPass, knotsOnSide } from './stop-rules';

/** The first index of x[0..n−1] that is NaN or ±Infinity, or −1. */
export function firstNonFinite(x: usize, n: i32): i32 {
  for (let i = 0; i < n; i++) {
    const v = load<f64>(x + (<usize>i << 3));
    if (v - v != 0) return i; // NaN for NaN and ±Infinity only
  }
  return -1;
}

/**
 * One sift of h into hNew (envelopes through the knots of h's extrema, h − mean)
 * that also finds hNew's extrema; a status code.
 */
function sift(h: usize, hNew: usize, n: i32, nbsym: i32): i32 {
  let rc = prepareKnots(h, n, extMaxCount, extMinCount, nbsym);
  if (rc != E_OK) return rc;
  rc = envelopeSlopes(knotMaxCount, knotMinCount, n);
  if (rc != E_OK) return rc;
  siftStep(h, hNew, n, knotMaxCount, knotMinCount);
  siftedExtrema = scanExtrema(hNew, n);
  return E_OK;
}

/** Extrema count of the proto-IMF the last sift produced. */
let siftedExtrema: i32 = 0;

/**
 * Decomposes x[0..n−1] (3 ≤ n ≤ capacity) with room for imfSlots IMF rows. The
 * options are PyEMD's EMD() settings (EmdOptions in src/hht/emd.ts); the counter
 * options arrive as f64 and are compared as f64, exactly like the reference's numbers.
 */
export function emdRun(
  n: i32, stdThr: f64, svarThr: f64, energyThr: f64, totalPowerThr: f64, rangeThr: f64,
  fixe: f64, fixeH: f64, maxIteration: f64, maxImf: f64, nbsym: i32, imfSlots: i32,
): i32 {
  const x = xPtr, sum = sumPtr;
  const bad = firstNonFinite(x, n);
  if (bad >= 0) { setInfo(<f64>bad, 0, 0); return E_NOT_FINITE; }
  memory.fill(sum, 0, <usize>n << 3);
  let extNo = -1;
  let count = 0;
  let finished = false;

  // h = x − ΣIMFs: here for the first IMF, then written by addImfAndTestResidue.
  let h = hAPtr, hOld = hBPtr;
  for (let i = 0; i < n; i++) {
    const p = <usize>i << 3;
    store<f64>(h + p, load<f64>(x + p) - load<f64>(sum + p));
  }
  while (!finished) {
    let iteration = 0, sifts = 0, protoImfRun = 0;
    // Extrema of h: scanned here for a new IMF, found by the sift itself afterwards.
    let extremaOfH = scanExtrema(h, n);

    for (;;) {
      iteration++;
      if (<f64>iteration >= maxIteration) break;
      extNo = extremaOfH;
      if (extNo <= 2) { finished = true; break; } // a trend: the residue, not an IMF

      const rc = sift(h, hOld, n, nbsym);
      if (rc != E_OK) return rc;
      const swap = h; h = hOld; hOld = swap;
      extremaOfH = siftedExtrema;
      sifts++;

      if (fixe > 0) {
        if (<f64>iteration >= fixe) break; // extNo stays the pre-sift count, as in the reference
      } else if (fixeH > 0) {
        extNo = extremaOfH;
        if (iteration == 1) continue;
        protoImfRun = abs(extNo - zeroCrossings) < 2 ? protoImfRun + 1 : 0;
        if (<f64>protoImfRun >= fixeH) break;
      } else {
        // The knots still are those of hOld's envelopes (the IMF test reads them).
        extNo = extremaOfH;
        if (abs(extNo - zeroCrossings) < 2
          && knotsOnSide(maxVPtr, knotMaxCount, 1) && knotsOnSide(minVPtr, knotMinCount, -1)
          && imfSumsPass(h, hOld, n, svarThr, stdThr, energyThr)) break;
      }
    }

    if (count >= imfSlots) return E_IMF_SLOTS;
    const row = imfsPtr + (<usize>count * <usize>rowStride << 3);
    memory.copy(row, h, <usize>n << 3);
    store<i32>(siftsPtr + (<usize>count << 2), sifts);
    count++;
    // sum += IMF, and the next h = x − sum into the free buffer.
    const done = addImfAndTestResidue(x, sum, h, hOld, n, rangeThr, totalPowerThr);
    const swap = h; h = hOld; hOld = swap;
    if (done || <f64>count == maxImf) finished = true;
  }

  if (extNo <= 2) count--; // PyEMD drops the last IMF into the residue
  writeResidue(n, count);
  return count;
}

/** residue = x − (0 + imf_0 + imf_1 + …), the IMFs added in order as numpy's sum over axis 0. */
function writeResidue(n: i32, count: i32): void {
  const r = residuePtr;
  memory.fill(r, 0, <usize>n << 3);
  for (let k = 0; k < count; k++) {
    const row = imfsPtr + (<usize>k * <usize>rowStride << 3);
    for (let i = 0; i < n; i++) {
      const p = <usize>i << 3;
      store<f64>(r + p, load<f64>(r + p) + load<f64>(row + p));
    }
  }
  for (let i = 0; i < n; i++) {
    const p = <usize>i << 3;
    store<f64>(r + p, load<f64>(xPtr + p) - load<f64>(r + p));
  }
}
