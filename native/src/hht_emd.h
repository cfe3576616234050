// Empirical mode decomposition, `reference` mode (HHT.md §1): the C++ port of
// src/hht/emd.ts, PyEMD `EMD().emd(x)` sample for sample. Float64 throughout,
// built without fast-math or FMA contraction, every value computed with the TS
// reference's operations in its order, so IMFs, residue and sift counts are
// bit-identical to it.
//
// Ownership: an EmdWorkspace holds every buffer for windows of up to `capacity`
// samples, allocated once at construction; emd() allocates nothing. Output goes
// to caller-owned arrays (EmdOutput). Cost per sift O(n); sifts per IMF are data
// dependent (< maxIteration).
#pragma once

#include <cstdint>
#include <vector>

#include "hht_extrema.h"
#include "hht_mirror.h"
#include "hht_simd.h"
#include "hht_spline.h"

namespace btc {
namespace hht {

/** PyEMD EMD() settings (field docs at EmdOptions in src/hht/emd.ts); defaults are PyEMD's. */
struct EmdOptions {
  double stdThreshold = 0.2;
  double svarThreshold = 0.001;
  double energyRatioThreshold = 0.2;
  double totalPowerThreshold = 0.005;
  double rangeThreshold = 0.001;
  // Counts stay float64 and are compared as the TS reference compares them, so
  // any number (0, negative, Infinity, NaN) means what it means there.
  double fixe = 0;
  double fixeH = 0;
  double maxIteration = 1000;
  double maxImf = -1;
  int32_t nbsym = 2;
  /** Runaway bound, not a PyEMD setting: a result of more IMFs than this is EMD_E_RUNAWAY (≤ 0: none). */
  int32_t imfCap = 0;
};

/** Negative results of emd(). */
enum EmdStatus : int32_t {
  EMD_E_LENGTH = -1,      // n < 3 or n > capacity
  EMD_E_NONFINITE = -2,   // x holds NaN or ±Infinity
  EMD_E_LEFT_EDGE = -3,   // mirroring hit PyEMD's "Left edge BUG"
  EMD_E_RIGHT_EDGE = -4,  // mirroring hit PyEMD's "Right edge BUG"
  EMD_E_KNOTS = -5,       // envelopes without a max and a min, or knots a spline cannot take
  EMD_E_NBSYM = -6,       // nbsym < 1
  EMD_E_RUNAWAY = -7,     // more than imfCap IMFs (x − ΣIMFs stopped changing in float64)
};

/**
 * Where emd() writes. IMF k (finest first) goes to imfs[k·n .. k·n+n−1] for
 * k < imfSlots; sifts[k] gets its sift count; residue[0..n−1] = x − ΣIMFs.
 */
struct EmdOutput {
  double* imfs;
  double* sifts;
  int32_t imfSlots;
  double* residue;
};

/** Reusable buffers for windows of up to `capacity` samples. */
class EmdWorkspace {
 public:
  /** isa picks the build of the per-sample kernels; every choice gives the same bits. */
  explicit EmdWorkspace(int32_t capacity, Isa isa = bestIsa());
  int32_t capacity() const { return capacity_; }
  Isa isa() const { return isa_; }

  /**
   * Decomposes x[0..n−1]. Returns the IMF count (which may exceed out.imfSlots:
   * then only the first imfSlots IMFs and sift counts were written and the
   * caller retries with more slots; the residue is always complete) or an
   * EmdStatus. Throws nothing, allocates nothing.
   */
  int32_t emd(const double* x, int32_t n, const EmdOptions& opts, const EmdOutput& out);

 private:
  // Sifts h_ until PyEMD's inner loop ends; 0 or an EmdStatus.
  int32_t sift(int32_t n, const EmdOptions& opts, int32_t* extNo, int64_t* sifts, bool* finished);

  int32_t capacity_;
  Isa isa_;
  std::vector<int32_t> maxIdx_, minIdx_;
  std::vector<double> knotBuf_;   // maxT, maxV, minT, minV
  std::vector<double> splineBuf_;  // slope, cPrime, chord, c2, c3 of the upper, then the lower envelope
  std::vector<int32_t> pieceBuf_;  // piece indices of the upper, then the lower envelope
  std::vector<double> upper_;  // upper envelope of the current sift
  std::vector<double> hA_, hB_, sumA_, sumB_;
  Extrema ext_{};
  Knots knots_{};
  SplineScratch splineU_{}, splineL_{};
  double* h_ = nullptr;     // proto-IMF being sifted (hA_ or hB_)
  double* hOld_ = nullptr;  // its value before the last sift (the other one)
};

}  // namespace hht
}  // namespace btc
