/**
 * Binance pre-snapshot buffering. Diffs recorded before the REST snapshot line
 * may be newer than the snapshot and must be applied after it (the kernel then
 * drops the stale ones and bridges to the first that spans the snapshot id).
 * While the book awaits a snapshot this holds diff messages back; when a
 * snapshot arrives it yields the snapshot followed by the held diffs. Only used
 * before sync and after a gap, so copying is fine here.
 */
import { EV_AUX_U32, EV_FLAGS, EVENT_BYTES, EVENT_U32, DEPTH_SNAPSHOT, KIND_DEPTH, KIND_MASK } from '../layout/event.js';

/** Most records held while waiting; older diffs are dropped first (a live feed re-fetches anyway). */
export const PRESYNC_MAX_RECORDS = 1 << 20;

export class PreSync {
  private held: Uint8Array[] = [];
  private heldRecords = 0;
  /** Diff messages dropped because the hold buffer was full. */
  dropped = 0;

  /**
   * Splits records [0, count) of `bytes` (a batch): diffs are held, trades and
   * tickers pass through. Returns the records to apply now, in order, as one
   * byte array, and whether a snapshot was among them (sync reached).
   */
  route(bytes: Uint8Array, u32: Uint32Array, count: number): { out: Uint8Array; synced: boolean } {
    const pieces: Uint8Array[] = [];
    let synced = false;
    let i = 0;
    while (i < count) {
      const flags = u32[i * EVENT_U32 + EV_FLAGS];
      const len = (flags & KIND_MASK) === KIND_DEPTH ? 1 + u32[i * EVENT_U32 + EV_AUX_U32] : 1;
      const piece = bytes.slice(i * EVENT_BYTES, (i + len) * EVENT_BYTES);
      if ((flags & KIND_MASK) !== KIND_DEPTH || synced) {
        pieces.push(piece);
      } else if ((flags & DEPTH_SNAPSHOT) !== 0) {
        pieces.push(piece, ...this.held);
        this.held = [];
        this.heldRecords = 0;
        synced = true;
      } else {
        this.hold(piece);
      }
      i += len;
    }
    return { out: concat(pieces), synced };
  }

  private hold(piece: Uint8Array): void {
    this.held.push(piece);
    this.heldRecords += piece.length / EVENT_BYTES;
    while (this.heldRecords > PRESYNC_MAX_RECORDS && this.held.length > 0) {
      this.heldRecords -= this.held.shift()!.length / EVENT_BYTES;
      this.dropped++;
    }
  }
}

function concat(pieces: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of pieces) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of pieces) { out.set(p, o); o += p.length; }
  return out;
}
