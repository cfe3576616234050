/**
 * TS reference frame parser: lines of a recording → event records in a kernel's
 * input buffer. The native scanner (native/src/scanner.cc) implements the same
 * contract on raw bytes; test/feed/scanner.diff.test.ts holds them together.
 *
 * A line is `[<receive time> ]<frame JSON>`: the optional prefix is 12–19 digits
 * (12–14: ms, 15–17: µs, 18–19: ns) followed by a space or tab. Empty lines are
 * skipped. A line that does not decode is rolled back, counted by kind, and
 * reported through `onReject`; the batch carries on.
 */
import { decodeBinance } from './binance.js';
import { decodeBybit } from './bybit.js';
import { FrameContext, isObject, NO_ROOM } from './frame-context.js';
import type { Instrument } from './instrument.js';
import { RecordWriter, type RecordBuffer } from './record-writer.js';
import {
  emptyParseStats, R_BAD_PREFIX, R_MALFORMED_JSON, R_TOO_LARGE, R_UNKNOWN_MESSAGE, type ParseStats,
} from './reject.js';

/** The parser contract shared by the TS reference and the native scanner. */
export interface FrameParser {
  /** Parses whole lines of bytes[pos, end) into a new batch; returns where it stopped. */
  parse(bytes: Uint8Array, pos: number, end: number): number;
  /** Records written by the last parse call. */
  readonly records: number;
  /** Lines consumed in the current file (for error positions). */
  readonly lineNo: number;
  /** Starts line numbering for a new file; parser state (clock, symbol) carries over. */
  beginFile(): void;
  readonly stats: ParseStats;
}

export type RejectHandler = (kind: number, line: number, detail: string) => void;

const I64_MAX = (1n << 63n) - 1n;

export class TsFrameParser implements FrameParser {
  readonly stats = emptyParseStats();
  lineNo = 0;
  private readonly w: RecordWriter;
  private readonly ctx: FrameContext;
  private readonly decode: (obj: Record<string, unknown>, ctx: FrameContext) => number;

  constructor(readonly instrument: Instrument, buf: RecordBuffer & { outputCapacity: number },
              private readonly onReject: RejectHandler = () => {}) {
    this.w = new RecordWriter(buf);
    this.ctx = new FrameContext(instrument, this.w);
    this.decode = instrument.exchange === 'bybit' ? decodeBybit : decodeBinance;
    this.outputCapacity = buf.outputCapacity;
  }
  private readonly outputCapacity: number;

  get records(): number {
    return this.w.count;
  }

  beginFile(): void {
    this.lineNo = 0;
  }

  parse(bytes: Uint8Array, pos: number, end: number): number {
    this.w.count = 0;
    const depthAtStart = this.ctx.depth;
    while (pos < end) {
      if (this.ctx.depth - depthAtStart >= this.outputCapacity) break;
      let nl = bytes.indexOf(10, pos);
      if (nl < 0 || nl >= end) nl = end;
      if (this.line(bytes, pos, nl) === NO_ROOM) break;
      this.lineNo++;
      pos = nl + 1;
    }
    this.syncStats();
    return Math.min(pos, end);
  }

  /** Decodes bytes[s, e) (one line without its newline); NO_ROOM leaves it unconsumed. */
  private line(bytes: Uint8Array, s: number, e: number): number {
    if (e > s && bytes[e - 1] === 13) e--;
    while (s < e && (bytes[s] === 32 || bytes[s] === 9)) s++;
    if (s === e) return 0;
    const start = this.w.count;
    const lineNo = this.lineNo + 1;
    this.stats.lines++;
    let localTsNs = 0n;
    if (bytes[s] >= 48 && bytes[s] <= 57) {
      let j = s;
      while (j < e && bytes[j] >= 48 && bytes[j] <= 57) j++;
      const digits = j - s;
      if (digits < 12 || digits > 19 || j === e || (bytes[j] !== 32 && bytes[j] !== 9)) {
        return this.fail(R_BAD_PREFIX, lineNo, start, 'receive-time prefix must be 12-19 digits followed by a space');
      }
      const scale = digits >= 18 ? 1n : digits >= 15 ? 1_000n : 1_000_000n;
      localTsNs = BigInt(Buffer.from(bytes.buffer, bytes.byteOffset + s, digits).toString('latin1')) * scale;
      if (localTsNs > I64_MAX) return this.fail(R_BAD_PREFIX, lineNo, start, 'receive-time prefix overflows 64-bit nanoseconds');
      s = j;
      while (s < e && (bytes[s] === 32 || bytes[s] === 9)) s++;
    }
    let obj: unknown;
    try {
      obj = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset + s, e - s).toString('utf8'));
    } catch (err) {
      return this.fail(R_MALFORMED_JSON, lineNo, start, (err as Error).message);
    }
    if (!isObject(obj)) return this.fail(R_UNKNOWN_MESSAGE, lineNo, start, 'frame is not a JSON object');
    this.ctx.localTsNs = localTsNs;
    this.ctx.lineNo = lineNo;
    const rc = this.decode(obj, this.ctx);
    if (rc === NO_ROOM) {
      this.w.count = start;
      if (start > 0) { this.stats.lines--; return NO_ROOM; } // retried in the next batch
      return this.fail(R_TOO_LARGE, lineNo, start, `one message needs more than ${this.w.buf.recordCapacity} records`);
    }
    if (rc < 0) return this.fail(-rc - 1, lineNo, start, this.ctx.detail);
    this.stats.accepted++;
    return rc;
  }

  private fail(kind: number, lineNo: number, rollbackTo: number, detail: string): number {
    this.w.count = rollbackTo;
    this.stats.rejected++;
    this.stats.rejectedByKind[kind]++;
    this.onReject(kind, lineNo, detail);
    return -(kind + 1);
  }

  private syncStats(): void {
    this.stats.depthMessages = this.ctx.depth;
    this.stats.trades = this.ctx.trades;
    this.stats.tickers = this.ctx.tickers;
    this.stats.ignored = this.ctx.ignored;
  }
}
