/**
 * Aggressor-classified VPIN (spec §2.6 `vpin_<n>`, C15): volume buckets of V_b lots
 * filled in trade order, a trade split across bucket boundaries;
 * VPIN = Σ_{last n full buckets} |V^B_τ − V^S_τ| / (n·V_b), NaN until n buckets exist.
 * Everything is integer lots, so the sums are exact.
 */
export class Vpin {
  private curBuy = 0;
  private curSell = 0;
  /** |V^B − V^S| of the last n full buckets (ring). */
  private readonly imb: Float64Array;
  private next = 0;
  /** Full buckets so far (saturates at n; only "n exist" matters). */
  private filled = 0;
  private sum = 0;

  constructor(readonly buckets: number, readonly bucketLots: number) {
    if (!Number.isSafeInteger(buckets) || buckets < 1) throw new RangeError(`vpin buckets must be a positive integer, was ${buckets}`);
    if (!Number.isSafeInteger(bucketLots) || bucketLots < 1) throw new RangeError(`vpin bucket must be a positive integer number of lots, was ${bucketLots}`);
    this.imb = new Float64Array(buckets);
  }

  /** Buckets completed so far, capped at n. */
  get full(): number { return this.filled; }

  add(buy: boolean, lots: number): void {
    const vb = this.bucketLots;
    const take = Math.min(lots, vb - this.curBuy - this.curSell);
    if (buy) this.curBuy += take; else this.curSell += take;
    let q = lots - take;
    if (this.curBuy + this.curSell === vb) this.close();
    if (q === 0) return;
    // The rest starts on an empty bucket: whole buckets of one side (|B − S| = V_b),
    // only the last n of which can matter, then the remainder.
    const whole = Math.floor(q / vb);
    for (let k = Math.min(whole, this.buckets); k > 0; k--) this.push(vb);
    q -= whole * vb;
    if (buy) this.curBuy = q; else this.curSell = q;
  }

  value(): number {
    return this.filled < this.buckets ? NaN : this.sum / (this.buckets * this.bucketLots);
  }

  private close(): void {
    this.push(Math.abs(this.curBuy - this.curSell));
    this.curBuy = 0;
    this.curSell = 0;
  }

  private push(imb: number): void {
    this.sum += imb - this.imb[this.next];
    this.imb[this.next] = imb;
    this.next = this.next + 1 === this.buckets ? 0 : this.next + 1;
    if (this.filled < this.buckets) this.filled++;
  }
}
