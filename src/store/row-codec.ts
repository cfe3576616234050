/**
 * The lmdb-js value codec of the row tables (l2_features, l2_training_data).
 * Writes take the row bytes as they are (a view into a staging Float64Array,
 * passed by address inside a synchronous transaction, never copied in JS).
 * Scans decode by copying each value straight into the reader's Float64Array at
 * its cursor, from LMDB's shared read buffer: no object or buffer per row, which is
 * what lifts a scan past 2 M rows/s.
 *
 * lmdb-js calls `decode(bytes, size)` during range iteration with a buffer valid
 * only for that call; `get()` would pass other arguments, so the tables are read
 * with `getBinary` (a copy) for point reads and with `scanInto` for ranges.
 */

/** Where decoded rows go during a scan. */
export interface RowSink {
  /** Destination; each row starts at `pos` (in f64 slots). */
  rows: Float64Array;
  pos: number;
  /** f64 slots a row must have; a value of another size is counted, not copied. */
  stride: number;
  /** Values whose size was not stride × 8 bytes. */
  badSize: number;
  /** Size in bytes of the last bad value. */
  lastBadBytes: number;
}

export class RowCodec {
  /** The active sink: set by a scan for its duration. */
  sink: RowSink | undefined;
  private u8: Uint8Array | undefined;
  private src: Float64Array | undefined;

  encode(value: Uint8Array): Uint8Array {
    return value;
  }

  decode(bytes: Uint8Array, size: number): number {
    const s = this.sink;
    if (!s) throw new Error('row tables are read with scanInto or getBinary, not get');
    if (size !== s.stride * 8) {
      s.badSize++;
      s.lastBadBytes = size;
      return -1;
    }
    const at = bytes.byteOffset;
    if ((at & 7) === 0) {
      // LMDB's shared read buffer is 8-aligned: copy f64 by f64 through one cached view.
      if (this.src === undefined || this.src.buffer !== bytes.buffer) this.src = new Float64Array(bytes.buffer, 0, bytes.buffer.byteLength >>> 3);
      const from = at >>> 3;
      const rows = s.rows;
      for (let k = 0, p = s.pos; k < s.stride; k++) rows[p + k] = this.src[from + k];
    } else {
      if (this.u8 === undefined || this.u8.buffer !== s.rows.buffer) this.u8 = new Uint8Array(s.rows.buffer, s.rows.byteOffset, s.rows.byteLength);
      this.u8.set(new Uint8Array(bytes.buffer, at, size), s.pos * 8);
    }
    s.pos += s.stride;
    return size;
  }
}
