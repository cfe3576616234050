/**
 * Writes event records (src/layout/event.ts) into a kernel's input buffer. Used by
 * the TS parsers; one writer per batch buffer, reused for every batch.
 */
import {
  EV_AUX_U32, EV_EXCH_TS, EV_FLAGS, EV_FVAL, EV_ID, EV_IVAL, EV_LOCAL_TS, EV_PX, EV_QTY,
  EVENT_F64, EVENT_U32,
} from '../layout/event.js';

export interface RecordBuffer {
  readonly input: Float64Array;
  readonly inputU32: Uint32Array;
  readonly inputI64: BigInt64Array;
  readonly recordCapacity: number;
}

export class RecordWriter {
  /** Records written so far in this batch. */
  count = 0;
  constructor(readonly buf: RecordBuffer) {}

  /** Room for `n` more records? */
  room(n: number): boolean {
    return this.count + n <= this.buf.recordCapacity;
  }

  /** Writes one record and returns its index. */
  put(flags: number, aux: number, exchTsNs: bigint, localTsNs: bigint,
      px: number, qty: number, id: number, ival: number, fval: number): number {
    const i = this.count++;
    const f = this.buf.input;
    const o = i * EVENT_F64;
    this.buf.inputU32[i * EVENT_U32 + EV_FLAGS] = flags;
    this.buf.inputU32[i * EVENT_U32 + EV_AUX_U32] = aux;
    this.buf.inputI64[o + EV_EXCH_TS] = exchTsNs;
    this.buf.inputI64[o + EV_LOCAL_TS] = localTsNs;
    f[o + EV_PX] = px;
    f[o + EV_QTY] = qty;
    f[o + EV_ID] = id;
    f[o + EV_IVAL] = ival;
    f[o + EV_FVAL] = fval;
    return i;
  }

  /** Sets the `aux` field (level count) of an already written record. */
  setAux(i: number, aux: number): void {
    this.buf.inputU32[i * EVENT_U32 + EV_AUX_U32] = aux;
  }
}
