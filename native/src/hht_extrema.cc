// PyEMD "simple" extrema and zero crossings; see hht_extrema.h and the header of
// src/hht/extrema.ts for the rules. d[i] = s[i+1] − s[i]; a strict extremum at i
// needs the product d[i−1]·d[i] < 0 (a product that underflows to ±0 is none, as
// in numpy), so the tests below multiply instead of comparing signs.
//
// The fast scans have no data-dependent branch per sample: vector compares give
// bit masks of the maxima and minima, which the SSE2 build lists bit by bit per
// block of 64 candidates and the AVX2 build (hht_extrema_avx2.cc) left-packs
// eight at a time.
// Any exact zero difference (a plateau; common in tick-rounded input) sends the
// signal to the exact scan, which follows the TS reference line by line.
#include "hht_extrema.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include "hht_extrema_avx2.h"

namespace btc {
namespace hht {
namespace {

#if defined(__SSE2__)
/** Appends base + (index of each set bit of mask), ascending, to idx[count..]; returns the new count. */
HHT_INLINE int32_t appendBits(uint64_t mask, int32_t base, int32_t* idx, int32_t count) {
  while (mask != 0) {
    idx[count++] = base + __builtin_ctzll(mask);
    mask &= mask - 1;
  }
  return count;
}
#endif

void findExtremaGeneric(const double* s, int32_t n, Extrema* ext) {
  int32_t nMax = 0, nMin = 0;
  bool sawZero = n >= 2 && s[1] - s[0] == 0;
  int32_t i = 1;  // candidate extremum i uses d[i−1] and d[i]
#if defined(__SSE2__)
  const __m128d zero = _mm_setzero_pd();
  __m128d zeroSeen = _mm_setzero_pd();
  for (; i + 64 <= n - 1; i += 64) {
    uint64_t maxMask = 0, minMask = 0;
    for (int32_t j = 0; j < 64; j += 2) {
      const __m128d a = _mm_loadu_pd(s + i + j - 1), b = _mm_loadu_pd(s + i + j), c = _mm_loadu_pd(s + i + j + 1);
      const __m128d dPrev = _mm_sub_pd(b, a), d = _mm_sub_pd(c, b);
      const __m128d hit = _mm_cmplt_pd(_mm_mul_pd(dPrev, d), zero);
      const __m128d rising = _mm_cmpgt_pd(dPrev, zero);
      zeroSeen = _mm_or_pd(zeroSeen, _mm_cmpeq_pd(d, zero));
      maxMask |= static_cast<uint64_t>(_mm_movemask_pd(_mm_and_pd(hit, rising))) << j;
      minMask |= static_cast<uint64_t>(_mm_movemask_pd(_mm_andnot_pd(rising, hit))) << j;
    }
    nMax = appendBits(maxMask, i, ext->maxIdx, nMax);
    nMin = appendBits(minMask, i, ext->minIdx, nMin);
  }
  sawZero |= _mm_movemask_pd(zeroSeen) != 0;
#endif
  finishScan(s, n, i, ext, nMax, nMin, sawZero);
}

/** Products s[i]·s[i+1] < 0, plus s[i+1] = 0 after a nonzero (a zero run starts), plus s[0] = 0. */
HHT_INLINE int32_t zeroCrossingsBody(const double* HHT_RESTRICT s, int32_t n) {
  int64_t count = n > 0 && s[0] == 0;
  for (int32_t i = 0; i + 1 < n; i++) {
    count += static_cast<int64_t>(s[i] * s[i + 1] < 0);
    count += static_cast<int64_t>((s[i + 1] == 0) & (s[i] != 0));
  }
  return static_cast<int32_t>(count);
}

int32_t zeroCrossingsGeneric(const double* s, int32_t n) { return zeroCrossingsBody(s, n); }

#if HHT_HAVE_AVX2_BUILD
HHT_TARGET_AVX2 int32_t zeroCrossingsAvx2(const double* s, int32_t n) { return zeroCrossingsBody(s, n); }
#endif

}  // namespace

void finishScan(const double* s, int32_t n, int32_t i, Extrema* ext, int32_t nMax, int32_t nMin, bool sawZero) {
  // Candidates i..n−2 one at a time, branch-free: both arrays take i and only the
  // count of the kind that hit advances.
  for (; i < n - 1; i++) {
    const double dPrev = s[i] - s[i - 1], d = s[i + 1] - s[i];
    sawZero |= d == 0;
    const bool hit = dPrev * d < 0;
    const bool rising = dPrev > 0;
    ext->maxIdx[nMax] = i;
    ext->minIdx[nMin] = i;
    nMax += static_cast<int32_t>(hit & rising);
    nMin += static_cast<int32_t>(hit & !rising);
  }
  if (sawZero) {
    findExtremaExact(s, n, ext);
    return;
  }
  ext->nMax = nMax;
  ext->nMin = nMin;
}

void findExtrema(const double* s, int32_t n, Extrema* ext, Isa isa) {
#if HHT_HAVE_AVX2_BUILD
  if (isa == Isa::Avx2) {
    findExtremaAvx2(s, n, ext);
    return;
  }
#endif
  (void)isa;
  findExtremaGeneric(s, n, ext);
}

int32_t countZeroCrossings(const double* s, int32_t n, Isa isa) {
#if HHT_HAVE_AVX2_BUILD
  if (isa == Isa::Avx2) return zeroCrossingsAvx2(s, n);
#endif
  (void)isa;
  return zeroCrossingsGeneric(s, n);
}

void findExtremaExact(const double* s, int32_t n, Extrema* ext) {
  int32_t* maxIdx = ext->maxIdx;
  int32_t* minIdx = ext->minIdx;
  int32_t nMax = 0, nMin = 0;
  // d[−1] in numpy is the last difference; only a run starting at a = 0 reads it.
  const double dWrap = n >= 2 ? s[n - 1] - s[n - 2] : 0;
  int32_t runStart = -1;
  double dPrev = 0;
  for (int32_t i = 0; i < n - 1; i++) {
    const double d = s[i + 1] - s[i];
    if (d == 0) {
      if (runStart < 0) runStart = i;
      dPrev = d;
      continue;
    }
    if (runStart >= 0) {
      // The run d[a..b−1] ended at b = i; its extremum lies in [a, b], before any
      // strict extremum found from here on, so the output stays sorted.
      const int32_t a = runStart;
      runStart = -1;
      if (a != 1) {  // PyEMD tests debs[0] == 1 where it meant the first sample
        const double before = a == 0 ? dWrap : s[a] - s[a - 1];
        const int32_t at = roundHalfEvenHalf(a + i);
        if (before > 0) {
          if (d < 0) maxIdx[nMax++] = at;
        } else if (d > 0) {
          minIdx[nMin++] = at;
        }
      }
    } else if (i >= 1 && dPrev * d < 0) {
      if (dPrev > 0) {
        maxIdx[nMax++] = i;
      } else {
        minIdx[nMin++] = i;
      }
    }
    dPrev = d;
  }
  // A run still open here ends at b = n − 1 and is dropped.
  ext->nMax = nMax;
  ext->nMin = nMin;
}

}  // namespace hht
}  // namespace btc
