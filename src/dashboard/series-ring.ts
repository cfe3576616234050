/**
 * A fixed-capacity ring of numeric rows (`width` f64 columns each) for the
 * dashboard's history: one Float64Array allocated once, the oldest row
 * overwritten when full, so a run of any length holds at most `capacity` rows.
 * Rows are addressed by their absolute index (0 = the first row ever pushed);
 * an index older than the ring holds is gone.
 */
export class SeriesRing {
  private readonly data: Float64Array;
  /** Rows pushed since the start (the next row's absolute index). */
  total = 0;

  constructor(readonly capacity: number, readonly width: number) {
    if (!(Number.isInteger(capacity) && capacity > 0)) throw new RangeError(`capacity must be a positive integer, was ${capacity}`);
    if (!(Number.isInteger(width) && width > 0)) throw new RangeError(`width must be a positive integer, was ${width}`);
    this.data = new Float64Array(capacity * width);
  }

  /** Rows held now (≤ capacity). */
  get size(): number {
    return Math.min(this.total, this.capacity);
  }

  /** Absolute index of the oldest row held. */
  get first(): number {
    return this.total - this.size;
  }

  /** Appends a row (missing columns NaN); returns its absolute index. */
  push(values: ArrayLike<number>): number {
    const at = (this.total % this.capacity) * this.width;
    for (let c = 0; c < this.width; c++) this.data[at + c] = c < values.length ? values[c]! : NaN;
    return this.total++;
  }

  /** True when row `abs` is still held. */
  holds(abs: number): boolean {
    return abs >= this.first && abs < this.total;
  }

  /** Column `c` of row `abs` (which must be held). */
  get(abs: number, c: number): number {
    return this.data[(abs % this.capacity) * this.width + c]!;
  }

  /** Column `c`, oldest row first, as a plain array (JSON), each value passed through `round`. */
  column(c: number, round: (x: number) => number | null = (x) => x): Array<number | null> {
    const out = new Array<number | null>(this.size);
    for (let i = 0, abs = this.first; abs < this.total; i++, abs++) out[i] = round(this.get(abs, c));
    return out;
  }

  /** Row `abs` as a plain array, each value passed through `round`. */
  row(abs: number, round: (x: number) => number | null = (x) => x): Array<number | null> {
    const out = new Array<number | null>(this.width);
    for (let c = 0; c < this.width; c++) out[c] = round(this.get(abs, c));
    return out;
  }
}

/** Rounds to `digits` decimals; NaN and ±Infinity become null (JSON has neither). */
export function roundTo(digits: number): (x: number) => number | null {
  const f = 10 ** digits;
  return (x) => (Number.isFinite(x) ? Math.round(x * f) / f : null);
}
