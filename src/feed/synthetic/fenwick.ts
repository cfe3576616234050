/**
 * Fenwick (binary indexed) tree over non-negative weights: O(log n) update and
 * O(log n) search for the index holding cumulative weight u, which is how the
 * synthetic market picks which of its ~400 level clocks fires next.
 */
export class Fenwick {
  private readonly tree: Float64Array;
  private readonly w: Float64Array;
  private readonly top: number;

  constructor(readonly size: number) {
    this.tree = new Float64Array(size + 1);
    this.w = new Float64Array(size);
    let t = 1;
    while (t * 2 <= size) t *= 2;
    this.top = t;
  }

  weight(i: number): number {
    return this.w[i];
  }

  /** Sets weight i. */
  set(i: number, weight: number): void {
    const d = weight - this.w[i];
    if (d === 0) return;
    this.w[i] = weight;
    for (let k = i + 1; k <= this.size; k += k & -k) this.tree[k] += d;
  }

  /** Sum of all weights (recomputed from the leaves now and then by `rebuild`). */
  total(): number {
    let s = 0;
    for (let k = this.size; k > 0; k -= k & -k) s += this.tree[k];
    return s;
  }

  /** Smallest i with prefix sum through i > u, for 0 <= u < total(). */
  find(u: number): number {
    let pos = 0;
    for (let step = this.top; step > 0; step >>= 1) {
      const nxt = pos + step;
      if (nxt <= this.size && this.tree[nxt] <= u) { pos = nxt; u -= this.tree[nxt]; }
    }
    return Math.min(pos, this.size - 1);
  }

  /** Rebuilds the tree from the leaves in O(n): removes accumulated rounding. */
  rebuild(): void {
    this.tree.fill(0);
    for (let i = 0; i < this.size; i++) {
      this.tree[i + 1] += this.w[i];
      const p = i + 1 + ((i + 1) & -(i + 1));
      if (p <= this.size) this.tree[p] += this.tree[i + 1];
    }
  }
}
