// FFT for the Hilbert transform; see hht_fft.h. Same operations as
// src/hht/fft.ts; only the libm cos/sin (here glibc's, there V8's) may differ in
// the last bit, far inside the Hilbert tier's 1e−9.
#include "hht_fft.h"

#include <algorithm>
#include <cmath>

namespace btc {
namespace hht {
namespace {

constexpr double kPi = 3.141592653589793;

int32_t nextPow2(int64_t v) {
  int64_t m = 1;
  while (m < v) m *= 2;
  return static_cast<int32_t>(m);
}

/** The butterflies of one stage (half-size `half`, twiddles wr/wi[0..half−1]), one at a time. */
HHT_INLINE void stageScalar(double* HHT_RESTRICT re, double* HHT_RESTRICT im, int32_t m, int32_t half,
                            const double* wr, const double* wi) {
  for (int32_t start = 0; start < m; start += 2 * half) {
    for (int32_t k = 0; k < half; k++) {
      const int32_t a = start + k, b = a + half;
      const double xr = re[b] * wr[k] - im[b] * wi[k];
      const double xi = re[b] * wi[k] + im[b] * wr[k];
      re[b] = re[a] - xr;
      im[b] = im[a] - xi;
      re[a] = re[a] + xr;
      im[a] = im[a] + xi;
    }
  }
}

#if HHT_VECTOR_EXTENSIONS
/** A stage, sizeof(V)/8 butterflies at a time (half must be a multiple of that). */
template <typename V>
HHT_INLINE void stageVector(double* HHT_RESTRICT re, double* HHT_RESTRICT im, int32_t m, int32_t half,
                            const double* wr, const double* wi) {
  constexpr int32_t W = sizeof(V) / sizeof(double);
  for (int32_t start = 0; start < m; start += 2 * half) {
    double* ra = re + start;
    double* ia = im + start;
    double* rb = ra + half;
    double* ib = ia + half;
    for (int32_t k = 0; k < half; k += W) {
      // Unaligned loads and stores through memcpy (no V crosses a call: no ABI question).
      V tr, ti, br, bi, ar, ai;
      __builtin_memcpy(&tr, wr + k, sizeof(V));
      __builtin_memcpy(&ti, wi + k, sizeof(V));
      __builtin_memcpy(&br, rb + k, sizeof(V));
      __builtin_memcpy(&bi, ib + k, sizeof(V));
      __builtin_memcpy(&ar, ra + k, sizeof(V));
      __builtin_memcpy(&ai, ia + k, sizeof(V));
      const V xr = br * tr - bi * ti;
      const V xi = br * ti + bi * tr;
      const V rbOut = ar - xr, ibOut = ai - xi, raOut = ar + xr, iaOut = ai + xi;
      __builtin_memcpy(rb + k, &rbOut, sizeof(V));
      __builtin_memcpy(ib + k, &ibOut, sizeof(V));
      __builtin_memcpy(ra + k, &raOut, sizeof(V));
      __builtin_memcpy(ia + k, &iaOut, sizeof(V));
    }
  }
}
#endif

/** Every stage of a length-m transform (bit reversal done); stage h's twiddles at [h − 1, 2h − 1). */
void stagesGeneric(double* re, double* im, int32_t m, const double* wr, const double* wi) {
  for (int32_t half = 1; half < m; half *= 2) {
#if HHT_VECTOR_EXTENSIONS
    if (half >= 2) {
      stageVector<V2d>(re, im, m, half, wr + half - 1, wi + half - 1);
      continue;
    }
#endif
    stageScalar(re, im, m, half, wr + half - 1, wi + half - 1);
  }
}

#if HHT_HAVE_AVX2_BUILD
HHT_TARGET_AVX2 void stagesAvx2(double* re, double* im, int32_t m, const double* wr, const double* wi) {
  for (int32_t half = 1; half < m; half *= 2) {
    if (half >= 4) {
      stageVector<V4d>(re, im, m, half, wr + half - 1, wi + half - 1);
    } else if (half == 2) {
      stageVector<V2d>(re, im, m, half, wr + half - 1, wi + half - 1);
    } else {
      stageScalar(re, im, m, half, wr + half - 1, wi + half - 1);
    }
  }
}
#endif

}  // namespace

FftPlan::FftPlan(int32_t capacity, Isa isa) : isa_(isa) {
  const int32_t cap = std::max(capacity, 1);
  const size_t mMax = static_cast<size_t>(nextPow2(2 * static_cast<int64_t>(cap) - 1));
  cos_.resize(mMax / 2 + 1);
  sin_.resize(mMax / 2 + 1);
  stageCos_.resize(mMax);
  stageSinFwd_.resize(mMax);
  stageSinInv_.resize(mMax);
  swaps_.resize(mMax);
  chirpRe_.resize(static_cast<size_t>(cap));
  chirpIm_.resize(static_cast<size_t>(cap));
  filterRe_.resize(mMax);
  filterIm_.resize(mMax);
  workRe_.resize(mMax);
  workIm_.resize(mMax);
}

void FftPlan::prepare(int32_t n) {
  if (n == n_) return;
  n_ = n;
  pow2_ = (n & (n - 1)) == 0;
  const int32_t m = pow2_ ? n : nextPow2(2 * static_cast<int64_t>(n) - 1);
  m_ = m;
  for (int32_t j = 0; j < m / 2; j++) {
    const double angle = (2 * kPi * j) / m;
    cos_[j] = std::cos(angle);
    sin_[j] = std::sin(angle);
  }
  // Stage h (half-size h, size 2h) reads entry k·(m / 2h) of the tables, times the sign.
  const double forwardSign = -1, inverseSign = 1;
  for (int32_t half = 1; half < m; half *= 2) {
    const int32_t step = m / (2 * half);
    for (int32_t k = 0; k < half; k++) {
      stageCos_[half - 1 + k] = cos_[k * step];
      stageSinFwd_[half - 1 + k] = forwardSign * sin_[k * step];
      stageSinInv_[half - 1 + k] = inverseSign * sin_[k * step];
    }
  }
  int32_t bits = 0;
  while ((1 << bits) < m) bits++;
  swapCount_ = 0;
  for (int32_t i = 0; i < m; i++) {
    uint32_t r = 0;
    for (int32_t b = 0; b < bits; b++) r |= static_cast<uint32_t>((i >> b) & 1) << (bits - 1 - b);
    if (r > static_cast<uint32_t>(i)) {
      swaps_[2 * swapCount_] = static_cast<uint32_t>(i);
      swaps_[2 * swapCount_ + 1] = r;
      swapCount_++;
    }
  }
  if (pow2_) return;
  for (int32_t k = 0; k < n; k++) {
    const int64_t k2 = static_cast<int64_t>(k) * k % (2 * static_cast<int64_t>(n));
    const double angle = (kPi * static_cast<double>(k2)) / n;
    chirpRe_[k] = std::cos(angle);
    chirpIm_[k] = -std::sin(angle);
  }
  // Filter b_k = conj(w_k) at k and m − k, so the circular convolution is the chirp-z sum.
  std::fill(filterRe_.begin(), filterRe_.begin() + m, 0.0);
  std::fill(filterIm_.begin(), filterIm_.begin() + m, 0.0);
  filterRe_[0] = chirpRe_[0];
  filterIm_[0] = -chirpIm_[0];
  for (int32_t k = 1; k < n; k++) {
    filterRe_[k] = filterRe_[m - k] = chirpRe_[k];
    filterIm_[k] = filterIm_[m - k] = -chirpIm_[k];
  }
  radix2(filterRe_.data(), filterIm_.data(), false);
}

void FftPlan::forward(double* re, double* im) { transform(re, im, false); }

void FftPlan::inverse(double* re, double* im) {
  transform(re, im, true);
  const double scale = 1.0 / n_;
  for (int32_t i = 0; i < n_; i++) {
    re[i] = re[i] * scale;
    im[i] = im[i] * scale;
  }
}

void FftPlan::transform(double* re, double* im, bool inverse) {
  if (pow2_) {
    radix2(re, im, inverse);
  } else {
    bluestein(re, im, inverse);
  }
}

/**
 * Unscaled radix-2 decimation-in-time transform of length m, in place. Each
 * butterfly is the reference's: x = b·w (xr = br·wr − bi·wi, xi = br·wi + bi·wr),
 * then b = a − x, a = a + x.
 */
void FftPlan::radix2(double* re, double* im, bool inverse) const {
  const int32_t m = m_;
  const uint32_t* sw = swaps_.data();
  for (int32_t s = 0; s < swapCount_; s++) {
    const uint32_t i = sw[2 * s], j = sw[2 * s + 1];
    std::swap(re[i], re[j]);
    std::swap(im[i], im[j]);
  }
  const double* wr = stageCos_.data();
  const double* wi = inverse ? stageSinInv_.data() : stageSinFwd_.data();
#if HHT_HAVE_AVX2_BUILD
  if (isa_ == Isa::Avx2) {
    stagesAvx2(re, im, m, wr, wi);
    return;
  }
#endif
  stagesGeneric(re, im, m, wr, wi);
}

/** Unscaled length-n transform by chirp-z; the inverse runs it on conjugates. */
void FftPlan::bluestein(double* re, double* im, bool inverse) {
  const int32_t n = n_, m = m_;
  double* wr = workRe_.data();
  double* wi = workIm_.data();
  const double* cr = chirpRe_.data();
  const double* ci = chirpIm_.data();
  const double conj = inverse ? -1 : 1;
  for (int32_t k = 0; k < n; k++) {
    const double xr = re[k], xi = conj * im[k];
    wr[k] = xr * cr[k] - xi * ci[k];
    wi[k] = xr * ci[k] + xi * cr[k];
  }
  std::fill(wr + n, wr + m, 0.0);
  std::fill(wi + n, wi + m, 0.0);
  radix2(wr, wi, false);
  for (int32_t k = 0; k < m; k++) {
    const double ar = wr[k], ai = wi[k], br = filterRe_[k], bi = filterIm_[k];
    wr[k] = ar * br - ai * bi;
    wi[k] = ar * bi + ai * br;
  }
  radix2(wr, wi, true);
  const double inv = 1.0 / m;
  for (int32_t k = 0; k < n; k++) {
    const double ar = wr[k] * inv, ai = wi[k] * inv;
    re[k] = ar * cr[k] - ai * ci[k];
    im[k] = conj * (ar * ci[k] + ai * cr[k]);
  }
}

}  // namespace hht
}  // namespace btc
