/**
 * The venue boundary: everything the engine sends to an exchange and everything
 * it hears back. The paper venue (src/venue/paper) and later the Bybit demo venue
 * implement it; strategies (src/exec) and the portfolio (src/portfolio) only see
 * these types.
 *
 * Units: prices in integer ticks, sizes in integer lots of the instrument (exact
 * in f64); times in ms since the Unix epoch as f64 (exchange stamps are whole ms,
 * latencies may add fractions), exchange time in replay, local time live; money
 * in USD (quote currency of the linear perpetual).
 *
 * Reports are pulled, not pushed: `drain(nowMs, out)` appends every report the
 * engine would have received by `nowMs` (response latency included), in the
 * order it would have received them. Pulling keeps strategy code free of
 * re-entrancy and makes replay deterministic.
 */

export type Side = 'buy' | 'sell';

/**
 * post-only: a resting limit order that is rejected if it would cross on arrival.
 * ioc: takes what it can up to its limit price at arrival, the rest is cancelled.
 * market: an IOC without a limit price (walks the book until filled or empty).
 */
export type TimeInForce = 'post-only' | 'ioc' | 'market';

export interface OrderRequest {
  /** Unique per order for the life of a run (the exchange's orderLinkId). */
  readonly clientId: string;
  readonly side: Side;
  /** Integer lots > 0. */
  readonly qtyLots: number;
  /** Limit price in ticks; ignored for `market`. */
  readonly pxTicks: number;
  readonly tif: TimeInForce;
  /** Strategy that placed it (accounting by strategy). */
  readonly strategy: string;
  /** Mid (USD) when the decision behind this order was made: implementation shortfall reference. */
  readonly decisionMid: number;
}

export const REJECT_REASONS = ['would-cross', 'no-liquidity', 'book-invalid', 'duplicate-id', 'bad-order', 'unknown-order', 'too-late'] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

/** What every venue counts of its reports (paper and Bybit alike), since construction. */
export interface VenueCounters {
  /** Orders the exchange answered for (accepted or rejected). */
  arrivals: number;
  accepted: number;
  rejected: Record<RejectReason, number>;
  /** Fill reports (one per price level for paper takers). */
  fills: number;
  makerFills: number;
  takerFills: number;
  /** Orders cancelled: on request or IOC remainder. */
  cancels: number;
  /** Cancel requests that found nothing to cancel. */
  cancelRejects: number;
}

/** Zeroed counters. */
export function emptyVenueCounters(): VenueCounters {
  const rejected = {} as Record<RejectReason, number>;
  for (const r of REJECT_REASONS) rejected[r] = 0;
  return { arrivals: 0, accepted: 0, rejected, fills: 0, makerFills: 0, takerFills: 0, cancels: 0, cancelRejects: 0 };
}

export type VenueReport =
  /** The order reached the exchange and rests (post-only) or is being executed (ioc/market). */
  | { readonly kind: 'accepted'; readonly clientId: string; readonly exchTsMs: number; readonly deliverMs: number; readonly arrivalMid: number }
  | { readonly kind: 'rejected'; readonly clientId: string; readonly exchTsMs: number; readonly deliverMs: number; readonly reason: RejectReason }
  | {
      readonly kind: 'fill';
      readonly clientId: string;
      /** When the exchange matched it. */
      readonly exchTsMs: number;
      /** When the engine hears of it (exchTsMs + response latency). */
      readonly deliverMs: number;
      readonly side: Side;
      readonly pxTicks: number;
      readonly qtyLots: number;
      /** Lots of the order still open after this fill. */
      readonly leavesLots: number;
      readonly maker: boolean;
      /** Fee in USD (negative = rebate). */
      readonly feeUsd: number;
      /** Mid (USD) of the venue's book when the order arrived at the exchange. */
      readonly arrivalMid: number;
      readonly strategy: string;
      readonly decisionMid: number;
      /** Engine time the order was submitted (fill latency = exchTsMs − submitMs). */
      readonly submitMs: number;
    }
  /** The order is done without (further) fills: cancel request, IOC remainder, or venue shutdown. */
  | { readonly kind: 'cancelled'; readonly clientId: string; readonly exchTsMs: number; readonly deliverMs: number; readonly leavesLots: number; readonly reason: 'requested' | 'ioc-remainder' | 'book-invalid' }
  /** A cancel that found nothing to cancel (already filled or never known). */
  | { readonly kind: 'cancel-rejected'; readonly clientId: string; readonly exchTsMs: number; readonly deliverMs: number; readonly reason: RejectReason };

export type FillReport = Extract<VenueReport, { kind: 'fill' }>;

export interface Venue {
  /** Sends an order at engine time `nowMs`; the outcome arrives as reports. */
  submit(order: OrderRequest, nowMs: number): void;
  /** Requests a cancel at engine time `nowMs`. */
  cancel(clientId: string, nowMs: number): void;
  /** Appends the reports delivered by `nowMs` to `out`, in delivery order; returns how many. */
  drain(nowMs: number, out: VenueReport[]): number;
}

/**
 * A venue the trading loop drives with the market data it trades on. The paper
 * venue simulates the exchange from these records (src/venue/paper); a real
 * exchange's venue (Bybit demo, src/venue/bybit) ignores them — its exchange has
 * its own book — and tells time by the exchange's clock as estimated locally
 * (local clock + measured server-time offset).
 */
export interface MarketVenue extends Venue {
  /** The event records the engine's kernel is about to apply (called before each applyBatch). */
  enqueue(records: Float64Array, count: number): void;
  /** Catches up with `k` more applied book messages; returns how many it applied. */
  advanceMessages(k: number): number;
  /** End of data: processes everything pending; returns messages applied. */
  flush(): number;
  /** The venue's clock, ms (exchange time of the last record for the paper venue). */
  readonly nowMs: number;
  /** Counters for reports and metrics (plain JSON). */
  counters(): object;
}
