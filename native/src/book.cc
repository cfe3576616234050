// Book::applyBatch: see book.h for layout, units, ownership and complexity, and
// src/book/reference.ts for the specification this file follows line by line
// (snapshot / bridging / continuity / gap rules, per-message best-price upkeep).
//
// All id arithmetic and comparisons are done in f64 exactly like the reference
// (NaN ids compare false and so count as gaps); build without -ffast-math.
#include "book.h"

#include <cstring>

namespace btc {

namespace {

/** The sink of applyBatch: writes one top-N output record per applied message. */
struct TopNSink {
  Book& book;
  double* out;
  uint64_t stride;
  uint32_t depth;

  bool trade(const Event&) { return true; }
  void gap(const Event&) {}
  bool before(const Event&, uint32_t) { return false; }
  void level(bool, uint32_t, double, double) {}
  void after(uint32_t slot, const Event& hdr, uint32_t flags, uint32_t changes) {
    double* o = out + slot * stride;
    o[OUT_FLAGS] = static_cast<double>(flags);
    o[OUT_ID] = hdr.id;
    o[OUT_EXCH_TS_MS] = static_cast<double>(hdr.exchTsNs / 1000000);  // truncates like BigInt division
    o[OUT_LEVEL_CHANGES] = static_cast<double>(changes);
    o[OUT_BID_COUNT] = static_cast<double>(book.bidCount());
    o[OUT_ASK_COUNT] = static_cast<double>(book.askCount());
    o[6] = 0;
    o[7] = 0;
    double* p = o + OUT_HEAD_F64;
    const uint32_t bestBid = static_cast<uint32_t>(book.bestBid());
    const uint32_t bestAsk = static_cast<uint32_t>(book.bestAsk());
    const uint32_t nb = bestBid > 0 ? book.bids().walkDown(bestBid, depth, p) : 0;
    if (nb < depth) std::memset(p + 2 * nb, 0, sizeof(double) * 2 * (depth - nb));
    p += 2 * static_cast<uint64_t>(depth);
    const uint32_t na = bestAsk > 0 ? book.asks().walkUp(bestAsk, depth, p) : 0;
    if (na < depth) std::memset(p + 2 * na, 0, sizeof(double) * 2 * (depth - na));
  }
};

}  // namespace

void Book::clearBook() {
  bids_.clear();
  asks_.clear();
  bestBid_ = 0;
  bestAsk_ = 0;
}

void Book::reset() {
  clearBook();
  valid_ = false;
  bridging_ = false;
  hadGap_ = false;
  lastId_ = -1;
}

void Book::release() {
  reset();
  bids_.release();
  asks_.release();
}

int32_t Book::applyBatch(const Event* in, uint32_t count, double* out, uint32_t outCap,
                         uint32_t depth, double* counters) {
  if (depth < 1) depth = 1;
  TopNSink sink{*this, out, outStrideF64(depth), depth};
  return run(in, count, outCap, counters, sink);
}

int32_t Book::admit(const Event& hdr, double* counters) {
  const double id = hdr.id;
  if ((hdr.flags & DEPTH_SNAPSHOT) != 0) {
    clearBook();
    int32_t outFlags = OUTF_SNAPSHOT;
    if (hadGap_) {
      counters[C_RESYNCS] += 1;
      outFlags |= OUTF_RESYNC;
      hadGap_ = false;
    }
    valid_ = true;
    bridging_ = true;
    lastId_ = id;
    return outFlags;
  }
  if (!valid_) {
    counters[C_SKIPPED] += 1;
    return ADMIT_SKIP;
  }
  const double first = hdr.ival;
  const double prev = hdr.fval;
  const bool usePrev = (hdr.flags & DEPTH_SEQ_PREV) != 0;
  if (bridging_) {
    if (usePrev ? id < lastId_ : id <= lastId_) {
      counters[C_STALE] += 1;
      return ADMIT_SKIP;
    }
    const double target = usePrev ? lastId_ : lastId_ + 1;
    if (first <= target && target <= id) {
      bridging_ = false;
      lastId_ = id;
      return 0;
    }
  } else if (usePrev ? prev == lastId_ && id > lastId_ : first == lastId_ + 1) {
    lastId_ = id;
    return 0;
  }
  counters[C_GAPS] += 1;
  counters[C_LAST_GAP_LINE] = hdr.px;
  valid_ = false;
  hadGap_ = true;
  clearBook();
  return ADMIT_GAP;
}

uint32_t Book::finishMessage(const Event& hdr, uint32_t flags, double* counters) {
  counters[C_APPLIED] += 1;
  if (bestBid_ > 0 && bestAsk_ > 0 && bestBid_ >= bestAsk_) {
    flags |= OUTF_CROSSED;
    counters[C_CROSSED] += 1;
    counters[C_LAST_CROSSED_LINE] = hdr.px;
  }
  return flags;
}

}  // namespace btc
