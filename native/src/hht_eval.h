// Evaluation of an envelope spline at every sample x = 0..n−1 from its knots,
// knot slopes and chord slopes (hht_spline.h computes those). Piece j covers
// [t_j, t_{j+1}) and the last one also its right end; each is evaluated in the
// TS reference's power form ((c3·u + c2)·u + c1)·u + c0 about its left knot, so
// every value has the reference's bits.
//
// Speed: samples go in blocks of 8 or 16 (chosen from the mean piece length)
// with no per-sample bound test; a piece's last block overshoots into the next
// piece, which then rewrites those samples. So every output array (and hOld /
// other below) needs n + EVAL_PAD entries. When pieces are short (a few samples,
// the first IMFs) the AVX2 build evaluates four pieces per vector instead
// (hht_eval_short.cc). The sift target folds the sift
// h = hOld − (upper + lower)/2 into the evaluation of the lower envelope.
#pragma once

#include <cstdint>

#include "hht_simd.h"

namespace btc {
namespace hht {

/** Largest evaluation block; the extra entries every envelope-sized array needs beyond n. */
constexpr int32_t EVAL_PAD = 16;

/** Scratch of one spline: knot slopes, eliminated super-diagonal, chord slopes, piece coefficients (≥ m each). */
struct SplineScratch {
  double* slope;
  double* cPrime;
  double* chord;
  double* c2;
  double* c3;
  int32_t* pieces;  // piece indices (AVX2 short-piece evaluation)
};

/** Where the spline's values go: out[x] = value, or, with hOld set, out[x] = hOld[x] − 0.5·(other[x] + value). */
struct EvalTarget {
  double* out;
  const double* hOld;
  const double* other;
};

/** Fills target from the spline through (t[j], v[j]), j < m, with slopes and chords in sc. O(m + n). */
void evaluatePieces(const double* t, const double* v, const SplineScratch& sc, int32_t m, int32_t n,
                    const EvalTarget& target, Isa isa);

}  // namespace hht
}  // namespace btc
