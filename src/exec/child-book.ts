/**
 * The child orders of one strategy, as the venue last reported them.
 *
 * A child is live from submit until the venue says it is done: filled to zero
 * leaves, cancelled, or rejected. A cancel request alone never ends it, so a
 * cancel that races a fill is settled by the reports, and `openLots` is always
 * what the venue still holds. A cancel the venue rejects while the child is
 * still live (the cancel overtook the order, or an unknown-order answer) is sent
 * again on the next tick (`resendCancels`).
 */
import type { OrderRequest, RejectReason, Side, TimeInForce, VenueReport } from '../venue/types.js';
import type { ExecStats } from './exec-stats.js';
import type { OrderSink } from './types.js';

/** How a child ended ('' while live). */
export type ChildEnd = '' | 'filled' | 'cancelled' | 'rejected';

/** One child order and what the venue has said about it. */
export interface ChildOrder {
  readonly clientId: string;
  readonly side: Side;
  readonly tif: TimeInForce;
  readonly pxTicks: number;
  readonly qtyLots: number;
  /** The parent it works (strategies number their parents 1, 2, …). */
  readonly parentSeq: number;
  readonly placedMs: number;
  /** Lots still open at the venue (qtyLots until the first fill). */
  leavesLots: number;
  acked: boolean;
  /** We want it cancelled (sticky until it ends). */
  cancelWanted: boolean;
  /** A cancel request is out and unanswered. */
  cancelInFlight: boolean;
  end: ChildEnd;
  rejectReason: RejectReason | '';
  /** Lots of the report just applied (0 unless it was a fill). */
  lastFillLots: number;
}

/** Live children by client id, with the sum of their leaves. */
export class ChildBook {
  private readonly live = new Map<string, ChildOrder>();
  private openLotsSum = 0;

  constructor(private readonly stats: ExecStats) {}

  /** Lots of every live child (sign-less), the venue's view. */
  get openLots(): number {
    return this.openLotsSum;
  }

  /** Number of live children. */
  get liveCount(): number {
    return this.live.size;
  }

  /** Sends `order` through the sink; null when the risk gate refuses it (no report will come). */
  submit(sink: OrderSink, order: OrderRequest, parentSeq: number, nowMs: number): ChildOrder | null {
    if (!Number.isInteger(order.qtyLots) || order.qtyLots <= 0) {
      throw new RangeError(`child order qtyLots must be a positive integer, was ${order.qtyLots}`);
    }
    if (!sink.submit(order, nowMs)) {
      this.stats.riskRefused++;
      return null;
    }
    this.stats.childOrders++;
    const c: ChildOrder = {
      clientId: order.clientId, side: order.side, tif: order.tif, pxTicks: order.pxTicks, qtyLots: order.qtyLots,
      parentSeq, placedMs: nowMs, leavesLots: order.qtyLots, acked: false, cancelWanted: false,
      cancelInFlight: false, end: '', rejectReason: '', lastFillLots: 0,
    };
    this.live.set(c.clientId, c);
    this.openLotsSum += c.leavesLots;
    return c;
  }

  /** Asks the venue to cancel `c` (once per outstanding request); the child stays live until confirmed. */
  cancel(c: ChildOrder, sink: OrderSink, nowMs: number): void {
    c.cancelWanted = true;
    if (c.end !== '' || c.cancelInFlight) return;
    c.cancelInFlight = true;
    this.stats.cancelsSent++;
    sink.cancel(c.clientId, nowMs);
  }

  /** Cancels every live child (stop, or a parent that is dropped). */
  cancelAll(sink: OrderSink, nowMs: number): void {
    for (const c of this.live.values()) this.cancel(c, sink, nowMs);
  }

  /** Re-sends the cancels the venue rejected while their child lives on. */
  resendCancels(sink: OrderSink, nowMs: number): void {
    if (this.live.size === 0) return; // every tick: no iterator when nothing is live
    for (const c of this.live.values()) if (c.cancelWanted && !c.cancelInFlight) this.cancel(c, sink, nowMs);
  }

  /** Applies a report; returns the child it concerns (ended ones included), or undefined if not ours. */
  apply(r: VenueReport): ChildOrder | undefined {
    const c = this.live.get(r.clientId);
    if (c === undefined) return undefined;
    c.lastFillLots = 0;
    switch (r.kind) {
      case 'accepted':
        c.acked = true;
        return c;
      case 'fill': {
        // Trust the venue's leaves, but never credit more than was open.
        const fillLots = Math.max(0, Math.min(r.qtyLots, c.leavesLots));
        const leavesLots = Math.max(0, Math.min(r.leavesLots, c.leavesLots - fillLots));
        c.acked = true;
        c.lastFillLots = fillLots;
        this.openLotsSum -= c.leavesLots - leavesLots;
        c.leavesLots = leavesLots;
        if (leavesLots === 0) this.finish(c, 'filled');
        return c;
      }
      case 'cancelled':
        this.finish(c, 'cancelled');
        return c;
      case 'rejected':
        c.rejectReason = r.reason;
        this.finish(c, 'rejected');
        return c;
      case 'cancel-rejected':
        // Still live as far as we know: the fill (if any) tells us the rest.
        this.stats.cancelRejects++;
        c.cancelInFlight = false;
        return c;
    }
  }

  private finish(c: ChildOrder, end: ChildEnd): void {
    this.openLotsSum -= c.leavesLots;
    c.leavesLots = 0;
    c.end = end;
    c.cancelInFlight = false;
    this.live.delete(c.clientId);
  }
}
