// Envelope splines; see hht_spline.h. The not-a-knot slope solve is in
// hht_solve.cc (elimination from both ends, the rows written out there).
//
// Speed: chord slopes (and, in hht_eval.cc, piece coefficients) are independent
// divisions, computed in their own loops so they vectorize (AVX2: 4 per vdivpd);
// the solve's divisions are on dependency chains, which hht_solve.cc shortens.
#include "hht_spline.h"

#include "hht_solve.h"

namespace btc {
namespace hht {
namespace {

/**
 * Chord slopes δ_j = (v_{j+1} − v_j)/(t_{j+1} − t_j), j < m − 1; returns whether
 * the knot times strictly increase (the reference's third knot check). Both
 * loops vectorize; divisions are the expensive part, four per vdivpd with AVX2.
 */
template <class V, class M>
HHT_INLINE bool chordBody(const double* HHT_RESTRICT t, const double* HHT_RESTRICT v, int32_t m,
                          double* HHT_RESTRICT d) {
  // "Every t[j+1] > t[j]" (false for NaN, as in the reference), a vector at a time.
  int64_t unsorted = 0;
  int32_t j = 0;
#if HHT_VECTOR_EXTENSIONS
  constexpr int32_t W = sizeof(V) / sizeof(double);
  M bad = {};
  for (; j + W < m; j += W) {
    V lo, hi;
    __builtin_memcpy(&lo, t + j, sizeof lo);
    __builtin_memcpy(&hi, t + j + 1, sizeof hi);
    bad |= ~(hi > lo);
  }
  for (int32_t k = 0; k < W; k++) unsorted |= bad[k];
#endif
  for (; j + 1 < m; j++) unsorted |= static_cast<int64_t>(!(t[j + 1] > t[j]));
  for (j = 0; j + 1 < m; j++) d[j] = (v[j + 1] - v[j]) / (t[j + 1] - t[j]);
  return unsorted == 0;
}

#if HHT_VECTOR_EXTENSIONS
typedef V2d GenericVector;
typedef V2m GenericMask;
typedef V4d Avx2Vector;
typedef V4m Avx2Mask;
#else
typedef double GenericVector, GenericMask, Avx2Vector, Avx2Mask;  // unused without vector extensions
#endif

bool chordGeneric(const double* t, const double* v, int32_t m, double* d) {
  return chordBody<GenericVector, GenericMask>(t, v, m, d);
}

#if HHT_HAVE_AVX2_BUILD
HHT_TARGET_AVX2 bool chordAvx2(const double* t, const double* v, int32_t m, double* d) {
  return chordBody<Avx2Vector, Avx2Mask>(t, v, m, d);
}
#endif

bool chordSlopes(const double* t, const double* v, int32_t m, double* d, Isa isa) {
#if HHT_HAVE_AVX2_BUILD
  if (isa == Isa::Avx2) return chordAvx2(t, v, m, d);
#endif
  (void)isa;
  return chordGeneric(t, v, m, d);
}

/** Slopes of the natural cubic through 3 points (PyEMD cubic_spline_3pts). */
void slopesNatural3(const double* t, const double* d, double* s) {
  const double h0 = t[1] - t[0], h1 = t[2] - t[1];
  const double d0 = d[0], d1 = d[1];
  const double s1 = (d0 * h1 + d1 * h0) / (h0 + h1);
  s[0] = (3 * d0 - s1) / 2;
  s[1] = s1;
  s[2] = (3 * d1 - s1) / 2;
}

/** The TS reference's first two knot checks; the third (sorted times) is chordSlopes' result. */
SplineStatus checkKnots(const double* t, int32_t m, int32_t n) {
  if (m < 3) return SPLINE_TOO_FEW;
  if (t[0] > 0 || t[m - 1] < n - 1) return SPLINE_NO_SPAN;
  return SPLINE_OK;
}

}  // namespace

SplineStatus splineEnvelope(const double* t, const double* v, int32_t m, int32_t n, double* out,
                            const SplineScratch& sc, Isa isa) {
  const SplineStatus st = checkKnots(t, m, n);
  if (st != SPLINE_OK) return st;
  if (!chordSlopes(t, v, m, sc.chord, isa)) return SPLINE_NOT_SORTED;
  if (m == 3) {
    slopesNatural3(t, sc.chord, sc.slope);
  } else {
    solveNotAKnot(NotAKnotSystem{t, sc.chord, sc.slope, sc.cPrime, m});
  }
  evaluatePieces(t, v, sc, m, n, EvalTarget{out, nullptr, nullptr}, isa);
  return SPLINE_OK;
}

SplineStatus envelopePair(const Knots& k, int32_t n, double* upper, const EvalTarget& lower, const SplineScratch& su,
                          const SplineScratch& sl, Isa isa) {
  SplineStatus st = checkKnots(k.maxT, k.nMax, n);
  if (st == SPLINE_OK) st = checkKnots(k.minT, k.nMin, n);
  if (st != SPLINE_OK) return st;
  const bool sortedMax = chordSlopes(k.maxT, k.maxV, k.nMax, su.chord, isa);
  const bool sortedMin = chordSlopes(k.minT, k.minV, k.nMin, sl.chord, isa);
  if (!sortedMax || !sortedMin) return SPLINE_NOT_SORTED;
  const NotAKnotSystem a{k.maxT, su.chord, su.slope, su.cPrime, k.nMax};
  const NotAKnotSystem b{k.minT, sl.chord, sl.slope, sl.cPrime, k.nMin};
  if (k.nMax == 3 || k.nMin == 3) {
    if (k.nMax == 3) {
      slopesNatural3(k.maxT, su.chord, su.slope);
    } else {
      solveNotAKnot(a);
    }
    if (k.nMin == 3) {
      slopesNatural3(k.minT, sl.chord, sl.slope);
    } else {
      solveNotAKnot(b);
    }
  } else {
    solveNotAKnotPair(a, b, isa);
  }
  evaluatePieces(k.maxT, k.maxV, su, k.nMax, n, EvalTarget{upper, nullptr, nullptr}, isa);
  evaluatePieces(k.minT, k.minV, sl, k.nMin, n, lower, isa);
  return SPLINE_OK;
}

}  // namespace hht
}  // namespace btc
