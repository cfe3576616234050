/**
 * One envelope pass of a sift: extrema → mirrored knots → upper and lower
 * splines, all into an EmdWorkspace. Shared by emd() and the first-sift tests,
 * so both exercise exactly the same path.
 */
import { COUNT_MAX, COUNT_MIN, findExtrema } from './extrema.js';
import { prepareKnots } from './mirror.js';
import { splineEnvelope } from './spline.js';
import type { EmdWorkspace } from './workspace.js';

/**
 * Extrema of s[0..n−1] into ws.maxIdx/minIdx (counts in ws.extremaCounts);
 * returns their total.
 */
export function extremaInto(s: Float64Array, n: number, ws: EmdWorkspace): number {
  findExtrema(s, n, ws.maxIdx, ws.minIdx, ws.extremaCounts);
  return ws.extremaCounts[COUNT_MAX]! + ws.extremaCounts[COUNT_MIN]!;
}

/**
 * Knots (ws.maxT/maxV/minT/minV, counts in ws.counts) and envelopes
 * (ws.upper, ws.lower) of s, whose extrema extremaInto has just found.
 */
export function envelopesInto(s: Float64Array, n: number, ws: EmdWorkspace): void {
  prepareKnots(s, n, ws.maxIdx, ws.extremaCounts[COUNT_MAX]!, ws.minIdx, ws.extremaCounts[COUNT_MIN]!, ws.nbsym, ws);
  splineEnvelope(ws.maxT, ws.maxV, ws.counts[COUNT_MAX]!, n, ws.upper, ws);
  splineEnvelope(ws.minT, ws.minV, ws.counts[COUNT_MIN]!, n, ws.lower, ws);
}
