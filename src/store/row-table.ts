/**
 * Writing and scanning the row tables (l2_features, l2_training_data): rows are
 * staged in a Float64Array we own (kernel output views last only until the next
 * batch), then put in key order inside the caller's transaction. A key above the
 * table's last one is appended (MDB_APPEND: no search, pages filled completely);
 * anything else is an ordinary put, and a key already present is counted as an
 * overwrite.
 */
import type { Database } from 'lmdb';
import { ROW_TS_MS, ROW_U } from '../layout/feature-row.js';
import { compareKeys, FEATURE_KEY_BYTES, isKeyInteger, rowKey } from './layout.js';
import type { RowCodec, RowSink } from './row-codec.js';

/** Rows waiting for the next commit. */
export class RowStage {
  rows: Float64Array;
  count = 0;
  /** Rows pushed whose key was not above the previous row's (since construction). */
  outOfOrder = 0;
  private readonly prevKey = new Uint8Array(FEATURE_KEY_BYTES);
  private readonly key = new Uint8Array(FEATURE_KEY_BYTES);
  private havePrev = false;

  constructor(readonly stride: number, capacityRows = 4096) {
    this.rows = new Float64Array(stride * capacityRows);
  }

  /** Copies `n` rows of stride `this.stride` from `src` (a kernel output view). */
  pushAll(src: Float64Array, n: number): void {
    const need = (this.count + n) * this.stride;
    if (need > this.rows.length) {
      const grown = new Float64Array(Math.max(need, this.rows.length * 2));
      grown.set(this.rows.subarray(0, this.count * this.stride));
      this.rows = grown;
    }
    for (let i = 0; i < n; i++) {
      const b = i * this.stride;
      const ts = src[b + ROW_TS_MS];
      const u = src[b + ROW_U];
      if (!isKeyInteger(ts) || !isKeyInteger(u)) {
        throw new RangeError(`feature row has no valid key: ts must be a non-negative integer ms and u a non-negative integer, was ts=${ts}, u=${u}`);
      }
      rowKey(this.key, src, b);
      if (this.havePrev && compareKeys(this.key, this.prevKey) <= 0) this.outOfOrder++;
      this.prevKey.set(this.key);
      this.havePrev = true;
    }
    this.rows.set(src.subarray(0, n * this.stride), this.count * this.stride);
    this.count += n;
  }

  /** Empties the stage (the key-order tracking carries on). */
  clear(): void {
    this.count = 0;
  }
}

/** The last key of a table (opened with binary keys: raw, Store.binaryView), or undefined when it is empty. */
export function lastKey(db: Database<Buffer, Buffer>): Uint8Array | undefined {
  for (const key of db.getKeys({ reverse: true, limit: 1 })) return Uint8Array.from(key as Uint8Array);
  return undefined;
}

const APPEND = { append: true };

/** A row table: its scan/write handle (RowCodec values, keys not decoded) and a binary view of the same table for keys. */
export interface RowTable {
  readonly db: Database<Buffer, Buffer>;
  readonly keys: Database<Buffer, Buffer>;
  readonly codec: RowCodec;
}

/**
 * Puts rows [from, to) of `rows` (stride f64 slots each) into a row table; call
 * inside a write transaction. Returns how many rows replaced an existing one.
 */
export function putRows(table: RowTable, rows: Float64Array, stride: number, from: number, to: number): number {
  const db = table.db;
  let last = lastKey(table.keys);
  const key = Buffer.allocUnsafe(FEATURE_KEY_BYTES);
  const bytes = new Uint8Array(rows.buffer, rows.byteOffset, rows.byteLength);
  const rowBytes = stride * 8;
  let overwrites = 0;
  for (let i = from; i < to; i++) {
    rowKey(key, rows, i * stride);
    const value = bytes.subarray(i * rowBytes, (i + 1) * rowBytes);
    if (last === undefined || compareKeys(key, last) > 0) {
      db.putSync(key, value as Buffer, APPEND);
      last ??= new Uint8Array(FEATURE_KEY_BYTES);
      last.set(key);
    } else {
      if (table.keys.doesExist(key)) overwrites++;
      db.putSync(key, value as Buffer);
    }
  }
  return overwrites;
}

export interface ScanOptions {
  start?: Buffer;
  end?: Buffer;
  /** Rows per chunk handed to the callback. */
  chunkRows?: number;
}

export interface ScanResult {
  rows: number;
  /** Values that were not stride × 8 bytes (skipped). */
  badSize: number;
}

/**
 * Scans a row table in key order. `onChunk` gets up to chunkRows rows at a time in
 * a Float64Array that is reused: valid only during the call.
 */
export function scanRows(table: RowTable, stride: number, onChunk: (rows: Float64Array, count: number) => void,
                         opts: ScanOptions = {}): ScanResult {
  const codec = table.codec;
  const chunk = opts.chunkRows ?? 4096;
  const sink: RowSink = { rows: new Float64Array(stride * chunk), pos: 0, stride, badSize: 0, lastBadBytes: 0 };
  const full = sink.rows.length;
  let total = 0;
  codec.sink = sink;
  try {
    // Each step of the iterator decodes one value into the sink (RowCodec.decode).
    for (const _entry of table.db.getRange({ start: opts.start, end: opts.end })) {
      if (sink.pos === full) {
        onChunk(sink.rows, chunk);
        total += chunk;
        sink.pos = 0;
      }
    }
    const rest = sink.pos / stride;
    if (rest > 0) onChunk(sink.rows, rest);
    total += rest;
  } finally {
    codec.sink = undefined;
  }
  return { rows: total, badSize: sink.badSize };
}
