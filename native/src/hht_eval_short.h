// AVX2 evaluation of an envelope whose pieces are short (a few samples each, as
// in the first IMFs): four pieces at a time, one per vector lane. Internal to
// hht_eval.cc; see hht_eval.h for the contract (EvalTarget, EVAL_PAD).
#pragma once

#include <cstdint>

#include "hht_eval.h"
#include "hht_simd.h"

namespace btc {
namespace hht {

#if HHT_HAVE_AVX2_BUILD
/**
 * Pieces first..last of the spline with knot values v, slopes s and power-form
 * coefficients c2/c3 (already computed) into g; `longPieces` is scratch for
 * last − first + 1 indices. Same values, bit for bit, as the per-piece loop.
 */
void evaluateShortAvx2(const double* t, const double* v, const double* s, const double* c2, const double* c3,
                       int32_t first, int32_t last, int32_t n, const EvalTarget& g, int32_t* longPieces);
#endif

}  // namespace hht
}  // namespace btc
