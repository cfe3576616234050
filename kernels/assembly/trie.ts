/**
 * One book side as a sparse 32-ary bitmap trie over price ticks: the WASM port
 * of src/book/tick-trie.ts (same structure, same answers).
 *
 *   key (30 bits, price in ticks) = c0 c1 c2 c3 c4 | c5     (5 bits each)
 *   root ──c0──► internal ──c1──► … ──c4──► leaf (slot c5)
 *
 * Memory layout (byte offsets; nodes are addressed by their linear-memory address,
 * 0 = none):
 *   internal node, INODE_BYTES = 132: +0 u32 child mask, +4 + 4c u32 child address
 *   leaf,          LEAF_BYTES  = 264: +0 u32 slot mask, +4 u32 free-list link,
 *                                     +8 + 8c f64 size in lots of slot c
 * Ownership: both sides share one pool, the region [poolLo, poolHi) the JS wrapper
 * hands to bookInit. Internal nodes are bump-allocated upwards from poolLo and
 * leaves downwards from poolHi, so either kind can use all free space (a sparse
 * book needs ~4 internal nodes per level, a dense one ~1 leaf per 32 levels);
 * the pool is exhausted when the two fronts meet. Emptied nodes go to per-kind
 * free lists (linked through child 0 / the leaf link word); trieClearAll() drops
 * everything at once in O(1). The size of an empty leaf slot is always 0.
 *
 * Complexity: get / set / findLE / findGE are O(6) node visits; the neighbour
 * searches use clz/ctz on the masks. No path stack: the searches remember the
 * deepest node with a candidate sibling while descending, and a delete remembers
 * the deepest ancestor that keeps other children (everything below it is freed).
 */
import { E_CAPACITY } from './errors';
import { MAX_PX_TICKS } from './layout';

export const INODE_BYTES: usize = 132;
export const LEAF_BYTES: usize = 264;
const LEAF_LEVEL: i32 = 5;

let poolLo: usize = 0;
let poolHi: usize = 0;
let iTop: usize = 0; // next never-used internal node (grows up)
let lBot: usize = 0; // lowest leaf handed out so far (grows down)
let iFree: usize = 0;
let lFree: usize = 0;

// ---- node access ----
@inline function idx(key: i32, level: i32): u32 {
  return (<u32>key >> <u32>(25 - 5 * level)) & 31;
}
@inline function nodeMask(n: usize): u32 { return load<u32>(n); }
@inline function child(n: usize, c: u32): usize { return <usize>load<u32>(n + 4 + (<usize>c << 2)); }
@inline function qtyAddr(leaf: usize, c: u32): usize { return leaf + 8 + (<usize>c << 3); }
@inline function hasBit(m: u32, c: u32): bool { return ((m >> c) & 1) != 0; }
// Bits at positions <= c, < c, >= c, > c; every shift count stays in [0, 31].
@inline function maskLE(c: u32): u32 { return <u32>0xffffffff >> (31 - c); }
@inline function maskLT(c: u32): u32 { return maskLE(c) ^ (<u32>1 << c); }
@inline function maskGE(c: u32): u32 { return <u32>0xffffffff << c; }
@inline function maskGT(c: u32): u32 { return maskGE(c) ^ (<u32>1 << c); }
@inline function hiBit(m: u32): u32 { return 31 - clz<u32>(m); }
@inline function loBit(m: u32): u32 { return ctz<u32>(m); }

// ---- pools ----
/** Sets the pool region (8-byte aligned inside [lo, hi)) and empties it. */
export function triePool(lo: usize, hi: usize): void {
  poolLo = (lo + 7) & ~<usize>7;
  poolHi = hi & ~<usize>7;
  if (poolHi < poolLo) poolHi = poolLo;
  trieClearAll();
}

/** Returns every node of both sides to the pool (the caller re-creates the roots). */
export function trieClearAll(): void {
  iTop = poolLo;
  lBot = poolHi;
  iFree = 0;
  lFree = 0;
}

/** A fresh internal node with an empty mask, or 0 when the pool is exhausted. */
export function allocInternal(): usize {
  let n = iFree;
  if (n != 0) {
    iFree = child(n, 0);
  } else {
    if (lBot - iTop < INODE_BYTES) return 0;
    n = iTop;
    iTop += INODE_BYTES;
  }
  store<u32>(n, 0);
  return n;
}

function allocLeaf(): usize {
  let n = lFree;
  if (n != 0) {
    lFree = <usize>load<u32>(n, 4);
  } else {
    if (lBot - iTop < LEAF_BYTES) return 0;
    lBot -= LEAF_BYTES;
    n = lBot;
    // Empty slots hold size 0 (a freed leaf's slots were zeroed one by one), so a
    // reader may sum a leaf's slot range without its mask (feat-walk.ts).
    memory.fill(n + 8, 0, LEAF_BYTES - 8);
  }
  store<u32>(n, 0);
  return n;
}

@inline function freeInternal(n: usize): void { store<u32>(n, <u32>iFree, 4); iFree = n; }
@inline function freeLeaf(n: usize): void { store<u32>(n, <u32>lFree, 4); lFree = n; }

// ---- queries ----
/** The leaf holding `key`'s slot, or 0 when it does not exist. */
export function trieLeaf(root: usize, key: i32): usize {
  let n = root;
  for (let level = 0; level < LEAF_LEVEL; level++) {
    const c = idx(key, level);
    if (!hasBit(nodeMask(n), c)) return 0;
    n = child(n, c);
  }
  return n;
}

/** Size at `key` (0 <= key <= MAX_PX_TICKS), 0 when the level is empty. */
export function trieGet(root: usize, key: i32): f64 {
  const leaf = trieLeaf(root, key);
  if (leaf == 0) return 0;
  const c = <u32>key & 31;
  return hasBit(nodeMask(leaf), c) ? load<f64>(qtyAddr(leaf, c)) : 0;
}

/**
 * Sets the size at `key` (1 <= key <= MAX_PX_TICKS); qty 0 deletes the level.
 * Returns the change in the number of levels (+1, 0, -1), or E_CAPACITY.
 */
export function trieSet(root: usize, key: i32, qty: f64): i32 {
  let n = root;
  let keep = root; // deepest ancestor that keeps another child (or the root)
  let keepLevel = 0;
  for (let level = 0; level < LEAF_LEVEL; level++) {
    const c = idx(key, level);
    const m = nodeMask(n);
    if (!hasBit(m, c)) {
      if (qty == 0) return 0;
      const node = level == LEAF_LEVEL - 1 ? allocLeaf() : allocInternal();
      if (node == 0) return E_CAPACITY;
      store<u32>(n + 4 + (<usize>c << 2), <u32>node);
      store<u32>(n, m | (<u32>1 << c));
    } else if (m != (<u32>1 << c)) {
      keep = n;
      keepLevel = level;
    }
    n = child(n, c);
  }
  const c = <u32>key & 31;
  const m = nodeMask(n);
  if (qty > 0) {
    store<f64>(qtyAddr(n, c), qty);
    if (hasBit(m, c)) return 0;
    store<u32>(n, m | (<u32>1 << c));
    return 1;
  }
  if (!hasBit(m, c)) return 0;
  store<f64>(qtyAddr(n, c), 0);
  const left = m & ~(<u32>1 << c);
  store<u32>(n, left);
  if (left != 0) return -1;
  // The leaf emptied: unlink the chain below `keep` and free it with the leaf.
  const kc = idx(key, keepLevel);
  let p = child(keep, kc);
  store<u32>(keep, nodeMask(keep) & ~(<u32>1 << kc));
  for (let level = keepLevel + 1; level < LEAF_LEVEL; level++) {
    const next = child(p, idx(key, level));
    freeInternal(p);
    p = next;
  }
  freeLeaf(p);
  return -1;
}

/** From child `c` of node `n` at `level`, follow the highest (or lowest) bits to a key. */
function descend(n: usize, level: i32, c: u32, key: i32, highest: bool): i32 {
  const shift = 30 - 5 * level;
  let out = (key >> shift) << shift; // key bits above this level
  out += <i32>c << (shift - 5);
  n = child(n, c);
  for (let l = level + 1; l < LEAF_LEVEL; l++) {
    const m = nodeMask(n);
    const cc = highest ? hiBit(m) : loBit(m);
    out += <i32>cc << (25 - 5 * l);
    n = child(n, cc);
  }
  const m = nodeMask(n);
  return out + <i32>(highest ? hiBit(m) : loBit(m));
}

/** Largest occupied key <= key, or -1. */
export function trieFindLE(root: usize, key: i32): i32 {
  if (key < 0) return -1;
  if (key > MAX_PX_TICKS) key = MAX_PX_TICKS;
  let n = root;
  let alt: usize = 0; // deepest node with an occupied child below the path
  let altLevel = 0;
  let altChild: u32 = 0;
  for (let level = 0; level < LEAF_LEVEL; level++) {
    const c = idx(key, level);
    const m = nodeMask(n);
    const lower = m & maskLT(c);
    if (lower != 0) { alt = n; altLevel = level; altChild = hiBit(lower); }
    if (!hasBit(m, c)) return alt == 0 ? -1 : descend(alt, altLevel, altChild, key, true);
    n = child(n, c);
  }
  const m = nodeMask(n) & maskLE(<u32>key & 31);
  if (m != 0) return (key & ~31) + <i32>hiBit(m);
  return alt == 0 ? -1 : descend(alt, altLevel, altChild, key, true);
}

/** Smallest occupied key >= key, or -1. */
export function trieFindGE(root: usize, key: i32): i32 {
  if (key > MAX_PX_TICKS) return -1;
  if (key < 0) key = 0;
  let n = root;
  let alt: usize = 0; // deepest node with an occupied child above the path
  let altLevel = 0;
  let altChild: u32 = 0;
  for (let level = 0; level < LEAF_LEVEL; level++) {
    const c = idx(key, level);
    const m = nodeMask(n);
    const higher = m & maskGT(c);
    if (higher != 0) { alt = n; altLevel = level; altChild = loBit(higher); }
    if (!hasBit(m, c)) return alt == 0 ? -1 : descend(alt, altLevel, altChild, key, false);
    n = child(n, c);
  }
  const m = nodeMask(n) & maskGE(<u32>key & 31);
  if (m != 0) return (key & ~31) + <i32>loBit(m);
  return alt == 0 ? -1 : descend(alt, altLevel, altChild, key, false);
}
