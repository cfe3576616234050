// Kernel-native tests of the EMD + Hilbert kernel (native/src/hht_*.cc), built
// standalone (no Node) with AddressSanitizer + UBSan by native/test/run.sh.
// Behaviour is specified by the TS reference in src/hht (the bit-for-bit
// differential test against it is test/hht/native.diff.test.ts); these tests pin
// the C++ pieces on hand-worked cases whose expected values are derived here from
// the rules and the math, plus properties: the fast extrema scan equals the exact
// one, and the generic and AVX2 builds give identical bits.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

#include "check.h"
#include "hht_emd.h"
#include "hht_extrema.h"
#include "hht_fft.h"
#include "hht_hilbert.h"
#include "hht_mirror.h"
#include "hht_spline.h"

using namespace btc::hht;

namespace {

constexpr double kPi = 3.141592653589793;

#define CHECK_NEAR(a, b, tol)                                                                          \
  do {                                                                                                 \
    g_checks++;                                                                                        \
    const double va_ = (a), vb_ = (b);                                                                 \
    if (!(std::fabs(va_ - vb_) <= (tol))) {                                                            \
      std::fprintf(stderr, "%s:%d: CHECK_NEAR failed: %s = %.17g, %s = %.17g\n", __FILE__, __LINE__, #a, \
                   va_, #b, vb_);                                                                      \
      std::abort();                                                                                    \
    }                                                                                                  \
  } while (0)

/** Bitwise equality of two doubles (so −0 ≠ +0 and NaN = NaN of the same payload). */
bool sameBits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

/** The §5 test-signal LCG (HHT.md): u = (s + 0.5)/2^32. */
struct Lcg {
  uint32_t s;
  double uniform() {
    s = 1664525u * s + 1013904223u;
    return (s + 0.5) / 4294967296.0;
  }
  double gauss() {
    double g = 0;
    for (int k = 0; k < 12; k++) g += uniform();
    return g - 6;
  }
};

std::vector<double> randomWalk(int32_t n, uint32_t seed) {
  Lcg rng{seed};
  std::vector<double> x(static_cast<size_t>(n));
  x[0] = 100;
  for (int32_t i = 1; i < n; i++) x[i] = x[i - 1] + 0.05 * rng.gauss();
  return x;
}

std::vector<double> tickRounded(std::vector<double> x) {
  for (double& v : x) v = std::floor(v * 100 + 0.5) / 100;
  return x;
}

/** Extrema of a signal as two index vectors. */
struct Found {
  std::vector<int32_t> max, min;
};

Found extremaOf(const std::vector<double>& s, Isa isa, bool exact = false) {
  const int32_t n = static_cast<int32_t>(s.size());
  std::vector<int32_t> a(s.size() + EXTREMA_PAD), b(s.size() + EXTREMA_PAD);
  Extrema e{a.data(), b.data(), 0, 0};
  if (exact) {
    findExtremaExact(s.data(), n, &e);
  } else {
    findExtrema(s.data(), n, &e, isa);
  }
  return {std::vector<int32_t>(a.begin(), a.begin() + e.nMax), std::vector<int32_t>(b.begin(), b.begin() + e.nMin)};
}

void checkExtrema(const std::vector<double>& s, const std::vector<int32_t>& max, const std::vector<int32_t>& min) {
  for (Isa isa : {Isa::Generic, bestIsa()}) {
    const Found f = extremaOf(s, isa);
    CHECK(f.max == max);
    CHECK(f.min == min);
  }
}

// ------------------------------------------------------------ extrema ----

void testExtremaHandWorked() {
  CHECK_EQ(roundHalfEvenHalf(5), 2);  // 2.5 → 2
  CHECK_EQ(roundHalfEvenHalf(7), 4);  // 3.5 → 4
  CHECK_EQ(roundHalfEvenHalf(1), 0);  // 0.5 → 0
  CHECK_EQ(roundHalfEvenHalf(6), 3);
  // d = [2, −1, 2, −3]: products −2, −2, −6 → max 1, min 2, max 3; the ends never count.
  checkExtrema({0, 2, 1, 3, 0}, {1, 3}, {2});
  checkExtrema({5, 4, 3, 2}, {}, {});
  // Plateau d[2..2] = 0 between d[1] = 1 > 0 and d[3] = −1 < 0: max at round(2.5) = 2.
  checkExtrema({0, 1, 2, 2, 1, 0}, {2}, {});
  // d[2..4] = 0, then d[5] < 0: max at round((2 + 5)/2) = round(3.5) = 4.
  checkExtrema({0, 1, 2, 2, 2, 2, 1, 0}, {4}, {});
  // Falling into a plateau, then rising: min at round((2 + 4)/2) = 3.
  checkExtrema({3, 2, 1, 1, 1, 3}, {}, {3});
  // Rising through a plateau (a step) is no extremum.
  checkExtrema({0, 1, 2, 2, 3, 4}, {}, {});
  // A run starting at a = 1 is dropped: d = [1, 0, −1, −1, 1] loses its max; min at 4 stays.
  checkExtrema({0, 1, 1, 0, -1, 0}, {}, {4});
  // A run starting at a = 0 reads d[−1] = d[n−2]: d = [0, −1, 1, 1], d[−1] = 1 > 0, d[1] < 0 → max at 0.
  checkExtrema({1, 1, 0, 1, 2}, {0}, {2});
  // d[−1] = 0 takes the `else` branch: a min when the run is followed by a rise.
  checkExtrema({1, 1, 2, 0, 0}, {2}, {0});
  // A run reaching the last sample (b = n − 1) is dropped.
  checkExtrema({0, 1, 0, 1, 1}, {1}, {2});
  checkExtrema({2, 2, 2}, {}, {});
  // d[0]·d[1] = 1e−200·(−1e−200) underflows to −0, which is not < 0.
  checkExtrema({0, 1e-200, 0}, {}, {});
  checkExtrema({0, 1e-100, 0}, {1}, {});
  // Longer than a 64-candidate block: alternating signal, maxima at odd, minima at even inner indices.
  std::vector<double> zig(203);
  std::vector<int32_t> zigMax, zigMin;
  for (int32_t i = 0; i < 203; i++) zig[i] = (i % 2 == 1) ? 1.0 + 0.001 * i : -1.0 - 0.001 * i;
  for (int32_t i = 1; i < 202; i++) (i % 2 == 1 ? zigMax : zigMin).push_back(i);
  checkExtrema(zig, zigMax, zigMin);
}

void testZeroCrossingsHandWorked() {
  for (Isa isa : {Isa::Generic, bestIsa()}) {
    const double a[] = {1, -1, 1, -1};  // three sign changes
    CHECK_EQ(countZeroCrossings(a, 4, isa), 3);
    const double b[] = {1, 0, 0, -1, 0, 2};  // runs of zeros count once each: 2
    CHECK_EQ(countZeroCrossings(b, 6, isa), 2);
    const double c[] = {0, 0, 1, 2};  // a leading zero run counts
    CHECK_EQ(countZeroCrossings(c, 4, isa), 1);
    // 1e−200·(−1e−200) underflows to −0: not a crossing; (−1e−200)·3 < 0 is one.
    const double d[] = {1e-200, -1e-200, 3};
    CHECK_EQ(countZeroCrossings(d, 3, isa), 1);
  }
}

/** The fast scans agree with the exact one on random signals, with and without plateaus. */
void testExtremaFastEqualsExact() {
  Lcg rng{7};
  for (int trial = 0; trial < 300; trial++) {
    const int32_t n = 3 + static_cast<int32_t>(rng.uniform() * 300);
    const bool plateaus = trial % 2 == 1;
    std::vector<double> s(static_cast<size_t>(n));
    for (double& v : s) v = plateaus ? std::floor(rng.uniform() * 4) : rng.gauss();
    const Found exact = extremaOf(s, Isa::Generic, true);
    for (Isa isa : {Isa::Generic, bestIsa()}) {
      const Found f = extremaOf(s, isa);
      CHECK(f.max == exact.max);
      CHECK(f.min == exact.min);
    }
  }
}

// ------------------------------------------------------------ mirroring ----

struct KnotList {
  std::vector<double> maxT, maxV, minT, minV;
};

KnotList knotsOf(const std::vector<double>& s, int32_t nbsym, KnotStatus expect = KNOTS_OK) {
  const int32_t n = static_cast<int32_t>(s.size());
  const Found f = extremaOf(s, Isa::Generic);
  std::vector<int32_t> mx = f.max, mn = f.min;
  Extrema e{mx.data(), mn.data(), static_cast<int32_t>(mx.size()), static_cast<int32_t>(mn.size())};
  const size_t cap = static_cast<size_t>(knotCapacity(n));
  std::vector<double> buf(4 * cap);
  Knots k{buf.data(), buf.data() + cap, buf.data() + 2 * cap, buf.data() + 3 * cap, 0, 0};
  CHECK_EQ(prepareKnots(s.data(), n, e, nbsym, &k), expect);
  KnotList out;
  if (expect != KNOTS_OK) return out;
  out.maxT.assign(k.maxT, k.maxT + k.nMax);
  out.maxV.assign(k.maxV, k.maxV + k.nMax);
  out.minT.assign(k.minT, k.minT + k.nMin);
  out.minV.assign(k.minV, k.minV + k.nMin);
  return out;
}

// Base shape, n = 9, maxima at 1, 3, 5, 7 and minima at 2, 4, 6:
//   idx: 0   1  2  3  4  5  6  7  8
//   s:   s0  3  1  4  0  4  1  3  s8
void testMirrorCases() {
  // Left: the first extremum is the max at 1 and s0 = 2.5 > s[2] = 1, so mirror about
  // t = 1 (t ↦ 2 − t): the maxima after it, 5 and 3, go to −3, −1; the minima 4, 2 to −2, 0.
  // Right: the last extremum is the max at 7 and s8 = 2 > s[6] = 1, so mirror about t = 7
  // (t ↦ 14 − t): maxima 5, 3 → 9, 11; minima 6, 4 → 8, 10.
  KnotList k = knotsOf({2.5, 3, 1, 4, 0, 4, 1, 3, 2}, 2);
  CHECK((k.maxT == std::vector<double>{-3, -1, 1, 3, 5, 7, 9, 11}));
  CHECK((k.maxV == std::vector<double>{4, 4, 3, 4, 4, 3, 4, 4}));
  CHECK((k.minT == std::vector<double>{-2, 0, 2, 4, 6, 8, 10}));
  CHECK((k.minV == std::vector<double>{0, 1, 1, 0, 1, 1, 0}));

  // s0 = 0.5 ≤ s[2] = 1: mirror about t = 0, and s0 joins the minima as the knot (0, 0.5).
  // Left maxima 3, 1 → −3, −1; minima: 2 → −2, then the end sample.
  // Right: s8 = 0.5 ≤ s[6] = 1: mirror about t = 8, s8 joins the minima first:
  // maxima 7, 5 → 9, 11; minima: (8, 0.5), then 6 → 10.
  k = knotsOf({0.5, 3, 1, 4, 0, 4, 1, 3, 0.5}, 2);
  CHECK((k.maxT == std::vector<double>{-3, -1, 1, 3, 5, 7, 9, 11}));
  CHECK((k.maxV == std::vector<double>{4, 3, 3, 4, 4, 3, 3, 4}));
  CHECK((k.minT == std::vector<double>{-2, 0, 2, 4, 6, 8, 10}));
  CHECK((k.minV == std::vector<double>{1, 0.5, 1, 0, 1, 0.5, 1}));

  // The mirror image: minima 1, 3, 5, 7, maxima 2, 4, 6. Left: first extremum the min at 1,
  // s0 = −2.5 < s[2] = −1, so mirror about t = 1: minima 5, 3 → −3, −1; maxima 4, 2 → −2, 0.
  // Right: last extremum the min at 7, s8 = −2 < s[6] = −1: about t = 7, maxima 6, 4 → 8, 10.
  k = knotsOf({-2.5, -3, -1, -4, 0, -4, -1, -3, -2}, 2);
  CHECK((k.minT == std::vector<double>{-3, -1, 1, 3, 5, 7, 9, 11}));
  CHECK((k.maxT == std::vector<double>{-2, 0, 2, 4, 6, 8, 10}));
  CHECK((k.maxV == std::vector<double>{0, -1, -1, 0, -1, -1, 0}));

  // nbsym = 1: one extremum of each kind per side. Left about t = 1: max 3 → −1, min 2 → 0.
  // Right about t = 7: max 5 → 9, min 6 → 8.
  k = knotsOf({2.5, 3, 1, 4, 0, 4, 1, 3, 2}, 1);
  CHECK((k.maxT == std::vector<double>{-1, 1, 3, 5, 7, 9}));
  CHECK((k.minT == std::vector<double>{0, 2, 4, 6, 8}));

  // A huge nbsym saturates: every extremum is mirrored, as with nbsym = 4 (≥ the 4 maxima).
  const KnotList big = knotsOf({2.5, 3, 1, 4, 0, 4, 1, 3, 2}, 1 << 30);
  const KnotList four = knotsOf({2.5, 3, 1, 4, 0, 4, 1, 3, 2}, 4);
  CHECK(big.maxT == four.maxT && big.minT == four.minT && big.maxV == four.maxV && big.minV == four.minV);

  // Fallback to the end sample on both sides: n = 7, one max at 2, one min at 4.
  //   d = [1, 1, −2, −1, 0.5, 0.5].
  // Left: max first and s0 = 1 > s[4] = 0 → about t = 2; the maxima after the first are none,
  // so the list falls back to the whole array {2}, whose image 4 − 2 = 2 lies inside the
  // window: mirror about t = 0 instead, maxima {2} → −2; the minima list {4} → −4.
  // Right: last max 2 < last min 4 and s6 = 1 < s[2] = 3 → about t = 4; the minima list is
  // empty, falls back to {4}, whose image 8 − 4 = 4 < 6: mirror about t = 6 instead,
  // minima {4} → 8; the maxima list {2} → 10. No end sample becomes a knot.
  k = knotsOf({1, 2, 3, 1, 0, 0.5, 1}, 2);
  CHECK((k.maxT == std::vector<double>{-2, 2, 10}));
  CHECK((k.maxV == std::vector<double>{3, 3, 3}));
  CHECK((k.minT == std::vector<double>{-4, 4, 8}));
  CHECK((k.minV == std::vector<double>{0, 0, 0}));
}

// ------------------------------------------------------------ splines ----

/** Envelope of the knots through both entry points (single and pair) and both builds; all must agree. */
std::vector<double> envelopeOf(const std::vector<double>& t, const std::vector<double>& v, int32_t n) {
  const int32_t m = static_cast<int32_t>(t.size());
  std::vector<double> scratch(5 * t.size() + 8);
  std::vector<int32_t> pieces(t.size());
  const SplineScratch sc{scratch.data(),         scratch.data() + m,     scratch.data() + 2 * m,
                         scratch.data() + 3 * m, scratch.data() + 4 * m, pieces.data()};
  std::vector<double> out(static_cast<size_t>(n + EVAL_PAD)), other(static_cast<size_t>(n + EVAL_PAD));
  CHECK_EQ(splineEnvelope(t.data(), v.data(), m, n, out.data(), sc, Isa::Generic), SPLINE_OK);
  CHECK_EQ(splineEnvelope(t.data(), v.data(), m, n, other.data(), sc, bestIsa()), SPLINE_OK);
  for (int32_t x = 0; x < n; x++) CHECK(sameBits(out[x], other[x]));
  out.resize(static_cast<size_t>(n));
  return out;
}

void testSplineThreePoints() {
  // Natural cubic through (−1, 0), (1, 2), (3, 0), derived with second derivatives M:
  // M0 = M2 = 0 and (h/6)M0 + (2h/3)M1 + (h/6)M2 = δ1 − δ0 with h = 2, δ = ±1 → M1 = −3/2.
  // On [−1, 1]: S(x) = M1(x+1)³/(6h) + (y0/h − M0·h/6)(1 − x) + (y1/h − M1·h/6)(x + 1),
  // so S(0) = −1.5/12 + 0 + (1 + 0.5) = 1.375; by symmetry S(2) = 1.375, and S(1) = 2.
  const std::vector<double> s = envelopeOf({-1, 1, 3}, {0, 2, 0}, 3);
  CHECK_NEAR(s[0], 1.375, 1e-15);
  CHECK_NEAR(s[1], 2.0, 1e-15);
  CHECK_NEAR(s[2], 1.375, 1e-15);
}

void testSplineFourPointsIsTheCubic() {
  // With 4 knots the not-a-knot spline is the one cubic through them. p(t) = t³ − 2t + 1 at
  // t = −1, 0, 2, 3 is 2, 1, 5, 22; then the envelope at x = 0, 1, 2 is p = 1, 0, 5.
  const std::vector<double> s = envelopeOf({-1, 0, 2, 3}, {2, 1, 5, 22}, 3);
  CHECK_NEAR(s[0], 1.0, 1e-13);
  CHECK_NEAR(s[1], 0.0, 1e-13);
  CHECK_NEAR(s[2], 5.0, 1e-13);
}

void testSplineReproducesCubics() {
  // Not-a-knot splines reproduce every cubic exactly (up to rounding), whatever the spacing.
  auto p = [](double t) { return 0.5 * t * t * t - 3 * t * t + 2 * t - 7; };
  const std::vector<double> t = {-3, -1, 0, 1, 4, 5, 7, 9, 10, 12, 13, 15, 16, 19, 22};
  std::vector<double> v;
  for (double ti : t) v.push_back(p(ti));
  const int32_t n = 20;
  const std::vector<double> s = envelopeOf(t, v, n);
  for (int32_t x = 0; x < n; x++) CHECK_NEAR(s[x], p(x), 1e-10 * (1 + std::fabs(p(x))));
}

void testSplineRejectsBadKnots() {
  std::vector<double> out(16 + EVAL_PAD), scratch(64);
  std::vector<int32_t> pieces(12);
  const SplineScratch sc{scratch.data(),      scratch.data() + 12, scratch.data() + 24,
                         scratch.data() + 36, scratch.data() + 48, pieces.data()};
  const double t2[] = {0, 5}, v2[] = {1, 2};
  CHECK_EQ(splineEnvelope(t2, v2, 2, 5, out.data(), sc, Isa::Generic), SPLINE_TOO_FEW);
  const double t3[] = {1, 2, 5}, v3[] = {1, 2, 3};  // starts after t = 0
  CHECK_EQ(splineEnvelope(t3, v3, 3, 5, out.data(), sc, Isa::Generic), SPLINE_NO_SPAN);
  const double t4[] = {0, 2, 2, 6}, v4[] = {1, 2, 3, 4};  // a repeated time
  CHECK_EQ(splineEnvelope(t4, v4, 4, 5, out.data(), sc, Isa::Generic), SPLINE_NOT_SORTED);
}

// ------------------------------------------------------------ FFT / Hilbert ----

void testFftKnownSignal() {
  // x[k] = cos(2π·3k/n): the forward transform is n/2 at bins 3 and n − 3, zero elsewhere.
  for (int32_t n : {16, 12, 7}) {  // radix-2, and Bluestein for 12 and 7
    FftPlan plan(32);
    plan.prepare(n);
    std::vector<double> re(static_cast<size_t>(n)), im(static_cast<size_t>(n));
    for (int32_t k = 0; k < n; k++) re[k] = std::cos(2 * kPi * 3 * k / n);
    plan.forward(re.data(), im.data());
    for (int32_t b = 0; b < n; b++) {
      const double want = (b == 3 || b == n - 3) ? n / 2.0 : 0.0;
      CHECK_NEAR(re[b], want, 1e-12);
      CHECK_NEAR(im[b], 0.0, 1e-12);
    }
    plan.inverse(re.data(), im.data());
    for (int32_t k = 0; k < n; k++) {
      CHECK_NEAR(re[k], std::cos(2 * kPi * 3 * k / n), 1e-13);
      CHECK_NEAR(im[k], 0.0, 1e-13);
    }
  }
}

void testHilbertOfCosine() {
  // The analytic signal of cos(ωk) with ω = 2π·5/n (a whole number of periods) is e^{iωk}:
  // amplitude 1, unwrapped phase ωk, frequency 5/n cycles per sample everywhere.
  for (int32_t n : {64, 60}) {
    FftPlan plan(64);
    std::vector<double> x(static_cast<size_t>(n)), a(64), p(64), f(64), re(64), im(64);
    const double w = 2 * kPi * 5 / n;
    for (int32_t k = 0; k < n; k++) x[k] = std::cos(w * k);
    hilbertSpectrum(x.data(), n, &plan, HilbertOutput{a.data(), p.data(), f.data(), re.data(), im.data()});
    for (int32_t k = 0; k < n; k++) {
      CHECK_NEAR(a[k], 1.0, 1e-12);
      CHECK_NEAR(p[k], w * k, 1e-10);
      CHECK_NEAR(f[k], 5.0 / n, 1e-12);
    }
  }
}

void testUnwrap() {
  // Steps below π stay; a step of −6 is brought to −6 + 2π, and the correction carries on.
  const double p[] = {0, 3, -3, -2};
  double out[4];
  unwrapPhase(p, 4, out);
  CHECK_EQ(out[0], 0);
  CHECK_EQ(out[1], 3);
  CHECK_NEAR(out[2], 2 * kPi - 3, 1e-15);
  CHECK_NEAR(out[3], 2 * kPi - 2, 1e-15);
}

/** Units in the last place between a and the correctly placed b (|b|'s spacing). */
double ulpsFrom(double a, double b) {
  const double spacing = std::nextafter(std::fabs(b), INFINITY) - std::fabs(b);
  return std::fabs(a - b) / spacing;
}

void testPhaseAtan2() {
  // Within 2 ulp of glibc's atan2 in every quadrant and at every scale (deterministic LCG draws).
  uint32_t s = 12345;
  auto u = [&s]() {
    s = 1664525u * s + 1013904223u;
    return (s + 0.5) / 4294967296.0 * 2 - 1;
  };
  double worst = 0;
  for (int32_t i = 0; i < 400000; i++) {
    const int32_t scaleY = static_cast<int32_t>((u() + 1) * 20) - 20, scaleX = i % 3 == 0 ? scaleY : static_cast<int32_t>((u() + 1) * 20) - 20;
    const double y = std::ldexp(u(), scaleY), x = std::ldexp(u(), scaleX);
    worst = std::fmax(worst, ulpsFrom(phaseAtan2(y, x), std::atan2(y, x)));
  }
  CHECK(worst <= 2);
  // The special values, bit for bit: signed zeros pick the half-plane and the side, as atan2.
  const double z = 0.0, nz = -0.0;
  const double special[][2] = {{z, z}, {nz, z}, {z, nz}, {nz, nz}, {1, z}, {1, nz}, {-1, z}, {-1, nz}, {z, 1},
                               {nz, 1}, {z, -1}, {nz, -1}, {1, 1}, {-1, -1}, {1, -1}, {-1, 1}, {1e-300, 1e300},
                               {1e300, -1e-300}, {5e-324, 1}, {1, 5e-324}};
  for (const auto& v : special) CHECK(sameBits(phaseAtan2(v[0], v[1]), std::atan2(v[0], v[1])));
  CHECK(std::isnan(phaseAtan2(std::nan(""), 1)) && std::isnan(phaseAtan2(1, std::nan(""))));
}

void testHilbertPointEqualsSpectrum() {
  // hilbertPoint is hilbertSpectrum's value at one sample, bit for bit, and the generic
  // and AVX2 builds give the same bits (the angles run four at a time in the latter).
  for (int32_t n : {1, 2, 3, 64, 100, 257, 1024}) {
    std::vector<double> x = randomWalk(n, 11);
    for (int32_t i = 1; i < n; i++) x[i] = x[i] - x[i - 1] + std::sin(0.9 * i);  // fast and slow parts
    std::vector<double> ref[3];
    for (Isa isa : {Isa::Generic, bestIsa()}) {
      FftPlan plan(n, isa);
      std::vector<double> a(n), p(n), f(n), re(n), im(n);
      hilbertSpectrum(x.data(), n, &plan, HilbertOutput{a.data(), p.data(), f.data(), re.data(), im.data()});
      if (ref[0].empty()) {
        ref[0] = a, ref[1] = p, ref[2] = f;
      } else {
        for (int32_t k = 0; k < n; k++) CHECK(sameBits(a[k], ref[0][k]) && sameBits(p[k], ref[1][k]) && sameBits(f[k], ref[2][k]));
      }
      for (int32_t at = 0; at < n; at++) {
        HilbertPoint q{};
        hilbertPoint(x.data(), n, at, &plan, re.data(), im.data(), &q);
        CHECK(sameBits(q.amplitude, a[at]));
        CHECK(sameBits(q.phaseRad, p[at]));
        CHECK(sameBits(q.frequencyCyclesPerSample, f[at]));
      }
    }
  }
}

// ------------------------------------------------------------ EMD ----

struct Decomposition {
  int32_t count;
  std::vector<double> out;  // layout of EmdOutput below
  int32_t n, slots;
  const double* imf(int32_t k) const { return out.data() + slots + static_cast<size_t>(k + 1) * n; }
  const double* residue() const { return out.data() + slots; }
  double sifts(int32_t k) const { return out[static_cast<size_t>(k)]; }
};

Decomposition decompose(const std::vector<double>& x, const EmdOptions& opts, Isa isa, int32_t slots = 24,
                        int32_t capacity = 0) {
  const int32_t n = static_cast<int32_t>(x.size());
  EmdWorkspace ws(capacity > 0 ? capacity : (n > 3 ? n : 3), isa);
  Decomposition d{0, std::vector<double>(static_cast<size_t>(slots) + (slots + 1) * x.size()), n, slots};
  const EmdOutput o{d.out.data() + slots + n, d.out.data(), slots, d.out.data() + slots};
  d.count = ws.emd(x.data(), n, opts, o);
  return d;
}

void testMonotoneIsAllResidue() {
  std::vector<double> x(50);
  for (int32_t i = 0; i < 50; i++) x[i] = 3 + 0.1 * i * i;
  const Decomposition d = decompose(x, EmdOptions{}, bestIsa());
  CHECK_EQ(d.count, 0);
  for (int32_t i = 0; i < 50; i++) CHECK_EQ(d.residue()[i], x[i]);
}

void testFlatEnvelopesHitTheCap() {
  // x = [3, 0, 0, 2, 0, 0, 0, −1, −1, 2, 0, 0], d = [−3, 0, 2, −2, 0, 0, −1, 0, 3, −2, 0].
  // Extrema: the run d[1] (a = 1) is dropped; strict max at 3; the run d[4..5] falls then
  // falls (none); the run d[7] falls then rises: min at round(7.5) = 8; strict max at 9; the
  // run d[10] reaches the end (dropped). Maxima {3, 9}, minima {8}.
  // Knots: left about the max at 3 (s0 = 3 > s[8]): max 9 → −3, min 8 → −2. Right: the last
  // extremum is the max at 9, s11 = 0 > s[8] = −1 → about 9, but the min image 18 − 8 = 10 < 11,
  // so about t = 11: maxima 9, 3 → 13, 19, min 8 → 14. Every max knot is 2 and every min knot
  // −1, so the envelopes are exactly 2 and −1 (constant data: zero slopes, zero coefficients)
  // and h = x − 0.5. The next sift finds the same extrema with knots 1.5 / −1.5, a mean of
  // exactly 0 and h unchanged: a fixed point with 3 extrema and 5 zero crossings, so
  // |3 − 5| < 2 never holds and sifting stops at the cap, maxIteration − 1 = 999 sifts.
  // Then r = x − IMF = 0.5 has range 0: done, one IMF, residue 0.5.
  const std::vector<double> x = {3, 0, 0, 2, 0, 0, 0, -1, -1, 2, 0, 0};
  const Decomposition d = decompose(x, EmdOptions{}, bestIsa());
  CHECK_EQ(d.count, 1);
  CHECK_EQ(d.sifts(0), 999);
  for (int32_t i = 0; i < 12; i++) {
    CHECK_EQ(d.imf(0)[i], x[i] - 0.5);
    CHECK_EQ(d.residue()[i], 0.5);
  }
}

void testOptions() {
  const std::vector<double> x = randomWalk(256, 20240601);
  EmdOptions fixe;
  fixe.fixe = 3;
  Decomposition d = decompose(x, fixe, bestIsa());
  CHECK(d.count > 0);
  for (int32_t k = 0; k < d.count; k++) CHECK_EQ(d.sifts(k), 3);

  EmdOptions capped;
  capped.maxIteration = 3;  // the counter is bumped before the cap test: at most 2 sifts
  d = decompose(x, capped, bestIsa());
  bool sawTwo = false;
  for (int32_t k = 0; k < d.count; k++) {
    CHECK(d.sifts(k) <= 2);
    sawTwo |= d.sifts(k) == 2;
  }
  CHECK(sawTwo);

  EmdOptions two;
  two.maxImf = 2;
  d = decompose(x, two, bestIsa());
  CHECK_EQ(d.count, 2);
  const Decomposition full = decompose(x, EmdOptions{}, bestIsa());
  CHECK(full.count > 2);
  for (int32_t i = 0; i < 256; i++) CHECK(sameBits(d.imf(0)[i], full.imf(0)[i]));

  EmdOptions fixeH;
  fixeH.fixeH = 2;  // the first sift never counts toward the run: at least 3 sifts each
  d = decompose(x, fixeH, bestIsa());
  for (int32_t k = 0; k < d.count; k++) CHECK(d.sifts(k) >= 3);
}

/** Σ IMFs + residue gives x back to rounding, and the residue is x minus the IMFs summed in order. */
void testReconstruction() {
  for (uint32_t seed : {1u, 2u, 3u}) {
    const std::vector<double> x = tickRounded(randomWalk(700, seed));
    const Decomposition d = decompose(x, EmdOptions{}, bestIsa());
    CHECK(d.count > 0);
    for (int32_t i = 0; i < 700; i++) {
      double sum = 0;
      for (int32_t k = 0; k < d.count; k++) sum += d.imf(k)[i];
      CHECK(sameBits(d.residue()[i], x[i] - sum));
      CHECK_NEAR(sum + d.residue()[i], x[i], 1e-12);
    }
  }
}

/** The generic and AVX2 builds give the same bits; a workspace larger than n changes nothing. */
void testIsaParity() {
  for (int32_t n : {256, 513, 1024}) {
    for (uint32_t seed : {5u, 6u}) {
      for (bool tick : {false, true}) {
        std::vector<double> x = randomWalk(n, seed);
        if (tick) x = tickRounded(x);
        const Decomposition a = decompose(x, EmdOptions{}, Isa::Generic);
        const Decomposition b = decompose(x, EmdOptions{}, bestIsa(), 24, 2048);
        CHECK_EQ(a.count, b.count);
        CHECK(a.count > 0);
        for (size_t i = 0; i < a.out.size(); i++) CHECK(sameBits(a.out[i], b.out[i]));
      }
    }
  }
}

void testBadInputAndSlots() {
  std::vector<double> x = randomWalk(64, 9);
  x[17] = std::nan("");
  CHECK_EQ(decompose(x, EmdOptions{}, bestIsa()).count, EMD_E_NONFINITE);
  x[17] = INFINITY;
  CHECK_EQ(decompose(x, EmdOptions{}, bestIsa()).count, EMD_E_NONFINITE);
  CHECK_EQ(decompose({1, 2}, EmdOptions{}, bestIsa()).count, EMD_E_LENGTH);
  CHECK_EQ(decompose(randomWalk(64, 9), EmdOptions{}, bestIsa(), 24, 32).count, EMD_E_LENGTH);
  EmdOptions bad;
  bad.nbsym = 0;
  CHECK_EQ(decompose(randomWalk(64, 9), bad, bestIsa()).count, EMD_E_NBSYM);

  // The runaway bound: a walk of several IMFs is refused when the bound is one IMF, and
  // a bound of exactly its IMF count changes nothing (the trend pass that ends the
  // loop produces an IMF that is dropped, which does not count).
  const std::vector<double> walk = randomWalk(256, 12);
  const Decomposition free = decompose(walk, EmdOptions{}, bestIsa());
  CHECK(free.count > 1);
  EmdOptions capped;
  capped.imfCap = 1;
  CHECK_EQ(decompose(walk, capped, bestIsa()).count, EMD_E_RUNAWAY);
  capped.imfCap = free.count;
  CHECK_EQ(decompose(walk, capped, bestIsa()).count, free.count);

  // Too few slots: the count is still right, the first IMFs and the residue are written.
  const std::vector<double> w = randomWalk(512, 11);
  const Decomposition full = decompose(w, EmdOptions{}, bestIsa());
  const Decomposition one = decompose(w, EmdOptions{}, bestIsa(), 1);
  CHECK(full.count > 1);
  CHECK_EQ(one.count, full.count);
  CHECK_EQ(one.sifts(0), full.sifts(0));
  for (int32_t i = 0; i < 512; i++) {
    CHECK(sameBits(one.imf(0)[i], full.imf(0)[i]));
    CHECK(sameBits(one.residue()[i], full.residue()[i]));
  }
}

}  // namespace

int main() {
  testExtremaHandWorked();
  testZeroCrossingsHandWorked();
  testExtremaFastEqualsExact();
  testMirrorCases();
  testSplineThreePoints();
  testSplineFourPointsIsTheCubic();
  testSplineReproducesCubics();
  testSplineRejectsBadKnots();
  testFftKnownSignal();
  testHilbertOfCosine();
  testUnwrap();
  testPhaseAtan2();
  testHilbertPointEqualsSpectrum();
  testMonotoneIsAllResidue();
  testFlatEnvelopesHitTheCap();
  testOptions();
  testReconstruction();
  testIsaParity();
  testBadInputAndSlots();
  std::printf("hht_test: %d checks passed (simd: %s)\n", g_checks, bestIsa() == Isa::Avx2 ? "avx2" : "baseline");
  return 0;
}
