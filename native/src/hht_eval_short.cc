// Short-piece envelope evaluation, AVX2 build only; see hht_eval_short.h.
//
// Interior piece j starts at its knot, a_j = t_j, so its first four samples sit
// at u = 0, 1, 2, 3 whatever j is. Four pieces are therefore evaluated together,
// lanes = pieces, one vector per u; a 4×4 transpose turns that into four rows
// (lanes = u) stored at a_j, a_j+1, … in piece order:
//
//   pass 0: the first piece (it may start left of sample 0), forward blocks of 4;
//   pass 1: every other piece, four samples at its start, four pieces per step,
//           stored in order so a piece shorter than 4 is overwritten by the next;
//           pieces longer than 4 are listed (branch-free);
//   pass 2: each listed piece gets the rest in blocks of 4 that end at its end and
//           step back, so nothing is written outside the piece.
// The last piece runs to n (it may include its right knot), so it is done on its
// own in pass 1's tail. Values are the reference's ((c3·u + c2)·u + c1)·u + c0.
#include "hht_eval_short.h"

#if HHT_HAVE_AVX2_BUILD
#include <immintrin.h>

namespace btc {
namespace hht {
namespace {

/** One row of four samples at x of the piece with left knot t0; folds in the sift when Sift. */
template <bool Sift>
HHT_TARGET_AVX2 inline void storeRow(__m256d row, int32_t x, const EvalTarget& g) {
  if (Sift) {
    const __m256d ho = _mm256_loadu_pd(g.hOld + x), ot = _mm256_loadu_pd(g.other + x);
    row = _mm256_sub_pd(ho, _mm256_mul_pd(_mm256_set1_pd(0.5), _mm256_add_pd(ot, row)));
  }
  _mm256_storeu_pd(g.out + x, row);
}

/** Samples x..x+3 of one piece (u = x − t0 + k). */
template <bool Sift>
HHT_TARGET_AVX2 inline void block(int32_t x, double t0, double k0, double k1, double k2, double k3,
                                  const EvalTarget& g) {
  const __m256d u = _mm256_add_pd(_mm256_set1_pd(static_cast<double>(x) - t0), _mm256_setr_pd(0, 1, 2, 3));
  __m256d r = _mm256_add_pd(_mm256_mul_pd(_mm256_set1_pd(k3), u), _mm256_set1_pd(k2));
  r = _mm256_add_pd(_mm256_mul_pd(r, u), _mm256_set1_pd(k1));
  r = _mm256_add_pd(_mm256_mul_pd(r, u), _mm256_set1_pd(k0));
  storeRow<Sift>(r, x, g);
}

/** One u for four pieces: ((K3·u + K2)·u + K1)·u + K0, u a small whole number. */
HHT_TARGET_AVX2 inline __m256d atU(__m256d k0, __m256d k1, __m256d k2, __m256d k3, double u) {
  const __m256d uu = _mm256_set1_pd(u);
  __m256d r = _mm256_add_pd(_mm256_mul_pd(k3, uu), k2);
  r = _mm256_add_pd(_mm256_mul_pd(r, uu), k1);
  return _mm256_add_pd(_mm256_mul_pd(r, uu), k0);
}

template <bool Sift>
HHT_TARGET_AVX2 void run(const double* t, const double* v, const double* s, const double* c2, const double* c3,
                         int32_t first, int32_t last, int32_t n, const EvalTarget& g, int32_t* longPieces) {
  // Pass 0: the first piece, from sample 0 to its end.
  {
    const int32_t end = first == last ? n : static_cast<int32_t>(t[first + 1]);
    for (int32_t x = 0; x < end; x += 4) block<Sift>(x, t[first], v[first], s[first], c2[first], c3[first], g);
  }
  if (first == last) return;
  // Pass 1: pieces first+1 .. last−1 in groups of four, then the rest one by one.
  int32_t nLong = 0;
  int32_t j = first + 1;
  for (; j + 4 <= last; j += 4) {
    const __m256d k0 = _mm256_loadu_pd(v + j), k1 = _mm256_loadu_pd(s + j);
    const __m256d k2 = _mm256_loadu_pd(c2 + j), k3 = _mm256_loadu_pd(c3 + j);
    const __m256d r0 = atU(k0, k1, k2, k3, 0), r1 = atU(k0, k1, k2, k3, 1);
    const __m256d r2 = atU(k0, k1, k2, k3, 2), r3 = atU(k0, k1, k2, k3, 3);
    // Transpose: row p = piece j+p at u = 0..3.
    const __m256d a01 = _mm256_unpacklo_pd(r0, r1), b01 = _mm256_unpackhi_pd(r0, r1);
    const __m256d a23 = _mm256_unpacklo_pd(r2, r3), b23 = _mm256_unpackhi_pd(r2, r3);
    const __m256d row0 = _mm256_permute2f128_pd(a01, a23, 0x20), row1 = _mm256_permute2f128_pd(b01, b23, 0x20);
    const __m256d row2 = _mm256_permute2f128_pd(a01, a23, 0x31), row3 = _mm256_permute2f128_pd(b01, b23, 0x31);
    const __m256d lo = _mm256_loadu_pd(t + j), hi = _mm256_loadu_pd(t + j + 1);
    alignas(16) int32_t start[4];
    _mm_store_si128(reinterpret_cast<__m128i*>(start), _mm256_cvttpd_epi32(lo));
    storeRow<Sift>(row0, start[0], g);
    storeRow<Sift>(row1, start[1], g);
    storeRow<Sift>(row2, start[2], g);
    storeRow<Sift>(row3, start[3], g);
    const int32_t longBits = _mm256_movemask_pd(_mm256_cmp_pd(_mm256_sub_pd(hi, lo), _mm256_set1_pd(4), _CMP_GT_OQ));
    for (int32_t p = 0; p < 4; p++) {
      longPieces[nLong] = j + p;
      nLong += (longBits >> p) & 1;
    }
  }
  for (; j <= last; j++) {
    const int32_t start = static_cast<int32_t>(t[j]);
    const int32_t end = j == last ? n : static_cast<int32_t>(t[j + 1]);
    block<Sift>(start, t[j], v[j], s[j], c2[j], c3[j], g);
    longPieces[nLong] = j;
    nLong += end - start > 4;
  }
  // Pass 2: the rest of each long piece, backwards from its end.
  for (int32_t q = 0; q < nLong; q++) {
    const int32_t p = longPieces[q];
    const int32_t start = static_cast<int32_t>(t[p]);
    const int32_t end = p == last ? n : static_cast<int32_t>(t[p + 1]);
    for (int32_t x = end - 4; x > start; x -= 4) block<Sift>(x, t[p], v[p], s[p], c2[p], c3[p], g);
  }
}

}  // namespace

void evaluateShortAvx2(const double* t, const double* v, const double* s, const double* c2, const double* c3,
                       int32_t first, int32_t last, int32_t n, const EvalTarget& g, int32_t* longPieces) {
  if (g.hOld != nullptr) {
    run<true>(t, v, s, c2, c3, first, last, n, g, longPieces);
  } else {
    run<false>(t, v, s, c2, c3, first, last, n, g, longPieces);
  }
}

}  // namespace hht
}  // namespace btc
#endif
