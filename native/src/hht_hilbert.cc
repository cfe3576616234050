// Hilbert spectrum; see hht_hilbert.h. Same operations as src/hht/hilbert.ts,
// except the angle: V8's Math.atan2 there, phaseAtan2 here (within 2 ulp of
// glibc's atan2, in branch-free operations that also run four at a time), and
// the FFT twiddles (glibc cos/sin here); results agree to rounding (≈1e−15), not
// bit for bit. The unwrap's floor-mod runs only at a step of at least π.
#include "hht_hilbert.h"

#include <cmath>

#if HHT_HAVE_AVX2_BUILD
#include <immintrin.h>
#endif

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

// atan on [0, 0.66] by a rational function t + t·z·P(z)/Q(z), z = t², with the
// coefficients of Cephes' atan.c; above 0.66, atan(t) = π/4 + atan((t−1)/(t+1)).
// π/4, π/2 and π are added as hi + lo pairs so the reflections lose nothing.
constexpr double kP0 = -8.750608600031904122785e-1, kP1 = -1.615753718733365076637e1,
                 kP2 = -7.500855792314704667340e1, kP3 = -1.228866684490136173410e2,
                 kP4 = -6.485021904942025371773e1;
constexpr double kQ0 = 2.485846490142306297962e1, kQ1 = 1.650270098316988542046e2,
                 kQ2 = 4.328810604912902668951e2, kQ3 = 4.853903996359136964868e2,
                 kQ4 = 1.945506571482613964425e2;
constexpr double kPiHi = 3.141592653589793, kPiLo = 1.2246467991473532e-16;
constexpr double kHalfPiHi = 1.5707963267948966, kHalfPiLo = 6.123233995736766e-17;
constexpr double kQuarterPiHi = 0.7853981633974483, kQuarterPiLo = 3.061616997868383e-17;
constexpr double kUpperFrom = 0.66;

#if HHT_HAVE_AVX2_BUILD
/** phaseAtan2 of four (y, x) pairs: the same operations lane by lane, selects as blends. */
HHT_TARGET_AVX2 inline __m256d phaseAtan2x4(__m256d y, __m256d x) {
  const __m256d signBit = _mm256_set1_pd(-0.0);
  const __m256d ax = _mm256_andnot_pd(signBit, x), ay = _mm256_andnot_pd(signBit, y);
  const __m256d steep = _mm256_cmp_pd(ay, ax, _CMP_GT_OQ);
  const __m256d num = _mm256_blendv_pd(ay, ax, steep), den = _mm256_blendv_pd(ax, ay, steep);
  const __m256d upper = _mm256_cmp_pd(num, _mm256_mul_pd(_mm256_set1_pd(kUpperFrom), den), _CMP_GT_OQ);
  const __m256d denOr1 = _mm256_blendv_pd(den, _mm256_set1_pd(1.0), _mm256_cmp_pd(den, _mm256_setzero_pd(), _CMP_EQ_OQ));
  const __m256d n2 = _mm256_blendv_pd(num, _mm256_sub_pd(num, den), upper);
  const __m256d d2 = _mm256_blendv_pd(denOr1, _mm256_add_pd(num, den), upper);
  const __m256d t = _mm256_div_pd(n2, d2);
  const __m256d z = _mm256_mul_pd(t, t);
  __m256d p = _mm256_add_pd(_mm256_mul_pd(_mm256_set1_pd(kP0), z), _mm256_set1_pd(kP1));
  p = _mm256_add_pd(_mm256_mul_pd(p, z), _mm256_set1_pd(kP2));
  p = _mm256_add_pd(_mm256_mul_pd(p, z), _mm256_set1_pd(kP3));
  p = _mm256_add_pd(_mm256_mul_pd(p, z), _mm256_set1_pd(kP4));
  __m256d q = _mm256_add_pd(z, _mm256_set1_pd(kQ0));
  q = _mm256_add_pd(_mm256_mul_pd(q, z), _mm256_set1_pd(kQ1));
  q = _mm256_add_pd(_mm256_mul_pd(q, z), _mm256_set1_pd(kQ2));
  q = _mm256_add_pd(_mm256_mul_pd(q, z), _mm256_set1_pd(kQ3));
  q = _mm256_add_pd(_mm256_mul_pd(q, z), _mm256_set1_pd(kQ4));
  const __m256d small = _mm256_add_pd(t, _mm256_mul_pd(t, _mm256_div_pd(_mm256_mul_pd(z, p), q)));
  const __m256d a = _mm256_blendv_pd(
      small, _mm256_add_pd(_mm256_set1_pd(kQuarterPiHi), _mm256_add_pd(small, _mm256_set1_pd(kQuarterPiLo))), upper);
  const __m256d negX = _mm256_castsi256_pd(_mm256_cmpgt_epi64(_mm256_setzero_si256(), _mm256_castpd_si256(x)));
  const __m256d signedA = _mm256_blendv_pd(_mm256_sub_pd(_mm256_setzero_pd(), a), a, negX);
  const __m256d steepR = _mm256_add_pd(_mm256_set1_pd(kHalfPiHi), _mm256_add_pd(_mm256_set1_pd(kHalfPiLo), signedA));
  const __m256d flatR = _mm256_blendv_pd(
      a, _mm256_add_pd(_mm256_set1_pd(kPiHi), _mm256_sub_pd(_mm256_set1_pd(kPiLo), a)), negX);
  const __m256d r = _mm256_blendv_pd(flatR, steepR, steep);
  return _mm256_or_pd(_mm256_andnot_pd(signBit, r), _mm256_and_pd(signBit, y));  // copysign(r, y)
}

/** out[i] = phaseAtan2(im[i], re[i]) for i < n. */
HHT_TARGET_AVX2 void phasesAvx2(const double* re, const double* im, int32_t n, double* out) {
  int32_t i = 0;
  for (; i + 4 <= n; i += 4) _mm256_storeu_pd(out + i, phaseAtan2x4(_mm256_loadu_pd(im + i), _mm256_loadu_pd(re + i)));
  for (; i < n; i++) out[i] = phaseAtan2(im[i], re[i]);
}
#endif

/** out[i] = phaseAtan2(im[i], re[i]) for i < n, four at a time with AVX2. */
void phases(const double* re, const double* im, int32_t n, double* out, Isa isa) {
#if HHT_HAVE_AVX2_BUILD
  if (isa == Isa::Avx2) {
    phasesAvx2(re, im, n, out);
    return;
  }
#endif
  (void)isa;
  for (int32_t i = 0; i < n; i++) out[i] = phaseAtan2(im[i], re[i]);
}

}  // namespace

double phaseAtan2(double y, double x) {
  const double ax = std::fabs(x), ay = std::fabs(y);
  const bool steep = ay > ax;
  const double num = steep ? ax : ay, den = steep ? ay : ax;  // 0 ≤ num ≤ den
  const bool upper = num > kUpperFrom * den;
  const double n2 = upper ? num - den : num;
  const double d2 = upper ? num + den : (den == 0 ? 1.0 : den);  // 0/0 (both zero) is atan 0
  const double t = n2 / d2;
  const double z = t * t;
  const double p = (((kP0 * z + kP1) * z + kP2) * z + kP3) * z + kP4;
  const double q = ((((z + kQ0) * z + kQ1) * z + kQ2) * z + kQ3) * z + kQ4;
  const double small = t + t * ((z * p) / q);
  const double a = upper ? kQuarterPiHi + (small + kQuarterPiLo) : small;  // atan(num/den) ∈ [0, π/4]
  const bool negX = std::signbit(x);
  const double steepR = kHalfPiHi + (kHalfPiLo + (negX ? a : 0.0 - a));  // π/2 ± a
  const double flatR = negX ? kPiHi + (kPiLo - a) : a;                    // π − a, or a
  return std::copysign(steep ? steepR : flatR, y);
}

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
  double correction = 0, prev = n > 0 ? p[0] : 0;
  if (n > 0) out[0] = p[0];  // the angle itself (p + 0 would turn a −0 into +0)
  for (int32_t i = 1; i < n; i++) {
    const double pi = p[i];  // read before out[i] is written: out may be p
    correction = unwrapStep(correction, pi - prev);
    out[i] = pi + correction;
    prev = pi;
  }
}

void hilbertSpectrum(const double* x, int32_t n, FftPlan* plan, const HilbertOutput& out) {
  analyticSignal(x, n, out.re, out.im, plan);
  const double* re = out.re;
  const double* im = out.im;
  double* phase = out.phaseRad;
  double* f = out.frequencyCyclesPerSample;
  // |z| and angle(z) in passes that vectorize, the unwrap (a running sum, in
  // order), then the forward difference.
  for (int32_t i = 0; i < n; i++) out.amplitude[i] = std::sqrt(re[i] * re[i] + im[i] * im[i]);
  phases(re, im, n, phase, plan->isa());
  unwrapPhase(phase, n, phase);
  const double twoPi = 2 * kPi;
  for (int32_t i = 0; i + 1 < n; i++) f[i] = (phase[i + 1] - phase[i]) / twoPi;
  if (n >= 2) {
    f[n - 1] = f[n - 2];
  } else if (n == 1) {
    f[0] = 0;  // no step: as the TS and WASM kernels give
  }
}

void hilbertPoint(const double* x, int32_t n, int32_t at, FftPlan* plan, double* re, double* im,
                  HilbertPoint* out) {
  analyticSignal(x, n, re, im, plan);
  out->amplitude = std::sqrt(re[at] * re[at] + im[at] * im[at]);
  // The same angles and unwrap as hilbertSpectrum, so the same bits, but only up
  // to sample at + 1: the unwrap runs left to right. They overwrite re.
  const int32_t last = at + 1 < n ? at + 1 : n - 1;
  double* phase = re;
  phases(re, im, last + 1, phase, plan->isa());
  unwrapPhase(phase, last + 1, phase);
  out->phaseRad = phase[at];
  const double twoPi = 2 * kPi;
  if (n < 2) {
    out->frequencyCyclesPerSample = 0;
  } else if (at + 1 < n) {
    out->frequencyCyclesPerSample = (phase[at + 1] - phase[at]) / twoPi;
  } else {
    out->frequencyCyclesPerSample = (phase[at] - phase[at - 1]) / twoPi;  // f[n − 1] repeats f[n − 2]
  }
}

}  // namespace hht
}  // namespace btc
