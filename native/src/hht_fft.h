// Complex FFT of any length n ≤ capacity for the Hilbert transform of a window
// of exactly n samples (no padding), the C++ port of src/hht/fft.ts:
//   n a power of 2: iterative radix-2, twiddles from cos/sin per index;
//   otherwise: Bluestein's chirp-z, a circular convolution of length
//     m = 2^⌈log2(2n−1)⌉ by the radix-2 FFT, the chirp angle π·(k² mod 2n)/n.
// Forward sign e^(−2πi·jk/n), inverse scaled by 1/n (numpy convention).
// Ownership: every table and work array is sized for `capacity` at construction;
// prepare(n) refills them when n changes (O(m log m)), transforms allocate nothing.
#pragma once

#include <cstdint>
#include <vector>

namespace btc {
namespace hht {

/** FFT tables and scratch for one length at a time, up to `capacity`. */
class FftPlan {
 public:
  explicit FftPlan(int32_t capacity);
  /** Makes the plan ready for length n (1 ≤ n ≤ capacity); cheap when n is unchanged. */
  void prepare(int32_t n);
  int32_t length() const { return n_; }
  /** In-place forward transform of re/im (length n). */
  void forward(double* re, double* im);
  /** In-place inverse transform of re/im (length n), scaled by 1/n. */
  void inverse(double* re, double* im);

 private:
  void transform(double* re, double* im, bool inverse);
  void radix2(double* re, double* im, bool inverse) const;
  void bluestein(double* re, double* im, bool inverse);

  int32_t n_ = 0;
  int32_t m_ = 0;  // radix-2 size: n itself, or Bluestein's convolution length
  bool pow2_ = true;
  std::vector<double> cos_, sin_;
  std::vector<uint32_t> bitrev_;
  // Bluestein only: chirp w_k = e^(−iπk²/n), FFT of the conjugate chirp filter, work arrays.
  std::vector<double> chirpRe_, chirpIm_, filterRe_, filterIm_, workRe_, workIm_;
};

}  // namespace hht
}  // namespace btc
