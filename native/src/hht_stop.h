// PyEMD's stopping rules (HHT.md §1 steps 5–6), the C++ port of
// src/hht/stop-rules.ts, with numpy's summation order (hht_sum.h) so a ratio
// within rounding of its threshold decides as in the reference. Divisions by
// zero give ±inf or NaN as in numpy, and NaN fails every `<` test.
#pragma once

#include <cstdint>

#include "hht_mirror.h"
#include "hht_simd.h"

namespace btc {
namespace hht {

/** Thresholds of one IMF test, in the units of the signal (not normalised). */
struct ImfThresholds {
  double svar;
  double std;
  double energyRatio;
};

/** Whether every max knot is ≥ 0 and every min knot ≤ 0 (mirrored knots included): check_imf's first test. */
bool knotSignsOk(const Knots& knots);

/**
 * PyEMD `check_imf` after its knot test: Σh² ≥ 1e−10, then any of the scaled
 * variance Σ(h−hOld)²/(max hOld − min hOld), Σ((h−hOld)/h)² and the energy
 * ratio Σ(h−hOld)²/Σh_old² below its threshold. O(n); isa picks the build (the
 * same bits either way).
 */
bool imfSumsOk(const double* h, const double* hOld, int32_t n, const ImfThresholds& thr, Isa isa);

/**
 * Adds an IMF to the running sum, sum = sumPrev + imf, writes r = x − sum (the
 * next proto-IMF, exactly as the reference forms it) and returns PyEMD
 * `end_condition` on r: range below rangeThreshold or Σ|r| below
 * totalPowerThreshold. One pass plus the Σ|r| one when the range test fails.
 */
bool addImfAndTestResidue(const double* x, const double* sumPrev, const double* imf, double* sum, double* r,
                          int32_t n, double rangeThreshold, double totalPowerThreshold, Isa isa);

}  // namespace hht
}  // namespace btc
