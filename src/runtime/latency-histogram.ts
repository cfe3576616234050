/**
 * Tick-to-decision latency: log-spaced buckets (8 per power of two, ≤ 9 %
 * relative error) from 1 µs to ~17 s, so p50 / p99 cost O(buckets) and the
 * histogram never grows, however long the run. Values in ns.
 */
const SUB = 8;
const OCTAVES = 34; // 2^0 … 2^34 ns ≈ 17 s
/** Octaves octaveCounts() fills. */
export const LATENCY_OCTAVES = OCTAVES;
const BUCKETS = SUB * OCTAVES;

export class LatencyHistogram {
  private readonly counts = new Float64Array(BUCKETS);
  count = 0;
  maxNs = 0;

  record(ns: number): void {
    if (!(ns >= 0)) return;
    this.counts[bucketOf(ns)]++;
    this.count++;
    if (ns > this.maxNs) this.maxNs = ns;
  }

  /** The q-quantile (0..1) in ns: the upper edge of the bucket holding it; NaN when empty. */
  quantileNs(q: number): number {
    if (this.count === 0) return NaN;
    const rank = Math.max(1, Math.ceil(q * this.count));
    let seen = 0;
    for (let b = 0; b < BUCKETS; b++) {
      seen += this.counts[b];
      if (seen >= rank) return Math.min(upperEdge(b), this.maxNs);
    }
    return this.maxNs;
  }

  /** Counts per power of two of ns into `out` (length ≥ LATENCY_OCTAVES): out[o] = samples in [2^o, 2^(o+1)) ns. */
  octaveCounts(out: Float64Array): void {
    out.fill(0, 0, OCTAVES);
    for (let b = 0; b < BUCKETS; b++) out[Math.floor(b / SUB)] += this.counts[b];
  }

  reset(): void {
    this.counts.fill(0);
    this.count = 0;
    this.maxNs = 0;
  }
}

function bucketOf(ns: number): number {
  if (ns < 1) return 0;
  const b = Math.floor(Math.log2(ns) * SUB);
  return Math.min(BUCKETS - 1, b);
}

function upperEdge(b: number): number {
  return 2 ** ((b + 1) / SUB);
}
