// Boundary knots of the EMD envelopes: PyEMD `_prepare_points_simple` (HHT.md
// §1 step 3), the C++ port of src/hht/mirror.ts (its header lists the four cases
// per side). Knot times are sample indices held exactly in float64.
#pragma once

#include <cstdint>

#include "hht_extrema.h"

namespace btc {
namespace hht {

/** Knots of both envelopes; each array holds ≥ knotCapacity(n) entries. */
struct Knots {
  double* maxT;
  double* maxV;
  double* minT;
  double* minV;
  int32_t nMax;
  int32_t nMin;
};

/** Knots per envelope are at most n inner extrema + (n + 2) mirrored per side. */
inline int32_t knotCapacity(int32_t n) { return 3 * n + 8; }

/** prepareKnots outcomes (PyEMD raises where these are not KNOTS_OK). */
enum KnotStatus : int32_t {
  KNOTS_OK = 0,
  KNOTS_NO_EXTREMUM = 1,  // fewer than one maximum and one minimum
  KNOTS_LEFT_EDGE = 2,    // PyEMD's "Left edge BUG"
  KNOTS_RIGHT_EDGE = 3,   // PyEMD's "Right edge BUG"
};

/**
 * Mirrored + inner knots of both envelopes of s[0..n−1] from its extrema, nbsym
 * extrema mirrored per boundary (nbsym ≥ 1). Knots whose time repeats the next
 * knot's are dropped. O(extrema + nbsym).
 */
KnotStatus prepareKnots(const double* s, int32_t n, const Extrema& ext, int32_t nbsym, Knots* out);

}  // namespace hht
}  // namespace btc
