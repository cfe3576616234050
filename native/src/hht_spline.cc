// Envelope splines; see hht_spline.h. Equations (h_i = t_{i+1} − t_i, δ_i the
// chord slopes, s_i the knot slopes), as in src/hht/spline.ts:
//   row 0:   h1·s0 + (h0+h1)·s1 = ((h0 + 2(h0+h1))·h1·δ0 + h0²·δ1)/(h0+h1)
//   row i:   h_i·s_{i−1} + 2(h_{i−1}+h_i)·s_i + h_{i−1}·s_{i+1} = 3(h_i·δ_{i−1} + h_{i−1}·δ_i)
//   row m−1: mirror image of row 0.
// Solved by the Thomas algorithm without pivoting (after the first elimination
// step every pivot dominates its row; proof at solveNotAKnot in the TS file).
//
// Speed (the solve and the evaluation are most of a sift):
//   - the forward sweep is a chain of dependent divisions (≈20 cycles a row); the
//     upper and lower systems are independent, so envelopePair advances both in
//     one loop and the CPU overlaps the two chains;
//   - that chain is the floor: each division must round where the reference's
//     does, so no reciprocal or reassociated form is allowed;
//   - chord slopes (and, in hht_eval.cc, piece coefficients) are independent
//     divisions, computed in their own loops so they vectorize (AVX2: 4 per vdivpd).
#include "hht_spline.h"

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

/**
 * The Thomas algorithm on one not-a-knot system (m ≥ 4), one row per call so two
 * systems can be interleaved. The recurrences run through cpPrev / sPrev in
 * registers: reloading cp[i−1] would add a store-to-load delay to the chain.
 */
struct Sweep {
  const double* t;
  const double* d;
  double* s;
  double* cp;
  int32_t m;
  double h0, h1, d0, d1, cpPrev, sPrev;

  /** Row 0. */
  void first() {
    h0 = t[1] - t[0];
    h1 = t[2] - t[1];
    d0 = d[0];
    d1 = d[1];
    const double w = h0 + h1;
    const double b = h1, c = w;
    const double r = ((h0 + 2 * w) * h1 * d0 + h0 * h0 * d1) / w;
    cpPrev = c / b;
    sPrev = r / b;
    cp[0] = cpPrev;
    s[0] = sPrev;
  }

  /** Row i, 1 ≤ i ≤ m − 2; h0/h1 and d0/d1 become h_{i−1}/h_i and δ_{i−1}/δ_i. */
  void row(int32_t i) {
    if (i > 1) {
      h0 = h1;
      d0 = d1;
      h1 = t[i + 1] - t[i];
      d1 = d[i];
    }
    const double a = h1, b = 2 * (h0 + h1), c = h0;
    const double r = 3 * (h1 * d0 + h0 * d1);
    const double pivot = b - a * cpPrev;
    cpPrev = c / pivot;
    sPrev = (r - a * sPrev) / pivot;
    cp[i] = cpPrev;
    s[i] = sPrev;
  }

  /** Row m − 1 (h0 = h_{m−3}, h1 = h_{m−2} here); sPrev becomes s_{m−1} for back(). */
  void last() {
    const double w = h0 + h1;
    const double a = w, b = h0;
    const double r = (h1 * h1 * d0 + (2 * w + h1) * h0 * d1) / w;
    const double pivot = b - a * cpPrev;
    sPrev = (r - a * sPrev) / pivot;
    s[m - 1] = sPrev;
  }

  /** Back substitution of row i, called for i = m − 2 down to 0. */
  void back(int32_t i) {
    sPrev = s[i] - cp[i] * sPrev;
    s[i] = sPrev;
  }
};

void solveNotAKnot(Sweep& a) {
  a.first();
  for (int32_t i = 1; i < a.m - 1; i++) a.row(i);
  a.last();
  for (int32_t i = a.m - 2; i >= 0; i--) a.back(i);
}

/** Two independent solves with their rows interleaved; the same operations as two solveNotAKnot calls. */
void solveNotAKnotPair(Sweep& a, Sweep& b) {
  a.first();
  b.first();
  const int32_t common = (a.m < b.m ? a.m : b.m) - 1;
  int32_t i = 1;
  for (; i < common; i++) {
    a.row(i);
    b.row(i);
  }
  for (int32_t k = i; k < a.m - 1; k++) a.row(k);
  for (int32_t k = i; k < b.m - 1; k++) b.row(k);
  a.last();
  b.last();
  int32_t ia = a.m - 2, ib = b.m - 2;
  for (; ia >= 0 && ib >= 0; ia--, ib--) {
    a.back(ia);
    b.back(ib);
  }
  for (; ia >= 0; ia--) a.back(ia);
  for (; ib >= 0; ib--) b.back(ib);
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
    Sweep a{t, sc.chord, sc.slope, sc.cPrime, m, 0, 0, 0, 0, 0, 0};
    solveNotAKnot(a);
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
  if (k.nMax == 3 || k.nMin == 3) {
    if (k.nMax == 3) {
      slopesNatural3(k.maxT, su.chord, su.slope);
    } else {
      Sweep a{k.maxT, su.chord, su.slope, su.cPrime, k.nMax, 0, 0, 0, 0, 0, 0};
      solveNotAKnot(a);
    }
    if (k.nMin == 3) {
      slopesNatural3(k.minT, sl.chord, sl.slope);
    } else {
      Sweep b{k.minT, sl.chord, sl.slope, sl.cPrime, k.nMin, 0, 0, 0, 0, 0, 0};
      solveNotAKnot(b);
    }
  } else {
    Sweep a{k.maxT, su.chord, su.slope, su.cPrime, k.nMax, 0, 0, 0, 0, 0, 0};
    Sweep b{k.minT, sl.chord, sl.slope, sl.cPrime, k.nMin, 0, 0, 0, 0, 0, 0};
    solveNotAKnotPair(a, b);
  }
  evaluatePieces(k.maxT, k.maxV, su, k.nMax, n, EvalTarget{upper, nullptr, nullptr}, isa);
  evaluatePieces(k.minT, k.minV, sl, k.nMin, n, lower, isa);
  return SPLINE_OK;
}

}  // namespace hht
}  // namespace btc
