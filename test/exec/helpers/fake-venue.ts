/**
 * A scripted fake venue for execution tests: an OrderSink that records what the
 * strategy sends and builds the venue's reports on demand (the test decides when
 * an order is accepted, filled, cancelled or rejected), keeping each order's
 * leaves so reports are consistent. Plus a MarketView builder and config helpers.
 */
import { decisionSection, executionSection } from '../../../src/config/trading-section.js';
import type { DecisionConfig, ExecutionConfig } from '../../../src/config/trading-section.js';
import type { ExecStrategy, MarketView, OrderSink } from '../../../src/exec/types.js';
import type { OrderRequest, RejectReason, VenueReport } from '../../../src/venue/types.js';

/** USD per tick used by the tests (BTCUSDT linear: 0.1). */
export const TICK_USD = 0.1;

/** Options of `view`: prices in ticks. */
export interface ViewOptions {
  nowMs?: number;
  bid?: number;
  ask?: number;
  valid?: boolean;
  spreadBps?: number;
  volBps?: number;
}

/** A MarketView; default book 600 000 / 600 001 ticks (60 000.0 / 60 000.1 USD), vol 5 bps. */
export function view(o: ViewOptions = {}): MarketView {
  const bid = o.bid ?? 600_000;
  const ask = o.ask ?? bid + 1;
  const mid = ((bid + ask) / 2) * TICK_USD;
  return {
    nowMs: o.nowMs ?? 0, valid: o.valid ?? true, bestBidTicks: bid, bestAskTicks: ask, bidQtyLots: 10, askQtyLots: 10,
    mid, spreadBps: o.spreadBps ?? (((ask - bid) * TICK_USD) / mid) * 1e4, volBps: o.volBps ?? 5, tickUsd: TICK_USD,
  };
}

/** Execution config with defaults, overridden by `o` (nested sections merged by zod). */
export function execConfig(o: Record<string, unknown> = {}): ExecutionConfig {
  return executionSection.parse(o);
}

/** Decision config with defaults, overridden by `o`. */
export function decisionConfig(o: Record<string, unknown> = {}): DecisionConfig {
  return decisionSection.parse(o);
}

/** An order as the fake venue holds it. */
export interface FakeOrder {
  readonly req: OrderRequest;
  readonly submitMs: number;
  leavesLots: number;
  acked: boolean;
  cancelRequested: boolean;
  done: boolean;
}

/** OrderSink + report factory. */
export class FakeVenue implements OrderSink {
  readonly submits: OrderRequest[] = [];
  readonly cancels: string[] = [];
  readonly orders = new Map<string, FakeOrder>();
  /** When true, submit refuses like the risk gate. */
  refuse = false;
  refusals = 0;
  private ids = 0;

  submit(order: OrderRequest, nowMs: number): boolean {
    if (!Number.isInteger(order.qtyLots) || order.qtyLots <= 0) throw new Error(`order for ${order.qtyLots} lots`);
    if (this.orders.has(order.clientId)) throw new Error(`duplicate id ${order.clientId}`);
    if (this.refuse) {
      this.refusals++;
      return false;
    }
    this.submits.push(order);
    this.orders.set(order.clientId, { req: order, submitMs: nowMs, leavesLots: order.qtyLots, acked: false, cancelRequested: false, done: false });
    return true;
  }

  cancel(clientId: string): void {
    this.cancels.push(clientId);
    const o = this.orders.get(clientId);
    if (o !== undefined) o.cancelRequested = true;
  }

  nextId(strategy: string): string {
    return `${strategy}-${++this.ids}`;
  }

  /** The last order submitted. */
  last(): OrderRequest {
    const o = this.submits.at(-1);
    if (o === undefined) throw new Error('nothing submitted');
    return o;
  }

  /** Orders not yet done. */
  live(): FakeOrder[] {
    return [...this.orders.values()].filter((o) => !o.done);
  }

  /** Sum of leaves of live orders. */
  liveLots(): number {
    return this.live().reduce((s, o) => s + o.leavesLots, 0);
  }

  private get(id: string): FakeOrder {
    const o = this.orders.get(id);
    if (o === undefined) throw new Error(`unknown order ${id}`);
    return o;
  }

  accepted(id: string, nowMs = 0): VenueReport {
    this.get(id).acked = true;
    return { kind: 'accepted', clientId: id, exchTsMs: nowMs, deliverMs: nowMs, arrivalMid: 60_000 };
  }

  /** A fill of `qtyLots` (must not exceed the leaves) at the order's limit unless `pxTicks` is given. */
  fill(id: string, qtyLots: number, nowMs = 0, pxTicks?: number): VenueReport {
    const o = this.get(id);
    if (o.done || qtyLots <= 0 || qtyLots > o.leavesLots) throw new Error(`bad fill of ${qtyLots} on ${id}`);
    o.acked = true;
    o.leavesLots -= qtyLots;
    if (o.leavesLots === 0) o.done = true;
    const r = o.req;
    return {
      kind: 'fill', clientId: id, exchTsMs: nowMs, deliverMs: nowMs, side: r.side, pxTicks: pxTicks ?? r.pxTicks, qtyLots,
      leavesLots: o.leavesLots, maker: r.tif === 'post-only', feeUsd: 0, arrivalMid: 60_000, strategy: r.strategy,
      decisionMid: r.decisionMid, submitMs: o.submitMs,
    };
  }

  cancelled(id: string, reason: 'requested' | 'ioc-remainder' | 'book-invalid' = 'requested', nowMs = 0): VenueReport {
    const o = this.get(id);
    if (o.done) throw new Error(`cancel of done order ${id}`);
    const leavesLots = o.leavesLots;
    o.done = true;
    o.leavesLots = 0;
    return { kind: 'cancelled', clientId: id, exchTsMs: nowMs, deliverMs: nowMs, leavesLots, reason };
  }

  rejected(id: string, reason: RejectReason = 'would-cross', nowMs = 0): VenueReport {
    const o = this.get(id);
    if (o.done || o.acked) throw new Error(`reject of ${id} after accept`);
    o.done = true;
    o.leavesLots = 0;
    return { kind: 'rejected', clientId: id, exchTsMs: nowMs, deliverMs: nowMs, reason };
  }

  cancelRejected(id: string, reason: RejectReason = 'unknown-order', nowMs = 0): VenueReport {
    return { kind: 'cancel-rejected', clientId: id, exchTsMs: nowMs, deliverMs: nowMs, reason };
  }
}

/** Builds a report with `make` and hands it to the strategy at `m`. */
export function deliver(s: ExecStrategy, sink: FakeVenue, m: MarketView, r: VenueReport): void {
  s.onReport(r, m, sink);
}

/** A parent order. */
export function parent(side: 'buy' | 'sell', qtyLots: number, createdMs = 0, id = 'P1'): { id: string; side: 'buy' | 'sell'; qtyLots: number; decisionMid: number; createdMs: number } {
  return { id, side, qtyLots, decisionMid: 60_000.05, createdMs };
}
