// Not-a-knot slope solves; see hht_solve.h. Rows (h_i = t_{i+1} − t_i, δ_i = d_i):
//   row 0:   h1·s0 + (h0+h1)·s1 = ((h0 + 2(h0+h1))·h1·δ0 + h0²·δ1)/(h0+h1)
//   row i:   h_i·s_{i−1} + 2(h_{i−1}+h_i)·s_i + h_{i−1}·s_{i+1} = 3(h_i·δ_{i−1} + h_{i−1}·δ_i)
//   row m−1: mirror image of row 0.
//
// Why from both ends: each eliminated row is mul → sub → division on a
// dependency chain (≈6 ns on the bench machine), and the single forward sweep of
// the Thomas algorithm is one chain of m rows. Two chains of m/2 rows per system,
// four for the two envelopes of a sift (in the AVX2 build the lanes of one
// vector, so two vdivpd per step), cut the solve from ≈9 to ≈5 ns per pair of
// rows (upper + lower) and a whole N = 1024 decomposition by 7–10 % (docs/HHT.md).
// An interior row seen from either end is the same arithmetic with the roles of
// its two h's swapped ("near" is the h shared with the row eliminated before it,
// "far" the new one), so one step serves both directions.
#include "hht_solve.h"

namespace btc {
namespace hht {
namespace {

/** One elimination chain: forward (dir +1) from row 0 or backward (dir −1) from row m − 1. */
struct Chain {
  const double* t;
  const double* d;
  double* s;
  double* ratio;
  int32_t row;  // the last row eliminated
  int32_t dir;
  double nearH, nearD;       // h and δ the next row shares with `row`
  double ratioPrev, sPrev;   // row's ratio (its coupling to the next row / pivot) and right-hand side / pivot

  /** Eliminates row + dir, an interior row. */
  void step() {
    const int32_t f = dir > 0 ? row + 1 : row - 2;  // the chord the new row adds
    const double farH = t[f + 1] - t[f], farD = d[f];
    const double b = 2 * (nearH + farH), r = 3 * (farH * nearD + nearH * farD);
    const double pivot = b - farH * ratioPrev;
    ratioPrev = nearH / pivot;
    sPrev = (r - farH * sPrev) / pivot;
    row += dir;
    ratio[row] = ratioPrev;
    s[row] = sPrev;
    nearH = farH;
    nearD = farD;
  }

  /** Interior rows left before the meeting row k. */
  int32_t stepsTo(int32_t k) const { return dir > 0 ? k - 1 - row : row - (k + 1); }
};

Chain forwardStart(const NotAKnotSystem& a) {
  const double* t = a.t;
  const double h0 = t[1] - t[0], h1 = t[2] - t[1], d0 = a.d[0], d1 = a.d[1];
  const double w = h0 + h1;
  const double r = ((h0 + 2 * w) * h1 * d0 + h0 * h0 * d1) / w;
  Chain c{t, a.d, a.s, a.ratio, 0, 1, h0, d0, w / h1, r / h1};
  c.ratio[0] = c.ratioPrev;
  c.s[0] = c.sPrev;
  return c;
}

Chain backwardStart(const NotAKnotSystem& a) {
  const double* t = a.t;
  const int32_t m = a.m;
  const double h0 = t[m - 2] - t[m - 3], h1 = t[m - 1] - t[m - 2], d0 = a.d[m - 3], d1 = a.d[m - 2];
  const double w = h0 + h1;
  const double r = (h1 * h1 * d0 + (2 * w + h1) * h0 * d1) / w;
  Chain c{t, a.d, a.s, a.ratio, m - 1, -1, h1, d1, w / h0, r / h0};
  c.ratio[m - 1] = c.ratioPrev;
  c.s[m - 1] = c.sPrev;
  return c;
}

/** Row k = m >> 1 of a system from its two chains' last rows (k − 1 and k + 1). */
void meet(const Chain& fwd, const Chain& bwd, const NotAKnotSystem& a) {
  // Row k: a = h_k couples s_{k−1}, c = h_{k−1} couples s_{k+1}.
  const double hPrev = fwd.nearH, hNext = bwd.nearH;
  const double b = 2 * (hPrev + hNext), r = 3 * (hNext * fwd.nearD + hPrev * bwd.nearD);
  const double pivot = (b - hNext * fwd.ratioPrev) - hPrev * bwd.ratioPrev;
  a.s[a.m >> 1] = ((r - hNext * fwd.sPrev) - hPrev * bwd.sPrev) / pivot;
}

/**
 * Back substitution outward from row k: s_i −= ratio_i · s_{i+1} below k, s_i −=
 * ratio_i · s_{i−1} above it. Up to four chains (two per system) in one loop, the
 * newest s of each in a register (re-reading it from memory would put a
 * store-to-load delay on the chain).
 */
struct Back {
  double* s;
  const double* ratio;
  int32_t i, end, dir;
  double prev;

  static Back below(const NotAKnotSystem& a) { return Back{a.s, a.ratio, (a.m >> 1) - 1, -1, -1, a.s[a.m >> 1]}; }
  static Back above(const NotAKnotSystem& a) { return Back{a.s, a.ratio, (a.m >> 1) + 1, a.m, 1, a.s[a.m >> 1]}; }
  int32_t left() const { return dir > 0 ? end - i : i - end; }
  void step() {
    prev = s[i] - ratio[i] * prev;
    s[i] = prev;
    i += dir;
  }
};

HHT_INLINE void backSubstitute(Back* c, int32_t count) {
  int32_t common = 0x7fffffff;
  for (int32_t p = 0; p < count; p++) common = c[p].left() < common ? c[p].left() : common;
  for (int32_t q = 0; q < common; q++) {
    for (int32_t p = 0; p < count; p++) c[p].step();
  }
  for (int32_t p = 0; p < count; p++) {
    while (c[p].left() > 0) c[p].step();
  }
}

/** Four chains, `steps` interior rows each, one step of each per iteration (scalar: the divisions overlap). */
HHT_INLINE void stepFourScalar(Chain* c, int32_t steps) {
  for (int32_t k = 0; k < steps; k++) {
    c[0].step();
    c[1].step();
    c[2].step();
    c[3].step();
  }
}

#if HHT_HAVE_AVX2_BUILD && HHT_VECTOR_EXTENSIONS
/**
 * The same steps with the four chains in the lanes of one vector: one division
 * for the four ratios and one for the four right-hand sides. Lane order: forward
 * a, backward a, forward b, backward b, which must have made no interior step yet.
 */
HHT_TARGET_AVX2 void stepFourAvx2(Chain* c, int32_t steps) {
  const double *ta = c[0].t, *da = c[0].d, *tb = c[2].t, *db = c[2].d;
  double *sa = c[0].s, *ra = c[0].ratio, *sb = c[2].s, *rb = c[2].ratio;
  const int32_t ma1 = c[1].row, mb1 = c[3].row;  // m − 1 of each system
  V4d nearH = {c[0].nearH, c[1].nearH, c[2].nearH, c[3].nearH};
  V4d nearD = {c[0].nearD, c[1].nearD, c[2].nearD, c[3].nearD};
  V4d ratioPrev = {c[0].ratioPrev, c[1].ratioPrev, c[2].ratioPrev, c[3].ratioPrev};
  V4d sPrev = {c[0].sPrev, c[1].sPrev, c[2].sPrev, c[3].sPrev};
  for (int32_t k = 1; k <= steps; k++) {
    // Forward row i = k adds chord i; backward row j = m − 1 − k adds chord j − 1.
    const int32_t ja = ma1 - k, jb = mb1 - k;
    const V4d hi = {ta[k + 1], ta[ja], tb[k + 1], tb[jb]};
    const V4d lo = {ta[k], ta[ja - 1], tb[k], tb[jb - 1]};
    const V4d farH = hi - lo;
    const V4d farD = {da[k], da[ja - 1], db[k], db[jb - 1]};
    const V4d b = 2 * (nearH + farH), r = 3 * (farH * nearD + nearH * farD);
    const V4d pivot = b - farH * ratioPrev;
    ratioPrev = nearH / pivot;
    sPrev = (r - farH * sPrev) / pivot;
    ra[k] = ratioPrev[0];
    ra[ja] = ratioPrev[1];
    rb[k] = ratioPrev[2];
    rb[jb] = ratioPrev[3];
    sa[k] = sPrev[0];
    sa[ja] = sPrev[1];
    sb[k] = sPrev[2];
    sb[jb] = sPrev[3];
    nearH = farH;
    nearD = farD;
  }
  for (int32_t p = 0; p < 4; p++) {
    c[p].row += c[p].dir * steps;
    c[p].nearH = nearH[p];
    c[p].nearD = nearD[p];
    c[p].ratioPrev = ratioPrev[p];
    c[p].sPrev = sPrev[p];
  }
}
#endif

}  // namespace

void solveNotAKnot(const NotAKnotSystem& a) {
  const int32_t k = a.m >> 1;
  Chain fwd = forwardStart(a), bwd = backwardStart(a);
  int32_t nf = fwd.stepsTo(k), nb = bwd.stepsTo(k);
  for (; nf > 0 && nb > 0; nf--, nb--) {
    fwd.step();
    bwd.step();
  }
  for (; nf > 0; nf--) fwd.step();
  for (; nb > 0; nb--) bwd.step();
  meet(fwd, bwd, a);
  Back back[2] = {Back::below(a), Back::above(a)};
  backSubstitute(back, 2);
}

void solveNotAKnotPair(const NotAKnotSystem& a, const NotAKnotSystem& b, Isa isa) {
  const int32_t ka = a.m >> 1, kb = b.m >> 1;
  Chain c[4] = {forwardStart(a), backwardStart(a), forwardStart(b), backwardStart(b)};
  const int32_t k[4] = {ka, ka, kb, kb};
  int32_t left[4], common = 0x7fffffff;
  for (int32_t p = 0; p < 4; p++) {
    left[p] = c[p].stepsTo(k[p]);
    if (left[p] < common) common = left[p];
  }
#if HHT_HAVE_AVX2_BUILD && HHT_VECTOR_EXTENSIONS
  if (isa == Isa::Avx2) {
    stepFourAvx2(c, common);
  } else {
    stepFourScalar(c, common);
  }
#else
  (void)isa;
  stepFourScalar(c, common);
#endif
  // The chains differ in length by a row or two: the rest one by one.
  for (int32_t p = 0; p < 4; p++) {
    for (int32_t q = common; q < left[p]; q++) c[p].step();
  }
  meet(c[0], c[1], a);
  meet(c[2], c[3], b);
  Back back[4] = {Back::below(a), Back::above(a), Back::below(b), Back::above(b)};
  backSubstitute(back, 4);
}

}  // namespace hht
}  // namespace btc
