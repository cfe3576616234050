/**
 * What execution strategies see and use. The engine builds a MarketView from its
 * own book (the feature row) on every tick; strategies send child orders through
 * an OrderSink, which is the risk gate in front of the venue (src/risk), and get
 * back the venue's reports for their own orders.
 */
import type { OrderRequest, Side, VenueReport } from '../venue/types.js';

export type StrategyName = 'passive' | 'aggressive' | 'twap';

/** The engine's view of the market at one tick (prices in ticks, sizes in lots). */
export interface MarketView {
  /** Engine time, ms (exchange time in replay). */
  readonly nowMs: number;
  /** False while the book is invalid, crossed or stale: never quote or take then. */
  readonly valid: boolean;
  readonly bestBidTicks: number;
  readonly bestAskTicks: number;
  readonly bidQtyLots: number;
  readonly askQtyLots: number;
  /** USD. */
  readonly mid: number;
  readonly spreadBps: number;
  /** Short-term volatility, rv_10s_bps of the feature row (NaN while warming up). */
  readonly volBps: number;
  /** USD per tick (converts bps offsets into ticks). */
  readonly tickUsd: number;
}

/** Where strategies send orders: the risk gate in front of the venue. */
export interface OrderSink {
  /** Submits unless risk refuses it; returns false (and counts the refusal) when refused. */
  submit(order: OrderRequest, nowMs: number): boolean;
  cancel(clientId: string, nowMs: number): void;
  /** A fresh, run-unique client order id for `strategy`. */
  nextId(strategy: string): string;
}

/** A parent order from the decision layer: trade `qtyLots` on `side`. */
export interface ParentOrder {
  readonly id: string;
  readonly side: Side;
  readonly qtyLots: number;
  /** Mid (USD) when decided: every child carries it as decisionMid. */
  readonly decisionMid: number;
  readonly createdMs: number;
}

export interface ExecStrategy {
  readonly name: StrategyName;
  /** Lots of the current parent not yet filled (0 when idle). */
  readonly remainingLots: number;
  /** Lots sent in child orders that are still open at the venue (sign-less). */
  readonly openLots: number;
  /** Starts working `parent`; a parent still being worked is cancelled first. */
  start(parent: ParentOrder, m: MarketView, sink: OrderSink): void;
  /** Called on every tick after reports are delivered. */
  onTick(m: MarketView, sink: OrderSink): void;
  /** A venue report about one of this strategy's child orders. */
  onReport(r: VenueReport, m: MarketView, sink: OrderSink): void;
  /** Cancels every open child and forgets the parent. */
  stop(m: MarketView, sink: OrderSink): void;
  /** Counters for the report (re-quotes, escalations, pauses…). */
  stats(): Record<string, number>;
}
