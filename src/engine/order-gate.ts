/**
 * The OrderSink strategies send through: every order passes the risk manager's
 * pre-trade check first, and the gate keeps the open lots per side that the
 * check needs (worst-case position = position + everything still open on that
 * side). Open lots follow the venue's reports, never the gate's own guesses.
 */
import type { OrderSink } from '../exec/types.js';
import type { RiskManager } from '../risk/index.js';
import type { OrderRequest, Side, TimeInForce, Venue, VenueReport } from '../venue/types.js';

export class OrderGate implements OrderSink {
  openBuyLots = 0;
  openSellLots = 0;
  /** Orders refused by risk (the reasons are counted by the risk manager). */
  refused = 0;
  submitted = 0;
  /** Client ids issued so far (persisted, so ids stay unique across restarts). */
  seq = 0;
  private readonly open = new Map<string, { side: Side; leavesLots: number; pxTicks: number; tif: TimeInForce }>();

  constructor(private readonly venue: Venue, private readonly risk: RiskManager, private readonly positionLots: () => number) {}

  submit(order: OrderRequest, nowMs: number): boolean {
    const refusal = this.risk.check(
      { side: order.side, qtyLots: order.qtyLots, tif: order.tif },
      { positionLots: this.positionLots(), openBuyLots: this.openBuyLots, openSellLots: this.openSellLots, nowMs },
    );
    if (refusal) {
      this.refused++;
      return false;
    }
    this.risk.recordOrder(nowMs);
    this.submitted++;
    this.open.set(order.clientId, { side: order.side, leavesLots: order.qtyLots, pxTicks: order.pxTicks, tif: order.tif });
    this.adjust(order.side, order.qtyLots);
    this.venue.submit(order, nowMs);
    return true;
  }

  cancel(clientId: string, nowMs: number): void {
    this.venue.cancel(clientId, nowMs);
  }

  nextId(strategy: string): string {
    return `${strategy}-${++this.seq}`;
  }

  /** Orders the venue still holds, as far as the engine has heard. */
  openOrders(): Array<{ clientId: string; side: Side; leavesLots: number; pxTicks: number; tif: TimeInForce }> {
    return [...this.open].map(([clientId, o]) => ({ clientId, side: o.side, leavesLots: o.leavesLots, pxTicks: o.pxTicks, tif: o.tif }));
  }

  /** Follows one venue report (call before the strategy sees it). */
  onReport(r: VenueReport): void {
    const o = this.open.get(r.clientId);
    if (!o) return;
    let leaves = o.leavesLots;
    if (r.kind === 'fill') leaves = r.leavesLots;
    else if (r.kind === 'rejected' || r.kind === 'cancelled') leaves = 0;
    else return;
    this.adjust(o.side, leaves - o.leavesLots);
    if (leaves === 0) this.open.delete(r.clientId);
    else o.leavesLots = leaves;
  }

  private adjust(side: Side, lots: number): void {
    if (side === 'buy') this.openBuyLots += lots;
    else this.openSellLots += lots;
  }
}
