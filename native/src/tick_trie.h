// One side of an order book as a sparse 32-ary bitmap trie over price ticks:
// the native twin of src/book/tick-trie.ts (the readable reference).
//
// Layout
//   key (30 bits, price in ticks) = c0 c1 c2 c3 c4 | c5     (5 bits each)
//   root ──c0──► Inner ──c1──► … ──c4──► Leaf: 32 sizes + 32-bit occupancy mask
//   Every Inner keeps a 32-bit mask of which children exist, so the next lower /
//   higher occupied price is found with clz/ctz instead of a scan.
//
// Units: keys are prices in integer ticks in [0, 2^30); sizes are integer lots
//   kept as f64 (exact below 2^53). Only keys whose mask bit is set are occupied;
//   the size slots of empty keys hold garbage and are never read.
//
// Ownership: nodes live in two std::vector pools owned by the trie (grown by
//   doubling, never shrunk except by release()); freed nodes go on intrusive free
//   lists (Inner: child[0], Leaf: next) and are reused first. A node is released
//   as soon as it empties, so memory follows the number of occupied 32-tick
//   clusters, not the price range. The trie never throws except std::bad_alloc
//   from vector growth (caught by the addon boundary).
//
// Complexity: set / get / findLE / findGE are O(6) whatever the book depth;
//   set() on a recently touched 32-tick leaf is O(1) (a small direct-mapped
//   leaf cache); walkDown / walkUp emit n levels in O(n + 6 · leaves crossed);
//   clear() is O(1).
#pragma once

#include <cstdint>
#include <vector>

namespace btc {

class TickTrie {
 public:
  static constexpr int LEAF_LEVEL = 5;
  static constexpr uint32_t NO_KEY = 0xffffffffu;
  /** Entries of the direct-mapped leaf cache (power of two). */
  static constexpr uint32_t LEAF_CACHE = 8;

  TickTrie();

  /** Removes every level; keeps the pool memory for reuse. O(1). */
  void clear();
  /** Removes every level and returns the pool memory to the allocator. */
  void release();

  /** Number of occupied price levels. */
  uint32_t count() const { return count_; }
  /** Live trie nodes (inner + leaves, root included): memory follows this. */
  uint32_t nodes() const { return nodes_; }

  /** Size at `key` (< 2^30), 0 when the level is empty. */
  double get(uint32_t key) const;

  /**
   * Sets the size at `key` (< 2^30); a size that is not > 0 (0 or -0) deletes the
   * level (deleting an empty level is a no-op). Callers validate qty >= 0.
   */
  inline void set(uint32_t key, double qty);

  /** Largest occupied key <= key (key < 2^30), or -1. */
  int32_t findLE(uint32_t key) const;
  /** Smallest occupied key >= key (key < 2^30), or -1. */
  int32_t findGE(uint32_t key) const;

  /**
   * Writes up to n (px, qty) pairs into out, starting at the occupied key `from`
   * and going down (walkDown) or up (walkUp). Returns the number of pairs written.
   */
  uint32_t walkDown(uint32_t from, uint32_t n, double* out) const;
  uint32_t walkUp(uint32_t from, uint32_t n, double* out) const;

 private:
  struct Inner {
    uint32_t mask;      // bit c set ⇔ child[c] exists
    int32_t child[32];  // child node index; child[0] links the free list when free
  };
  struct Leaf {
    uint32_t mask;  // bit c set ⇔ key (prefix | c) is occupied
    int32_t next;   // free-list link when free
    double qty[32];
  };

  static uint32_t idx(uint32_t key, int level) { return (key >> (25 - 5 * level)) & 31u; }

  int32_t allocInner();
  int32_t allocLeaf();
  /** Slow path of set(): walk from the root, creating nodes when qty > 0. */
  int32_t findOrCreateLeaf(uint32_t key, bool create);
  /** The leaf of `key` emptied: free it and every ancestor that empties with it. */
  void releasePath(uint32_t key);

  std::vector<Inner> inner_;
  std::vector<Leaf> leaves_;
  uint32_t innerUsed_ = 0;
  uint32_t leafUsed_ = 0;
  int32_t innerFree_ = -1;
  int32_t leafFree_ = -1;
  uint32_t count_ = 0;
  uint32_t nodes_ = 0;
  // Direct-mapped leaf cache, slot (key >> 5) % LEAF_CACHE: cacheLeaf_[s] is the
  // leaf holding keys (cacheHi_[s] << 5) .. (cacheHi_[s] << 5) + 31. Adjacent
  // 32-tick clusters map to different slots, so updates near the touch rarely
  // walk from the root. Invalidated when its leaf is freed and by clear().
  uint32_t cacheHi_[LEAF_CACHE];
  int32_t cacheLeaf_[LEAF_CACHE];
};

inline void TickTrie::set(uint32_t key, double qty) {
  const uint32_t hi = key >> 5;
  const uint32_t bit = 1u << (key & 31u);
  const bool add = qty > 0;
  const uint32_t slot = hi & (LEAF_CACHE - 1);
  int32_t n;
  if (hi == cacheHi_[slot]) {
    n = cacheLeaf_[slot];
  } else {
    n = findOrCreateLeaf(key, add);
    if (n < 0) return;  // deleting a level whose leaf does not exist
    cacheHi_[slot] = hi;
    cacheLeaf_[slot] = n;
  }
  Leaf& leaf = leaves_[static_cast<uint32_t>(n)];
  const uint32_t present = leaf.mask & bit;
  if (add) {
    leaf.qty[key & 31u] = qty;
    if (!present) {
      leaf.mask |= bit;
      count_++;
    }
    return;
  }
  if (!present) return;
  leaf.mask &= ~bit;
  count_--;
  if (leaf.mask == 0) releasePath(key);
}

}  // namespace btc
