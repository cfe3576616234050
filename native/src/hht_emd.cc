// EMD loop, `reference` mode; see hht_emd.h. The loop structure is PyEMD's, as
// in src/hht/emd.ts, because its order decides corner cases:
//   - the sift counter is bumped before the cap test (at most maxIteration − 1 sifts);
//   - extNo is the extrema count of whatever was examined last (post-sift h by
//     default, pre-sift h with fixe); when the decomposition ends with extNo ≤ 2
//     the last IMF is dropped into the residue, even a sifted one;
//   - the IMF test uses the knots of the envelopes of the pre-sift h.
// One saving the TS reference does not make: the extrema of the post-sift h are
// exactly what the next sift would find first, so they are kept (extValid)
// instead of being searched again. The sift writes into the other h buffer
// (hA_/hB_ swap roles) so the pre-sift h needs no copy, and it happens inside
// the lower envelope's evaluation (hht_eval.h), so `lower` is never stored.
#include "hht_emd.h"

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <utility>

#include "hht_stop.h"

namespace btc {
namespace hht {

EmdWorkspace::EmdWorkspace(int32_t capacity, Isa isa)
    : capacity_(capacity),
      isa_(isa),
      maxIdx_(static_cast<size_t>(capacity) + EXTREMA_PAD),
      minIdx_(static_cast<size_t>(capacity) + EXTREMA_PAD),
      knotBuf_(4 * static_cast<size_t>(knotCapacity(capacity))),
      splineBuf_(10 * static_cast<size_t>(knotCapacity(capacity))),
      pieceBuf_(2 * static_cast<size_t>(knotCapacity(capacity))),
      upper_(static_cast<size_t>(capacity) + EVAL_PAD),
      hA_(static_cast<size_t>(capacity) + EVAL_PAD),
      hB_(static_cast<size_t>(capacity) + EVAL_PAD),
      sumA_(static_cast<size_t>(capacity)),
      sumB_(static_cast<size_t>(capacity)) {
  const size_t k = static_cast<size_t>(knotCapacity(capacity));
  ext_ = {maxIdx_.data(), minIdx_.data(), 0, 0};
  knots_ = {knotBuf_.data(), knotBuf_.data() + k, knotBuf_.data() + 2 * k, knotBuf_.data() + 3 * k, 0, 0};
  double* sp = splineBuf_.data();
  splineU_ = {sp, sp + k, sp + 2 * k, sp + 3 * k, sp + 4 * k, pieceBuf_.data()};
  splineL_ = {sp + 5 * k, sp + 6 * k, sp + 7 * k, sp + 8 * k, sp + 9 * k, pieceBuf_.data() + k};
  h_ = hA_.data();
  hOld_ = hB_.data();
}

int32_t EmdWorkspace::emd(const double* x, int32_t n, const EmdOptions& opts, const EmdOutput& out) {
  if (n < 3 || n > capacity_) return EMD_E_LENGTH;
  if (opts.nbsym < 1) return EMD_E_NBSYM;
  for (int32_t i = 0; i < n; i++) {
    if (!std::isfinite(x[i])) return EMD_E_NONFINITE;
  }
  // sum = Σ IMFs so far; sumPrev = the same without the newest IMF, kept for the
  // case where that IMF is dropped at the end.
  double* sum = sumA_.data();
  double* sumPrev = sumB_.data();
  // Only the first sum needs zeros: the first IMF's step writes the other one.
  std::memset(sum, 0, sizeof(double) * static_cast<size_t>(n));
  int32_t extNo = -1, count = 0;
  bool finished = false;

  for (int32_t i = 0; i < n; i++) h_[i] = x[i] - sum[i];
  while (!finished) {
    // h_ = x − ΣIMFs: the line above, then addImfAndTestResidue after each IMF.
    int64_t sifts = 0;
    const int32_t rc = sift(n, opts, &extNo, &sifts, &finished);
    if (rc < 0) return rc;
    if (count < out.imfSlots) {
      std::memcpy(out.imfs + static_cast<size_t>(count) * n, h_, sizeof(double) * static_cast<size_t>(n));
      out.sifts[count] = static_cast<double>(sifts);
    }
    count++;
    std::swap(sum, sumPrev);
    // sum = sumPrev + IMF, and the next h = x − sum into the free buffer.
    const bool done = addImfAndTestResidue(x, sumPrev, h_, sum, hOld_, n, opts.rangeThreshold,
                                           opts.totalPowerThreshold, isa_);
    std::swap(h_, hOld_);
    if (done || static_cast<double>(count) == opts.maxImf) {
      finished = true;
    }
    // The reference has no bound on the IMF count and, once x − ΣIMFs stops changing
    // in float64 (x spanning ~1e16 in magnitude), never ends; the kernel reports more
    // than imfCap IMFs instead. (The newest IMF does not count when it is about to be
    // dropped: the loop ends with extNo ≤ 2.)
    if (opts.imfCap > 0 && count > opts.imfCap && !(finished && extNo <= 2)) return EMD_E_RUNAWAY;
  }

  const double* kept = sum;
  if (extNo <= 2) {
    count--;
    kept = sumPrev;
  }
  for (int32_t i = 0; i < n; i++) out.residue[i] = x[i] - kept[i];
  return count;
}

int32_t EmdWorkspace::sift(int32_t n, const EmdOptions& opts, int32_t* extNo, int64_t* sifts, bool* finished) {
  const ImfThresholds thr{opts.svarThreshold, opts.stdThreshold, opts.energyRatioThreshold};
  double* upper = upper_.data();
  int64_t iteration = 0, protoImfRun = 0;
  bool extValid = false;  // ext_ holds the extrema of h_ already

  for (;;) {
    iteration++;
    if (static_cast<double>(iteration) >= opts.maxIteration) break;
    if (!extValid) {
      findExtrema(h_, n, &ext_, isa_);
      *extNo = ext_.total();
    }
    extValid = false;
    if (*extNo <= 2) {  // a trend: the residue, not an IMF
      *finished = true;
      break;
    }

    const KnotStatus ks = prepareKnots(h_, n, ext_, opts.nbsym, &knots_);
    if (ks == KNOTS_LEFT_EDGE) return EMD_E_LEFT_EDGE;
    if (ks == KNOTS_RIGHT_EDGE) return EMD_E_RIGHT_EDGE;
    if (ks != KNOTS_OK) return EMD_E_KNOTS;
    // The sift h ← h − (upper + lower)/2 is folded into the lower envelope's
    // evaluation, writing into the other buffer, which becomes h.
    std::swap(h_, hOld_);
    if (envelopePair(knots_, n, upper, EvalTarget{h_, hOld_, upper}, splineU_, splineL_, isa_) != SPLINE_OK) {
      return EMD_E_KNOTS;
    }
    (*sifts)++;

    if (opts.fixe > 0) {
      if (static_cast<double>(iteration) >= opts.fixe) break;
    } else if (opts.fixeH > 0) {
      findExtrema(h_, n, &ext_, isa_);
      *extNo = ext_.total();
      extValid = true;
      const int32_t zeroCrossings = countZeroCrossings(h_, n, isa_);
      if (iteration == 1) continue;
      protoImfRun = std::abs(*extNo - zeroCrossings) < 2 ? protoImfRun + 1 : 0;
      if (static_cast<double>(protoImfRun) >= opts.fixeH) break;
    } else {
      // knots_ still holds the knots of hOld_'s envelopes, as check_imf expects.
      findExtrema(h_, n, &ext_, isa_);
      *extNo = ext_.total();
      extValid = true;
      const bool isImf = knotSignsOk(knots_) && imfSumsOk(h_, hOld_, n, thr, isa_);
      if (isImf && std::abs(*extNo - countZeroCrossings(h_, n, isa_)) < 2) break;
    }
  }
  return 0;
}

}  // namespace hht
}  // namespace btc
