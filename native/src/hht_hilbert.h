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

/** numpy.unwrap(p) with discont π, into out (may not alias p). */
void unwrapPhase(const double* p, int32_t n, double* out);

/** Amplitude, unwrapped phase and instantaneous frequency of x[0..n−1] (n ≥ 1). */
void hilbertSpectrum(const double* x, int32_t n, FftPlan* plan, const HilbertOutput& out);

/**
 * hilbertSpectrum's amplitude, phase and frequency at sample `at` (0 ≤ at < n),
 * bit for bit, without the arrays. The unwrap is causal, so nothing past sample
 * at + 1 is read, and its correction only changes at steps of at least π: a
 * cheap angle estimate rules most steps out, and atan2 runs only on both sides
 * of the rest and at the samples read. re/im: n-sample scratch.
 */
void hilbertPoint(const double* x, int32_t n, int32_t at, FftPlan* plan, double* re, double* im,
                  HilbertPoint* out);

/** Largest error (rad) of approxAtan2 against atan2 for finite arguments, not both zero. */
constexpr double kApproxAtan2Error = 2e-5;

/**
 * A cheap atan2(y, x), within kApproxAtan2Error of it on the same branch
 * (the sign of y, including −0, picks the half-plane; x = −0 counts as negative);
 * NaN for x = y = 0. hilbertPoint uses it only to rule out phase wraps.
 */
double approxAtan2(double y, double x);

}  // namespace hht
}  // namespace btc
