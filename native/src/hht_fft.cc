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

}  // namespace

FftPlan::FftPlan(int32_t capacity) {
  const int32_t cap = std::max(capacity, 1);
  const size_t mMax = static_cast<size_t>(nextPow2(2 * static_cast<int64_t>(cap) - 1));
  cos_.resize(mMax / 2 + 1);
  sin_.resize(mMax / 2 + 1);
  bitrev_.resize(mMax);
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
  int32_t bits = 0;
  while ((1 << bits) < m) bits++;
  for (int32_t i = 0; i < m; i++) {
    uint32_t r = 0;
    for (int32_t b = 0; b < bits; b++) r |= static_cast<uint32_t>((i >> b) & 1) << (bits - 1 - b);
    bitrev_[i] = r;
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

/** Unscaled radix-2 decimation-in-time transform of length m, in place. */
void FftPlan::radix2(double* re, double* im, bool inverse) const {
  const int32_t m = m_;
  for (int32_t i = 0; i < m; i++) {
    const int32_t j = static_cast<int32_t>(bitrev_[i]);
    if (j > i) {
      std::swap(re[i], re[j]);
      std::swap(im[i], im[j]);
    }
  }
  const double sign = inverse ? 1 : -1;
  for (int32_t size = 2; size <= m; size *= 2) {
    const int32_t half = size >> 1, step = m / size;
    for (int32_t start = 0; start < m; start += size) {
      for (int32_t k = 0; k < half; k++) {
        const double wr = cos_[k * step], wi = sign * sin_[k * step];
        const int32_t a = start + k, b = a + half;
        const double xr = re[b] * wr - im[b] * wi;
        const double xi = re[b] * wi + im[b] * wr;
        re[b] = re[a] - xr;
        im[b] = im[a] - xi;
        re[a] = re[a] + xr;
        im[a] = im[a] + xi;
      }
    }
  }
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
