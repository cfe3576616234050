/**
 * Writes Bybit v5 linear BTCUSDT frames (`orderbook.N.BTCUSDT` snapshot / delta,
 * `publicTrade.BTCUSDT`) for the edge streams, keeping the true book (BookModel)
 * and mirroring the documented sync rules to know which messages the engine applies:
 *   snapshot, or delta with u == 1 → book replaced (a resync if a gap came before);
 *   right after it a delta with u <= its u is stale, u == last + 1 applies;
 *   otherwise u == last + 1 applies and anything else is a gap, after which every
 *   delta is skipped until the next snapshot.
 * Lines are `<receive ns> <frame>` (or bare frames with `prefix: false`).
 */
import { BookModel, emptyFacts, pxText, qtyText, type EdgeFacts, type ExpectedRow, type Level } from './edge-book.js';
import type { RejectKind } from '../../src/feed/reject.js';

export interface TradeSpec {
  buy: boolean;
  pxTicks: number;
  lots: number;
  /** Trade time, ms (defaults to the writer's clock). */
  tMs?: number;
}

export interface BybitWriterOptions {
  startMs: number;
  /** Prefix each line with a receive time in ns (default true). */
  prefix?: boolean;
  /** Depth of the orderbook topic (only its name changes). */
  topicDepth?: number;
  /** Seeded PRNG for receive-time jitter and random sizes. */
  rnd: () => number;
}

export class BybitWriter {
  readonly book = new BookModel();
  readonly facts: EdgeFacts = emptyFacts();
  readonly rows: ExpectedRow[] = [];
  /** Exchange clock, ms. */
  tsMs: number;
  /** Last u sent on the depth topic. */
  u = 0;
  readonly rnd: () => number;
  private readonly lines: Array<{ text: string; injected: boolean }> = [];
  private readonly prefix: boolean;
  private readonly topic: string;
  // The engine's sync state as the rules predict it.
  private valid = false;
  private bridging = false;
  private hadGap = false;
  private lastU = -1;

  constructor(opts: BybitWriterOptions) {
    this.tsMs = opts.startMs;
    this.prefix = opts.prefix ?? true;
    this.topic = `orderbook.${opts.topicDepth ?? 200}.BTCUSDT`;
    this.rnd = opts.rnd;
  }

  advance(ms: number): this {
    this.tsMs += ms;
    return this;
  }

  /** A `snapshot` frame replacing the book (default: re-sends the true book, as after a gap). */
  snapshot(bids: readonly Level[] = this.book.ladder(true), asks: readonly Level[] = this.book.ladder(false), u = this.u + 1): this {
    return this.replace('snapshot', bids, asks, u);
  }

  /** A `delta` frame with u == 1: Bybit's service restart, which replaces the book too. */
  reset(bids: readonly Level[], asks: readonly Level[]): this {
    return this.replace('delta', bids, asks, 1);
  }

  /**
   * A delta with absolute sizes (0 deletes); `u` defaults to the next id. `style`
   * rewrites the finished line (a CRLF ending, leading blanks) and must keep it valid.
   */
  delta(b: readonly Level[], a: readonly Level[], u = this.u + 1, style?: (line: string) => string): this {
    for (const [p, q] of b) this.book.set(true, p, q);
    for (const [p, q] of a) this.book.set(false, p, q);
    this.emitDepth('delta', b, a, u, style);
    this.u = u;
    if (!this.valid) { this.facts.skipped++; return this; }
    if (this.bridging && u <= this.lastU) throw new Error(`delta u=${u} would be stale: use staleDelta`);
    if (u === this.lastU + 1) {
      this.bridging = false;
      this.lastU = u;
      this.applied(u, false, b.length + a.length);
    } else {
      this.facts.gaps++;
      this.event();
      this.valid = false;
      this.hadGap = true;
    }
    return this;
  }

  /** A delta the last snapshot already contains (u <= its u): dropped, the book does not change. */
  staleDelta(b: readonly Level[], a: readonly Level[], u: number): this {
    if (!this.valid || !this.bridging || u > this.lastU) throw new Error(`u=${u} is not stale here`);
    this.emitDepth('delta', b, a, u);
    this.facts.stale++;
    return this;
  }

  /** Makes the next delta jump `missed` ids (a sequence gap). */
  lose(missed: number): this {
    this.u += missed;
    return this;
  }

  /** One `publicTrade` frame carrying `trades` (frame ts = writer clock). */
  trades(trades: readonly TradeSpec[]): this {
    const data = trades.map((t, i) => ({
      T: t.tMs ?? this.tsMs, s: 'BTCUSDT', S: t.buy ? 'Buy' : 'Sell', v: qtyText(t.lots), p: pxText(t.pxTicks),
      L: 'ZeroPlusTick', i: `edge-${this.lines.length}-${i}`, BT: false, seq: 1000 + this.lines.length,
    }));
    for (const t of data) this.event(t.T);
    this.facts.trades += data.length;
    this.emit({ topic: 'publicTrade.BTCUSDT', type: 'snapshot', ts: this.tsMs, data });
    return this;
  }

  /** A line the parser must reject as `kind` (or ignore, kind 'ignored'); it is left out of clean(). */
  inject(text: string, kind: RejectKind | 'ignored'): this {
    if (kind === 'ignored') this.facts.ignored++;
    else this.facts.rejects[kind] = (this.facts.rejects[kind] ?? 0) + 1;
    this.lines.push({ text, injected: true });
    return this;
  }

  /** A valid line written verbatim (e.g. with a CRLF ending); the caller keeps the model right. */
  verbatim(text: string): this {
    this.lines.push({ text, injected: false });
    return this;
  }

  /** Receive-time prefix for a hand-made line. */
  recvPrefix(): string {
    return this.prefix ? `${BigInt(this.tsMs) * 1_000_000n + BigInt(Math.floor(this.rnd() * 5_000_000))} ` : '';
  }

  /** The stream; with `clean` the injected lines are left out. */
  text(clean = false): string {
    return this.lines.filter((l) => !clean || !l.injected).map((l) => l.text).join('\n') + '\n';
  }

  /** The depth frame of a delta, as text, without applying it (for mutating into bad lines). */
  depthFrame(b: ReadonlyArray<readonly [string, string]>, a: ReadonlyArray<readonly [string, string]>, u = this.u + 1): Record<string, unknown> {
    return { topic: this.topic, type: 'delta', ts: this.tsMs, data: { s: 'BTCUSDT', b, a, u, seq: u * 10 }, cts: this.tsMs - 1 };
  }

  private replace(type: 'snapshot' | 'delta', bids: readonly Level[], asks: readonly Level[], u: number): this {
    this.book.replace(bids, asks);
    this.emitDepth(type, bids, asks, u);
    this.u = u;
    if (this.hadGap) { this.facts.resyncs++; this.hadGap = false; }
    this.valid = true;
    this.bridging = true;
    this.lastU = u;
    this.applied(u, true, bids.length + asks.length);
    return this;
  }

  private applied(u: number, snapshot: boolean, levels: number): void {
    this.event();
    this.facts.levelChanges += levels;
    this.rows.push(this.book.row(u, this.tsMs, snapshot));
  }

  /** An event the feature engine sees (trade, applied message, gap): starts the warm-up clock. */
  private event(tMs = this.tsMs): void {
    if (Number.isNaN(this.facts.firstEventMs)) this.facts.firstEventMs = tMs;
  }

  private emitDepth(type: 'snapshot' | 'delta', b: readonly Level[], a: readonly Level[], u: number, style?: (line: string) => string): void {
    const lv = (l: readonly Level[]): Array<[string, string]> => l.map(([p, q]) => [pxText(p), qtyText(q)]);
    this.emit({ ...this.depthFrame(lv(b), lv(a), u), type }, style);
  }

  private emit(frame: unknown, style: (line: string) => string = (x) => x): void {
    this.lines.push({ text: style(this.recvPrefix() + JSON.stringify(frame)), injected: false });
  }
}
