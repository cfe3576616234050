/**
 * Reports on their way from the simulated exchange to the engine, and the venue's
 * counters (every outcome is counted where its report is made).
 *
 * The response channel is FIFO, like the one WebSocket a real venue answers on:
 * deliverMs = max(exchTsMs + response latency, deliverMs of the previous report),
 * so a fill is never heard before the ack of its order even with sampled
 * latencies. Reports are therefore queued already in delivery order.
 */
import { emptyVenueCounters, type OrderRequest, type RejectReason, type VenueCounters, type VenueReport } from '../types.js';
import type { LatencyModel } from './latency.js';

/** The paper venue counts what every venue counts. */
export type PaperVenueCounters = VenueCounters;

/** Fee rates (fractions of notional) and contract units. */
export interface FeeSchedule {
  readonly tickUsd: number;
  readonly lotBtc: number;
  readonly makerFeeRate: number;
  readonly takerFeeRate: number;
}

export class ReportQueue {
  private items: VenueReport[] = [];
  private head = 0;
  private lastDeliverMs = -Infinity;
  private readonly c: PaperVenueCounters;

  constructor(private readonly latency: LatencyModel, private readonly fees: FeeSchedule) {
    this.c = emptyVenueCounters();
  }

  /** Reports not yet drained. */
  get length(): number {
    return this.items.length - this.head;
  }

  /** A copy of the counters. */
  counters(): PaperVenueCounters {
    return { ...this.c, rejected: { ...this.c.rejected } };
  }

  /** An order reached the exchange (counted whatever its outcome). */
  countArrival(): void {
    this.c.arrivals++;
  }

  rejected(clientId: string, exchTsMs: number, reason: RejectReason): void {
    this.c.rejected[reason]++;
    this.items.push({ kind: 'rejected', clientId, exchTsMs, deliverMs: this.deliverMs(exchTsMs), reason });
  }

  accepted(clientId: string, exchTsMs: number, arrivalMid: number): void {
    this.c.accepted++;
    this.items.push({ kind: 'accepted', clientId, exchTsMs, deliverMs: this.deliverMs(exchTsMs), arrivalMid });
  }

  cancelled(clientId: string, exchTsMs: number, leavesLots: number, reason: 'requested' | 'ioc-remainder'): void {
    this.c.cancels++;
    this.items.push({ kind: 'cancelled', clientId, exchTsMs, deliverMs: this.deliverMs(exchTsMs), leavesLots, reason });
  }

  cancelRejected(clientId: string, exchTsMs: number, reason: RejectReason): void {
    this.c.cancelRejects++;
    this.items.push({ kind: 'cancel-rejected', clientId, exchTsMs, deliverMs: this.deliverMs(exchTsMs), reason });
  }

  /** A fill of `o`; feeUsd = px·tickUsd · qty·lotBtc · (maker or taker rate). */
  fill(o: OrderRequest, exchTsMs: number, pxTicks: number, qtyLots: number, leavesLots: number, maker: boolean,
       arrivalMid: number, submitMs: number): void {
    const f = this.fees;
    this.c.fills++;
    if (maker) this.c.makerFills++; else this.c.takerFills++;
    const feeUsd = pxTicks * f.tickUsd * (qtyLots * f.lotBtc) * (maker ? f.makerFeeRate : f.takerFeeRate);
    this.items.push({
      kind: 'fill', clientId: o.clientId, exchTsMs, deliverMs: this.deliverMs(exchTsMs), side: o.side, pxTicks, qtyLots,
      leavesLots, maker, feeUsd, arrivalMid, strategy: o.strategy, decisionMid: o.decisionMid, submitMs,
    });
  }

  /** Moves the reports with deliverMs <= nowMs to `out`, in delivery order; returns how many. */
  drain(nowMs: number, out: VenueReport[]): number {
    const items = this.items;
    if (this.head === items.length) return 0; // every tick: usually nothing queued
    let i = this.head;
    while (i < items.length && items[i].deliverMs <= nowMs) out.push(items[i++]);
    const n = i - this.head;
    this.head = i;
    if (this.head === items.length) { items.length = 0; this.head = 0; }
    else if (this.head >= 1024 && this.head * 2 >= items.length) { this.items = items.slice(this.head); this.head = 0; }
    return n;
  }

  /** When a report sent at `exchTsMs` reaches the engine; one call per report, in send order. */
  private deliverMs(exchTsMs: number): number {
    const d = Math.max(exchTsMs + this.latency.sampleMs(), this.lastDeliverMs);
    this.lastDeliverMs = d;
    return d;
  }
}
