// Not-a-knot slope solves (m ≥ 4 knots), the C++ port of solveNotAKnot in
// src/hht/spline.ts: the tridiagonal system eliminated from both ends at once
// (forward from row 0, backward from row m − 1) up to the middle row k = m >> 1,
// then back-substituted outward. Every value is the reference's operation in
// its order, so the slopes are bit-identical to it.
#pragma once

#include <cstdint>

#include "hht_simd.h"

namespace btc {
namespace hht {

/** One system: knot times t, chord slopes d (m − 1 of them), slopes out s, scratch ratio (m each). */
struct NotAKnotSystem {
  const double* t;
  const double* d;
  double* s;
  double* ratio;
  int32_t m;
};

/** Slopes of one system. */
void solveNotAKnot(const NotAKnotSystem& a);

/**
 * Slopes of two independent systems (the two envelopes of a sift): their four
 * elimination chains advance together so the divisions overlap; in the AVX2
 * build one vector division serves all four.
 */
void solveNotAKnotPair(const NotAKnotSystem& a, const NotAKnotSystem& b, Isa isa);

}  // namespace hht
}  // namespace btc
