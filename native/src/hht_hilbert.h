// Hilbert spectrum of one IMF, reference definition (HHT.md §2): the C++ port
// of src/hht/hilbert.ts. Analytic signal by an FFT of exactly n samples (bins ×
// [1, 2…2, 1 at Nyquist for even n, 0…0]), amplitude |z|, numpy.unwrap(angle z),
// and the instantaneous frequency as the reference vectors define it: the forward
// difference (φ[i+1] − φ[i])/2π cycles/sample, the last sample repeating f[n−2].
// Ownership: output and scratch arrays are the caller's (length ≥ n each); the
// plan is prepared for n here. O(n log n), no allocation.
#pragma once

#include <cstdint>

#include "hht_fft.h"

namespace btc {
namespace hht {

/** Where hilbertSpectrum writes; re/im are n-sample scratch for the analytic signal. */
struct HilbertOutput {
  double* amplitude;
  double* phaseRad;
  double* frequencyCyclesPerSample;
  double* re;
  double* im;
};

/** One sample of a Hilbert spectrum. */
struct HilbertPoint {
  double amplitude;
  double phaseRad;
  double frequencyCyclesPerSample;
};

/** Analytic signal of x[0..n−1] into re/im. */
void analyticSignal(const double* x, int32_t n, double* re, double* im, FftPlan* plan);

/** numpy.unwrap(p) with discont π, into out (out may be p itself). */
void unwrapPhase(const double* p, int32_t n, double* out);

/** Amplitude, unwrapped phase and instantaneous frequency of x[0..n−1] (n ≥ 1). */
void hilbertSpectrum(const double* x, int32_t n, FftPlan* plan, const HilbertOutput& out);

/**
 * hilbertSpectrum's amplitude, phase and frequency at sample `at` (0 ≤ at < n),
 * bit for bit, without the arrays: the angles (phaseAtan2, four at a time) and
 * the unwrap only up to sample at + 1, as the unwrap is causal. re/im: n-sample
 * scratch.
 */
void hilbertPoint(const double* x, int32_t n, int32_t at, FftPlan* plan, double* re, double* im,
                  HilbertPoint* out);

/**
 * The angle of (x, y) the spectra use: atan2(y, x) within 2 ulp of glibc's (4.4e−16
 * rad), the same on the special values (±0, both signs of x, NaN), from operations
 * without branches, which the AVX2 build also runs four at a time with the same bits.
 * glibc's atan2 branches on the quadrant, which changes from sample to sample in a
 * fast IMF, and took about 70 % of a spectrum.
 */
double phaseAtan2(double y, double x);

}  // namespace hht
}  // namespace btc
