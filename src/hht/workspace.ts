/**
 * Work buffers of one EMD of length ≤ capacity, allocated once and reused by
 * every sift (and by later calls when the caller keeps the workspace). After a
 * call the buffers hold the last sift's state (tests read the first sift's knots
 * and envelopes from here); emd() copies out everything it returns.
 *
 * Sizes: extrema ≤ n each; knots ≤ n + 2·nbsym + 2 (inner extrema plus nbsym
 * mirrored and one end sample per side); spline scratch sized like the knots.
 */
import type { KnotBuffers } from './mirror.js';
import type { SplineScratch } from './spline.js';

/** Reusable buffers for emd() and its building blocks. */
export class EmdWorkspace implements KnotBuffers, SplineScratch {
  readonly capacity: number;
  readonly nbsym: number;
  /** Extremum indices, ascending. */
  readonly maxIdx: Int32Array;
  readonly minIdx: Int32Array;
  /** Knot counts of the last envelopes, by [COUNT_MAX] and [COUNT_MIN] (KnotBuffers). */
  readonly counts = new Int32Array(2);
  /** Extrema counts of the last findExtrema, by [COUNT_MAX] and [COUNT_MIN]. */
  readonly extremaCounts = new Int32Array(2);
  /** Knot times (exact integers) and values of the upper and lower envelopes. */
  readonly maxT: Float64Array;
  readonly maxV: Float64Array;
  readonly minT: Float64Array;
  readonly minV: Float64Array;
  /** Spline scratch: knot slopes and the eliminated super-diagonal. */
  readonly slope: Float64Array;
  readonly cPrime: Float64Array;
  /** Upper and lower envelopes of the last sift. */
  readonly upper: Float64Array;
  readonly lower: Float64Array;
  /** Proto-IMF being sifted, its previous value, running Σ IMFs, elementwise temporaries. */
  readonly h: Float64Array;
  readonly hOld: Float64Array;
  readonly sumImfs: Float64Array;
  readonly scratch: Float64Array;

  constructor(capacity: number, nbsym = 2) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`EMD workspace capacity must be a positive integer, was ${capacity}`);
    if (!Number.isInteger(nbsym) || nbsym < 1) throw new RangeError(`nbsym must be a positive integer, was ${nbsym}`);
    this.capacity = capacity;
    this.nbsym = nbsym;
    const knots = capacity + 2 * nbsym + 2;
    this.maxIdx = new Int32Array(capacity);
    this.minIdx = new Int32Array(capacity);
    this.maxT = new Float64Array(knots);
    this.maxV = new Float64Array(knots);
    this.minT = new Float64Array(knots);
    this.minV = new Float64Array(knots);
    this.slope = new Float64Array(knots);
    this.cPrime = new Float64Array(knots);
    this.upper = new Float64Array(capacity);
    this.lower = new Float64Array(capacity);
    this.h = new Float64Array(capacity);
    this.hOld = new Float64Array(capacity);
    this.sumImfs = new Float64Array(capacity);
    this.scratch = new Float64Array(capacity);
  }
}
