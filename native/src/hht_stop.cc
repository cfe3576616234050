// PyEMD's stopping rules; see hht_stop.h. Each sum is numpy's pairwise sum of
// the same float64 terms the TS reference writes to its temporary, in its order
// (hht_sum.h). The eight running lane sums of a pairwise block are kept in
// vectors (two of four doubles in the AVX2 build, four of two otherwise): each
// lane still adds its own terms in order, so the sums are the reference's bits.
// The IMF test's sums that need no division (Σh², Σ(h−hOld)², Σh_old²) and the
// range of hOld share one pass; the reference computes Σh_old² only when the
// other tests fail, and computing it anyway changes no result.
#include "hht_stop.h"

#include <cmath>
#include <limits>

#include "hht_simd.h"
#include "hht_sum.h"

namespace btc {
namespace hht {
namespace {

#if HHT_VECTOR_EXTENSIONS

// (Vectors go by reference: GCC warns that returning a 32-byte vector from a
// function compiled without AVX changes the ABI, even when inlined.)
template <class V>
HHT_INLINE void loadV(V& v, const double* p) {
  __builtin_memcpy(&v, p, sizeof v);
}

template <class V>
HHT_INLINE void splat(V& v, double x) {
  for (size_t k = 0; k < sizeof(V) / sizeof(double); k++) v[k] = x;
}

/**
 * A leaf of numpy's pairwise sum for K sums at once: sequential below 8 terms,
 * else eight running lane sums (A vectors of W lanes) combined as
 * ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)), plus a sequential tail. T provides
 * vec(i, V out[K]) (the terms of samples i..i+W−1) and one(i, double out[K]) (of
 * sample i), computed with the same operations, so lane and scalar terms agree.
 */
template <class V, int K, class T>
HHT_INLINE void leafSums(T& terms, int32_t start, int32_t count, double* res) {
  constexpr int32_t W = sizeof(V) / sizeof(double);
  constexpr int32_t A = 8 / W;
  double one[K];
  if (count < 8) {
    for (int k = 0; k < K; k++) res[k] = 0;
    for (int32_t i = 0; i < count; i++) {
      terms.one(start + i, one);
      for (int k = 0; k < K; k++) res[k] += one[k];
    }
    return;
  }
  V acc[A][K], t[K];
  for (int32_t a = 0; a < A; a++) terms.vec(start + a * W, acc[a]);
  const int32_t whole = count - count % 8;
  int32_t i = 8;
  for (; i < whole; i += 8) {
    for (int32_t a = 0; a < A; a++) {
      terms.vec(start + i + a * W, t);
      for (int k = 0; k < K; k++) acc[a][k] += t[k];
    }
  }
  for (int k = 0; k < K; k++) {
    double r[8];
    for (int32_t a = 0; a < A; a++) {
      for (int32_t l = 0; l < W; l++) r[a * W + l] = acc[a][k][l];
    }
    res[k] = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
  }
  for (; i < count; i++) {
    terms.one(start + i, one);
    for (int k = 0; k < K; k++) res[k] += one[k];
  }
}

/**
 * K sums Σ term_k(i), i in [start, start + count), each in numpy's pairwise order
 * (hht_sum.h: above PW_BLOCK terms, left half + right half, the split at
 * ⌊count/2⌋ rounded down to a multiple of 8), in one pass over the samples. The
 * recursion runs on an explicit stack so that all of it inlines into the
 * caller's build (a called template would not be compiled for AVX2).
 */
template <class V, int K, class T>
HHT_INLINE void pairwiseSums(T& terms, int32_t start, int32_t count, double* res) {
  struct Frame {
    int32_t start, count;
    bool right;
    double left[K];
  };
  Frame stack[32];  // depth ≤ log2(count / PW_BLOCK) + 1 < 32
  int32_t sp = 0;
  double cur[K];
  for (;;) {
    while (count > PW_BLOCK) {  // descend into left halves
      int32_t half = count / 2;
      half -= half % 8;
      stack[sp].start = start;
      stack[sp].count = count;
      stack[sp].right = false;
      sp++;
      count = half;
    }
    leafSums<V, K>(terms, start, count, cur);
    for (;;) {  // ascend: a finished left half starts its right half, a finished right half adds up
      if (sp == 0) {
        for (int k = 0; k < K; k++) res[k] = cur[k];
        return;
      }
      Frame& f = stack[sp - 1];
      if (!f.right) {
        int32_t half = f.count / 2;
        half -= half % 8;
        f.right = true;
        for (int k = 0; k < K; k++) f.left[k] = cur[k];
        start = f.start + half;
        count = f.count - half;
        break;
      }
      for (int k = 0; k < K; k++) cur[k] = f.left[k] + cur[k];
      sp--;
    }
  }
}

/** Σh², Σ(h−hOld)², Σh_old², and the largest / smallest hOld (NaN skipped, as `if (o > max) max = o`). */
template <class V>
struct SiftTerms {
  const double* h;
  const double* hOld;
  V hi, lo;
  double hiS, loS;
  HHT_INLINE void vec(int32_t i, V* out) {
    V a, o;
    loadV(a, h + i);
    loadV(o, hOld + i);
    const V d = a - o;
    out[0] = a * a;
    out[1] = d * d;
    out[2] = o * o;
    hi = o > hi ? o : hi;
    lo = o < lo ? o : lo;
  }
  HHT_INLINE void one(int32_t i, double* out) {
    const double a = h[i], o = hOld[i];
    const double d = a - o;
    out[0] = a * a;
    out[1] = d * d;
    out[2] = o * o;
    hiS = o > hiS ? o : hiS;
    loS = o < loS ? o : loS;
  }
};

/** ((h − hOld)/h)², the "std" test's terms. */
template <class V>
struct StdTerms {
  const double* h;
  const double* hOld;
  HHT_INLINE void vec(int32_t i, V* out) {
    V a, o;
    loadV(a, h + i);
    loadV(o, hOld + i);
    const V q = (a - o) / a;
    out[0] = q * q;
  }
  HHT_INLINE void one(int32_t i, double* out) {
    const double q = (h[i] - hOld[i]) / h[i];
    out[0] = q * q;
  }
};

/** |r|. */
template <class V>
struct AbsTerms {
  const double* r;
  HHT_INLINE void vec(int32_t i, V* out) {
    V v;
    loadV(v, r + i);
    out[0] = v < 0 ? -v : v;
  }
  HHT_INLINE void one(int32_t i, double* out) { out[0] = std::fabs(r[i]); }
};

/** hOld[i] for the first i with hOld[i] == value (value is one of them). */
double firstEqual(const double* hOld, int32_t n, double value) {
  for (int32_t i = 0; i < n; i++) {
    if (hOld[i] == value) return hOld[i];
  }
  return value;
}

template <class V>
HHT_INLINE bool imfSumsBody(const double* h, const double* hOld, int32_t n, const ImfThresholds& thr) {
  SiftTerms<V> st{h, hOld, {}, {}, hOld[0], hOld[0]};
  splat(st.hi, hOld[0]);
  splat(st.lo, hOld[0]);
  double sums[3];
  pairwiseSums<V, 3>(st, 0, n, sums);
  if (sums[0] < 1e-10) return false;
  double oldMax = st.hiS, oldMin = st.loS;
  for (size_t k = 0; k < sizeof(V) / sizeof(double); k++) {
    oldMax = st.hi[k] > oldMax ? st.hi[k] : oldMax;
    oldMin = st.lo[k] < oldMin ? st.lo[k] : oldMin;
  }
  // The reference's sequential scan keeps the first sample equal to the extreme;
  // lanes can only disagree with it on the sign of a zero, which decides the
  // sign of a zero range below, so a zero extreme is taken from that sample.
  if (oldMax == 0) oldMax = firstEqual(hOld, n, oldMax);
  if (oldMin == 0) oldMin = firstEqual(hOld, n, oldMin);
  const double diffSq = sums[1];
  if (diffSq / (oldMax - oldMin) < thr.svar) return true;
  StdTerms<V> qt{h, hOld};
  double stdSum;
  pairwiseSums<V, 1>(qt, 0, n, &stdSum);
  if (stdSum < thr.std) return true;
  return diffSq / sums[2] < thr.energyRatio;
}

/** sum = sumPrev + imf, r = x − sum; whether r ends the decomposition (range, then Σ|r|). */
template <class V>
HHT_INLINE bool residueBody(const double* HHT_RESTRICT x, const double* HHT_RESTRICT sumPrev,
                            const double* HHT_RESTRICT imf, double* HHT_RESTRICT sum, double* HHT_RESTRICT r,
                            int32_t n, double rangeThreshold, double totalPowerThreshold) {
  constexpr int32_t W = sizeof(V) / sizeof(double);
  V hi, lo;
  splat(hi, -std::numeric_limits<double>::infinity());
  splat(lo, std::numeric_limits<double>::infinity());
  int32_t i = 0;
  for (; i + W <= n; i += W) {
    V a, b, c;
    loadV(a, sumPrev + i);
    loadV(b, imf + i);
    loadV(c, x + i);
    const V s = a + b;
    const V v = c - s;
    __builtin_memcpy(sum + i, &s, sizeof s);
    __builtin_memcpy(r + i, &v, sizeof v);
    hi = v > hi ? v : hi;
    lo = v < lo ? v : lo;
  }
  double rMax = hi[0], rMin = lo[0];
  for (int32_t k = 1; k < W; k++) {
    rMax = hi[k] > rMax ? hi[k] : rMax;
    rMin = lo[k] < rMin ? lo[k] : rMin;
  }
  for (; i < n; i++) {
    const double s = sumPrev[i] + imf[i];
    const double v = x[i] - s;
    sum[i] = s;
    r[i] = v;
    rMax = v > rMax ? v : rMax;
    rMin = v < rMin ? v : rMin;
  }
  if (rMax - rMin < rangeThreshold) return true;
  AbsTerms<V> at{r};
  double total;
  pairwiseSums<V, 1>(at, 0, n, &total);
  return total < totalPowerThreshold;
}

typedef V2d GenericVector;
typedef V4d Avx2Vector;

bool imfSumsGeneric(const double* h, const double* hOld, int32_t n, const ImfThresholds& thr) {
  return imfSumsBody<GenericVector>(h, hOld, n, thr);
}

bool residueGeneric(const double* x, const double* sumPrev, const double* imf, double* sum, double* r, int32_t n,
                    double rangeThreshold, double totalPowerThreshold) {
  return residueBody<GenericVector>(x, sumPrev, imf, sum, r, n, rangeThreshold, totalPowerThreshold);
}

#if HHT_HAVE_AVX2_BUILD
HHT_TARGET_AVX2 bool imfSumsAvx2(const double* h, const double* hOld, int32_t n, const ImfThresholds& thr) {
  return imfSumsBody<Avx2Vector>(h, hOld, n, thr);
}

HHT_TARGET_AVX2 bool residueAvx2(const double* x, const double* sumPrev, const double* imf, double* sum, double* r,
                                 int32_t n, double rangeThreshold, double totalPowerThreshold) {
  return residueBody<Avx2Vector>(x, sumPrev, imf, sum, r, n, rangeThreshold, totalPowerThreshold);
}
#endif

#else  // no vector extensions: the plain sums of hht_sum.h

bool imfSumsGeneric(const double* h, const double* hOld, int32_t n, const ImfThresholds& thr) {
  if (pairwiseSum([h](int32_t i) { return h[i] * h[i]; }, 0, n) < 1e-10) return false;
  double oldMax = hOld[0], oldMin = hOld[0];
  for (int32_t i = 0; i < n; i++) {
    oldMax = hOld[i] > oldMax ? hOld[i] : oldMax;
    oldMin = hOld[i] < oldMin ? hOld[i] : oldMin;
  }
  const double diffSq = pairwiseSum(
      [h, hOld](int32_t i) {
        const double d = h[i] - hOld[i];
        return d * d;
      },
      0, n);
  if (diffSq / (oldMax - oldMin) < thr.svar) return true;
  const double stdSum = pairwiseSum(
      [h, hOld](int32_t i) {
        const double q = (h[i] - hOld[i]) / h[i];
        return q * q;
      },
      0, n);
  if (stdSum < thr.std) return true;
  return diffSq / pairwiseSum([hOld](int32_t i) { return hOld[i] * hOld[i]; }, 0, n) < thr.energyRatio;
}

bool residueGeneric(const double* x, const double* sumPrev, const double* imf, double* sum, double* r, int32_t n,
                    double rangeThreshold, double totalPowerThreshold) {
  double rMax = -std::numeric_limits<double>::infinity(), rMin = std::numeric_limits<double>::infinity();
  for (int32_t i = 0; i < n; i++) {
    sum[i] = sumPrev[i] + imf[i];
    r[i] = x[i] - sum[i];
    rMax = r[i] > rMax ? r[i] : rMax;
    rMin = r[i] < rMin ? r[i] : rMin;
  }
  if (rMax - rMin < rangeThreshold) return true;
  return pairwiseSum([r](int32_t i) { return std::fabs(r[i]); }, 0, n) < totalPowerThreshold;
}

#endif

}  // namespace

bool knotSignsOk(const Knots& knots) {
  // Early exits pay: while sifting, a wrong-signed knot usually comes early.
  for (int32_t j = 0; j < knots.nMax; j++) {
    if (knots.maxV[j] < 0) return false;
  }
  for (int32_t j = 0; j < knots.nMin; j++) {
    if (knots.minV[j] > 0) return false;
  }
  return true;
}

bool imfSumsOk(const double* h, const double* hOld, int32_t n, const ImfThresholds& thr, Isa isa) {
#if HHT_HAVE_AVX2_BUILD
  if (isa == Isa::Avx2) return imfSumsAvx2(h, hOld, n, thr);
#endif
  (void)isa;
  return imfSumsGeneric(h, hOld, n, thr);
}

bool addImfAndTestResidue(const double* x, const double* sumPrev, const double* imf, double* sum, double* r,
                          int32_t n, double rangeThreshold, double totalPowerThreshold, Isa isa) {
#if HHT_HAVE_AVX2_BUILD
  if (isa == Isa::Avx2) return residueAvx2(x, sumPrev, imf, sum, r, n, rangeThreshold, totalPowerThreshold);
#endif
  (void)isa;
  return residueGeneric(x, sumPrev, imf, sum, r, n, rangeThreshold, totalPowerThreshold);
}

}  // namespace hht
}  // namespace btc
