// Instruction-set selection for the per-sample EMD kernels (extrema scan, envelope
// evaluation, sift update, zero crossings). Each has a generic build and, on
// x86-64 with GCC or Clang, an AVX2 build chosen at run time; both compute every
// value with the same IEEE operations (AVX2 without FMA, and the addon is built
// with -ffp-contract=off), so they give bit-identical results and tests can run
// either one. No CPU flag is assumed at compile time: the addon stays portable.
#pragma once

#include <cstdint>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define HHT_HAVE_AVX2_BUILD 1
/** Compiles one function for AVX2 (not FMA: contraction would change results). */
#define HHT_TARGET_AVX2 __attribute__((target("avx2")))
#else
#define HHT_HAVE_AVX2_BUILD 0
#endif

#if defined(__GNUC__) || defined(__clang__)
#define HHT_INLINE inline __attribute__((always_inline))
#define HHT_RESTRICT __restrict__
/**
 * Vector extensions: 4 doubles for the AVX2 builds (ymm) and 2 for the generic
 * ones (xmm: GCC lowers 4-wide vectors poorly without AVX), with compare masks.
 */
#define HHT_VECTOR_EXTENSIONS 1
typedef double V4d __attribute__((vector_size(32)));
typedef long long V4m __attribute__((vector_size(32)));
typedef double V2d __attribute__((vector_size(16)));
typedef long long V2m __attribute__((vector_size(16)));
#else
#define HHT_INLINE inline
#define HHT_RESTRICT
#endif

namespace btc {
namespace hht {

/** Which build of the per-sample kernels to run. */
enum class Isa : int32_t { Generic = 0, Avx2 = 1 };

/** The fastest build this CPU runs (Avx2 when the addon has one and the CPU supports it). */
inline Isa bestIsa() {
#if HHT_HAVE_AVX2_BUILD
  return __builtin_cpu_supports("avx2") ? Isa::Avx2 : Isa::Generic;
#else
  return Isa::Generic;
#endif
}

}  // namespace hht
}  // namespace btc
