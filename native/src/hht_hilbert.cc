// Hilbert spectrum; see hht_hilbert.h. Same operations as src/hht/hilbert.ts;
// atan2 and the FFT twiddles come from glibc here and from V8 there, so results
// agree to rounding (≈1e−15), not bit for bit.
#include "hht_hilbert.h"

#include <cmath>

namespace btc {
namespace hht {
namespace {

constexpr double kPi = 3.141592653589793;

/** Python/numpy float modulo: the result takes the sign of the divisor. */
double floorMod(double a, double b) {
  double r = std::fmod(a, b);
  if (r != 0) {
    if ((r < 0) != (b < 0)) r += b;
  } else {
    r = b < 0 ? -0.0 : 0.0;
  }
  return r;
}

}  // namespace

void analyticSignal(const double* x, int32_t n, double* re, double* im, FftPlan* plan) {
  plan->prepare(n);
  for (int32_t i = 0; i < n; i++) {
    re[i] = x[i];
    im[i] = 0;
  }
  plan->forward(re, im);
  // Keep DC (and Nyquist for even n), double the positive bins, zero the negative ones.
  const int32_t positiveEnd = n % 2 == 0 ? n / 2 : (n + 1) / 2;
  for (int32_t k = 1; k < positiveEnd; k++) {
    re[k] = 2 * re[k];
    im[k] = 2 * im[k];
  }
  for (int32_t k = n % 2 == 0 ? n / 2 + 1 : positiveEnd; k < n; k++) {
    re[k] = 0;
    im[k] = 0;
  }
  plan->inverse(re, im);
}

void unwrapPhase(const double* p, int32_t n, double* out) {
  const double twoPi = 2 * kPi;
  double correction = 0;
  if (n > 0) out[0] = p[0];
  for (int32_t i = 1; i < n; i++) {
    const double dd = p[i] - p[i - 1];
    double ddMod = floorMod(dd + kPi, twoPi) - kPi;
    if (ddMod == -kPi && dd > 0) ddMod = kPi;
    // numpy accumulates the corrections with cumsum, i.e. left to right.
    if (!(std::fabs(dd) < kPi)) correction += ddMod - dd;
    out[i] = p[i] + correction;
  }
}

void hilbertSpectrum(const double* x, int32_t n, FftPlan* plan, const HilbertOutput& out) {
  analyticSignal(x, n, out.re, out.im, plan);
  // The wrapped angle goes to the frequency array first; it is free until the end.
  double* wrapped = out.frequencyCyclesPerSample;
  for (int32_t i = 0; i < n; i++) {
    out.amplitude[i] = std::sqrt(out.re[i] * out.re[i] + out.im[i] * out.im[i]);
    wrapped[i] = std::atan2(out.im[i], out.re[i]);
  }
  unwrapPhase(wrapped, n, out.phaseRad);
  const double twoPi = 2 * kPi;
  double* f = out.frequencyCyclesPerSample;
  for (int32_t i = 0; i + 1 < n; i++) f[i] = (out.phaseRad[i + 1] - out.phaseRad[i]) / twoPi;
  if (n >= 2) f[n - 1] = f[n - 2];
}

}  // namespace hht
}  // namespace btc
