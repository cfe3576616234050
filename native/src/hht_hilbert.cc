// Hilbert spectrum; see hht_hilbert.h. Same operations as src/hht/hilbert.ts;
// atan2 and the FFT twiddles come from glibc here and from V8 there, so results
// agree to rounding (≈1e−15), not bit for bit. Per sample the cost is one atan2
// (most of it, after the vectorised FFT), one sqrt and one division; the unwrap's
// floor-mod runs only at a step of at least π.
#include "hht_hilbert.h"

#include <cmath>

namespace btc {
namespace hht {
namespace {

constexpr double kPi = 3.141592653589793;
/** Margin below π under which a step of approxAtan2 angles is certainly no wrap (≫ 2·kApproxAtan2Error). */
constexpr double kStepMargin = 1e-3;

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

namespace {

/**
 * One step of numpy.unwrap: the correction after the step dd (the reference's
 * ddMod − dd, added only when |dd| ≥ π or dd is NaN). The floor-mod runs only
 * then: for |dd| < π its value was never used, so skipping it changes no bit.
 */
HHT_INLINE double unwrapStep(double correction, double dd) {
  if (std::fabs(dd) < kPi) return correction;
  const double twoPi = 2 * kPi;
  double ddMod = floorMod(dd + kPi, twoPi) - kPi;
  if (ddMod == -kPi && dd > 0) ddMod = kPi;
  // numpy accumulates the corrections with cumsum, i.e. left to right.
  return correction + (ddMod - dd);
}

}  // namespace

void unwrapPhase(const double* p, int32_t n, double* out) {
  double correction = 0;
  if (n > 0) out[0] = p[0];
  for (int32_t i = 1; i < n; i++) {
    correction = unwrapStep(correction, p[i] - p[i - 1]);
    out[i] = p[i] + correction;
  }
}

void hilbertSpectrum(const double* x, int32_t n, FftPlan* plan, const HilbertOutput& out) {
  analyticSignal(x, n, out.re, out.im, plan);
  // One pass: |z|, angle(z), the unwrap and the forward difference of the step before.
  const double twoPi = 2 * kPi;
  const double* re = out.re;
  const double* im = out.im;
  double* amplitude = out.amplitude;
  double* phase = out.phaseRad;
  double* f = out.frequencyCyclesPerSample;
  double correction = 0, prev = 0;
  for (int32_t i = 0; i < n; i++) {
    const double zr = re[i], zi = im[i];
    amplitude[i] = std::sqrt(zr * zr + zi * zi);
    const double p = std::atan2(zi, zr);
    if (i == 0) {
      phase[0] = p;  // p itself (p + 0 would turn a −0 into +0)
    } else {
      correction = unwrapStep(correction, p - prev);
      phase[i] = p + correction;
      f[i - 1] = (phase[i] - phase[i - 1]) / twoPi;
    }
    prev = p;
  }
  if (n >= 2) {
    f[n - 1] = f[n - 2];
  } else if (n == 1) {
    f[0] = 0;  // no step: as the TS and WASM kernels give
  }
}

void hilbertPoint(const double* x, int32_t n, int32_t at, FftPlan* plan, double* re, double* im,
                  HilbertPoint* out) {
  analyticSignal(x, n, re, im, plan);
  // The unwrap runs left to right, so samples after the last one needed are never read.
  const int32_t last = at + 1 < n ? at + 1 : n - 1;
  // The correction only changes at a step dd with |dd| ≥ π. A step whose cheap
  // angles differ by less than π − kStepMargin is certainly below π (the estimate
  // is within kApproxAtan2Error of atan2, so dd is within 2·that of their
  // difference) and is skipped; any other step (a wrap, a NaN) takes the exact
  // angles on both sides and the reference's unwrapStep, so the sum of the
  // corrections, in order, is the reference's bit for bit.
  double correction = 0, corrAt = 0, corrNext = 0, corrPrev = 0;
  double aPrev = approxAtan2(im[0], re[0]), pPrev = 0;
  bool exactPrev = false;
  for (int32_t i = 1; i <= last; i++) {
    const double a = approxAtan2(im[i], re[i]);
    bool exact = false;
    double p = 0;
    if (!(std::fabs(a - aPrev) < kPi - kStepMargin)) {
      if (!exactPrev) pPrev = std::atan2(im[i - 1], re[i - 1]);
      p = std::atan2(im[i], re[i]);
      exact = true;
      correction = unwrapStep(correction, p - pPrev);
    }
    if (i == at) corrAt = correction;
    if (i == at + 1) corrNext = correction;
    if (i == last - 1) corrPrev = correction;
    aPrev = a;
    pPrev = p;
    exactPrev = exact;
  }
  // Phase i: atan2 + the correction up to i, except sample 0 (the angle itself, keeping a −0).
  auto phaseOf = [&](int32_t i, double corr) {
    const double p = std::atan2(im[i], re[i]);
    return i == 0 ? p : p + corr;
  };
  const double twoPi = 2 * kPi;
  const double phaseAt = phaseOf(at, corrAt);
  out->amplitude = std::sqrt(re[at] * re[at] + im[at] * im[at]);
  out->phaseRad = phaseAt;
  if (n < 2) {
    out->frequencyCyclesPerSample = 0;
  } else if (at + 1 < n) {
    out->frequencyCyclesPerSample = (phaseOf(at + 1, corrNext) - phaseAt) / twoPi;
  } else {
    out->frequencyCyclesPerSample = (phaseAt - phaseOf(at - 1, corrPrev)) / twoPi;  // f[n − 1] repeats f[n − 2]
  }
}

double approxAtan2(double y, double x) {
  // atan(t), 0 ≤ t ≤ 1: Abramowitz & Stegun 4.4.49 (|error| ≈ 1.1e−5 at most).
  const double ax = std::fabs(x), ay = std::fabs(y);
  const bool steep = ay > ax;
  const double t = (steep ? ax : ay) / (steep ? ay : ax);  // NaN for 0/0: the exact path then
  const double t2 = t * t;
  double r = t * (0.9998660 + t2 * (-0.3302995 + t2 * (0.1801410 + t2 * (-0.0851330 + t2 * 0.0208351))));
  if (steep) r = kPi / 2 - r;
  if (std::signbit(x)) r = kPi - r;  // x = −0 too, as atan2 (only reached with y ≠ 0 or as NaN)
  return std::signbit(y) ? -r : r;
}

}  // namespace hht
}  // namespace btc
