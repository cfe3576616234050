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

/** 2^53: every finite double >= this is an integer. */
constexpr double TWO_POW_53 = 9007199254740992.0;

/** A LEVEL record the reference accepts: 1 <= px <= MAX_PX_TICKS, qty >= 0, both integers. */
inline bool levelOk(uint32_t flags, double px, double qty) {
  if ((flags & KIND_MASK) != KIND_LEVEL) return false;
  if (!(px >= 1 && px <= static_cast<double>(MAX_PX_TICKS))) return false;  // also rejects NaN
  if (static_cast<double>(static_cast<uint32_t>(px)) != px) return false;
  if (!(qty >= 0)) return false;                                             // also rejects NaN
  if (qty < TWO_POW_53) return static_cast<double>(static_cast<int64_t>(qty)) == qty;
  return qty != __builtin_inf();  // huge finite doubles are integers, Infinity is not
}

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
  const uint64_t stride = outStrideF64(depth);
  uint32_t nOut = 0;
  uint32_t i = 0;
  while (i < count) {
    const Event& hdr = in[i];
    const uint32_t kind = hdr.flags & KIND_MASK;
    if (kind == KIND_TRADE) {
      counters[C_TRADES] += 1;
      i++;
      continue;
    }
    if (kind == KIND_TICKER) {
      counters[C_TICKERS] += 1;
      i++;
      continue;
    }
    if (kind != KIND_DEPTH) return E_BAD_RECORD;
    const uint32_t nLevels = hdr.aux;
    if (uint64_t{i} + 1 + nLevels > count) return E_BAD_RECORD;
    // Checked before the header touches any state, so a full output never half-applies a message.
    if (nOut >= outCap) return E_OUT_FULL;
    counters[C_DEPTH_MESSAGES] += 1;
    const int32_t outFlags = admit(hdr, counters);
    if (outFlags >= 0) {
      const uint32_t changes = applyLevels(in + i + 1, nLevels, counters);
      writeOut(out + nOut * stride, hdr, static_cast<uint32_t>(outFlags), changes, depth, counters);
      nOut++;
    }
    i += 1 + nLevels;
  }
  return static_cast<int32_t>(nOut);
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
    return -1;
  }
  const double first = hdr.ival;
  const double prev = hdr.fval;
  const bool usePrev = (hdr.flags & DEPTH_SEQ_PREV) != 0;
  if (bridging_) {
    if (usePrev ? id < lastId_ : id <= lastId_) {
      counters[C_STALE] += 1;
      return -1;
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
  return -1;
}

uint32_t Book::applyLevels(const Event* lv, uint32_t n, double* counters) {
  uint32_t applied = 0;
  uint32_t bestBid = bestBid_;
  uint32_t bestAsk = bestAsk_;
  bool bidDirty = false;
  bool askDirty = false;
  for (uint32_t k = 0; k < n; k++) {
    const Event& e = lv[k];
    const uint32_t flags = e.flags;
    const double px = e.px;
    const double qty = e.qty;
    if (__builtin_expect(!levelOk(flags, px, qty), 0)) continue;
    applied++;
    const uint32_t key = static_cast<uint32_t>(px);
    if ((flags & SIDE_BID) != 0) {
      bids_.set(key, qty);
      if (qty > 0) {
        if (key > bestBid) bestBid = key;
      } else if (key == bestBid) {
        bidDirty = true;
      }
    } else {
      asks_.set(key, qty);
      if (qty > 0) {
        if (bestAsk == 0 || key < bestAsk) bestAsk = key;
      } else if (key == bestAsk) {
        askDirty = true;
      }
    }
  }
  // A deleted best is looked up once per message, after all its levels
  // (findLE / findGE return the key itself when it is occupied again).
  if (bidDirty) {
    const int32_t b = bids_.findLE(bestBid);
    bestBid = b > 0 ? static_cast<uint32_t>(b) : 0;
  }
  if (askDirty) {
    const int32_t a = asks_.findGE(bestAsk);
    bestAsk = a > 0 ? static_cast<uint32_t>(a) : 0;
  }
  bestBid_ = bestBid;
  bestAsk_ = bestAsk;
  counters[C_REJECTED] += static_cast<double>(n - applied);
  counters[C_LEVEL_CHANGES] += static_cast<double>(applied);
  return applied;
}

void Book::writeOut(double* o, const Event& hdr, uint32_t flags, uint32_t changes,
                    uint32_t depth, double* counters) {
  counters[C_APPLIED] += 1;
  if (bestBid_ > 0 && bestAsk_ > 0 && bestBid_ >= bestAsk_) {
    flags |= OUTF_CROSSED;
    counters[C_CROSSED] += 1;
    counters[C_LAST_CROSSED_LINE] = hdr.px;
  }
  o[OUT_FLAGS] = static_cast<double>(flags);
  o[OUT_ID] = hdr.id;
  o[OUT_EXCH_TS_MS] = static_cast<double>(hdr.exchTsNs / 1000000);  // truncates like BigInt division
  o[OUT_LEVEL_CHANGES] = static_cast<double>(changes);
  o[OUT_BID_COUNT] = static_cast<double>(bids_.count());
  o[OUT_ASK_COUNT] = static_cast<double>(asks_.count());
  o[6] = 0;
  o[7] = 0;
  double* p = o + OUT_HEAD_F64;
  const uint32_t nb = bestBid_ > 0 ? bids_.walkDown(bestBid_, depth, p) : 0;
  if (nb < depth) std::memset(p + 2 * nb, 0, sizeof(double) * 2 * (depth - nb));
  p += 2 * static_cast<uint64_t>(depth);
  const uint32_t na = bestAsk_ > 0 ? asks_.walkUp(bestAsk_, depth, p) : 0;
  if (na < depth) std::memset(p + 2 * na, 0, sizeof(double) * 2 * (depth - na));
}

}  // namespace btc
