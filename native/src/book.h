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
  /** Output flags for a depth header, or -1 when the message is not applied. */
  int32_t admit(const Event& hdr, double* counters);
  /** Applies `n` LEVEL records; returns how many were applied. */
  uint32_t applyLevels(const Event* lv, uint32_t n, double* counters);
  void writeOut(double* rec, const Event& hdr, uint32_t flags, uint32_t changes, uint32_t depth,
                double* counters);
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

}  // namespace btc
