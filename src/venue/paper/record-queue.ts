/**
 * A growable FIFO of 64-byte event records (src/layout/event.ts) waiting to be
 * replayed into the paper venue's book.
 *
 *   buf:  [ consumed … | head … pending … tail | free … ]
 *
 * `push` compacts (moves pending records to index 0) before it would grow, so
 * memory follows the largest backlog, not the length of the run. Items are whole:
 * a DEPTH header and its `aux` LEVEL records, or one TRADE / TICKER record; an item
 * whose levels have not all been pushed yet is not ready.
 *
 * The consumer reads the head item in place (`f64` / `u32` at record `head`) and
 * then `drop`s it: records are copied once, on `push`, never per item.
 */
import { EV_AUX_U32, EV_EXCH_TS, EV_FLAGS, EVENT_F64, EVENT_U32, KIND_DEPTH, KIND_MASK } from '../../layout/event.js';

/** u32 index of the low half of a record's exchange time (int64 ns, little-endian). */
const TS_LO = EV_EXCH_TS * 2;

export class RecordQueue {
  /** Views of the storage; replaced when it grows (read them after `push`, not across it). */
  f64: Float64Array;
  u32: Uint32Array;
  private i64: BigInt64Array;
  /** Index (records) of the head item. */
  head = 0;
  private tail = 0;

  constructor(initialRecords = 1024) {
    this.f64 = new Float64Array(Math.max(1, initialRecords) * EVENT_F64);
    this.u32 = new Uint32Array(this.f64.buffer);
    this.i64 = new BigInt64Array(this.f64.buffer);
  }

  /** Records waiting (including an incomplete last message). */
  get length(): number {
    return this.tail - this.head;
  }

  /** Copies records [0, count) of `records` (EVENT_F64 slots each) to the back. */
  push(records: Float64Array, count: number): void {
    if (!Number.isInteger(count) || count < 0 || count * EVENT_F64 > records.length) {
      throw new RangeError(`count must be an integer in [0, ${Math.floor(records.length / EVENT_F64)}], was ${count}`);
    }
    if (this.head > 0) {
      this.f64.copyWithin(0, this.head * EVENT_F64, this.tail * EVENT_F64);
      this.tail -= this.head;
      this.head = 0;
    }
    const need = (this.tail + count) * EVENT_F64;
    if (need > this.f64.length) {
      const grown = new Float64Array(Math.max(need, this.f64.length * 2));
      grown.set(this.f64.subarray(0, this.tail * EVENT_F64));
      this.f64 = grown;
      this.u32 = new Uint32Array(grown.buffer);
      this.i64 = new BigInt64Array(grown.buffer);
    }
    this.f64.set(records.subarray(0, count * EVENT_F64), this.tail * EVENT_F64);
    this.tail += count;
  }

  /** Records the head item spans, or 0 when the queue is empty or the head message is incomplete. */
  headSpan(): number {
    if (this.head === this.tail) return 0;
    const flags = this.u32[this.head * EVENT_U32 + EV_FLAGS];
    const span = (flags & KIND_MASK) === KIND_DEPTH ? 1 + this.u32[this.head * EVENT_U32 + EV_AUX_U32] : 1;
    return this.head + span <= this.tail ? span : 0;
  }

  /**
   * Exchange time of the head record in whole ms, as Number(ns / 1_000_000n) but
   * without a BigInt per item: for 0 <= ns < 2^63, ns = hi·2^32 + lo =
   * hi·4294·10^6 + (hi·967296 + lo), and the second term stays below 2^53.
   */
  headTsMs(): number {
    const k = this.head * EVENT_U32 + TS_LO;
    const hi = this.u32[k + 1];
    if (hi >= 0x80000000) return Number(this.i64[this.head * EVENT_F64 + EV_EXCH_TS] / 1_000_000n); // negative
    const rest = hi * 967296 + this.u32[k];
    return hi * 4294 + (rest - (rest % 1_000_000)) / 1_000_000;
  }

  /** Drops the `n` head records (the head item, once applied). */
  drop(n: number): void {
    this.head += n;
    if (this.head === this.tail) { this.head = 0; this.tail = 0; }
  }
}
