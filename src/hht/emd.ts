/**
 * Empirical mode decomposition, `reference` mode: PyEMD `EMD().emd(x)` with its
 * defaults, in float64, sample for sample (HHT.md §1). Later WASM and native
 * kernels are ported from this file, so it stays imperative and array based:
 * one EmdWorkspace per call (or the caller's), no closures or objects per sift.
 *
 * Loop structure follows PyEMD's, because its order decides corner cases:
 *   - the sift counter n is bumped before the cap test, so at most
 *     maxIteration − 1 sifts run per IMF;
 *   - `extNo` is the extrema count of whatever PyEMD last examined (post-sift h
 *     by default, pre-sift h with fixe), and when the decomposition ends with
 *     extNo ≤ 2 the last IMF is dropped into the residue, even a sifted one;
 *   - the IMF test uses the knots of the envelopes of the pre-sift h.
 * Cost per sift O(n); sifts per IMF are data dependent (≤ maxIteration − 1).
 */
import { COUNT_MAX, COUNT_MIN, countZeroCrossings } from './extrema.js';
import { envelopesInto, extremaInto } from './envelope.js';
import { checkImf, decompositionDone, type ImfThresholds } from './stop-rules.js';
import { EmdWorkspace } from './workspace.js';

/** PyEMD EMD() settings; every field defaults to PyEMD's default. */
export interface EmdOptions {
  /** Σ((h−h_old)/h)² below this ends sifting (PyEMD std_thr, 0.2). */
  stdThreshold?: number;
  /** Σ(h−h_old)²/(max h_old − min h_old) below this ends sifting (svar_thr, 0.001, signal units). */
  svarThreshold?: number;
  /** Σ(h−h_old)²/Σh_old² below this ends sifting (energy_ratio_thr, 0.2). */
  energyRatioThreshold?: number;
  /** Σ|x − ΣIMFs| below this ends the decomposition (total_power_thr, 0.005, signal units). */
  totalPowerThreshold?: number;
  /** max − min of x − ΣIMFs below this ends the decomposition (range_thr, 0.001, signal units). */
  rangeThreshold?: number;
  /** Exactly this many sifts per IMF when > 0 (FIXE, 0 = off). */
  fixe?: number;
  /** Stop after this many consecutive sifts with |#extrema − #zero crossings| < 2 (FIXE_H, 0 = off). */
  fixeH?: number;
  /** Sift counter cap per IMF (MAX_ITERATION, 1000; at most 999 sifts run). */
  maxIteration?: number;
  /** Stop after this many IMFs; ≤ 0 means no limit (max_imf, −1). */
  maxImf?: number;
  /**
   * Runaway guard, not a PyEMD option: more IMFs than this is a RangeError (the
   * kernels pass runawayCap(capacity)); default unbounded, like PyEMD.
   */
  imfCap?: number;
  /** Extrema mirrored per boundary (nbsym, 2). */
  nbsym?: number;
  /** Buffers to reuse; capacity ≥ x.length and the same nbsym. */
  workspace?: EmdWorkspace;
}

/** IMFs (finest first), residue x − ΣIMFs, and the sifts each IMF took. */
export interface EmdResult {
  imfs: Float64Array[];
  residue: Float64Array;
  siftsPerImf: number[];
}

/** Decomposes x into IMFs and a residue exactly as PyEMD EMD().emd(x) does. */
export function emd(x: Float64Array, opts: EmdOptions = {}): EmdResult {
  const n = x.length;
  const nbsym = opts.nbsym ?? 2;
  const thr: ImfThresholds = {
    stdThreshold: opts.stdThreshold ?? 0.2,
    svarThreshold: opts.svarThreshold ?? 0.001,
    energyRatioThreshold: opts.energyRatioThreshold ?? 0.2,
  };
  const totalPowerThreshold = opts.totalPowerThreshold ?? 0.005;
  const rangeThreshold = opts.rangeThreshold ?? 0.001;
  const fixe = opts.fixe ?? 0;
  const fixeH = opts.fixeH ?? 0;
  const maxIteration = opts.maxIteration ?? 1000;
  const maxImf = opts.maxImf ?? -1;
  const imfCap = opts.imfCap ?? Infinity;
  const ws = opts.workspace ?? new EmdWorkspace(Math.max(n, 1), nbsym);
  if (ws.capacity < n) throw new RangeError(`EMD workspace capacity must be at least ${n}, was ${ws.capacity}`);
  if (ws.nbsym !== nbsym) throw new RangeError(`EMD workspace nbsym must be ${nbsym}, was ${ws.nbsym}`);

  const { h, hOld, sumImfs, upper, lower, scratch } = ws;
  const imfs: Float64Array[] = [];
  const siftsPerImf: number[] = [];
  sumImfs.fill(0, 0, n);
  let extNo = -1;
  let finished = false;

  while (!finished) {
    for (let i = 0; i < n; i++) h[i] = x[i]! - sumImfs[i]!;
    let iteration = 0, sifts = 0, protoImfRun = 0;

    for (;;) {
      iteration++;
      if (iteration >= maxIteration) break;
      extNo = extremaInto(h, n, ws);
      if (extNo <= 2) { finished = true; break; } // a trend: the residue, not an IMF

      envelopesInto(h, n, ws);
      for (let i = 0; i < n; i++) {
        hOld[i] = h[i]!;
        h[i] = h[i]! - 0.5 * (upper[i]! + lower[i]!);
      }
      sifts++;

      if (fixe > 0) {
        if (iteration >= fixe) break;
      } else if (fixeH > 0) {
        extNo = extremaInto(h, n, ws);
        const zeroCrossings = countZeroCrossings(h, n);
        if (iteration === 1) continue;
        protoImfRun = Math.abs(extNo - zeroCrossings) < 2 ? protoImfRun + 1 : 0;
        if (protoImfRun >= fixeH) break;
      } else {
        // ws.counts still holds the knot counts of hOld's envelopes; extremaInto
        // overwrites only the extrema buffers.
        extNo = extremaInto(h, n, ws);
        const zeroCrossings = countZeroCrossings(h, n);
        const isImf = checkImf(h, hOld, n, ws.maxV, ws.counts[COUNT_MAX]!, ws.minV, ws.counts[COUNT_MIN]!, thr, scratch);
        if (isImf && Math.abs(extNo - zeroCrossings) < 2) break;
      }
    }

    if (imfs.length >= imfCap) {
      throw new RangeError(`EMD did not finish within ${imfCap} IMFs: x spans more orders of magnitude than float64 `
        + 'resolves, so x − ΣIMFs stops changing and the reference would go on producing IMFs, possibly forever');
    }
    imfs.push(h.slice(0, n));
    siftsPerImf.push(sifts);
    for (let i = 0; i < n; i++) sumImfs[i] = sumImfs[i]! + h[i]!;
    if (decompositionDone(x, sumImfs, n, rangeThreshold, totalPowerThreshold, scratch) || imfs.length === maxImf) {
      finished = true;
    }
  }

  if (extNo <= 2) {
    imfs.pop();
    siftsPerImf.pop();
  }
  return { imfs, residue: residueOf(x, imfs), siftsPerImf };
}

/**
 * IMFs allowed before a decomposition counts as a runaway: a converging EMD takes
 * about log2(n); PyEMD itself loops forever on input whose x − ΣIMFs stops changing
 * in float64 (e.g. values spanning 1e-295…1e300). The native and WASM kernels use the
 * same bound on their capacity, and so does TsHhtKernel.
 */
export function runawayCap(n: number): number {
  return 2 * Math.ceil(Math.log2(Math.max(2, n))) + 16;
}

/** x − ΣIMFs, the IMFs added one after another as numpy's sum over axis 0 does. */
export function residueOf(x: Float64Array, imfs: readonly Float64Array[]): Float64Array {
  const n = x.length;
  const sum = new Float64Array(n);
  for (const imf of imfs) for (let i = 0; i < n; i++) sum[i] = sum[i]! + imf[i]!;
  const r = new Float64Array(n);
  for (let i = 0; i < n; i++) r[i] = x[i]! - sum[i]!;
  return r;
}
