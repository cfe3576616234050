// Complex FFT of any length n ≤ capacity for the Hilbert transform of a window
// of exactly n samples (no padding), the C++ port of src/hht/fft.ts:
//   n a power of 2: iterative radix-2, twiddles from cos/sin per index;
//   otherwise: Bluestein's chirp-z, a circular convolution of length
//     m = 2^⌈log2(2n−1)⌉ by the radix-2 FFT, the chirp angle π·(k² mod 2n)/n.
// Forward sign e^(−2πi·jk/n), inverse scaled by 1/n (numpy convention).
// Speed without changing a bit: prepare(n) lays the twiddles of each stage out
// contiguously (the same values the reference reads at stride m/size, and the
// forward ones pre-multiplied by −1 exactly as the butterfly did) and lists the
// bit-reversal swaps, so the butterflies of a stage run 4 (AVX2) or 2 (generic)
// at a time with the reference's IEEE operations in its order (no FMA: the addon
// is built with -ffp-contract=off), i.e. the same values lane for lane.
// Ownership: every table and work array is sized for `capacity` at construction;
// prepare(n) refills them when n changes (O(m log m)), transforms allocate nothing.
#pragma once

#include <cstdint>
#include <vector>

#include "hht_simd.h"

namespace btc {
namespace hht {

/** FFT tables and scratch for one length at a time, up to `capacity`. */
class FftPlan {
 public:
  /** isa picks the build of the butterflies; every choice gives the same bits. */
  explicit FftPlan(int32_t capacity, Isa isa = bestIsa());
  /** Makes the plan ready for length n (1 ≤ n ≤ capacity); cheap when n is unchanged. */
  void prepare(int32_t n);
  int32_t length() const { return n_; }
  Isa isa() const { return isa_; }
  /** In-place forward transform of re/im (length n). */
  void forward(double* re, double* im);
  /** In-place inverse transform of re/im (length n), scaled by 1/n. */
  void inverse(double* re, double* im);

 private:
  void transform(double* re, double* im, bool inverse);
  void radix2(double* re, double* im, bool inverse) const;
  void bluestein(double* re, double* im, bool inverse);

  Isa isa_;
  int32_t n_ = 0;
  int32_t m_ = 0;  // radix-2 size: n itself, or Bluestein's convolution length
  bool pow2_ = true;
  std::vector<double> cos_, sin_;
  // Stage tables: the twiddles of the stage with half-size h at [h − 1, 2h − 1):
  // cos, −1·sin (forward) and +1·sin (inverse) of 2πk/size for k < h.
  std::vector<double> stageCos_, stageSinFwd_, stageSinInv_;
  // Bit-reversal permutation as the (i, j) pairs with j > i, in the order i rises.
  std::vector<uint32_t> swaps_;
  int32_t swapCount_ = 0;
  // Bluestein only: chirp w_k = e^(−iπk²/n), FFT of the conjugate chirp filter, work arrays.
  std::vector<double> chirpRe_, chirpIm_, filterRe_, filterIm_, workRe_, workIm_;
};

}  // namespace hht
}  // namespace btc
