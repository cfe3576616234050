/**
 * Reports of the Bybit venue on their way to the engine, and the venue's report
 * counters (the same shape as the paper venue's, so reports and metrics read
 * both alike).
 *
 * Timing: a report is delivered when its news reaches this process, so
 * deliverMs = the venue clock (exchange time estimate) at receipt and drain()
 * hands over everything received so far, in receipt order. exchTsMs is the
 * exchange's own stamp of the event (order updatedTime, execution execTime).
 */
import { emptyVenueCounters, type OrderRequest, type RejectReason, type VenueCounters, type VenueReport } from '../types.js';

/** What every venue counts, plus position differences booked as synthetic 'reconcile' fills. */
export interface BybitReportCounters extends VenueCounters {
  positionAdjustments: number;
}

export class ReportSink {
  private items: VenueReport[] = [];
  /** Signed lots of fills queued but not yet drained (the engine's portfolio has not booked them yet). */
  pendingFillLots = 0;
  private readonly c: BybitReportCounters;

  constructor(private readonly nowMs: () => number) {
    this.c = { ...emptyVenueCounters(), positionAdjustments: 0 };
  }

  get length(): number {
    return this.items.length;
  }

  counters(): BybitReportCounters {
    return { ...this.c, rejected: { ...this.c.rejected } };
  }

  accepted(clientId: string, exchTsMs: number, arrivalMid: number): void {
    this.c.arrivals++;
    this.c.accepted++;
    this.items.push({ kind: 'accepted', clientId, exchTsMs, deliverMs: this.nowMs(), arrivalMid });
  }

  rejected(clientId: string, exchTsMs: number, reason: RejectReason): void {
    this.c.arrivals++;
    this.c.rejected[reason]++;
    this.items.push({ kind: 'rejected', clientId, exchTsMs, deliverMs: this.nowMs(), reason });
  }

  cancelled(clientId: string, exchTsMs: number, leavesLots: number, reason: 'requested' | 'ioc-remainder'): void {
    this.c.cancels++;
    this.items.push({ kind: 'cancelled', clientId, exchTsMs, deliverMs: this.nowMs(), leavesLots, reason });
  }

  cancelRejected(clientId: string, exchTsMs: number, reason: RejectReason): void {
    this.c.cancelRejects++;
    this.items.push({ kind: 'cancel-rejected', clientId, exchTsMs, deliverMs: this.nowMs(), reason });
  }

  /** A fill of `o` (pxTicks may be fractional when it is the average of fills missed while disconnected). */
  fill(o: OrderRequest, exchTsMs: number, pxTicks: number, qtyLots: number, leavesLots: number, maker: boolean, feeUsd: number,
       arrivalMid: number, submitMs: number): void {
    this.c.fills++;
    if (maker) this.c.makerFills++; else this.c.takerFills++;
    this.pendingFillLots += o.side === 'buy' ? qtyLots : -qtyLots;
    this.items.push({
      kind: 'fill', clientId: o.clientId, exchTsMs, deliverMs: this.nowMs(), side: o.side, pxTicks, qtyLots, leavesLots, maker, feeUsd,
      arrivalMid, strategy: o.strategy, decisionMid: o.decisionMid, submitMs,
    });
  }

  /** A position difference the exchange wins: booked as a fee-free taker fill of strategy 'reconcile'. */
  adjustment(clientId: string, exchTsMs: number, side: 'buy' | 'sell', qtyLots: number, pxTicks: number): void {
    this.c.positionAdjustments++;
    this.pendingFillLots += side === 'buy' ? qtyLots : -qtyLots;
    this.items.push({
      kind: 'fill', clientId, exchTsMs, deliverMs: this.nowMs(), side, pxTicks, qtyLots, leavesLots: 0, maker: false, feeUsd: 0,
      arrivalMid: NaN, strategy: 'reconcile', decisionMid: NaN, submitMs: exchTsMs,
    });
  }

  /** Moves every report received so far to `out`, in receipt order; returns how many. */
  drain(out: VenueReport[]): number {
    const n = this.items.length;
    for (const r of this.items) out.push(r);
    this.items = [];
    this.pendingFillLots = 0;
    return n;
  }
}
