// Histogram kernel, native: plain and 4-slot unrolled loops (hist_kernel.h).
#include "hist_kernel.h"

#include <cstddef>
#include <cstring>

#if defined(__SSE2__) || defined(_M_X64)
#include <emmintrin.h>
#define BTC_HIST_SSE2 1
#endif

namespace btc {
namespace hist {

namespace {

/** One slot: the reference's inner loop. */
inline void BuildOne(const uint8_t* col, const uint32_t* rows, const double* g, uint32_t rowCount, double* h) {
  for (uint32_t k = 0; k < rowCount; k++) {
    double* slot = h + (static_cast<uint32_t>(col[rows[k]]) << 1);
    slot[0] += g[k];
    slot[1] += 1.0;
  }
}

/**
 * Four slots in one pass over the rows; each slot's bins still see their rows in
 * order. With SSE2 a bin's (Σ grad, count) pair is one __m128d and one addpd adds
 * (g, 1): two IEEE adds, lane by lane, the same bits as the scalar pair.
 */
inline void BuildFour(const uint8_t* c0, const uint8_t* c1, const uint8_t* c2, const uint8_t* c3, const uint32_t* rows,
                      const double* g, uint32_t rowCount, double* h0, double* h1, double* h2, double* h3) {
#ifdef BTC_HIST_SSE2
  for (uint32_t k = 0; k < rowCount; k++) {
    const uint32_t r = rows[k];
    const __m128d gv = _mm_set_pd(1.0, g[k]);  // lane 0 = g, lane 1 = 1
    double* s0 = h0 + (static_cast<uint32_t>(c0[r]) << 1);
    double* s1 = h1 + (static_cast<uint32_t>(c1[r]) << 1);
    double* s2 = h2 + (static_cast<uint32_t>(c2[r]) << 1);
    double* s3 = h3 + (static_cast<uint32_t>(c3[r]) << 1);
    _mm_storeu_pd(s0, _mm_add_pd(_mm_loadu_pd(s0), gv));
    _mm_storeu_pd(s1, _mm_add_pd(_mm_loadu_pd(s1), gv));
    _mm_storeu_pd(s2, _mm_add_pd(_mm_loadu_pd(s2), gv));
    _mm_storeu_pd(s3, _mm_add_pd(_mm_loadu_pd(s3), gv));
  }
#else
  for (uint32_t k = 0; k < rowCount; k++) {
    const uint32_t r = rows[k];
    const double gk = g[k];
    double* s0 = h0 + (static_cast<uint32_t>(c0[r]) << 1);
    double* s1 = h1 + (static_cast<uint32_t>(c1[r]) << 1);
    double* s2 = h2 + (static_cast<uint32_t>(c2[r]) << 1);
    double* s3 = h3 + (static_cast<uint32_t>(c3[r]) << 1);
    s0[0] += gk; s0[1] += 1.0;
    s1[0] += gk; s1[1] += 1.0;
    s2[0] += gk; s2[1] += 1.0;
    s3[0] += gk; s3[1] += 1.0;
  }
#endif
}

}  // namespace

int32_t BuildHistograms(const uint8_t* bins, uint32_t nRows, uint32_t nFeatures, const uint32_t* rows, uint32_t rowCount,
                        const double* grad, const int32_t* feats, uint32_t featCount, double* gathered, double* out,
                        Variant variant) {
  for (uint32_t s = 0; s < featCount; s++) {
    if (feats[s] < 0 || static_cast<uint32_t>(feats[s]) >= nFeatures) return HIST_E_FEATURE;
  }
  for (uint32_t k = 0; k < rowCount; k++) {
    const uint32_t r = rows[k];
    if (r >= nRows) return HIST_E_ROW;
    gathered[k] = grad[r];
  }
  // memset to all-zero bytes is +0.0, as the reference's fill(0).
  if (featCount == 0) return HIST_OK;  // out may be empty (null): memset(nullptr, 0, 0) is UB
  std::memset(out, 0, sizeof(double) * HIST_STRIDE * static_cast<size_t>(featCount));
  const auto col = [&](uint32_t s) { return bins + static_cast<size_t>(feats[s]) * nRows; };
  uint32_t s = 0;
  if (variant == Variant::kUnrolled) {
    for (; s + 4 <= featCount; s += 4) {
      double* h = out + static_cast<size_t>(s) * HIST_STRIDE;
      BuildFour(col(s), col(s + 1), col(s + 2), col(s + 3), rows, gathered, rowCount, h, h + HIST_STRIDE,
                h + 2 * HIST_STRIDE, h + 3 * HIST_STRIDE);
    }
  }
  for (; s < featCount; s++) BuildOne(col(s), rows, gathered, rowCount, out + static_cast<size_t>(s) * HIST_STRIDE);
  return HIST_OK;
}

void SubtractHistograms(const double* parent, const double* child, uint32_t featCount, double* out) {
  const size_t m = static_cast<size_t>(featCount) * HIST_STRIDE;
  for (size_t i = 0; i < m; i++) out[i] = parent[i] - child[i];
}

}  // namespace hist
}  // namespace btc
