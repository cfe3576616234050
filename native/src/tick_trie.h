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
//   leaf cache); walkDown / walkUp and a Cursor pass n levels in
//   O(n + 6 · leaves crossed); clear() is O(1).
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

  /** set(key, qty) that also returns the size the level had before (0 when empty). */
  inline double exchange(uint32_t key, double qty);

  /**
   * Leaf-by-leaf iteration from the occupied key `from`, going down (DOWN) or up:
   * bits() has one bit per occupied level of the current leaf not yet passed,
   * lowest first (bit i is key base() + i going up, base() + 31 − i going down),
   * qty() that leaf's sizes by key offset. The caller loops over the bits in its
   * own registers (a visitor closure or a per-level next() keeps its state in
   * memory and costs ~3x per level). The trie must not change meanwhile.
   */
  template <bool DOWN>
  class Cursor {
   public:
    Cursor(const TickTrie& t, uint32_t from);
    uint32_t bits() const { return bits_; }
    uint32_t base() const { return key_ & ~31u; }
    const double* qty() const { return qty_; }
    /** Key of bit position `low` of bits(). */
    static uint32_t offset(uint32_t low) { return DOWN ? 31u - low : low; }
    /** Moves to the next occupied leaf in the walk direction; false when the side ends. */
    bool nextLeaf();

   private:
    const TickTrie* t_;
    int32_t path_[LEAF_LEVEL];
    uint32_t key_;  // any key inside the current leaf
    uint32_t bits_;
    const double* qty_;
  };

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
  /** Bit i of x moved to bit 31 − i. */
  static uint32_t reverseBits(uint32_t x) {
    x = ((x >> 1) & 0x55555555u) | ((x & 0x55555555u) << 1);
    x = ((x >> 2) & 0x33333333u) | ((x & 0x33333333u) << 2);
    x = ((x >> 4) & 0x0f0f0f0fu) | ((x & 0x0f0f0f0fu) << 4);
    x = ((x >> 8) & 0x00ff00ffu) | ((x & 0x00ff00ffu) << 8);
    return (x >> 16) | (x << 16);
  }

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

inline double TickTrie::exchange(uint32_t key, double qty) {
  // set() with the old size read on the way: one leaf lookup.
  const uint32_t hi = key >> 5;
  const uint32_t bit = 1u << (key & 31u);
  const bool add = qty > 0;
  const uint32_t slot = hi & (LEAF_CACHE - 1);
  int32_t n;
  if (hi == cacheHi_[slot]) {
    n = cacheLeaf_[slot];
  } else {
    n = findOrCreateLeaf(key, add);
    if (n < 0) return 0;  // deleting a level whose leaf does not exist
    cacheHi_[slot] = hi;
    cacheLeaf_[slot] = n;
  }
  Leaf& leaf = leaves_[static_cast<uint32_t>(n)];
  const uint32_t present = leaf.mask & bit;
  const double old = present ? leaf.qty[key & 31u] : 0;
  if (add) {
    leaf.qty[key & 31u] = qty;
    if (!present) {
      leaf.mask |= bit;
      count_++;
    }
    return old;
  }
  if (!present) return 0;
  leaf.mask &= ~bit;
  count_--;
  if (leaf.mask == 0) releasePath(key);
  return old;
}

template <bool DOWN>
TickTrie::Cursor<DOWN>::Cursor(const TickTrie& t, uint32_t from) : t_(&t), key_(from) {
  int32_t node = 0;
  for (int level = 0; level < LEAF_LEVEL; level++) {
    path_[level] = node;
    node = t.inner_[static_cast<uint32_t>(node)].child[idx(from, level)];
  }
  const Leaf& leaf = t.leaves_[static_cast<uint32_t>(node)];
  const uint32_t c0 = from & 31u;
  const uint32_t m = leaf.mask & (DOWN ? 0xffffffffu >> (31u - c0) : 0xffffffffu << c0);
  bits_ = DOWN ? reverseBits(m) : m;
  qty_ = leaf.qty;
}

template <bool DOWN>
bool TickTrie::Cursor<DOWN>::nextLeaf() {
  const TickTrie& t = *t_;
  int level = LEAF_LEVEL - 1;
  uint32_t sib = 0;
  for (; level >= 0; level--) {
    const uint32_t c = idx(key_, level);
    const uint32_t side = DOWN ? (0xffffffffu >> (31u - c)) ^ (1u << c) : (0xffffffffu << c) ^ (1u << c);
    sib = t.inner_[static_cast<uint32_t>(path_[level])].mask & side;
    if (sib != 0) break;
  }
  if (level < 0) return false;
  uint32_t c = DOWN ? 31u - static_cast<uint32_t>(__builtin_clz(sib)) : static_cast<uint32_t>(__builtin_ctz(sib));
  const uint32_t shift = 30u - 5u * static_cast<uint32_t>(level);
  key_ = (key_ & ~((1u << shift) - 1u)) | (c << (25 - 5 * level));
  int32_t node = t.inner_[static_cast<uint32_t>(path_[level])].child[c];
  for (int l = level + 1; l < LEAF_LEVEL; l++) {
    path_[l] = node;
    const Inner& d = t.inner_[static_cast<uint32_t>(node)];
    c = DOWN ? 31u - static_cast<uint32_t>(__builtin_clz(d.mask)) : static_cast<uint32_t>(__builtin_ctz(d.mask));
    key_ |= c << (25 - 5 * l);
    node = d.child[c];
  }
  const Leaf& leaf = t.leaves_[static_cast<uint32_t>(node)];
  bits_ = DOWN ? reverseBits(leaf.mask) : leaf.mask;
  qty_ = leaf.qty;
  return true;
}

}  // namespace btc
