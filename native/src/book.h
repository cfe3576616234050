// Native order-book kernel: the C++ twin of src/book/reference.ts (ReferenceBook),
// which defines the behaviour output for output and counter for counter.
//
// Layout: reads 64-byte event records (layout.h Event, src/layout/event.ts): a
//   DEPTH header followed by `aux` LEVEL records; TRADE / TICKER records are
//   counted and passed over. Writes one output record per applied depth message
//   (stride outStrideF64(depth) f64: header + top-N bids + top-N asks,
//   src/layout/book-out.ts) and bumps COUNTER_SLOTS f64 counters.
// Units: prices in integer ticks (1 .. 2^30-1), sizes in integer lots, ids as
//   f64, output timestamps in ms (exchange ns / 1e6, truncated toward zero).
// Ownership: the Book owns its two TickTries; the input, output and counter
//   buffers belong to the caller (the addon keeps the JS typed arrays alive) and
//   are only touched during applyBatch / the caller's reset.
// Complexity: O(levels · 6) per message for the updates (O(1) per level when it
//   falls in the leaf touched last on its side) + O(depth + 6 · leaves crossed)
//   for the top-N output; no allocation except pool growth (amortised).
// Errors: status codes, never exceptions (std::bad_alloc from pool growth is
//   caught by the addon). Like the reference, a failing batch keeps the effects
//   of the records before the failure (book state, counters, output records).
// Sinks: the message loop (run) is a template over a Sink that sees what the
//   reference's BookHooks see (trades, gaps, each applied message before and
//   after, each accepted level with its old size). applyBatch uses the top-N
//   sink, whose hooks compile away; the feature kernel (feature_book.h) passes
//   itself and writes feature rows instead of top-N records.
#pragma once

#include <cstdint>

#include "layout.h"
#include "tick_trie.h"

namespace btc {

class Book {
 public:
  Book() = default;

  /**
   * Applies records [0, count) of `in`; writes at most `outCap` output records of
   * top-`depth` (>= 1) levels per side into `out` and bumps `counters`
   * (COUNTER_SLOTS f64). Returns the number of output records written, or
   * E_BAD_RECORD / E_OUT_FULL.
   */
  int32_t applyBatch(const Event* in, uint32_t count, double* out, uint32_t outCap,
                     uint32_t depth, double* counters);

  /**
   * The message loop of applyBatch with the output delegated to `sink`:
   *   sink.trade(rec) -> bool           a TRADE record; false stops the batch (E_CAPACITY)
   *   sink.gap(hdr)                       a sequence gap (book already cleared)
   *   sink.before(hdr, outFlags) -> bool  an admitted message, book as before it;
   *                                       true asks for the level hooks
   *   sink.level(isBid, px, old, new)     an accepted LEVEL record (lots), before it is set
   *   sink.after(slot, hdr, outFlags, changes)  the message is applied (outFlags
   *                                       include OUTF_CROSSED); slot < outCap
   * Returns the number of applied messages, or E_BAD_RECORD / E_OUT_FULL / E_CAPACITY.
   */
  template <class Sink>
  int32_t run(const Event* in, uint32_t count, uint32_t outCap, double* counters, Sink& sink);

  /** Forgets the book and the sequencing state (counters belong to the caller). */
  void reset();
  /** reset() and give the node pools' memory back. */
  void release();

  // Introspection for tests.
  uint32_t bidCount() const { return bids_.count(); }
  uint32_t askCount() const { return asks_.count(); }
  double bestBid() const { return bestBid_; }
  double bestAsk() const { return bestAsk_; }
  bool valid() const { return valid_; }
  const TickTrie& bids() const { return bids_; }
  const TickTrie& asks() const { return asks_; }

 private:
  /** admit(): the message is not applied (before the snapshot, or stale). */
  static constexpr int32_t ADMIT_SKIP = -1;
  /** admit(): the message broke the sequence; the book was cleared. */
  static constexpr int32_t ADMIT_GAP = -2;

  /** Output flags for a depth header, or ADMIT_SKIP / ADMIT_GAP when it is not applied. */
  int32_t admit(const Event& hdr, double* counters);
  /** Applies `n` LEVEL records; returns how many were applied. HOOK: call sink.level. */
  template <bool HOOK, class Sink>
  uint32_t applyLevels(const Event* lv, uint32_t n, double* counters, Sink& sink);
  /** Counts the applied message; returns its flags with OUTF_CROSSED when bid >= ask. */
  uint32_t finishMessage(const Event& hdr, uint32_t flags, double* counters);
  void clearBook();

  TickTrie bids_;
  TickTrie asks_;
  uint32_t bestBid_ = 0;  // ticks, 0 = side empty
  uint32_t bestAsk_ = 0;
  bool valid_ = false;
  bool bridging_ = false;
  bool hadGap_ = false;
  double lastId_ = -1;
};

template <class Sink>
int32_t Book::run(const Event* in, uint32_t count, uint32_t outCap, double* counters, Sink& sink) {
  uint32_t nOut = 0;
  uint32_t i = 0;
  while (i < count) {
    const Event& hdr = in[i];
    const uint32_t kind = hdr.flags & KIND_MASK;
    if (kind == KIND_TRADE) {
      counters[C_TRADES] += 1;
      if (!sink.trade(hdr)) return E_CAPACITY;
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
      const uint32_t flags = static_cast<uint32_t>(outFlags);
      const uint32_t changes = sink.before(hdr, flags) ? applyLevels<true>(in + i + 1, nLevels, counters, sink)
                                                       : applyLevels<false>(in + i + 1, nLevels, counters, sink);
      sink.after(nOut, hdr, finishMessage(hdr, flags, counters), changes);
      nOut++;
    } else if (outFlags == ADMIT_GAP) {
      sink.gap(hdr);
    }
    i += 1 + nLevels;
  }
  return static_cast<int32_t>(nOut);
}

namespace detail {

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

}  // namespace detail

template <bool HOOK, class Sink>
uint32_t Book::applyLevels(const Event* lv, uint32_t n, double* counters, Sink& sink) {
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
    if (__builtin_expect(!detail::levelOk(flags, px, qty), 0)) continue;
    applied++;
    const uint32_t key = static_cast<uint32_t>(px);
    if ((flags & SIDE_BID) != 0) {
      if constexpr (HOOK) {
        sink.level(true, key, bids_.exchange(key, qty), qty);
      } else {
        bids_.set(key, qty);
      }
      if (qty > 0) {
        if (key > bestBid) bestBid = key;
      } else if (key == bestBid) {
        bidDirty = true;
      }
    } else {
      if constexpr (HOOK) {
        sink.level(false, key, asks_.exchange(key, qty), qty);
      } else {
        asks_.set(key, qty);
      }
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

}  // namespace btc
