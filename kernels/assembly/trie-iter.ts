/**
 * Leaf-by-leaf iteration over one book side (a trie of trie.ts), from a start key
 * towards lower (bids) or higher (asks) prices.
 *
 * The iterator keeps the path root → leaf (node address and child index per
 * level), so moving to the next leaf looks only at the deepest node with a sibling
 * in the walk direction: O(1) amortised per leaf instead of a findLE/findGE search
 * plus a fresh descent; the usual step, to a sibling under the same level-4 node,
 * is inline. The caller reads the current leaf (iterLeaf, iterBase) and
 * its occupied slots not before the start (iterRest). One iterator at a time
 * (module state): the feature walk does one side, then the other.
 *
 * Node layout (trie.ts): internal +0 u32 child mask, +4 + 4c u32 child address;
 * leaf +0 u32 slot mask, +8 + 8c f64 size in lots.
 */
const LEVELS: i32 = 5; // internal levels above the leaves
const PATH_NODE = memory.data(LEVELS * 4);
const PATH_CHILD = memory.data(LEVELS * 4);

let leaf: usize = 0;
let base: i32 = 0; // key of the leaf's slot 0
let rest: u32 = 0; // occupied slots of the current leaf, from the start key on
/** The side has no (more) leaves. */
export let iterDone = true;

/** The current leaf's address, the key of its slot 0, and its occupied slots in range. */
@inline export function iterLeaf(): usize { return leaf; }
@inline export function iterBase(): i32 { return base; }
@inline export function iterRest(): u32 { return rest; }

@inline function nodeMask(n: usize): u32 { return load<u32>(n); }
@inline function child(n: usize, c: u32): usize { return <usize>load<u32>(n + 4 + (<usize>c << 2)); }
@inline function pathNode(l: i32): usize { return <usize>load<u32>(PATH_NODE + (<usize>l << 2)); }
@inline function pathChild(l: i32): u32 { return load<u32>(PATH_CHILD + (<usize>l << 2)); }
@inline function setPath(l: i32, n: usize, c: u32): void {
  store<u32>(PATH_NODE + (<usize>l << 2), <u32>n);
  store<u32>(PATH_CHILD + (<usize>l << 2), c);
}

/** Positions the iterator on occupied key `start` of the trie at `root` (0: empty side). */
@inline export function iterStart(root: usize, start: i32, desc: bool): void {
  iterDone = true;
  if (start <= 0) return;
  let n = root;
  for (let l = 0; l < LEVELS; l++) {
    const c = (<u32>start >> <u32>(25 - 5 * l)) & 31;
    if (((nodeMask(n) >> c) & 1) == 0) return; // unreachable: start is occupied
    setPath(l, n, c);
    n = child(n, c);
  }
  node4 = pathNode(LEVELS - 1);
  child4 = pathChild(LEVELS - 1);
  leaf = n;
  base = start & ~31;
  const c = <u32>start & 31;
  rest = nodeMask(n) & (desc ? <u32>0xffffffff >> (31 - c) : <u32>0xffffffff << c);
  iterDone = false;
}

// The leaves' parent (level 4) and the current leaf's index in it: the common step
// to the next leaf is a sibling under the same parent (32 leaves = 1024 ticks).
let node4: usize = 0;
let child4: u32 = 0;

/** Moves to the next leaf in the walk direction; sets iterDone when there is none. */
@inline export function iterNextLeaf(desc: bool): void {
  const c = child4;
  const m = nodeMask(node4) & (desc ? (<u32>0xffffffff >> (31 - c)) ^ (<u32>1 << c) : (<u32>0xffffffff << c) ^ (<u32>1 << c));
  if (m != 0) {
    const cc: u32 = desc ? 31 - clz<u32>(m) : ctz<u32>(m);
    child4 = cc;
    leaf = child(node4, cc);
    base = (base & ~(31 << 5)) | <i32>(cc << 5);
    rest = nodeMask(leaf);
  } else if (!climb(desc)) {
    iterDone = true;
  }
}

/** The next leaf under another level-4 node: up the path to a sibling, then down its edge. */
function climb(desc: bool): bool {
  setPath(LEVELS - 1, node4, child4);
  for (let l = LEVELS - 2; l >= 0; l--) {
    const n = pathNode(l);
    const c = pathChild(l);
    // children strictly below (desc) or above c
    const m = nodeMask(n) & (desc ? (<u32>0xffffffff >> (31 - c)) ^ (<u32>1 << c) : (<u32>0xffffffff << c) ^ (<u32>1 << c));
    if (m == 0) continue;
    let cc: u32 = desc ? 31 - clz<u32>(m) : ctz<u32>(m);
    setPath(l, n, cc);
    let x = child(n, cc);
    for (let d = l + 1; d < LEVELS; d++) {
      const mm = nodeMask(x);
      cc = desc ? 31 - clz<u32>(mm) : ctz<u32>(mm);
      setPath(d, x, cc);
      x = child(x, cc);
    }
    let key: i32 = 0;
    for (let d = 0; d < LEVELS; d++) key |= <i32>pathChild(d) << (25 - 5 * d);
    node4 = pathNode(LEVELS - 1);
    child4 = pathChild(LEVELS - 1);
    leaf = x;
    base = key;
    rest = nodeMask(x);
    return true;
  }
  return false;
}
