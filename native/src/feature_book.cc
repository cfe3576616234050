// FeatureBook: see feature_book.h; src/features/engine.ts is the specification
// of the order of hooks, the validity test, the flags and the row header.
#include "feature_book.h"

#include <cmath>

#include "feature_columns.h"

namespace btc {
namespace feat {

namespace {

/** Levels per side the flow module reads (flow.ts: max(5, iOFI levels)). */
uint32_t flowLevels(const FeatureParams& p) { return p.iofiLevels > MLOFI_LEVELS ? p.iofiLevels : MLOFI_LEVELS; }

}  // namespace

FeatureBook::FeatureBook(const FeatureParams& p)
    : p_(p), static_(p, flowLevels(p)), flow_(p), dynamics_(p), trades_(p) {}

int32_t FeatureBook::applyBatch(const Event* in, uint32_t count, double* rows, uint32_t rowCap, double* counters) {
  // After a tape overflow the feature state no longer follows the stream: refuse
  // every batch until the kernel is recreated (the addon's reset()).
  if (failed_) return E_CAPACITY;
  rows_ = rows;
  const int32_t rc = book_.run(in, count, rowCap, counters, *this);
  if (rc == E_CAPACITY) failed_ = true;
  return rc;
}

double FeatureBook::tMs(const Event& e) {
  const double t = eventMs(e.exchTsNs);
  if (std::isnan(startMs_)) startMs_ = t;
  return t;
}

bool FeatureBook::trade(const Event& rec) {
  const double t = tMs(rec);
  const bool buy = (rec.flags & SIDE_BUY) != 0;
  flow_.onTrade(t);
  dynamics_.onTrade(t, buy, rec.qty);
  return trades_.onTrade(t, buy, rec.px, rec.qty);
}

void FeatureBook::gap(const Event& hdr) {
  static_.invalidate();
  const double t = tMs(hdr);
  flow_.onGap(t);
  dynamics_.onGap(t);
  trades_.onGap(t);
}

bool FeatureBook::before(const Event& hdr, uint32_t) {
  const double t = tMs(hdr);
  const uint32_t bb = static_cast<uint32_t>(book_.bestBid()), ba = static_cast<uint32_t>(book_.bestAsk());
  const bool valid = bb > 0 && ba > 0 && bb <= ba;
  const double mid = valid ? (p_.tick.value(bb) + p_.tick.value(ba)) / 2 : NaN;
  flow_.beforeBook(t);
  dynamics_.beforeBook(t, valid, mid);
  trades_.beforeBook(t);
  // Level changes matter to dynamics on a valid pre-update book, and to the
  // static features when they can carry the last row's sums over.
  levelHooks_ = static_.beginMessage(bb, ba);
  return valid || levelHooks_;
}

void FeatureBook::after(uint32_t slot, const Event& hdr, uint32_t outFlags, uint32_t) {
  const double t = tMs(hdr);
  double* row = rows_ + static_cast<uint64_t>(slot) * p_.rowStride();
  double* f = row + ROW_FEATURES;
  const uint32_t bb = static_cast<uint32_t>(book_.bestBid()), ba = static_cast<uint32_t>(book_.bestAsk());
  const bool valid = bb > 0 && ba > 0 && bb <= ba;
  double mid = NaN;
  uint32_t flags;
  if (valid) {
    mid = (p_.tick.value(bb) + p_.tick.value(ba)) / 2;
    flags = static_.compute(book_.bids(), book_.asks(), bb, ba, f);
  } else {
    static_.invalidate();
    fillNaN(f, p_.columns());
    flags = bb == 0 || ba == 0 ? FLAG_EMPTY_SIDE : FLAG_CROSSED;
  }
  const bool resync = (outFlags & OUTF_SNAPSHOT) != 0;
  flags |= flow_.afterBook(t, valid, mid, resync, static_.bids(), static_.asks(), f);
  flags |= dynamics_.afterBook(t, valid, mid, static_cast<double>(ba) - static_cast<double>(bb), f);
  flags |= trades_.afterBook(t, valid, mid, f);
  if (resync) flags |= FLAG_OFI_RESET;
  if (t - startMs_ < WARMUP_MS) flags |= FLAG_WARMUP;
  row[ROW_TS_MS] = std::floor(t);
  row[ROW_U] = hdr.id;
  row[ROW_FLAGS] = static_cast<double>(flags);
}

}  // namespace feat
}  // namespace btc
