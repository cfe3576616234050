// Histogram kernel of the tree trainer, native build: the C++ twin of the TS
// reference src/model/histogram.ts (buildHistogramsBatch, subtractHistograms)
// and of the WASM kernel kernels/model/hist.ts. Registered on the addon by
// InitHistogram (hist_napi.cc).
//
// Layout (all caller-owned; nothing is allocated here):
//   bins      u8[nFeatures · nRows], column-major: feature c's codes at [c·nRows, (c+1)·nRows)
//   rows      u32[rowCount], the node's row indices (ascending keeps column reads local)
//   grad      f64[nRows], gradient per row
//   feats     i32[featCount], the features to build
//   gathered  f64[≥ rowCount], scratch: grad[rows[k]]
//   out       f64[featCount · HIST_STRIDE]: slot s, bin b → out[(s·256 + b)·2] = Σ grad,
//             out[(s·256 + b)·2 + 1] = row count
//
// Bit-identical to the reference: out starts at +0.0 and, for every (slot, bin),
// the gradients are added in row order k = 0, 1, …, in f64 (no FMA, no
// reassociation: binding.gyp builds with -ffp-contract=off and no -ffast-math).
// The unrolled variant walks four feature slots per pass over the rows: four
// independent add chains per row instead of one, each still in row order; with
// SSE2 (every x86-64) a bin's (Σ grad, count) pair is added as one __m128d, two
// IEEE adds lane by lane, the same bits as the scalar pair.
// Cost: O(rowCount · featCount) reads and adds. No threads.
#pragma once

#include <cstdint>

namespace btc {
namespace hist {

/** Histogram slots per feature (src/model/binning.ts HIST_BINS). */
constexpr uint32_t HIST_BINS = 256;
/** f64 per feature in a histogram: HIST_BINS × (Σ grad, count). */
constexpr uint32_t HIST_STRIDE = HIST_BINS * 2;

// Status codes, mirrored by src/model/histogram-kernel.ts and kernels/model/errors.ts.
constexpr int32_t HIST_OK = 0;
/** A row index was not below nRows. */
constexpr int32_t HIST_E_ROW = -1;
/** A feature index was outside [0, nFeatures). */
constexpr int32_t HIST_E_FEATURE = -2;
/** A count beyond its buffer (checked by the N-API layer; never expected here). */
constexpr int32_t HIST_E_SIZE = -3;

static_assert(HIST_STRIDE == 512, "src/model/histogram.ts HIST_STRIDE is 512");
static_assert(HIST_E_ROW == -1 && HIST_E_FEATURE == -2 && HIST_E_SIZE == -3, "src/model/histogram-kernel.ts");

enum class Variant : int32_t { kPlain = 0, kUnrolled = 1 };

/**
 * Builds the histograms (see the header); returns HIST_OK, HIST_E_FEATURE (checked
 * first, nothing written) or HIST_E_ROW (out may be partly zeroed).
 */
int32_t BuildHistograms(const uint8_t* bins, uint32_t nRows, uint32_t nFeatures, const uint32_t* rows, uint32_t rowCount,
                        const double* grad, const int32_t* feats, uint32_t featCount, double* gathered, double* out,
                        Variant variant);

/** out[i] = parent[i] − child[i] for i < featCount · HIST_STRIDE. */
void SubtractHistograms(const double* parent, const double* child, uint32_t featCount, double* out);

}  // namespace hist
}  // namespace btc
