/**
 * A recording as the local exchange's market: Bybit v5 frames (JSONL or
 * `<receive time> <frame>` lines, plain, .gz or .zip, several files as one
 * stream), paced by their exchange `ts`. The first orderbook topic seen is the
 * recorded depth: its frames are applied to a book and passed through verbatim
 * (recorded `u`, `seq`, `ts`, `cts`), trade frames too. Lines that are not Bybit
 * frames of the recording's symbol are skipped and counted.
 */
import { UsageError } from '../errors.js';
import { toGridUnits } from '../feed/decimal.js';
import { detectInstrument } from '../feed/detect.js';
import { streamFile, type StreamItem } from '../feed/stream.js';
import { ASK, BID, SortedBook } from './book-view.js';
import type { FrameFormat } from './frames.js';
import type { MarketSource, SourceSink } from './source.js';

interface Frame { text: string; obj: Record<string, unknown>; tsMs: number }

export class ReplaySource implements MarketSource {
  readonly kind = 'replay';
  readonly book = new SortedBook();
  nativeDepth = 0;
  lastEventTsMs: number;
  seq = 0;
  /** Lines skipped: not JSON, not a Bybit frame of the symbol, another depth, bad levels. */
  skipped = 0;
  frames = 0;
  private next: Frame | undefined;
  private ended = false;

  private constructor(readonly format: FrameFormat, readonly firstTsMs: number, first: Frame,
                      private readonly lines: AsyncGenerator<string>) {
    this.next = first;
    this.lastEventTsMs = firstTsMs;
  }

  /** Opens the files and reads up to the first frame (UsageError when there is none). */
  static async open(files: string[]): Promise<ReplaySource> {
    const chunks = streamAll(files);
    const head: StreamItem[] = [];
    let sampled = 0;
    while (sampled < 1 << 20) {
      const r = await chunks.next();
      if (r.done) break;
      head.push(r.value);
      if ('bytes' in r.value) sampled += r.value.bytes.length;
    }
    const sample = Buffer.concat(head.flatMap((i) => ('bytes' in i ? [i.bytes] : []))).subarray(0, 1 << 20);
    const inst = detectInstrument(sample, { venue: 'bybit' });
    const lines = splitLines(head, chunks);
    let pxDecimals = inst.tick.decimals;
    const m = /"[ab]":\[\["[0-9]+(?:\.([0-9]+))?"/.exec(sample.toString('utf8', 0, Math.min(sample.length, 1 << 16)));
    if (m) pxDecimals = m[1]?.length ?? 0;
    const fmt: FrameFormat = { symbol: inst.symbol, tick: inst.tick, lot: inst.lot, pxDecimals };
    for (;;) {
      const r = await lines.next();
      if (r.done) throw new UsageError(`replay: no Bybit v5 frame in ${files.join(', ')}`);
      const f = parseFrame(r.value);
      if (!f || topicSymbol(f.obj) !== fmt.symbol) continue;
      const src = new ReplaySource(fmt, f.tsMs, f, lines);
      // The recorded depth: the first orderbook topic of the symbol in the sample.
      const d = new RegExp(`"topic":"orderbook\\.(\\d+)\\.${fmt.symbol}"`).exec(sample.toString('utf8'));
      if (d) src.nativeDepth = Number(d[1]);
      return src;
    }
  }

  async advance(tsMs: number, sink: SourceSink): Promise<boolean> {
    for (;;) {
      if (!this.next) {
        if (this.ended) return false;
        const r = await this.lines.next();
        if (r.done) { this.ended = true; return false; }
        this.next = parseFrame(r.value);
        if (!this.next) { this.skipped++; continue; }
      }
      if (this.next.tsMs > tsMs) return true;
      const f = this.next;
      this.next = undefined;
      this.apply(f, sink);
    }
  }

  private apply(f: Frame, sink: SourceSink): void {
    const topic = f.obj.topic as string;
    if (topicSymbol(f.obj) !== this.format.symbol) { this.skipped++; return; }
    if (topic.startsWith('publicTrade.')) { this.frames++; sink.trades(f.text, f.tsMs); return; }
    const m = /^orderbook\.(\d+)\./.exec(topic);
    const data = f.obj.data as Record<string, unknown> | undefined;
    if (!m || !data || typeof data !== 'object') { this.skipped++; return; }
    const depth = Number(m[1]);
    if (this.nativeDepth === 0) this.nativeDepth = depth;
    if (depth !== this.nativeDepth) { this.skipped++; return; }
    const u = Number(data.u);
    const snapshot = f.obj.type === 'snapshot' || u === 1;
    if (snapshot) this.book.clear();
    for (const [side, key] of [[BID, 'b'], [ASK, 'a']] as const) {
      const levels = data[key];
      if (!Array.isArray(levels)) continue;
      for (const lv of levels) {
        const px = Array.isArray(lv) ? toGridUnits(String(lv[0]), this.format.tick) : -1;
        const qty = Array.isArray(lv) ? toGridUnits(String(lv[1]), this.format.lot) : -1;
        if (px > 0 && qty >= 0) this.book.set(side, px, qty); else this.skipped++;
      }
    }
    this.frames++;
    this.seq = Number(data.seq) || this.seq;
    this.lastEventTsMs = typeof f.obj.cts === 'number' ? f.obj.cts : f.tsMs;
    sink.recordedDepth(f.text, u, snapshot, this.seq, this.lastEventTsMs);
  }

  close(): void {
    void this.lines.return(undefined);
  }
}

function topicSymbol(obj: Record<string, unknown>): string {
  const t = obj.topic as string;
  return t.slice(t.lastIndexOf('.') + 1);
}

function parseFrame(line: string): Frame | undefined {
  const text = line.trim().replace(/^\d{12,19}\s+/, '');
  if (!text.startsWith('{')) return undefined;
  try {
    const obj = JSON.parse(text) as Record<string, unknown>;
    if (typeof obj.topic !== 'string' || typeof obj.ts !== 'number') return undefined;
    return { text, obj, tsMs: obj.ts };
  } catch {
    return undefined;
  }
}

async function* streamAll(files: string[]): AsyncGenerator<StreamItem> {
  for (const f of files) yield* streamFile(f);
}

async function* splitLines(head: StreamItem[], rest: AsyncGenerator<StreamItem>): AsyncGenerator<string> {
  const nonEmpty = (item: StreamItem): string[] => ('bytes' in item ? item.bytes.toString('utf8').split('\n').filter((l) => l.trim() !== '') : []);
  for (const item of head) yield* nonEmpty(item);
  for await (const item of rest) yield* nonEmpty(item);
}
