/**
 * Ordinary least squares with intercept, shared by the two rolling λ features
 * (ofi_lambda_5m in flow-lambda.ts, kyle_lambda_5m in trades-kyle.ts): the slope
 * Sxy/Sxx from a centred two-pass sum over a ring of observations, recomputed once
 * per bar (≤ 300 points), so there is no running-sum cancellation.
 */

/**
 * OLS slope with intercept of y on x over `n` ring entries starting at `head`
 * (ring size = x.length), skipping entries whose `ok` flag is 0 when a mask is
 * given. NaN with fewer than 2 points, when every x is exactly equal (Var(x) = 0,
 * tested exactly so rounding in the mean cannot turn a constant x into a huge
 * slope), or when the slope is not finite.
 */
export function olsSlopeRing(x: Float64Array, y: Float64Array, head: number, n: number, ok?: Uint8Array): number {
  const cap = x.length;
  let m = 0;
  let sx = 0;
  let sy = 0;
  let xMin = Infinity;
  let xMax = -Infinity;
  for (let j = 0; j < n; j++) {
    const i = (head + j) % cap;
    if (ok && ok[i] === 0) continue;
    const xi = x[i];
    m++;
    sx += xi;
    sy += y[i];
    if (xi < xMin) xMin = xi;
    if (xi > xMax) xMax = xi;
  }
  if (m < 2 || xMin === xMax) return NaN;
  const mx = sx / m;
  const my = sy / m;
  let sxx = 0;
  let sxy = 0;
  for (let j = 0; j < n; j++) {
    const i = (head + j) % cap;
    if (ok && ok[i] === 0) continue;
    const dx = x[i] - mx;
    sxx += dx * dx;
    sxy += dx * (y[i] - my);
  }
  const slope = sxy / sxx;
  return Number.isFinite(slope) ? slope : NaN;
}

/** OLS slope with intercept of ys on xs (olsSlopeRing on plain arrays). */
export function olsSlope(xs: readonly number[], ys: readonly number[]): number {
  return olsSlopeRing(Float64Array.from(xs), Float64Array.from(ys), 0, xs.length);
}
