/**
 * Builds hand-made event record streams for the paper venue tests: snapshots,
 * continuous diffs, diffs after a gap, trades. Prices in ticks, sizes in lots,
 * times in ms (stored as ns).
 */
import {
  DEPTH_SNAPSHOT, EV_AUX_U32, EV_EXCH_TS, EV_FLAGS, EV_FVAL, EV_ID, EV_IVAL, EV_PX, EV_QTY, EVENT_F64, EVENT_U32,
  KIND_DEPTH, KIND_LEVEL, KIND_TICKER, KIND_TRADE, SIDE_ASK, SIDE_BID, SIDE_BUY, SIDE_SELL,
} from '../../src/layout/event.js';
import type { OrderRequest, Side, TimeInForce, VenueReport } from '../../src/venue/types.js';
import { constantLatency } from '../../src/venue/paper/latency.js';
import { PaperVenue, type PaperVenueOptions } from '../../src/venue/paper/paper-venue.js';

/**
 * A venue with test defaults: 0.5 USD ticks, 0.001 BTC lots, risk-averse queue,
 * zero latencies, maker 0.02 %, taker 0.055 %.
 */
export function makeVenue(over: Partial<PaperVenueOptions> = {}): PaperVenue {
  return new PaperVenue({
    tickUsd: 0.5, lotBtc: 0.001, queueModel: 'risk-averse', queuePower: 3,
    entryLatency: constantLatency(0), responseLatency: constantLatency(0),
    makerFeeRate: 0.0002, takerFeeRate: 0.00055, ...over,
  });
}

/** Enqueues the records `s` gained since the last feed. */
export function feed(v: PaperVenue, s: StreamBuilder): void {
  v.enqueue(s.records.subarray(s.fed * EVENT_F64), s.count - s.fed);
  s.fed = s.count;
}

/** [pxTicks, qtyLots]; qty 0 deletes the level in a diff. */
export type Lv = readonly [number, number];

export class StreamBuilder {
  private f64 = new Float64Array(64 * EVENT_F64);
  private u32 = new Uint32Array(this.f64.buffer);
  private i64 = new BigInt64Array(this.f64.buffer);
  /** Records written. */
  count = 0;
  /** Records already handed to a venue by `feed`. */
  fed = 0;
  /** Index of the first record of each item (message or trade). */
  readonly itemStarts: number[] = [];
  private lastId = 100;

  /** A full book at `tsMs`. */
  snapshot(tsMs: number, bids: Lv[], asks: Lv[]): this {
    this.lastId += 10;
    return this.depth(KIND_DEPTH | DEPTH_SNAPSHOT, tsMs, this.lastId, this.lastId, bids, asks);
  }

  /** A diff continuing the sequence. */
  diff(tsMs: number, bids: Lv[], asks: Lv[]): this {
    const first = this.lastId + 1;
    this.lastId = first;
    return this.depth(KIND_DEPTH, tsMs, first, first, bids, asks);
  }

  /** A diff that skips an update id: the book sees a gap and becomes invalid. */
  gapDiff(tsMs: number, bids: Lv[], asks: Lv[]): this {
    const first = this.lastId + 2;
    this.lastId = first;
    return this.depth(KIND_DEPTH, tsMs, first, first, bids, asks);
  }

  /** A trade; aggressor 'buy' lifts asks, 'sell' hits bids. */
  trade(tsMs: number, aggressor: Side, pxTicks: number, qtyLots: number): this {
    this.itemStarts.push(this.count);
    this.put(KIND_TRADE | (aggressor === 'buy' ? SIDE_BUY : SIDE_SELL), 0, tsMs, pxTicks, qtyLots, 0, 0, 0);
    return this;
  }

  /** A ticker record (the venue passes over it). */
  ticker(tsMs: number): this {
    this.itemStarts.push(this.count);
    this.put(KIND_TICKER, 0, tsMs, 0, 0, 0, 0, 0);
    return this;
  }

  /** The records written so far (a view). */
  get records(): Float64Array {
    return this.f64.subarray(0, this.count * EVENT_F64);
  }

  private depth(flags: number, tsMs: number, first: number, id: number, bids: Lv[], asks: Lv[]): this {
    this.itemStarts.push(this.count);
    this.put(flags, bids.length + asks.length, tsMs, 0, 0, id, first, -1);
    for (const [px, q] of bids) this.put(KIND_LEVEL | SIDE_BID, 0, tsMs, px, q, 0, 0, 0);
    for (const [px, q] of asks) this.put(KIND_LEVEL | SIDE_ASK, 0, tsMs, px, q, 0, 0, 0);
    return this;
  }

  private put(flags: number, aux: number, tsMs: number, px: number, qty: number, id: number, ival: number, fval: number): void {
    if ((this.count + 1) * EVENT_F64 > this.f64.length) {
      const g = new Float64Array(this.f64.length * 2);
      g.set(this.f64);
      this.f64 = g;
      this.u32 = new Uint32Array(g.buffer);
      this.i64 = new BigInt64Array(g.buffer);
    }
    const i = this.count++;
    this.u32[i * EVENT_U32 + EV_FLAGS] = flags;
    this.u32[i * EVENT_U32 + EV_AUX_U32] = aux;
    this.i64[i * EVENT_F64 + EV_EXCH_TS] = BigInt(tsMs) * 1_000_000n;
    const o = i * EVENT_F64;
    this.f64[o + EV_PX] = px;
    this.f64[o + EV_QTY] = qty;
    this.f64[o + EV_ID] = id;
    this.f64[o + EV_IVAL] = ival;
    this.f64[o + EV_FVAL] = fval;
  }
}

/** An order with test defaults (strategy 't', decisionMid 0). */
export function order(clientId: string, side: Side, tif: TimeInForce, pxTicks: number, qtyLots: number): OrderRequest {
  return { clientId, side, tif, pxTicks, qtyLots, strategy: 't', decisionMid: 0 };
}

/** Every report delivered by +Infinity. */
export function drainAll(v: { drain(nowMs: number, out: VenueReport[]): number }): VenueReport[] {
  const out: VenueReport[] = [];
  v.drain(Number.POSITIVE_INFINITY, out);
  return out;
}

/** Reports reduced to comparable tuples: kind, id, and the fields that matter for the kind. */
export function brief(r: VenueReport): string {
  switch (r.kind) {
    case 'fill': return `fill ${r.clientId} ${r.qtyLots}@${r.pxTicks} leaves=${r.leavesLots} ${r.maker ? 'maker' : 'taker'} t=${r.exchTsMs}`;
    case 'cancelled': return `cancelled ${r.clientId} leaves=${r.leavesLots} ${r.reason} t=${r.exchTsMs}`;
    case 'rejected': return `rejected ${r.clientId} ${r.reason} t=${r.exchTsMs}`;
    case 'cancel-rejected': return `cancel-rejected ${r.clientId} ${r.reason} t=${r.exchTsMs}`;
    case 'accepted': return `accepted ${r.clientId} t=${r.exchTsMs}`;
  }
}
