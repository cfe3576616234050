// Kernel-native tests of the order-book kernel (native/src/book.cc, tick_trie.cc),
// built standalone (no Node) with AddressSanitizer + UBSan by native/test/run.sh.
// The behaviour itself is specified by src/book/reference.ts; the differential
// test against it lives on the JS side. These tests pin the C++ pieces directly:
// trie operations against a std::map model, and the Book's message rules.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <limits>
#include <map>
#include <random>
#include <vector>

#include "book.h"
#include "layout.h"
#include "tick_trie.h"
#include "check.h"

using namespace btc;


// ---------------------------------------------------------------- trie ----

static int32_t modelLE(const std::map<uint32_t, double>& m, uint32_t key) {
  auto it = m.upper_bound(key);
  if (it == m.begin()) return -1;
  return static_cast<int32_t>(std::prev(it)->first);
}
static int32_t modelGE(const std::map<uint32_t, double>& m, uint32_t key) {
  auto it = m.lower_bound(key);
  return it == m.end() ? -1 : static_cast<int32_t>(it->first);
}

static void checkTrie(const TickTrie& t, const std::map<uint32_t, double>& m, std::mt19937& rng) {
  CHECK_EQ(t.count(), m.size());
  std::uniform_int_distribution<uint32_t> any(0, MAX_PX_TICKS);
  for (int q = 0; q < 64; q++) {
    uint32_t key = any(rng);
    if (!m.empty() && q % 2 == 0) {  // near an occupied key
      auto it = m.begin();
      std::advance(it, static_cast<long>(rng() % m.size()));
      const int64_t k = static_cast<int64_t>(it->first) + static_cast<int64_t>(rng() % 65) - 32;
      key = static_cast<uint32_t>(k < 0 ? 0 : k > MAX_PX_TICKS ? MAX_PX_TICKS : k);
    }
    auto it = m.find(key);
    CHECK_EQ(t.get(key), it == m.end() ? 0.0 : it->second);
    CHECK_EQ(t.findLE(key), modelLE(m, key));
    CHECK_EQ(t.findGE(key), modelGE(m, key));
  }
  // Full walks in both directions.
  std::vector<double> out(2 * m.size() + 2, -7);
  if (!m.empty()) {
    const uint32_t hi = m.rbegin()->first, lo = m.begin()->first;
    CHECK_EQ(t.walkDown(hi, static_cast<uint32_t>(m.size() + 1), out.data()), m.size());
    size_t i = 0;
    for (auto r = m.rbegin(); r != m.rend(); ++r, ++i) {
      CHECK_EQ(out[2 * i], r->first);
      CHECK_EQ(out[2 * i + 1], r->second);
    }
    CHECK_EQ(out[2 * m.size()], -7);  // nothing written past the last level
    CHECK_EQ(t.walkUp(lo, static_cast<uint32_t>(m.size()), out.data()), m.size());
    i = 0;
    for (auto f = m.begin(); f != m.end(); ++f, ++i) {
      CHECK_EQ(out[2 * i], f->first);
      CHECK_EQ(out[2 * i + 1], f->second);
    }
  }
}

static void testTrieBasics() {
  TickTrie t;
  CHECK_EQ(t.count(), 0);
  CHECK_EQ(t.nodes(), 1);
  CHECK_EQ(t.findLE(MAX_PX_TICKS), -1);
  CHECK_EQ(t.findGE(0), -1);
  t.set(5, 0);  // deleting an empty level is a no-op
  CHECK_EQ(t.nodes(), 1);
  t.set(1, 10);
  t.set(MAX_PX_TICKS, 20);
  t.set(31, 30);
  t.set(32, 40);
  CHECK_EQ(t.count(), 4);
  CHECK_EQ(t.get(1), 10);
  CHECK_EQ(t.get(2), 0);
  CHECK_EQ(t.findLE(MAX_PX_TICKS), MAX_PX_TICKS);
  CHECK_EQ(t.findLE(MAX_PX_TICKS - 1), 32);
  CHECK_EQ(t.findLE(31), 31);
  CHECK_EQ(t.findLE(30), 1);
  CHECK_EQ(t.findLE(0), -1);
  CHECK_EQ(t.findGE(0), 1);
  CHECK_EQ(t.findGE(2), 31);
  CHECK_EQ(t.findGE(33), MAX_PX_TICKS);
  t.set(31, 35);  // overwrite keeps the count
  CHECK_EQ(t.count(), 4);
  CHECK_EQ(t.get(31), 35);
  double out[8];
  CHECK_EQ(t.walkDown(MAX_PX_TICKS, 3, out), 3);
  CHECK_EQ(out[0], MAX_PX_TICKS);
  CHECK_EQ(out[2], 32);
  CHECK_EQ(out[4], 31);
  CHECK_EQ(out[5], 35);
  for (uint32_t k : {1u, 31u, 32u, MAX_PX_TICKS}) t.set(k, 0);
  CHECK_EQ(t.count(), 0);
  CHECK_EQ(t.nodes(), 1);  // every node but the root released
  CHECK_EQ(t.findGE(0), -1);
  t.set(7, 1);
  t.clear();
  CHECK_EQ(t.count(), 0);
  CHECK_EQ(t.get(7), 0);
  CHECK_EQ(t.nodes(), 1);
}

static void testTrieRandom() {
  std::mt19937 rng(12345);
  for (int round = 0; round < 40; round++) {
    TickTrie t;
    std::map<uint32_t, double> m;
    const uint32_t center = rng() % MAX_PX_TICKS;
    const uint32_t band = round % 3 == 0 ? 64 : round % 3 == 1 ? 5000 : MAX_PX_TICKS;
    for (int op = 0; op < 4000; op++) {
      int64_t k = static_cast<int64_t>(center) + static_cast<int64_t>(rng() % (2 * uint64_t{band} + 1)) - band;
      k = k < 0 ? 0 : k > MAX_PX_TICKS ? MAX_PX_TICKS : k;
      const uint32_t key = static_cast<uint32_t>(k);
      const double qty = rng() % 3 == 0 ? 0 : 1 + rng() % 1000;
      t.set(key, qty);
      if (qty > 0) m[key] = qty; else m.erase(key);
      if (op % 500 == 0) checkTrie(t, m, rng);
      if (op == 2000 && round % 5 == 0) {
        t.clear();
        m.clear();
      }
    }
    checkTrie(t, m, rng);
    // Delete everything: all nodes but the root go back to the free lists.
    for (auto& kv : m) t.set(kv.first, 0);
    CHECK_EQ(t.count(), 0);
    CHECK_EQ(t.nodes(), 1);
    if (round % 10 == 0) t.release();
  }
}

// ---------------------------------------------------------------- book ----

struct Batch {
  std::vector<Event> ev;
  void hdr(uint32_t flags, uint32_t n, double id, double first, double prev, double line = 0,
           int64_t tsNs = 1700000000123456789) {
    Event e{};
    e.flags = flags;
    e.aux = n;
    e.exchTsNs = tsNs;
    e.px = line;
    e.id = id;
    e.ival = first;
    e.fval = prev;
    ev.push_back(e);
  }
  void lvl(uint32_t side, double px, double qty) {
    Event e{};
    e.flags = KIND_LEVEL | side;
    e.px = px;
    e.qty = qty;
    ev.push_back(e);
  }
  void raw(uint32_t flags) {
    Event e{};
    e.flags = flags;
    ev.push_back(e);
  }
  void clear() { ev.clear(); }
  uint32_t size() const { return static_cast<uint32_t>(ev.size()); }
};

struct Harness {
  explicit Harness(uint32_t depth_, uint32_t outCap_ = 64)
      : depth(depth_), outCap(outCap_), out(outCap_ * outStrideF64(depth_), -1.0), c(COUNTER_SLOTS, 0.0) {}
  int32_t apply(const Batch& b) {
    return book.applyBatch(b.ev.data(), b.size(), out.data(), outCap, depth, c.data());
  }
  const double* rec(uint32_t i) const { return out.data() + i * outStrideF64(depth); }
  const double* bids(uint32_t i) const { return rec(i) + OUT_HEAD_F64; }
  const double* asks(uint32_t i) const { return rec(i) + OUT_HEAD_F64 + 2 * depth; }
  Book book;
  uint32_t depth;
  uint32_t outCap;
  std::vector<double> out;
  std::vector<double> c;
};

static void testSnapshotAndTopN() {
  Harness h(3);
  Batch b;
  b.hdr(SNAPSHOT_EVENT, 5, 100, 0, -1, 7, -1999999);  // negative ts truncates toward zero
  b.lvl(SIDE_BID, 1000, 5);
  b.lvl(SIDE_BID, 990, 6);
  b.lvl(SIDE_ASK, 1001, 7);
  b.lvl(SIDE_ASK, 1040, 8);
  b.lvl(SIDE_BID, 999, 9);
  CHECK_EQ(h.apply(b), 1);
  const double* r = h.rec(0);
  CHECK_EQ(r[OUT_FLAGS], OUTF_SNAPSHOT);
  CHECK_EQ(r[OUT_ID], 100);
  CHECK_EQ(r[OUT_EXCH_TS_MS], -1);
  CHECK_EQ(r[OUT_LEVEL_CHANGES], 5);
  CHECK_EQ(r[OUT_BID_COUNT], 3);
  CHECK_EQ(r[OUT_ASK_COUNT], 2);
  CHECK_EQ(r[6], 0);
  CHECK_EQ(r[7], 0);
  const double* bd = h.bids(0);
  CHECK_EQ(bd[0], 1000); CHECK_EQ(bd[1], 5);
  CHECK_EQ(bd[2], 999);  CHECK_EQ(bd[3], 9);
  CHECK_EQ(bd[4], 990);  CHECK_EQ(bd[5], 6);
  const double* as = h.asks(0);
  CHECK_EQ(as[0], 1001); CHECK_EQ(as[1], 7);
  CHECK_EQ(as[2], 1040); CHECK_EQ(as[3], 8);
  CHECK_EQ(as[4], 0);    CHECK_EQ(as[5], 0);  // missing level: px 0, qty 0
  CHECK_EQ(h.c[C_DEPTH_MESSAGES], 1);
  CHECK_EQ(h.c[C_APPLIED], 1);
  CHECK_EQ(h.c[C_LEVEL_CHANGES], 5);

  // Bridging diff (Binance spot rule U <= last+1 <= u), deleting both bests.
  b.clear();
  b.hdr(DEPTH_EVENT, 3, 105, 95, -1);
  b.lvl(SIDE_BID, 1000, 0);
  b.lvl(SIDE_ASK, 1001, 0);
  b.lvl(SIDE_ASK, 1002, 3);
  CHECK_EQ(h.apply(b), 1);
  CHECK_EQ(h.book.bestBid(), 999);
  CHECK_EQ(h.book.bestAsk(), 1002);
  CHECK_EQ(h.rec(0)[OUT_FLAGS], 0);
  CHECK_EQ(h.bids(0)[0], 999);
  CHECK_EQ(h.asks(0)[0], 1002);
  CHECK_EQ(h.asks(0)[2], 1040);

  // Continuous diff: delete a best and re-add it in the same message.
  b.clear();
  b.hdr(DEPTH_EVENT, 2, 106, 106, -1);
  b.lvl(SIDE_BID, 999, 0);
  b.lvl(SIDE_BID, 999, 4);
  CHECK_EQ(h.apply(b), 1);
  CHECK_EQ(h.book.bestBid(), 999);
  CHECK_EQ(h.bids(0)[1], 4);

  // Crossed book: bid above the best ask; the line (header px) is recorded.
  b.clear();
  b.hdr(DEPTH_EVENT, 1, 107, 107, -1, 42);
  b.lvl(SIDE_BID, 1005, 1);
  CHECK_EQ(h.apply(b), 1);
  CHECK_EQ(h.rec(0)[OUT_FLAGS], OUTF_CROSSED);
  CHECK_EQ(h.c[C_CROSSED], 1);
  CHECK_EQ(h.c[C_LAST_CROSSED_LINE], 42);
}

static void testGapResyncStale() {
  Harness h(1);
  Batch b;
  b.hdr(DEPTH_EVENT, 1, 10, 10, -1);  // not valid yet: skipped
  b.lvl(SIDE_BID, 5, 1);
  b.hdr(SNAPSHOT_EVENT, 1, 50, 0, -1);
  b.lvl(SIDE_BID, 5, 1);
  b.hdr(DEPTH_EVENT, 1, 49, 40, -1);  // stale while bridging
  b.lvl(SIDE_BID, 6, 1);
  b.hdr(DEPTH_EVENT, 1, 52, 51, -1);  // bridges (51 <= 51 <= 52)
  b.lvl(SIDE_ASK, 9, 2);
  b.hdr(DEPTH_EVENT, 1, 60, 55, -1, 77);  // gap: 55 != 53
  b.lvl(SIDE_ASK, 8, 2);
  b.hdr(DEPTH_EVENT, 1, 61, 61, -1);  // skipped while invalid
  b.lvl(SIDE_ASK, 8, 2);
  b.raw(BUY_TRADE_EVENT);
  b.raw(KIND_TICKER);
  b.hdr(SNAPSHOT_EVENT, 1, 70, 0, -1);  // resync
  b.lvl(SIDE_ASK, 8, 2);
  CHECK_EQ(h.apply(b), 3);
  CHECK_EQ(h.rec(0)[OUT_FLAGS], OUTF_SNAPSHOT);
  CHECK_EQ(h.rec(1)[OUT_ID], 52);
  CHECK_EQ(h.rec(1)[OUT_BID_COUNT], 1);
  CHECK_EQ(h.rec(1)[OUT_ASK_COUNT], 1);
  CHECK_EQ(h.rec(2)[OUT_FLAGS], OUTF_SNAPSHOT | OUTF_RESYNC);
  CHECK_EQ(h.rec(2)[OUT_BID_COUNT], 0);
  CHECK_EQ(h.bids(2)[0], 0);
  CHECK_EQ(h.asks(2)[0], 8);
  CHECK_EQ(h.c[C_DEPTH_MESSAGES], 7);
  CHECK_EQ(h.c[C_APPLIED], 3);
  CHECK_EQ(h.c[C_SKIPPED], 2);
  CHECK_EQ(h.c[C_STALE], 1);
  CHECK_EQ(h.c[C_GAPS], 1);
  CHECK_EQ(h.c[C_LAST_GAP_LINE], 77);
  CHECK_EQ(h.c[C_RESYNCS], 1);
  CHECK_EQ(h.c[C_TRADES], 1);
  CHECK_EQ(h.c[C_TICKERS], 1);

  // Binance futures: continuity by pu == last.
  b.clear();
  b.hdr(DEPTH_EVENT | DEPTH_SEQ_PREV, 0, 75, 65, 60);  // bridges: U <= last <= u
  b.hdr(DEPTH_EVENT | DEPTH_SEQ_PREV, 0, 80, 79, 75);
  b.hdr(DEPTH_EVENT | DEPTH_SEQ_PREV, 0, 90, 81, 79);  // gap: pu 79 != 80
  CHECK_EQ(h.apply(b), 2);
  CHECK_EQ(h.c[C_GAPS], 2);
  CHECK(!h.book.valid());
}

static void testRejectsAndErrors() {
  Harness h(2, 2);
  Batch b;
  b.hdr(SNAPSHOT_EVENT, 9, 1, 0, -1);
  b.lvl(SIDE_BID, 0, 1);                      // px 0
  b.lvl(SIDE_BID, 1.5, 1);                    // non-integer px
  b.lvl(SIDE_BID, MAX_PX_TICKS + 1.0, 1);     // px out of range
  b.lvl(SIDE_ASK, 10, -1);                    // negative qty
  b.lvl(SIDE_ASK, 10, 0.5);                   // non-integer qty
  b.lvl(SIDE_ASK, 10, std::numeric_limits<double>::infinity());
  b.lvl(SIDE_ASK, 10, std::nan(""));
  b.raw(KIND_TRADE);                          // wrong kind inside a message: rejected
  b.lvl(SIDE_ASK, MAX_PX_TICKS, 1e300);       // huge but integer: accepted
  CHECK_EQ(h.apply(b), 1);
  CHECK_EQ(h.c[C_REJECTED], 8);
  CHECK_EQ(h.c[C_LEVEL_CHANGES], 1);
  CHECK_EQ(h.c[C_TRADES], 0);
  CHECK_EQ(h.asks(0)[0], MAX_PX_TICKS);
  CHECK_EQ(h.asks(0)[1], 1e300);

  // Levels running past the batch.
  b.clear();
  b.hdr(DEPTH_EVENT, 5, 2, 2, -1);
  b.lvl(SIDE_BID, 3, 1);
  CHECK_EQ(h.apply(b), E_BAD_RECORD);
  // Unknown kind at top level, after one applied message (whose effects stay).
  b.clear();
  b.hdr(DEPTH_EVENT, 1, 2, 2, -1);
  b.lvl(SIDE_BID, 3, 1);
  b.raw(KIND_LEVEL | SIDE_BID);
  CHECK_EQ(h.apply(b), E_BAD_RECORD);
  CHECK_EQ(h.book.bidCount(), 1);
  // Output capacity 2: the third message is refused before it touches any state.
  b.clear();
  b.hdr(DEPTH_EVENT, 0, 3, 3, -1);
  b.hdr(DEPTH_EVENT, 0, 4, 4, -1);
  b.hdr(DEPTH_EVENT, 1, 5, 5, -1);
  b.lvl(SIDE_BID, 4, 1);
  CHECK_EQ(h.apply(b), E_OUT_FULL);
  CHECK_EQ(h.c[C_DEPTH_MESSAGES], 4);  // neither the header past the batch nor the refused one is counted
  CHECK_EQ(h.c[C_APPLIED], 4);
  CHECK_EQ(h.book.bidCount(), 1);  // the levels of the refused message were not applied
  // Empty batch.
  b.clear();
  CHECK_EQ(h.apply(b), 0);
  h.book.reset();
  CHECK(!h.book.valid());
  CHECK_EQ(h.book.bidCount(), 0);
}

static void testBigSnapshotAndDepth200() {
  Harness h(200, 4);
  Batch b;
  const uint32_t n = 20000;
  b.hdr(SNAPSHOT_EVENT, n, 1, 0, -1);
  for (uint32_t k = 0; k < n; k++) {
    const bool bid = k % 2 == 0;
    b.lvl(bid ? SIDE_BID : SIDE_ASK, bid ? 1000000 - (k / 2) * 3 : 1000001 + (k / 2) * 7, 1 + k);
  }
  CHECK_EQ(h.apply(b), 1);
  CHECK_EQ(h.rec(0)[OUT_BID_COUNT], n / 2);
  for (uint32_t d = 0; d < 200; d++) {
    CHECK_EQ(h.bids(0)[2 * d], 1000000 - d * 3);
    CHECK_EQ(h.bids(0)[2 * d + 1], 1 + 2 * d);
    CHECK_EQ(h.asks(0)[2 * d], 1000001 + d * 7);
  }
  // Wipe the book with a snapshot of nothing: the pools are reset, not leaked.
  b.clear();
  b.hdr(SNAPSHOT_EVENT, 0, 2, 0, -1);
  CHECK_EQ(h.apply(b), 1);
  CHECK_EQ(h.book.bids().nodes(), 1);
  CHECK_EQ(h.bids(0)[0], 0);
}

int main() {
  testTrieBasics();
  testTrieRandom();
  testSnapshotAndTopN();
  testGapResyncStale();
  testRejectsAndErrors();
  testBigSnapshotAndDepth200();
  std::printf("book_test: %d checks passed\n", g_checks);
  return 0;
}
