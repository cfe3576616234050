// numpy's float64 summation order for the EMD stopping sums (port of
// src/hht/numpy-sum.ts): np.sum is sequential below 8 elements, keeps 8 lane
// sums up to 128 (combined ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)), then the tail),
// and above 128 splits at n/2 rounded down to a multiple of 8. A ratio within
// rounding of its threshold then decides the same way as in PyEMD and the TS
// reference. The element is a functor, so Σh² and friends are summed without
// writing the squares to a temporary; the values and their order are the same.
// Cost O(n), recursion depth log2(n/128).
#pragma once

#include <cstdint>

namespace btc {
namespace hht {

/** numpy's pairwise block size (PW_BLOCKSIZE). */
constexpr int32_t PW_BLOCK = 128;

/** Σ elem(i) for i in [start, start + count), in numpy's pairwise order. */
template <class Elem>
double pairwiseSum(const Elem& elem, int32_t start, int32_t count) {
  if (count < 8) {
    double res = 0;
    for (int32_t i = 0; i < count; i++) res += elem(start + i);
    return res;
  }
  if (count <= PW_BLOCK) {
    double r[8];
    for (int32_t k = 0; k < 8; k++) r[k] = elem(start + k);
    const int32_t whole = count - count % 8;
    int32_t i = 8;
    for (; i < whole; i += 8) {
      for (int32_t k = 0; k < 8; k++) r[k] += elem(start + i + k);
    }
    double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < count; i++) res += elem(start + i);
    return res;
  }
  int32_t half = count / 2;
  half -= half % 8;
  return pairwiseSum(elem, start, half) + pairwiseSum(elem, start + half, count - half);
}

/** Σ a[start .. start+count−1] in numpy's pairwise order. */
inline double pairwiseSumOf(const double* a, int32_t start, int32_t count) {
  return pairwiseSum([a](int32_t i) { return a[i]; }, start, count);
}

}  // namespace hht
}  // namespace btc
