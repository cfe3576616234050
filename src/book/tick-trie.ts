/**
 * One side of an order book as a sparse 32-ary bitmap trie over price ticks.
 *
 *   key (30 bits, price in ticks) = c0 c1 c2 c3 c4 | c5     (5 bits each)
 *   root ──c0──► internal ──c1──► … ──c4──► leaf: 32 sizes + 32-bit mask (slot c5)
 *
 * Every internal node keeps a 32-bit mask of which children exist, so the next
 * lower/higher price is found with clz/ctz instead of a scan: set, delete and
 * neighbour queries are O(6) whatever the depth of the book. Nodes come from
 * pools with free lists and are released as soon as they empty, so memory follows
 * the number of occupied price clusters, not the price range.
 *
 * This is the readable reference of the algorithm; kernels/assembly/book.ts and
 * native/src/book.cc implement the same structure. Sizes are integer lots kept in
 * a Float64Array (exact below 2^53).
 */
import { MAX_PX_TICKS } from '../layout/event.js';

const LEAF_LEVEL = 5;
const FANOUT = 32;

/** Child index of `key` at trie level 0..5. */
function idx(key: number, level: number): number {
  return (key >>> (25 - 5 * level)) & 31;
}
/** Bits at positions <= c, strictly < c, >= c, strictly > c. */
const maskLE = (c: number): number => 0xffffffff >>> (31 - c);
const maskLT = (c: number): number => maskLE(c) ^ (1 << c);
const maskGE = (c: number): number => 0xffffffff << c;
const maskGT = (c: number): number => maskGE(c) ^ (1 << c);
const hiBit = (m: number): number => 31 - Math.clz32(m);
const loBit = (m: number): number => 31 - Math.clz32(m & -m);

export class TickTrie {
  private iMask: Uint32Array = new Uint32Array(64);
  private iChild: Int32Array = new Int32Array(64 * FANOUT);
  private iUsed = 0;
  private iFree = -1;
  private lMask: Uint32Array = new Uint32Array(64);
  private lQty = new Float64Array(64 * FANOUT);
  private lNext: Int32Array = new Int32Array(64);
  private lUsed = 0;
  private lFree = -1;
  private readonly root: number;
  private readonly path = new Int32Array(LEAF_LEVEL + 1);
  /** Number of occupied price levels. */
  count = 0;
  /** Live trie nodes (internal + leaves, root included): memory follows this, not the price range. */
  nodes = 0;

  constructor() {
    this.root = this.allocInternal();
  }

  /** Removes every level and returns all nodes to the pools. */
  clear(): void {
    this.iUsed = 0;
    this.iFree = -1;
    this.lUsed = 0;
    this.lFree = -1;
    this.count = 0;
    this.nodes = 0;
    this.allocInternal(); // the root is always node 0
  }

  /** Size at `key`, 0 when the level is empty. */
  get(key: number): number {
    let n = this.root;
    for (let level = 0; level < LEAF_LEVEL; level++) {
      const c = idx(key, level);
      if (((this.iMask[n] >>> c) & 1) === 0) return 0;
      n = this.iChild[n * FANOUT + c];
    }
    return ((this.lMask[n] >>> (key & 31)) & 1) === 0 ? 0 : this.lQty[n * FANOUT + (key & 31)];
  }

  /** Sets the size at `key`; size 0 deletes the level (deleting an empty level is a no-op). */
  set(key: number, qty: number): void {
    const path = this.path;
    let n = this.root;
    for (let level = 0; level < LEAF_LEVEL; level++) {
      path[level] = n;
      const c = idx(key, level);
      if (((this.iMask[n] >>> c) & 1) === 0) {
        if (qty === 0) return;
        const child = level === LEAF_LEVEL - 1 ? this.allocLeaf() : this.allocInternal();
        this.iChild[n * FANOUT + c] = child;
        this.iMask[n] |= 1 << c;
      }
      n = this.iChild[n * FANOUT + c];
    }
    const c = key & 31;
    const present = (this.lMask[n] >>> c) & 1;
    if (qty > 0) {
      this.lQty[n * FANOUT + c] = qty;
      if (present === 0) {
        this.lMask[n] |= 1 << c;
        this.count++;
      }
      return;
    }
    if (present === 0) return;
    this.lQty[n * FANOUT + c] = 0;
    this.lMask[n] &= ~(1 << c);
    this.count--;
    if (this.lMask[n] !== 0) return;
    // The leaf emptied: release it and every ancestor that empties with it.
    this.freeLeaf(n);
    for (let level = LEAF_LEVEL - 1; level >= 0; level--) {
      const p = path[level];
      this.iMask[p] &= ~(1 << idx(key, level));
      if (this.iMask[p] !== 0 || level === 0) return;
      this.freeInternal(p);
    }
  }

  /** Largest occupied key <= key, or -1. */
  findLE(key: number): number {
    if (key < 0) return -1;
    if (key > MAX_PX_TICKS) key = MAX_PX_TICKS;
    const path = this.path;
    let n = this.root;
    let level = 0;
    for (; level < LEAF_LEVEL; level++) {
      path[level] = n;
      const c = idx(key, level);
      if (((this.iMask[n] >>> c) & 1) === 0) break;
      n = this.iChild[n * FANOUT + c];
    }
    if (level === LEAF_LEVEL) {
      const m = this.lMask[n] & maskLE(key & 31);
      if (m !== 0) return key - (key & 31) + hiBit(m);
      level = LEAF_LEVEL - 1;
    }
    for (; level >= 0; level--) {
      const m = this.iMask[path[level]] & maskLT(idx(key, level));
      if (m !== 0) return this.descend(path[level], level, hiBit(m), key, true);
    }
    return -1;
  }

  /** Smallest occupied key >= key, or -1. */
  findGE(key: number): number {
    if (key > MAX_PX_TICKS) return -1;
    if (key < 0) key = 0;
    const path = this.path;
    let n = this.root;
    let level = 0;
    for (; level < LEAF_LEVEL; level++) {
      path[level] = n;
      const c = idx(key, level);
      if (((this.iMask[n] >>> c) & 1) === 0) break;
      n = this.iChild[n * FANOUT + c];
    }
    if (level === LEAF_LEVEL) {
      const m = this.lMask[n] & maskGE(key & 31);
      if (m !== 0) return key - (key & 31) + loBit(m);
      level = LEAF_LEVEL - 1;
    }
    for (; level >= 0; level--) {
      const m = this.iMask[path[level]] & maskGT(idx(key, level));
      if (m !== 0) return this.descend(path[level], level, loBit(m), key, false);
    }
    return -1;
  }

  /** From child `c` of node `n` at `level`, follow the highest (or lowest) bits to a key. */
  private descend(n: number, level: number, c: number, key: number, highest: boolean): number {
    const shift = 30 - 5 * level;
    let out = level === 0 ? 0 : key - (key % 2 ** shift); // key bits above this level
    out += c * 2 ** (shift - 5);
    n = this.iChild[n * FANOUT + c];
    for (let l = level + 1; l < LEAF_LEVEL; l++) {
      const m = this.iMask[n];
      const cc = highest ? hiBit(m) : loBit(m);
      out += cc << (25 - 5 * l);
      n = this.iChild[n * FANOUT + cc];
    }
    const m = this.lMask[n];
    return out + (highest ? hiBit(m) : loBit(m));
  }

  private allocInternal(): number {
    let n = this.iFree;
    if (n >= 0) {
      this.iFree = this.iChild[n * FANOUT];
    } else {
      n = this.iUsed++;
      if (n >= this.iMask.length) {
        this.iMask = grow32(this.iMask);
        this.iChild = growI32(this.iChild);
      }
    }
    this.iMask[n] = 0;
    this.nodes++;
    return n;
  }

  private freeInternal(n: number): void {
    this.iChild[n * FANOUT] = this.iFree;
    this.iFree = n;
    this.nodes--;
  }

  private allocLeaf(): number {
    let n = this.lFree;
    if (n >= 0) {
      this.lFree = this.lNext[n];
    } else {
      n = this.lUsed++;
      if (n >= this.lMask.length) {
        this.lMask = grow32(this.lMask);
        this.lNext = growI32(this.lNext);
        const q = new Float64Array(this.lQty.length * 2);
        q.set(this.lQty);
        this.lQty = q;
      }
    }
    this.lMask[n] = 0;
    this.nodes++;
    return n;
  }

  private freeLeaf(n: number): void {
    this.lNext[n] = this.lFree;
    this.lFree = n;
    this.nodes--;
  }
}

function grow32(a: Uint32Array): Uint32Array {
  const b = new Uint32Array(a.length * 2);
  b.set(a);
  return b;
}
function growI32(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}
