/**
 * FrameParser on the native byte scanner (native/src/scanner.cc through the
 * addon's `Scanner` class, native/src/scanner_napi.cc): the same records, line
 * numbers, rejects and counters as TsFrameParser, without JSON.parse. Records go
 * straight into the kernel's input buffer.
 *
 * Rejects: the scanner reports, per parse call, the first rejected line of each
 * kind; that one line is re-parsed with a private TsFrameParser to get the
 * human-readable detail. So `onReject` is called once per kind per batch (in line
 * order), not for every rejected line as TsFrameParser does; the counts in
 * `stats.rejectedByKind` still cover every line. The consumers only print the
 * first reject of each kind, which this preserves.
 */
import { nativeUnavailable } from '../errors.js';
import { nativeAddon, nativeLoadError } from '../native/load.js';
import { EVENT_BYTES } from '../layout/event.js';
import { TsFrameParser, type FrameParser, type RejectHandler } from './frame-parser.js';
import type { Instrument } from './instrument.js';
import type { RecordBuffer } from './record-writer.js';
import { emptyParseStats, REJECT_KIND_COUNT, REJECT_KINDS, R_TOO_LARGE, type ParseStats } from './reject.js';

/** Stats array layout of the native Scanner (mirrors native/src/scanner_napi.cc). */
export const SCAN_RECORDS = 0;
export const SCAN_LINE_NO = 1;
export const SCAN_LINES = 2;
export const SCAN_ACCEPTED = 3;
export const SCAN_DEPTH = 4;
export const SCAN_TRADES = 5;
export const SCAN_TICKERS = 6;
export const SCAN_IGNORED = 7;
export const SCAN_REJECTED = 8;
/** + kind: rejectedByKind (cumulative). */
export const SCAN_BY_KIND = 9;
/** + kind: 1-based line number of the first line of that kind rejected in the last call (0 = none). */
export const SCAN_FIRST_LINE = SCAN_BY_KIND + REJECT_KIND_COUNT;
/** + kind: byte offset in `bytes` where that line starts. */
export const SCAN_FIRST_START = SCAN_FIRST_LINE + REJECT_KIND_COUNT;
/** + kind: byte offset where that line ends (its newline, or `end`). */
export const SCAN_FIRST_END = SCAN_FIRST_START + REJECT_KIND_COUNT;
export const SCAN_STATS_SLOTS = SCAN_FIRST_END + REJECT_KIND_COUNT;

/** The addon's Scanner class. */
export interface NativeScanner {
  parse(bytes: Uint8Array, pos: number, end: number): number;
  beginFile(): void;
}
export interface NativeScannerConfig {
  exchange: 'bybit' | 'binance';
  symbol: string;
  tickUnits: number;
  tickDecimals: number;
  lotUnits: number;
  lotDecimals: number;
}
type NativeScannerClass = {
  new (config: NativeScannerConfig, records: Float64Array, recordCapacity: number, outputCapacity: number,
       stats: Float64Array): NativeScanner;
  readonly STATS_SLOTS: number;
};

export class NativeFrameParser implements FrameParser {
  readonly stats: ParseStats = emptyParseStats();
  private readonly scanner: NativeScanner;
  private readonly out = new Float64Array(SCAN_STATS_SLOTS);
  /** TS parser and its record buffer for reject details, created at the first reject. */
  private detailParser?: { parser: TsFrameParser; capacity: number; last?: { kind: number; detail: string } };

  constructor(readonly instrument: Instrument, private readonly buf: RecordBuffer & { outputCapacity: number },
              private readonly onReject: RejectHandler = () => {}) {
    const addon = nativeAddon();
    if (!addon) throw nativeUnavailable(nativeLoadError() ?? 'the addon did not load');
    const Scanner = addon.Scanner as NativeScannerClass | undefined;
    if (typeof Scanner !== 'function') throw nativeUnavailable('the addon has no frame scanner (rebuild it)');
    if (Scanner.STATS_SLOTS !== SCAN_STATS_SLOTS) {
      throw nativeUnavailable(`the addon's scanner stats layout has ${Scanner.STATS_SLOTS} slots, expected ${SCAN_STATS_SLOTS} (rebuild it)`);
    }
    this.scanner = new Scanner({
      exchange: instrument.exchange, symbol: instrument.symbol,
      tickUnits: instrument.tick.units, tickDecimals: instrument.tick.decimals,
      lotUnits: instrument.lot.units, lotDecimals: instrument.lot.decimals,
    }, buf.input, buf.recordCapacity, buf.outputCapacity, this.out);
  }

  /** Records written by the last parse call. */
  get records(): number {
    return this.out[SCAN_RECORDS];
  }

  /** Lines consumed in the current file. */
  get lineNo(): number {
    return this.out[SCAN_LINE_NO];
  }

  beginFile(): void {
    this.scanner.beginFile();
  }

  parse(bytes: Uint8Array, pos: number, end: number): number {
    const rejectedBefore = this.stats.rejected;
    const next = this.scanner.parse(bytes, pos, end);
    const o = this.out;
    const s = this.stats;
    s.lines = o[SCAN_LINES];
    s.accepted = o[SCAN_ACCEPTED];
    s.depthMessages = o[SCAN_DEPTH];
    s.trades = o[SCAN_TRADES];
    s.tickers = o[SCAN_TICKERS];
    s.ignored = o[SCAN_IGNORED];
    s.rejected = o[SCAN_REJECTED];
    if (s.rejected !== rejectedBefore) {
      const firsts: Array<[kind: number, line: number, start: number, end: number]> = [];
      for (let k = 0; k < REJECT_KIND_COUNT; k++) {
        s.rejectedByKind[k] = o[SCAN_BY_KIND + k];
        const line = o[SCAN_FIRST_LINE + k];
        if (line > 0) firsts.push([k, line, o[SCAN_FIRST_START + k], o[SCAN_FIRST_END + k]]);
      }
      firsts.sort((a, b) => a[1] - b[1]);
      for (const [kind, line, start, stop] of firsts) this.onReject(kind, line, this.detail(kind, bytes, start, stop));
    }
    return next;
  }

  /** Why the line bytes[start, end) was rejected, in the TS reference parser's words. */
  private detail(kind: number, bytes: Uint8Array, start: number, end: number): string {
    if (kind === R_TOO_LARGE) return `one message needs more than ${this.buf.recordCapacity} records`;
    // A line of n bytes holds fewer than n records, and the native scanner passed its
    // room check (else the kind would be too-large), so this capacity passes it too.
    const need = Math.max(1, Math.min(this.buf.recordCapacity, end - start + 1));
    let d = this.detailParser;
    if (!d || d.capacity < need) {
      const ab = new ArrayBuffer(need * EVENT_BYTES);
      const holder: NonNullable<typeof d> = {
        capacity: need,
        parser: new TsFrameParser(this.instrument, {
          input: new Float64Array(ab), inputU32: new Uint32Array(ab), inputI64: new BigInt64Array(ab),
          recordCapacity: need, outputCapacity: 1,
        }, (k, _line, text) => { holder.last = { kind: k, detail: text }; }),
      };
      d = this.detailParser = holder;
    }
    d.last = undefined;
    try {
      d.parser.parse(bytes, start, end);
    } catch (err) {
      // Cold path for a message only: a failure here must not lose the count.
      return `${REJECT_KINDS[kind]} (no detail: the TS reference parser failed on this line: ${(err as Error).message})`;
    }
    const got = d.last as { kind: number; detail: string } | undefined;
    if (!got) return `(the TS reference parser accepts this line; native scanner: ${REJECT_KINDS[kind]})`;
    if (got.kind !== kind) return `${got.detail} (TS reference: ${REJECT_KINDS[got.kind]}; native scanner: ${REJECT_KINDS[kind]})`;
    return got.detail;
  }
}
