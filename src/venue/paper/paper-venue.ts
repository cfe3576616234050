/**
 * The paper venue: a simulated exchange that replays the recorded book and trades
 * and matches our orders against them (Venue interface, src/venue/types.ts).
 *
 * Feeding: the engine calls `enqueue(records, count)` with exactly the records it
 * gives its book kernel, just before that kernel's applyBatch, then
 * `advanceMessages(k)` to bring the venue's own book (venue-book.ts) forward by
 * the k depth messages the kernel applied (one per kernel output record), and
 * `flush()` at the end of the stream.
 *
 * Time: the venue clock is the exchange time (ms) of the last record it applied
 * (or of a request handled after the last record, in flush), never moving backwards. Requests travel a FIFO channel: an order or cancel sent
 * at engine time t arrives at max(t + entry latency, previous arrival), and is
 * handled before the first later record whose time is past its arrival (so a
 * record stamped exactly at the arrival time is seen first). Reports come back
 * over a FIFO channel too (report-queue.ts).
 *
 * Gaps: the venue keeps resting orders across a gap (the real exchange still has
 * them) and trades still fill them, but no new order is accepted and no touch is
 * checked until a snapshot makes the book valid again.
 *
 * Deterministic: no wall clock, no Math.random; latencies come from seeded models.
 */
import { MAX_EXACT_INT, MAX_PX_TICKS } from '../../layout/event.js';
import type { MarketVenue, OrderRequest, VenueReport } from '../types.js';
import type { SideView } from '../../book/types.js';
import { BookTap } from './book-tap.js';
import { paperErrors } from './errors.js';
import type { LatencyModel } from './latency.js';
import { queueModel, type QueueModel, type QueueModelName } from './queue.js';
import { ReportQueue, type PaperVenueCounters } from './report-queue.js';
import { RequestQueue } from './request-queue.js';
import { RestingOrders } from './resting.js';
import { TakerBook } from './taker.js';

export interface PaperVenueOptions {
  /** USD per price tick. */
  tickUsd: number;
  /** BTC per size lot. */
  lotBtc: number;
  queueModel: QueueModelName;
  /** n of f(x) = x^n in the 'prob' queue model. */
  queuePower: number;
  /** Engine → exchange, ms. */
  entryLatency: LatencyModel;
  /** Exchange → engine, ms. */
  responseLatency: LatencyModel;
  /** Fractions of notional; negative = rebate. */
  makerFeeRate: number;
  takerFeeRate: number;
}

export class PaperVenue implements MarketVenue {
  private readonly tap: BookTap;
  private readonly queue: QueueModel;
  private readonly resting: RestingOrders;
  private readonly taker = new TakerBook();
  private readonly requests: RequestQueue;
  private readonly reports: ReportQueue;
  private readonly seenIds = new Set<string>();
  private clockMs = 0;
  private readonly takePx: number[] = [];
  private readonly takeQty: number[] = [];
  private readonly tickUsd: number;

  constructor(opts: PaperVenueOptions) {
    for (const k of ['tickUsd', 'lotBtc'] as const) {
      if (!(Number.isFinite(opts[k]) && opts[k] > 0)) throw paperErrors.badOption(k, 'a finite number > 0', opts[k]);
    }
    for (const k of ['makerFeeRate', 'takerFeeRate'] as const) {
      if (!Number.isFinite(opts[k])) throw paperErrors.badOption(k, 'a finite number', opts[k]);
    }
    // The listener is built once; it only forwards to private members.
    this.tap = new BookTap({
      beforeRecord: (tsMs) => this.beforeRecord(tsMs),
      // Level changes move queue positions and release taken liquidity; with neither there is nothing to update.
      watchesLevels: () => this.resting.count > 0 || this.taker.holding,
      onLevel: (isBid, pxTicks, oldLots, newLots) => {
        this.resting.onLevel(isBid, pxTicks, oldLots, newLots);
        this.taker.onLevel(isBid, pxTicks, oldLots, newLots);
      },
      onTrade: (buyAggressor, pxTicks, qtyLots) => this.resting.onTrade(buyAggressor, pxTicks, qtyLots),
      afterMessage: (snapshot) => this.afterMessage(snapshot),
      onGap: () => this.taker.clear(),
    });
    this.queue = queueModel(opts.queueModel, opts.queuePower);
    this.resting = new RestingOrders(this.queue, {
      makerFill: (o, qtyLots) =>
        this.reports.fill(o.req, this.clockMs, o.pxTicks, qtyLots, o.leavesLots, true, o.arrivalMid, o.submitMs),
    });
    this.requests = new RequestQueue(opts.entryLatency);
    const { tickUsd, lotBtc, makerFeeRate, takerFeeRate } = opts;
    this.tickUsd = tickUsd;
    this.reports = new ReportQueue(opts.responseLatency, { tickUsd, lotBtc, makerFeeRate, takerFeeRate });
  }

  /** Venue clock: exchange time (ms) of the last record or request it processed. */
  get nowMs(): number { return this.clockMs; }
  /** False before the first snapshot and after a gap until the next one. */
  get bookValid(): boolean { return this.tap.valid; }
  /** Touch of the venue's book in ticks, 0 when that side is empty. */
  get bestBidTicks(): number { return this.tap.bestBidTicks; }
  get bestAskTicks(): number { return this.tap.bestAskTicks; }
  /** Read-only views of the venue's book (prices in ticks, sizes in lots), e.g. the dashboard's depth. */
  get book(): { readonly bids: SideView; readonly asks: SideView } { return this.tap; }
  /** Resting orders at the venue. */
  get openOrderCount(): number { return this.resting.count; }
  /** Records enqueued but not yet applied (an incomplete last message stays here). */
  get pendingRecords(): number { return this.tap.pendingRecords; }
  /** Orders and cancels sent but not yet arrived. */
  get pendingRequests(): number { return this.requests.length; }
  /** Reports not yet drained. */
  get pendingReports(): number { return this.reports.length; }

  /** A copy of the counters. */
  counters(): PaperVenueCounters { return this.reports.counters(); }

  /** Copies `count` event records (EVENT_F64 slots each) for replay; call with the kernel's input before its applyBatch. */
  enqueue(records: Float64Array, count: number): void {
    this.tap.enqueue(records, count);
  }

  /** Replays pending records until `k` more depth messages have been applied or none is ready; returns how many were applied. */
  advanceMessages(k: number): number {
    if (!Number.isInteger(k) || k < 0) throw paperErrors.badOption('k', 'an integer >= 0', k);
    let applied = 0;
    while (applied < k) {
      const r = this.tap.step();
      if (r < 0) break;
      applied += r;
    }
    return applied;
  }

  /** Replays every complete pending item, then handles every request still in flight; returns messages applied. */
  flush(): number {
    let applied = 0;
    for (let r = this.tap.step(); r >= 0; r = this.tap.step()) applied += r;
    this.runRequests(Infinity);
    return applied;
  }

  submit(order: OrderRequest, nowMs: number): void {
    this.requests.send(order, order.clientId, nowMs);
  }

  cancel(clientId: string, nowMs: number): void {
    this.requests.send(null, clientId, nowMs);
  }

  drain(nowMs: number, out: VenueReport[]): number {
    return this.reports.drain(nowMs, out);
  }

  // ---- the venue's book replays a record ---------------------------------

  /** Requests that arrive before the record at `tsMs` meet the book as it stands. */
  private beforeRecord(tsMs: number): void {
    this.runRequests(Math.max(tsMs, this.clockMs));
    if (tsMs > this.clockMs) this.clockMs = tsMs;
  }

  private afterMessage(snapshot: boolean): void {
    if (snapshot) {
      this.resting.resync(this.tap.bids, this.tap.asks);
      this.taker.clear();
    }
    this.resting.onTouch(this.tap.bestBidTicks, this.tap.bestAskTicks);
  }

  // ---- requests reach the exchange ----------------------------------------

  /** Handles every request that arrives strictly before `boundMs`, in arrival order. */
  private runRequests(boundMs: number): void {
    for (let r = this.requests.shiftBefore(boundMs); r; r = this.requests.shiftBefore(boundMs)) {
      if (r.arrivalMs > this.clockMs) this.clockMs = r.arrivalMs;
      if (r.order) this.arriveOrder(r.order, r.submitMs);
      else this.arriveCancel(r.clientId);
    }
  }

  private arriveOrder(o: OrderRequest, submitMs: number): void {
    const t = this.clockMs;
    const rep = this.reports;
    rep.countArrival();
    if (this.seenIds.has(o.clientId)) return rep.rejected(o.clientId, t, 'duplicate-id');
    this.seenIds.add(o.clientId);
    if (!wellFormed(o)) return rep.rejected(o.clientId, t, 'bad-order');
    const bb = this.tap.bestBidTicks;
    const ba = this.tap.bestAskTicks;
    const valid = this.tap.valid;
    const mid = valid && bb > 0 && ba > 0 ? (bb + ba) / 2 * this.tickUsd : NaN;
    const isBid = o.side === 'buy';
    if (o.tif === 'post-only') {
      if (!valid || bb === 0 || ba === 0) return rep.rejected(o.clientId, t, 'book-invalid');
      if (isBid ? o.pxTicks >= ba : o.pxTicks <= bb) return rep.rejected(o.clientId, t, 'would-cross');
      rep.accepted(o.clientId, t, mid);
      const q = this.queue.join((isBid ? this.tap.bids : this.tap.asks).qty(o.pxTicks));
      this.resting.add({ req: o, isBid, pxTicks: o.pxTicks, leavesLots: o.qtyLots, q, arrivalMid: mid, submitMs });
      return;
    }
    const side = isBid ? this.tap.asks : this.tap.bids;
    if (!valid || side.best() === 0) return rep.rejected(o.clientId, t, 'no-liquidity');
    rep.accepted(o.clientId, t, mid);
    const limitPx = o.tif === 'market' ? (isBid ? Infinity : 0) : o.pxTicks;
    const n = this.taker.take(side, !isBid, o.qtyLots, limitPx, this.takePx, this.takeQty);
    let leaves = o.qtyLots;
    for (let i = 0; i < n; i++) {
      leaves -= this.takeQty[i];
      rep.fill(o, t, this.takePx[i], this.takeQty[i], leaves, false, mid, submitMs);
    }
    if (leaves > 0) rep.cancelled(o.clientId, t, leaves, 'ioc-remainder');
  }

  private arriveCancel(clientId: string): void {
    const o = this.resting.get(clientId);
    if (o) {
      this.resting.remove(o);
      this.reports.cancelled(clientId, this.clockMs, o.leavesLots, 'requested');
    } else {
      // Known but finished (filled, cancelled, rejected) vs never seen.
      this.reports.cancelRejected(clientId, this.clockMs, this.seenIds.has(clientId) ? 'too-late' : 'unknown-order');
    }
  }
}

/** Side, tif, size and (except for market orders) price are usable. */
function wellFormed(o: OrderRequest): boolean {
  if (typeof o.clientId !== 'string' || (o.side !== 'buy' && o.side !== 'sell')) return false;
  if (!(Number.isInteger(o.qtyLots) && o.qtyLots > 0 && o.qtyLots <= MAX_EXACT_INT)) return false;
  if (o.tif === 'market') return true;
  if (o.tif !== 'post-only' && o.tif !== 'ioc') return false;
  return Number.isInteger(o.pxTicks) && o.pxTicks >= 1 && o.pxTicks <= MAX_PX_TICKS;
}
