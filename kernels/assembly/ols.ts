/**
 * OLS slope with intercept over a ring of observations: the port of
 * src/features/ols.ts olsSlopeRing, shared by ofi_lambda_5m (feat-flow.ts) and
 * kyle_lambda_5m (feat-trades.ts). Same two passes in the same order, so the sums
 * round exactly as in the reference.
 *
 * x, y: f64 rings of `cap` entries; n entries from `head` (wrapping); ok: u8 ring
 * (0 = skip the entry) or 0 for none. O(n), n ≤ 300 per bar close.
 */

/** Sxy/Sxx; NaN with fewer than 2 points, when every x is equal, or when not finite. */
export function olsSlopeRing(x: usize, y: usize, ok: usize, cap: i32, head: i32, n: i32): f64 {
  let m = 0;
  let sx = 0.0;
  let sy = 0.0;
  let xMin = Infinity;
  let xMax = -Infinity;
  for (let j = 0; j < n; j++) {
    const i = (head + j) % cap;
    if (ok != 0 && load<u8>(ok + <usize>i) == 0) continue;
    const xi = load<f64>(x + (<usize>i << 3));
    m++;
    sx += xi;
    sy += load<f64>(y + (<usize>i << 3));
    if (xi < xMin) xMin = xi;
    if (xi > xMax) xMax = xi;
  }
  if (m < 2 || xMin == xMax) return NaN;
  const mx = sx / <f64>m;
  const my = sy / <f64>m;
  let sxx = 0.0;
  let sxy = 0.0;
  for (let j = 0; j < n; j++) {
    const i = (head + j) % cap;
    if (ok != 0 && load<u8>(ok + <usize>i) == 0) continue;
    const dx = load<f64>(x + (<usize>i << 3)) - mx;
    sxx += dx * dx;
    sxy += dx * (load<f64>(y + (<usize>i << 3)) - my);
  }
  const slope = sxy / sxx;
  return isFinite<f64>(slope) ? slope : NaN;
}
