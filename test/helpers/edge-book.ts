/**
 * The generators' own model of the book an edge stream describes (test/helpers/
 * edge-streams.ts): the exchange's true L2 book in ticks → lots, and, per depth
 * message the engine must apply, the row it must produce (u, time, touch, top of
 * the ladder). It is written from the exchanges' documented sync rules, not from
 * src/book, so the tests can hold the engine against it.
 */
import { LADDER_LEVELS } from '../../src/features/registry.js';
import type { RejectKind } from '../../src/feed/reject.js';

/** One level: price in ticks of 0.1, size in lots of 0.001. */
export type Level = readonly [pxTicks: number, lots: number];

/** What the engine must write for one applied depth message. */
export interface ExpectedRow {
  u: number;
  /** Exchange time of the message, ms. */
  tsMs: number;
  /** The message replaced the book (snapshot, Bybit u == 1): the row carries FLAG_OFI_RESET. */
  snapshot: boolean;
  /** Best LADDER_LEVELS levels per side after the message, touch first. */
  bids: Level[];
  asks: Level[];
  bidCount: number;
  askCount: number;
}

/** Counts the generator knows it put in: what the book counters and parse stats must show. */
export interface EdgeFacts {
  /** Depth messages that broke the sequence. */
  gaps: number;
  /** Snapshots (or u == 1 resets) applied after a gap. */
  resyncs: number;
  /** Diffs dropped while the book waited for a snapshot. */
  skipped: number;
  /** Diffs older than the snapshot they follow. */
  stale: number;
  /** Trade prints accepted by the parser. */
  trades: number;
  tickers: number;
  /** Valid frames the parser ignores (acks, pongs, mark price). */
  ignored: number;
  /** Level records of applied messages. */
  levelChanges: number;
  /** Lines the parser must reject, by kind. */
  rejects: Partial<Record<RejectKind, number>>;
  /** Exchange time of the first event the engine sees (warm-up start), ms. */
  firstEventMs: number;
}

export function emptyFacts(): EdgeFacts {
  return { gaps: 0, resyncs: 0, skipped: 0, stale: 0, trades: 0, tickers: 0, ignored: 0, levelChanges: 0, rejects: {}, firstEventMs: NaN };
}

/** Price text of a tick count (tick 0.1). */
export const pxText = (ticks: number): string => (ticks / 10).toFixed(1);
/** Size text of a lot count (lot 0.001); exact for any safe integer. */
export const qtyText = (lots: number): string => {
  const s = String(lots).padStart(4, '0');
  return `${s.slice(0, -3)}.${s.slice(-3)}`;
};

/** The exchange's book: absolute sizes, 0 deletes (deleting an absent level is a no-op). */
export class BookModel {
  readonly bids = new Map<number, number>();
  readonly asks = new Map<number, number>();

  set(isBid: boolean, pxTicks: number, lots: number): void {
    const side = isBid ? this.bids : this.asks;
    if (lots === 0) side.delete(pxTicks); else side.set(pxTicks, lots);
  }

  replace(bids: readonly Level[], asks: readonly Level[]): void {
    this.bids.clear();
    this.asks.clear();
    for (const [p, q] of bids) this.set(true, p, q);
    for (const [p, q] of asks) this.set(false, p, q);
  }

  /** Best bid / ask in ticks, 0 when the side is empty. */
  best(isBid: boolean): number {
    let b = 0;
    for (const p of (isBid ? this.bids : this.asks).keys()) if (b === 0 || (isBid ? p > b : p < b)) b = p;
    return b;
  }

  /** The side sorted from the touch outwards (all levels, or the first n). */
  ladder(isBid: boolean, n = Infinity): Level[] {
    const side = isBid ? this.bids : this.asks;
    const px = [...side.keys()].sort((x, y) => (isBid ? y - x : x - y));
    return px.slice(0, Math.min(n, px.length)).map((p) => [p, side.get(p)!] as const);
  }

  /** The row the engine must write after a message that left the book as it is now. */
  row(u: number, tsMs: number, snapshot: boolean): ExpectedRow {
    return {
      u, tsMs, snapshot,
      bids: this.ladder(true, LADDER_LEVELS), asks: this.ladder(false, LADDER_LEVELS),
      bidCount: this.bids.size, askCount: this.asks.size,
    };
  }
}

/** What an edge stream carries: its text and the generator's account of it. */
export interface EdgeStream {
  name: string;
  /** Newline-separated lines (plain text: containers.ts passes it through as is). */
  text: string;
  /** The cases the stream covers. */
  covers: readonly string[];
  /** Counts the generator put in: book counters and parse stats must match them. */
  facts: EdgeFacts;
  /** One expected row per depth message the engine must apply, in order. */
  rows: readonly ExpectedRow[];
  /** Index (into rows) of the row written right after a named moment. */
  marks: Readonly<Record<string, number>>;
  /** Named quantities the generator put in (lots, ticks, ms). */
  sums: Readonly<Record<string, number>>;
  /** The same stream without its injected bad lines (malformed stream only). */
  clean?: string;
}

/** 65 000.0 USD in ticks: the starting best bid of the Bybit streams. */
export const BASE_TICKS = 650_000;
/** An exchange time (ms) the streams start from, each at its own offset. */
export const DAY_MS = 1_786_310_800_000;

export type Marks = Record<string, number>;

/** Names the row just written (the last expected row) `name`. */
export function mark(w: { rows: readonly ExpectedRow[] }, marks: Marks, name: string): void {
  marks[name] = w.rows.length - 1;
}

/** Deletes (size 0) for every level of a ladder. */
export const deleteAll = (l: readonly Level[]): Level[] => l.map(([p]) => [p, 0]);

/** Packs a writer's output into an EdgeStream. */
export function finish(name: string, covers: string[], w: { text(): string; facts: EdgeFacts; rows: ExpectedRow[] },
                       marks: Marks, sums: Record<string, number> = {}): EdgeStream {
  return { name, text: w.text(), covers, facts: w.facts, rows: w.rows, marks, sums };
}
