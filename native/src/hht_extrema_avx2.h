// The AVX2 build of the fast extrema scan (internal to hht_extrema.cc).
#pragma once

#include <cstdint>

#include "hht_extrema.h"

namespace btc {
namespace hht {

#if HHT_HAVE_AVX2_BUILD
/** findExtrema for CPUs with AVX2; the same indices as the generic scan. */
void findExtremaAvx2(const double* s, int32_t n, Extrema* ext);
#endif

}  // namespace hht
}  // namespace btc
