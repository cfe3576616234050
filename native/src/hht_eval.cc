// Envelope evaluation; see hht_eval.h. The block loop runs on GCC/Clang vector
// extensions (four doubles in the AVX2 build, two in the generic one); every
// lane performs the reference's scalar operations, so the result does not
// depend on the build.
#include "hht_eval.h"

#include "hht_eval_short.h"

namespace btc {
namespace hht {
namespace {

/** Mean piece length (samples) up to which the AVX2 build evaluates four pieces at a time. */
constexpr int32_t SHORT_PIECES = 6;

/** Power-form coefficients c2, c3 of pieces first..last: independent divisions, vectorized. */
HHT_INLINE void coefficients(const double* HHT_RESTRICT t, const double* HHT_RESTRICT s,
                             const double* HHT_RESTRICT d, double* HHT_RESTRICT c2, double* HHT_RESTRICT c3,
                             int32_t first, int32_t last) {
  for (int32_t j = first; j <= last; j++) {
    const double h = t[j + 1] - t[j];
    c2[j] = (3 * d[j] - 2 * s[j] - s[j + 1]) / h;
    c3[j] = (s[j] + s[j + 1] - 2 * d[j]) / (h * h);
  }
}

/**
 * Pieces first..last in order, each in whole blocks from its first sample; the
 * last block of a piece may overshoot into the next one, which rewrites it.
 * V is the vector type of the build (V4d for AVX2, V2d otherwise).
 */
template <int32_t Block, bool Sift, class V>
HHT_INLINE void evaluateBody(const double* HHT_RESTRICT t, const double* HHT_RESTRICT v,
                             const double* HHT_RESTRICT s, const double* HHT_RESTRICT d, double* HHT_RESTRICT c2,
                             double* HHT_RESTRICT c3, int32_t first, int32_t last, int32_t n,
                             double* HHT_RESTRICT out, const double* HHT_RESTRICT hOld,
                             const double* HHT_RESTRICT other) {
  coefficients(t, s, d, c2, c3, first, last);
  int32_t x = 0;
  for (int32_t j = first; j <= last; j++) {
    const int32_t end = j == last ? n : static_cast<int32_t>(t[j + 1]);
    const double t0 = t[j], k0 = v[j], k1 = s[j], k2 = c2[j], k3 = c3[j];
    // u = x − t0 is an exact small integer however it is formed, so it can be
    // stepped by adding the block size instead of being converted per block.
#if HHT_VECTOR_EXTENSIONS
    constexpr int32_t W = sizeof(V) / sizeof(double);
    V u;
    for (int32_t k = 0; k < W; k++) u[k] = (static_cast<double>(x) - t0) + k;
    do {
      for (int32_t b = 0; b < Block; b += W) {
        const V ub = u + static_cast<double>(b);
        V r = ((k3 * ub + k2) * ub + k1) * ub + k0;
        if (Sift) {
          V ho, ot;
          __builtin_memcpy(&ho, hOld + x + b, sizeof ho);
          __builtin_memcpy(&ot, other + x + b, sizeof ot);
          r = ho - 0.5 * (ot + r);
        }
        __builtin_memcpy(out + x + b, &r, sizeof r);
      }
      u += static_cast<double>(Block);
      x += Block;
    } while (x < end);
#else
    do {
      const double u0 = static_cast<double>(x) - t0;
      for (int32_t k = 0; k < Block; k++) {
        const double u = u0 + k;
        const double r = ((k3 * u + k2) * u + k1) * u + k0;
        out[x + k] = Sift ? hOld[x + k] - 0.5 * (other[x + k] + r) : r;
      }
      x += Block;
    } while (x < end);
#endif
    x = end;
  }
}

/** Block size for a mean piece length of n/pieces samples: most pieces then take one block. */
template <bool Sift, class V>
HHT_INLINE void evaluateAny(const double* t, const double* v, const SplineScratch& sc, int32_t first, int32_t last,
                            int32_t n, const EvalTarget& g) {
  // (Blocks of 4 for the shortest pieces cost fewer operations but mispredict the
  // loop exit more often; measured a wash, so 8 is the smallest block.)
  const int32_t pieces = last - first + 1;
  if (10 * pieces >= n) {
    evaluateBody<8, Sift, V>(t, v, sc.slope, sc.chord, sc.c2, sc.c3, first, last, n, g.out, g.hOld, g.other);
  } else {
    evaluateBody<16, Sift, V>(t, v, sc.slope, sc.chord, sc.c2, sc.c3, first, last, n, g.out, g.hOld, g.other);
  }
}

#if HHT_VECTOR_EXTENSIONS
typedef V2d GenericVector;
typedef V4d Avx2Vector;
#else
typedef double GenericVector;  // unused: the scalar loop needs no vector type
typedef double Avx2Vector;
#endif

void evaluateGeneric(const double* t, const double* v, const SplineScratch& sc, int32_t first, int32_t last,
                     int32_t n, const EvalTarget& g) {
  if (g.hOld != nullptr) {
    evaluateAny<true, GenericVector>(t, v, sc, first, last, n, g);
  } else {
    evaluateAny<false, GenericVector>(t, v, sc, first, last, n, g);
  }
}

#if HHT_HAVE_AVX2_BUILD
HHT_TARGET_AVX2 void evaluateAvx2(const double* t, const double* v, const SplineScratch& sc, int32_t first,
                                  int32_t last, int32_t n, const EvalTarget& g) {
  if (SHORT_PIECES * (last - first + 1) >= n) {  // mean piece length ≤ SHORT_PIECES samples
    coefficients(t, sc.slope, sc.chord, sc.c2, sc.c3, first, last);
    evaluateShortAvx2(t, v, sc.slope, sc.c2, sc.c3, first, last, n, g, sc.pieces);
  } else if (g.hOld != nullptr) {
    evaluateAny<true, Avx2Vector>(t, v, sc, first, last, n, g);
  } else {
    evaluateAny<false, Avx2Vector>(t, v, sc, first, last, n, g);
  }
}
#endif

}  // namespace

void evaluatePieces(const double* t, const double* v, const SplineScratch& sc, int32_t m, int32_t n,
                    const EvalTarget& target, Isa isa) {
  // Pieces left of sample 0 or right of sample n − 1 (mirrored knots) hold no sample.
  int32_t first = 0;
  while (first + 2 < m && t[first + 1] <= 0) first++;
  int32_t last = m - 2;
  while (last > first && t[last] > n - 1) last--;
#if HHT_HAVE_AVX2_BUILD
  if (isa == Isa::Avx2) {
    evaluateAvx2(t, v, sc, first, last, n, target);
    return;
  }
#endif
  (void)isa;
  evaluateGeneric(t, v, sc, first, last, n, target);
}

}  // namespace hht
}  // namespace btc
