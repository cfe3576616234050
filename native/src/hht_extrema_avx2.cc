// AVX2 extrema scan: eight candidates per step, without a data-dependent branch.
// For candidate i, d[i−1] = s[i] − s[i−1] and d[i] = s[i+1] − s[i]; a maximum
// needs d[i−1]·d[i] < 0 with d[i−1] > 0, a minimum the product < 0 otherwise (the
// product, as in numpy: one that underflows to ±0 is no extremum). The two 8-bit
// hit masks select, through a table of vpermd controls, which of the indices
// i..i+7 to pack to the front; each list gets one unaligned 32-byte store (up to
// 7 entries past its count are scribbled over: the index arrays hold n + 8) and
// its count advances by the mask's popcount. Any exact zero difference hands the
// signal to the plateau-aware scan (finishScan).
#include "hht_extrema_avx2.h"

#if HHT_HAVE_AVX2_BUILD
#include <immintrin.h>

namespace btc {
namespace hht {
namespace {

/** For each 8-bit mask: the positions of its set bits, in order (vpermd controls), and how many. */
struct PackTable {
  alignas(32) int32_t control[256][8];
  int32_t count[256];
  constexpr PackTable() : control(), count() {
    for (int32_t m = 0; m < 256; m++) {
      int32_t k = 0;
      for (int32_t lane = 0; lane < 8; lane++) {
        if ((m >> lane) & 1) control[m][k++] = lane;
      }
      count[m] = k;
    }
  }
};
constexpr PackTable kPack{};

/** Bits of the maxima (low nibble of *maxBits) and minima of four candidates starting at s + i. */
HHT_TARGET_AVX2 inline void hits4(const double* s, int32_t i, int32_t* maxBits, int32_t* minBits, __m256d* zeroSeen) {
  const __m256d zero = _mm256_setzero_pd();
  const __m256d a = _mm256_loadu_pd(s + i - 1), b = _mm256_loadu_pd(s + i), c = _mm256_loadu_pd(s + i + 1);
  const __m256d dPrev = _mm256_sub_pd(b, a), d = _mm256_sub_pd(c, b);
  // Ordered, quiet predicates: NaN compares false, exactly like C++ < > ==.
  const __m256d hit = _mm256_cmp_pd(_mm256_mul_pd(dPrev, d), zero, _CMP_LT_OQ);
  const __m256d rising = _mm256_cmp_pd(dPrev, zero, _CMP_GT_OQ);
  *zeroSeen = _mm256_or_pd(*zeroSeen, _mm256_cmp_pd(d, zero, _CMP_EQ_OQ));
  *maxBits = _mm256_movemask_pd(_mm256_and_pd(hit, rising));
  *minBits = _mm256_movemask_pd(_mm256_andnot_pd(rising, hit));
}

}  // namespace

HHT_TARGET_AVX2 void findExtremaAvx2(const double* s, int32_t n, Extrema* ext) {
  int32_t nMax = 0, nMin = 0;
  const bool zeroFirst = n >= 2 && s[1] - s[0] == 0;  // d[0] is no candidate's d[i]
  __m256d zeroSeen = _mm256_setzero_pd();
  __m256i idx = _mm256_setr_epi32(1, 2, 3, 4, 5, 6, 7, 8);
  const __m256i eight = _mm256_set1_epi32(8);
  int32_t i = 1;
  for (; i + 8 <= n - 1; i += 8) {
    int32_t max0, min0, max1, min1;
    hits4(s, i, &max0, &min0, &zeroSeen);
    hits4(s, i + 4, &max1, &min1, &zeroSeen);
    const int32_t maxBits = max0 | (max1 << 4), minBits = min0 | (min1 << 4);
    const __m256i maxCtl = _mm256_load_si256(reinterpret_cast<const __m256i*>(kPack.control[maxBits]));
    const __m256i minCtl = _mm256_load_si256(reinterpret_cast<const __m256i*>(kPack.control[minBits]));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(ext->maxIdx + nMax), _mm256_permutevar8x32_epi32(idx, maxCtl));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(ext->minIdx + nMin), _mm256_permutevar8x32_epi32(idx, minCtl));
    nMax += kPack.count[maxBits];
    nMin += kPack.count[minBits];
    idx = _mm256_add_epi32(idx, eight);
  }
  finishScan(s, n, i, ext, nMax, nMin, zeroFirst || _mm256_movemask_pd(zeroSeen) != 0);
}

}  // namespace hht
}  // namespace btc
#endif
