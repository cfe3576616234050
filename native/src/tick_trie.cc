// TickTrie: pools, slow paths and neighbour search. Layout, units, ownership and
// complexity are described in tick_trie.h; the reference is src/book/tick-trie.ts.
//
// Bit helpers: a shift by 32 is undefined behaviour in C++ (and `x >>> 32` is a
// no-op in JS), so every mask is built with shift counts in [0, 31] only, exactly
// like maskLE/maskLT/maskGE/maskGT in the TS reference. clz/ctz are only called
// on non-zero masks.
#include "tick_trie.h"

namespace btc {

namespace {

/** Bits at positions <= c, strictly < c, >= c, strictly > c (c in 0..31). */
inline uint32_t maskLE(uint32_t c) { return 0xffffffffu >> (31u - c); }
inline uint32_t maskLT(uint32_t c) { return maskLE(c) ^ (1u << c); }
inline uint32_t maskGE(uint32_t c) { return 0xffffffffu << c; }
inline uint32_t maskGT(uint32_t c) { return maskGE(c) ^ (1u << c); }
/** Highest / lowest set bit of a non-zero mask. */
inline uint32_t hiBit(uint32_t m) { return 31u - static_cast<uint32_t>(__builtin_clz(m)); }
inline uint32_t loBit(uint32_t m) { return static_cast<uint32_t>(__builtin_ctz(m)); }
/** Key bits above trie level `level` (the prefix shared by that node's subtree). */
inline uint32_t prefixAbove(uint32_t key, int level) {
  const uint32_t shift = 30u - 5u * static_cast<uint32_t>(level);  // 30 .. 10
  return key & ~((1u << shift) - 1u);
}

constexpr uint32_t INITIAL_NODES = 64;

}  // namespace

TickTrie::TickTrie() : inner_(INITIAL_NODES), leaves_(INITIAL_NODES) { clear(); }

void TickTrie::clear() {
  innerUsed_ = 0;
  innerFree_ = -1;
  leafUsed_ = 0;
  leafFree_ = -1;
  count_ = 0;
  nodes_ = 0;
  for (uint32_t s = 0; s < LEAF_CACHE; s++) {
    cacheHi_[s] = NO_KEY;
    cacheLeaf_[s] = -1;
  }
  allocInner();  // the root is always node 0
}

void TickTrie::release() {
  std::vector<Inner>(INITIAL_NODES).swap(inner_);
  std::vector<Leaf>(INITIAL_NODES).swap(leaves_);
  clear();
}

int32_t TickTrie::allocInner() {
  int32_t n = innerFree_;
  if (n >= 0) {
    innerFree_ = inner_[static_cast<uint32_t>(n)].child[0];
  } else {
    if (innerUsed_ == inner_.size()) inner_.resize(inner_.size() * 2);
    n = static_cast<int32_t>(innerUsed_++);
  }
  inner_[static_cast<uint32_t>(n)].mask = 0;
  nodes_++;
  return n;
}

int32_t TickTrie::allocLeaf() {
  int32_t n = leafFree_;
  if (n >= 0) {
    leafFree_ = leaves_[static_cast<uint32_t>(n)].next;
  } else {
    if (leafUsed_ == leaves_.size()) leaves_.resize(leaves_.size() * 2);
    n = static_cast<int32_t>(leafUsed_++);
  }
  leaves_[static_cast<uint32_t>(n)].mask = 0;
  nodes_++;
  return n;
}

int32_t TickTrie::findOrCreateLeaf(uint32_t key, bool create) {
  int32_t n = 0;
  for (int level = 0; level < LEAF_LEVEL; level++) {
    const uint32_t c = idx(key, level);
    if (((inner_[static_cast<uint32_t>(n)].mask >> c) & 1u) == 0) {
      if (!create) return -1;
      // Allocation may grow the pool: index again afterwards.
      const int32_t child = level == LEAF_LEVEL - 1 ? allocLeaf() : allocInner();
      Inner& in = inner_[static_cast<uint32_t>(n)];
      in.child[c] = child;
      in.mask |= 1u << c;
      n = child;
    } else {
      n = inner_[static_cast<uint32_t>(n)].child[c];
    }
  }
  return n;
}

void TickTrie::releasePath(uint32_t key) {
  int32_t path[LEAF_LEVEL];
  int32_t n = 0;
  for (int level = 0; level < LEAF_LEVEL; level++) {
    path[level] = n;
    n = inner_[static_cast<uint32_t>(n)].child[idx(key, level)];
  }
  leaves_[static_cast<uint32_t>(n)].next = leafFree_;
  leafFree_ = n;
  nodes_--;
  const uint32_t slot = (key >> 5) & (LEAF_CACHE - 1);
  if (cacheLeaf_[slot] == n) {
    cacheHi_[slot] = NO_KEY;
    cacheLeaf_[slot] = -1;
  }
  for (int level = LEAF_LEVEL - 1; level >= 0; level--) {
    const int32_t p = path[level];
    Inner& in = inner_[static_cast<uint32_t>(p)];
    in.mask &= ~(1u << idx(key, level));
    if (in.mask != 0 || level == 0) return;
    in.child[0] = innerFree_;
    innerFree_ = p;
    nodes_--;
  }
}

double TickTrie::get(uint32_t key) const {
  int32_t n = 0;
  for (int level = 0; level < LEAF_LEVEL; level++) {
    const uint32_t c = idx(key, level);
    const Inner& in = inner_[static_cast<uint32_t>(n)];
    if (((in.mask >> c) & 1u) == 0) return 0;
    n = in.child[c];
  }
  const Leaf& leaf = leaves_[static_cast<uint32_t>(n)];
  return ((leaf.mask >> (key & 31u)) & 1u) == 0 ? 0 : leaf.qty[key & 31u];
}

int32_t TickTrie::findLE(uint32_t key) const {
  int32_t path[LEAF_LEVEL];
  int32_t n = 0;
  int level = 0;
  for (; level < LEAF_LEVEL; level++) {
    path[level] = n;
    const uint32_t c = idx(key, level);
    const Inner& in = inner_[static_cast<uint32_t>(n)];
    if (((in.mask >> c) & 1u) == 0) break;
    n = in.child[c];
  }
  if (level == LEAF_LEVEL) {
    const uint32_t m = leaves_[static_cast<uint32_t>(n)].mask & maskLE(key & 31u);
    if (m != 0) return static_cast<int32_t>((key & ~31u) | hiBit(m));
    level = LEAF_LEVEL - 1;
  }
  for (; level >= 0; level--) {
    const Inner& in = inner_[static_cast<uint32_t>(path[level])];
    uint32_t m = in.mask & maskLT(idx(key, level));
    if (m == 0) continue;
    // Follow the highest bits down to a key.
    uint32_t c = hiBit(m);
    uint32_t out = prefixAbove(key, level) | (c << (25 - 5 * level));
    n = in.child[c];
    for (int l = level + 1; l < LEAF_LEVEL; l++) {
      const Inner& d = inner_[static_cast<uint32_t>(n)];
      c = hiBit(d.mask);
      out |= c << (25 - 5 * l);
      n = d.child[c];
    }
    return static_cast<int32_t>(out | hiBit(leaves_[static_cast<uint32_t>(n)].mask));
  }
  return -1;
}

int32_t TickTrie::findGE(uint32_t key) const {
  int32_t path[LEAF_LEVEL];
  int32_t n = 0;
  int level = 0;
  for (; level < LEAF_LEVEL; level++) {
    path[level] = n;
    const uint32_t c = idx(key, level);
    const Inner& in = inner_[static_cast<uint32_t>(n)];
    if (((in.mask >> c) & 1u) == 0) break;
    n = in.child[c];
  }
  if (level == LEAF_LEVEL) {
    const uint32_t m = leaves_[static_cast<uint32_t>(n)].mask & maskGE(key & 31u);
    if (m != 0) return static_cast<int32_t>((key & ~31u) | loBit(m));
    level = LEAF_LEVEL - 1;
  }
  for (; level >= 0; level--) {
    const Inner& in = inner_[static_cast<uint32_t>(path[level])];
    uint32_t m = in.mask & maskGT(idx(key, level));
    if (m == 0) continue;
    uint32_t c = loBit(m);
    uint32_t out = prefixAbove(key, level) | (c << (25 - 5 * level));
    n = in.child[c];
    for (int l = level + 1; l < LEAF_LEVEL; l++) {
      const Inner& d = inner_[static_cast<uint32_t>(n)];
      c = loBit(d.mask);
      out |= c << (25 - 5 * l);
      n = d.child[c];
    }
    return static_cast<int32_t>(out | loBit(leaves_[static_cast<uint32_t>(n)].mask));
  }
  return -1;
}

// The walks keep the root-to-leaf path of the current leaf, so moving to the
// neighbouring leaf climbs only as far as the nearest ancestor with a sibling in
// the walk direction, instead of searching again from the root.

uint32_t TickTrie::walkDown(uint32_t from, uint32_t n, double* out) const {
  if (n == 0) return 0;
  int32_t path[LEAF_LEVEL];
  int32_t node = 0;
  for (int level = 0; level < LEAF_LEVEL; level++) {
    path[level] = node;
    node = inner_[static_cast<uint32_t>(node)].child[idx(from, level)];
  }
  uint32_t key = from;  // any key inside the current leaf
  uint32_t m = leaves_[static_cast<uint32_t>(node)].mask & maskLE(from & 31u);
  uint32_t written = 0;
  for (;;) {
    const Leaf& leaf = leaves_[static_cast<uint32_t>(node)];
    const uint32_t base = key & ~31u;
    while (m != 0) {
      const uint32_t b = hiBit(m);
      m ^= 1u << b;
      out[0] = static_cast<double>(base | b);
      out[1] = leaf.qty[b];
      out += 2;
      if (++written == n) return written;
    }
    int level = LEAF_LEVEL - 1;
    uint32_t sib = 0;
    for (; level >= 0; level--) {
      sib = inner_[static_cast<uint32_t>(path[level])].mask & maskLT(idx(key, level));
      if (sib != 0) break;
    }
    if (level < 0) return written;
    uint32_t c = hiBit(sib);
    key = prefixAbove(key, level) | (c << (25 - 5 * level));
    node = inner_[static_cast<uint32_t>(path[level])].child[c];
    for (int l = level + 1; l < LEAF_LEVEL; l++) {
      path[l] = node;
      const Inner& d = inner_[static_cast<uint32_t>(node)];
      c = hiBit(d.mask);
      key |= c << (25 - 5 * l);
      node = d.child[c];
    }
    m = leaves_[static_cast<uint32_t>(node)].mask;
  }
}

uint32_t TickTrie::walkUp(uint32_t from, uint32_t n, double* out) const {
  if (n == 0) return 0;
  int32_t path[LEAF_LEVEL];
  int32_t node = 0;
  for (int level = 0; level < LEAF_LEVEL; level++) {
    path[level] = node;
    node = inner_[static_cast<uint32_t>(node)].child[idx(from, level)];
  }
  uint32_t key = from;
  uint32_t m = leaves_[static_cast<uint32_t>(node)].mask & maskGE(from & 31u);
  uint32_t written = 0;
  for (;;) {
    const Leaf& leaf = leaves_[static_cast<uint32_t>(node)];
    const uint32_t base = key & ~31u;
    while (m != 0) {
      const uint32_t b = loBit(m);
      m &= m - 1;
      out[0] = static_cast<double>(base | b);
      out[1] = leaf.qty[b];
      out += 2;
      if (++written == n) return written;
    }
    int level = LEAF_LEVEL - 1;
    uint32_t sib = 0;
    for (; level >= 0; level--) {
      sib = inner_[static_cast<uint32_t>(path[level])].mask & maskGT(idx(key, level));
      if (sib != 0) break;
    }
    if (level < 0) return written;
    uint32_t c = loBit(sib);
    key = prefixAbove(key, level) | (c << (25 - 5 * level));
    node = inner_[static_cast<uint32_t>(path[level])].child[c];
    for (int l = level + 1; l < LEAF_LEVEL; l++) {
      path[l] = node;
      const Inner& d = inner_[static_cast<uint32_t>(node)];
      c = loBit(d.mask);
      key |= c << (25 - 5 * l);
      node = d.child[c];
    }
    m = leaves_[static_cast<uint32_t>(node)].mask;
  }
}

}  // namespace btc
