/**
 * The paper venue's resting (post-only) orders and how replayed market data fills
 * them. All fills here are maker fills at the order's own price:
 *
 * - a trade at our price, against our side, advances the queue (queue.ts) and
 *   fills whatever traded through the queue ahead of us;
 * - a trade strictly through our price (a sell below our bid, a buy above our ask)
 *   fills all leaves: the aggressor would have hit us first;
 * - after a depth message, an opposite touch at or through our price (best ask <=
 *   our bid, best bid >= our ask) fills all leaves.
 *
 * Trade size beyond our price is not otherwise matched against us. Several of our
 * orders at one price each keep an independent queue position (they do not queue
 * behind each other). A handful of open orders is expected, so a linear list beats
 * a price index; every scan is O(open orders).
 */
import type { SideView } from '../../book/types.js';
import type { OrderRequest } from '../types.js';
import type { QueueModel, QueueState } from './queue.js';

/** One open post-only order at the venue. */
export interface RestingOrder {
  readonly req: OrderRequest;
  readonly isBid: boolean;
  readonly pxTicks: number;
  leavesLots: number;
  readonly q: QueueState;
  /** Mid (USD) of the venue's book at arrival. */
  readonly arrivalMid: number;
  readonly submitMs: number;
}

/** Receives each maker fill; `o.leavesLots` is already reduced by `qtyLots`. */
export interface MakerFillSink {
  makerFill(o: RestingOrder, qtyLots: number): void;
}

export class RestingOrders {
  private readonly list: RestingOrder[] = [];
  private readonly byId = new Map<string, RestingOrder>();

  constructor(private readonly model: QueueModel, private readonly sink: MakerFillSink) {}

  /** Open orders. */
  get count(): number {
    return this.list.length;
  }

  get(clientId: string): RestingOrder | undefined {
    return this.byId.get(clientId);
  }

  add(o: RestingOrder): void {
    this.list.push(o);
    this.byId.set(o.req.clientId, o);
  }

  /** Takes `o` off the book (cancel). */
  remove(o: RestingOrder): void {
    const i = this.list.indexOf(o);
    if (i >= 0) this.list.splice(i, 1);
    this.byId.delete(o.req.clientId);
  }

  /** A trade: a buy aggressor lifts asks, a sell aggressor hits bids. */
  onTrade(buyAggressor: boolean, pxTicks: number, qtyLots: number): void {
    for (let i = 0; i < this.list.length;) {
      const o = this.list[i];
      let lots = 0;
      if (o.isBid !== buyAggressor) {
        if (pxTicks === o.pxTicks) lots = this.model.onTrade(o.q, qtyLots, o.leavesLots);
        else if (o.isBid ? pxTicks < o.pxTicks : pxTicks > o.pxTicks) lots = o.leavesLots;
      }
      if (!this.fill(i, o, lots)) i++;
    }
  }

  /** A level of the venue's book changed size. */
  onLevel(isBid: boolean, pxTicks: number, oldLots: number, newLots: number): void {
    for (let i = 0; i < this.list.length; i++) {
      const o = this.list[i];
      if (o.isBid === isBid && o.pxTicks === pxTicks) this.model.onLevel(o.q, oldLots, newLots);
    }
  }

  /** After a depth message: fills every order the opposite touch reaches (0 = side empty). */
  onTouch(bestBidTicks: number, bestAskTicks: number): void {
    for (let i = 0; i < this.list.length;) {
      const o = this.list[i];
      const crossed = o.isBid ? bestAskTicks > 0 && bestAskTicks <= o.pxTicks : bestBidTicks > 0 && bestBidTicks >= o.pxTicks;
      if (!this.fill(i, o, crossed ? o.leavesLots : 0)) i++;
    }
  }

  /**
   * After a snapshot: a level that vanished in it sent no level change, so every
   * position is capped by what the new book displays at its price.
   */
  resync(bids: SideView, asks: SideView): void {
    for (const o of this.list) {
      const shown = (o.isBid ? bids : asks).qty(o.pxTicks);
      o.q.aheadLots = Math.max(0, Math.min(o.q.aheadLots, shown));
      o.q.tradedLots = 0;
    }
  }

  /** Fills `lots` of the order at index `i`; returns true when that removed it from the list. */
  private fill(i: number, o: RestingOrder, lots: number): boolean {
    if (lots <= 0) return false;
    o.leavesLots -= lots;
    const done = o.leavesLots <= 0;
    if (done) {
      this.list.splice(i, 1);
      this.byId.delete(o.req.clientId);
    }
    this.sink.makerFill(o, lots);
    return done;
  }
}
