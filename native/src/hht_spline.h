// Envelope splines (HHT.md §1 step 4), the C++ port of src/hht/spline.ts: the
// interpolating cubic through the knots, evaluated at every integer t in [0, n−1].
// > 3 knots: not-a-knot ends (scipy interp1d kind='cubic'), slopes from an O(m)
// tridiagonal solve; 3 knots: PyEMD's natural cubic_spline_3pts. Every value is
// computed with the operations of the TS reference in the same order, so the
// envelopes are bit-identical to it (and ≈1e−15 relative to scipy's B-splines).
// Output arrays need n + EVAL_PAD entries (evaluation: hht_eval.h).
#pragma once

#include <cstdint>

#include "hht_eval.h"
#include "hht_mirror.h"
#include "hht_simd.h"

namespace btc {
namespace hht {

/** splineEnvelope outcomes (the TS reference throws a RangeError where these are not SPLINE_OK). */
enum SplineStatus : int32_t {
  SPLINE_OK = 0,
  SPLINE_TOO_FEW = 1,     // fewer than 3 knots
  SPLINE_NO_SPAN = 2,     // knots do not cover [0, n−1]
  SPLINE_NOT_SORTED = 3,  // knot times not strictly increasing
};

/**
 * out[x] for x = 0..n−1: the spline through (t[j], v[j]), j < m. Knot times are
 * exact integers; out holds n + EVAL_PAD entries. O(m + n), no allocation.
 */
SplineStatus splineEnvelope(const double* t, const double* v, int32_t m, int32_t n, double* out,
                            const SplineScratch& scratch, Isa isa);

/**
 * Both envelopes of one sift: upper through the max knots into `upper`, lower
 * through the min knots into `lower` (plain, or folded into the sift), each
 * bit-identical to splineEnvelope. The two slope solves run interleaved, so
 * their division chains overlap.
 */
SplineStatus envelopePair(const Knots& knots, int32_t n, double* upper, const EvalTarget& lower,
                          const SplineScratch& su, const SplineScratch& sl, Isa isa);

}  // namespace hht
}  // namespace btc
