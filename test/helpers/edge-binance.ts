/**
 * Writes a Binance USD-M BTCUSDT recording for the edge streams, shaped like
 * ../shared/data/binance/usdm: `<receive µs> <combined-stream JSON>` lines
 * (`btcusdt@depth@0ms` diffs with U/u/pu, `@trade`, `@bookTicker`, `@markPrice@1s`)
 * and REST depth snapshot lines `{lastUpdateId, E, T, bids, asks}`.
 *
 * It mirrors the documented USD-M sync rules (data/README.md) on its own copy of the
 * engine's book: diffs before the first snapshot line are held and applied after it
 * (the pipeline's pre-sync); then diffs with u < lastUpdateId are stale, the first
 * applied one has U <= lastUpdateId <= u, later ones need pu == previous u; otherwise
 * a gap, after which diffs are held again until the next snapshot line, as before the
 * first one (src/book/pipeline.ts cuts the batch right after the gap).
 */
import { BookModel, emptyFacts, pxText, qtyText, type EdgeFacts, type ExpectedRow, type Level } from './edge-book.js';
import type { TradeSpec } from './edge-bybit.js';

interface Diff { U: number; u: number; pu: number; b: readonly Level[]; a: readonly Level[]; tsMs: number }

export class BinanceWriter {
  /** The exchange's true book (what a snapshot taken now shows). */
  readonly book = new BookModel();
  readonly facts: EdgeFacts = emptyFacts();
  readonly rows: ExpectedRow[] = [];
  tsMs: number;
  /** Last update id sent on the depth stream. */
  u: number;
  private readonly lines: string[] = [];
  private tradeId = 3_535_186_000;
  /** The engine's book, updated in the order the engine applies messages. */
  private readonly engine = new BookModel();
  private held: Diff[] | null = [];
  private valid = false;
  private bridging = false;
  private hadGap = false;
  private lastId = -1;
  /** Set by snapshotNow(): the next diff must span this lastUpdateId. */
  private spanId = -1;

  constructor(readonly rnd: () => number, startMs: number, firstId: number) {
    this.tsMs = startMs;
    this.u = firstId;
  }

  /** A depth diff continuing the chain (pu = last u); ids span a few updates. */
  delta(b: readonly Level[], a: readonly Level[]): this {
    // Ids of other symbols interleave on Binance, so U is not always last u + 1.
    let U = this.u + 1 + Math.floor(this.rnd() * 4);
    let u = U + Math.floor(this.rnd() * 30);
    if (this.spanId >= 0) { U = Math.min(U, this.spanId); u = Math.max(u, this.spanId); this.spanId = -1; }
    for (const [p, q] of b) this.book.set(true, p, q);
    for (const [p, q] of a) this.book.set(false, p, q);
    const d: Diff = { U, u, pu: this.u, b, a, tsMs: this.tsMs };
    this.u = u;
    this.emit('btcusdt@depth@0ms', { e: 'depthUpdate', E: this.tsMs, T: this.tsMs - 3, s: 'BTCUSDT', U, u, pu: d.pu, b: lv(b), a: lv(a) });
    if (this.held) this.held.push(d); else this.admit(d, false);
    return this;
  }

  /** Loses updates: the next diff's pu will not match the last applied u (a gap). */
  lose(): this {
    this.u += 5 + Math.floor(this.rnd() * 20);
    return this;
  }

  /**
   * Takes a REST snapshot of the true book now; returns a function that writes its
   * line (call it at once, or after more diffs to mimic a slow REST fetch). The
   * snapshot's lastUpdateId falls inside the next diff, which bridges it.
   */
  snapshotNow(): () => this {
    const id = this.u + 20 + Math.floor(this.rnd() * 10);
    this.spanId = id;
    const bids = this.book.ladder(true);
    const asks = this.book.ladder(false);
    const E = this.tsMs;
    return () => {
      const pre = `${BigInt(this.tsMs) * 1000n + BigInt(Math.floor(this.rnd() * 3000))} `;
      this.lines.push(pre + JSON.stringify({ lastUpdateId: id, E, T: E - 5, bids: lv(bids), asks: lv(asks) }));
      this.applySnapshot(id, E, bids, asks);
      return this;
    };
  }

  /**
   * A diff re-sending sizes the book already has, with ids below the snapshot's
   * lastUpdateId (the REST fetch raced the stream): stale, the book is unchanged.
   */
  staleDelta(levels: number): this {
    if (this.spanId < 0) throw new Error('staleDelta needs a pending snapshot id');
    const b = this.book.ladder(true, levels);
    const U = this.u + 1;
    const u = Math.min(U + 2, this.spanId - 1);
    if (u < U) throw new Error('no ids left below the snapshot for another stale diff');
    const d: Diff = { U, u, pu: this.u, b, a: [], tsMs: this.tsMs };
    this.u = u;
    this.emit('btcusdt@depth@0ms', { e: 'depthUpdate', E: this.tsMs, T: this.tsMs - 3, s: 'BTCUSDT', U, u, pu: d.pu, b: lv(b), a: [] });
    if (this.held) this.held.push(d); else this.admit(d, false);
    return this;
  }

  /** Each trade as its own `@trade` frame (m = buyer is maker → a sell aggressor). */
  trades(trades: readonly TradeSpec[]): this {
    for (const t of trades) {
      const T = t.tMs ?? this.tsMs;
      this.event(T);
      this.facts.trades++;
      this.emit('btcusdt@trade', { e: 'trade', E: T + 4, T, s: 'BTCUSDT', t: this.tradeId++, p: pxText(t.pxTicks), q: qtyText(t.lots), X: 'MARKET', m: !t.buy });
    }
    return this;
  }

  /** The exchange's own best bid / ask (counted, not applied to the book). */
  ticker(): this {
    const [b] = this.book.ladder(true, 1);
    const [a] = this.book.ladder(false, 1);
    if (!b || !a) return this;
    this.facts.tickers++;
    this.emit('btcusdt@bookTicker', { e: 'bookTicker', u: this.u, s: 'BTCUSDT', b: pxText(b[0]), B: qtyText(b[1]), a: pxText(a[0]), A: qtyText(a[1]), T: this.tsMs, E: this.tsMs + 2 });
    return this;
  }

  /** A mark-price frame: valid and ignored. */
  markPrice(): this {
    this.facts.ignored++;
    const p = pxText(this.book.best(true));
    this.emit('btcusdt@markPrice@1s', { e: 'markPriceUpdate', E: this.tsMs, s: 'BTCUSDT', p, P: p, i: p, r: '0.00010000', T: this.tsMs + 28_800_000 });
    return this;
  }

  text(): string {
    return this.lines.join('\n') + '\n';
  }

  private applySnapshot(id: number, E: number, bids: readonly Level[], asks: readonly Level[]): void {
    this.engine.replace(bids, asks);
    if (this.hadGap) { this.facts.resyncs++; this.hadGap = false; }
    this.valid = true;
    this.bridging = true;
    this.lastId = id;
    this.applied(id, E, true, bids.length + asks.length);
    const held = this.held;
    this.held = null;
    for (const d of held ?? []) this.admit(d, true);
  }

  private admit(d: Diff, replay: boolean): void {
    if (!this.valid) { this.facts.skipped++; return; }
    if (this.bridging) {
      if (d.u < this.lastId) { this.facts.stale++; return; }
      if (d.U <= this.lastId && this.lastId <= d.u) { this.bridging = false; return this.apply(d); }
    } else if (d.pu === this.lastId && d.u > this.lastId) {
      return this.apply(d);
    }
    if (replay) throw new Error('a held diff broke the sequence: the generator is wrong');
    this.facts.gaps++;
    this.event(d.tsMs);
    this.valid = false;
    this.hadGap = true;
    this.engine.replace([], []);
    this.held = []; // the pipeline holds the diffs behind a gap for the resync snapshot
  }

  private apply(d: Diff): void {
    for (const [p, q] of d.b) this.engine.set(true, p, q);
    for (const [p, q] of d.a) this.engine.set(false, p, q);
    this.lastId = d.u;
    this.applied(d.u, d.tsMs, false, d.b.length + d.a.length);
  }

  private applied(u: number, tsMs: number, snapshot: boolean, levels: number): void {
    this.event(tsMs);
    this.facts.levelChanges += levels;
    this.rows.push(this.engine.row(u, tsMs, snapshot));
  }

  private event(tMs: number): void {
    if (Number.isNaN(this.facts.firstEventMs)) this.facts.firstEventMs = tMs;
  }

  private emit(stream: string, data: unknown): void {
    const pre = `${BigInt(this.tsMs) * 1000n + BigInt(Math.floor(this.rnd() * 3000))} `;
    this.lines.push(pre + JSON.stringify({ stream, data }));
  }
}

const lv = (l: readonly Level[]): string[][] => l.map(([p, q]) => [pxText(p), qtyText(q)]);
