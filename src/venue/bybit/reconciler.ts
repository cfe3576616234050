/**
 * Reconciliation: on start and after every reconnect of the private stream
 * (anything pushed while it was down is lost), the exchange's open orders and
 * position are read back and compared with the local view. Differences are
 * logged and the exchange wins:
 *
 *   - an open order at the exchange that the engine does not have open (placed
 *     by an earlier run whose state was lost, or by hand) is cancelled: the
 *     engine must be the only trader of the symbol on the account, or its risk
 *     checks would not see those orders;
 *   - an order the engine has open is read back (open list, else by its
 *     orderLinkId) and its state applied (LiveOrders.applyState): missed fills
 *     are booked, a missed end is reported; one the exchange has no record of
 *     ends as 'rejected' unknown-order (never acknowledged) or 'cancelled';
 *   - then the position: exchange size vs the engine's booked position plus the
 *     fills still queued for it. A difference is checked again after
 *     `settleMs` (executions in flight close most gaps) and, if it persists,
 *     booked as one synthetic fill of strategy 'reconcile' (clientId
 *     reconcile-N, fee 0, taker) for the difference, at the exchange's mark
 *     price, so the engine's portfolio adopts the exchange's position without
 *     creating PnL; the OrderGate ignores it (no such order), the strategies too.
 */
import type { BybitTradeApi } from './trade-api.js';
import type { LiveOrders } from './live-orders.js';
import { orderState, positionLots, ticks, type InstrumentGrid } from './order-map.js';
import type { ReportSink } from './report-sink.js';
import type { VenueLog } from './wire.js';

export interface ReconcilerDeps {
  api: BybitTradeApi;
  orders: LiveOrders;
  sink: ReportSink;
  grid: InstrumentGrid;
  log: VenueLog;
  nowMs: () => number;
  /** The engine's booked position, lots (without the fills still queued in the sink). */
  bookedLots: () => number;
  /** The engine's mid (USD), the price of last resort for an adjustment. */
  midUsd: () => number;
  settleMs: number;
}

export class Reconciler {
  runs = 0;
  /** Differences found, all runs. */
  diffs = 0;
  /** Differences found by the last run. */
  lastDiffs = 0;
  lastRunMs = NaN;
  foreignCancelled = 0;
  private adjustSeq = 0;

  constructor(private readonly d: ReconcilerDeps) {}

  async run(reason: string): Promise<void> {
    const { api, orders, log } = this.d;
    this.runs++;
    let diffs = 0;
    const open = await api.openOrders();
    const exOpen = new Map(open.map((r) => [r.orderLinkId, r]));
    for (const r of open) {
      const o = r.orderLinkId ? orders.get(r.orderLinkId) : undefined;
      if (o && o.phase !== 'done') continue;
      diffs++;
      log.warn({ event: 'reconcile', reason, orderId: r.orderId, orderLinkId: r.orderLinkId, side: r.side, qty: r.qty, price: r.price },
        'open order at the exchange that the engine does not have open: cancelling it');
      const c = await api.cancelByOrderId(r.orderId);
      if (c.retCode === 0) this.foreignCancelled++;
      else log.error({ event: 'reconcile', orderId: r.orderId, retCode: c.retCode, retMsg: c.retMsg }, 'cancelling an unknown order failed');
    }
    for (const o of orders.live()) {
      if (o.createInFlight) continue; // the create's own answer (or lookup) settles it
      const id = o.req.clientId;
      const row = exOpen.get(id) ?? await api.findOrder(id);
      if (!row) {
        diffs++;
        log.warn({ event: 'reconcile', reason, clientId: id }, 'order the engine has open is unknown at the exchange: ending it');
        if (!o.accepted) this.d.sink.rejected(id, this.d.nowMs(), 'unknown-order');
        else this.d.sink.cancelled(id, this.d.nowMs(), o.req.qtyLots - o.cumLots, 'requested');
        orders.finish(o);
        continue;
      }
      const cumBefore = o.cumLots;
      const st = orderState(row, this.d.grid);
      orders.applyState(o, st);
      if (o.cumLots !== cumBefore || o.phase === 'done') {
        diffs++;
        log.warn({ event: 'reconcile', reason, clientId: id, status: st.status, cumLotsBefore: cumBefore, cumLots: o.cumLots },
          'order changed at the exchange while unobserved: applied');
      }
    }
    diffs += await this.position(reason);
    this.lastDiffs = diffs;
    this.diffs += diffs;
    this.lastRunMs = this.d.nowMs();
    log.info({ event: 'reconcile', reason, diffs, openAtExchange: open.length }, `reconciled with the exchange (${diffs} differences)`);
  }

  /** Compares positions; books a persisting difference. Returns 1 when it did. */
  private async position(reason: string): Promise<number> {
    const { api, grid, log, sink } = this.d;
    for (let pass = 0; pass < 2; pass++) {
      const p = await api.position();
      const exLots = positionLots(p, grid);
      if (!Number.isFinite(exLots)) {
        log.error({ event: 'reconcile', size: p?.size, side: p?.side }, 'exchange position size is off the lot grid: not reconciled');
        return 0;
      }
      const localLots = this.d.bookedLots() + sink.pendingFillLots;
      const diff = exLots - localLots;
      if (diff === 0) return 0;
      if (pass === 0) { await sleep(this.d.settleMs); continue; }
      let px = ticks(p?.markPrice, grid);
      if (!(px > 0)) px = ticks(p?.avgPrice, grid);
      if (!(px > 0)) px = this.d.midUsd() / grid.tickUsd;
      if (!(px > 0)) {
        log.error({ event: 'reconcile', exchangeLots: exLots, engineLots: localLots }, 'position differs but no price to book it at: not reconciled');
        return 1;
      }
      px = Math.round(px);
      const clientId = `reconcile-${++this.adjustSeq}`;
      log.warn({ event: 'reconcile', reason, clientId, exchangeLots: exLots, engineLots: localLots, adjustmentLots: diff, pxTicks: px, sizeBtc: p?.size ?? '0' },
        'position differs from the exchange: the exchange wins (booked as a reconcile fill)');
      sink.adjustment(clientId, this.d.nowMs(), diff > 0 ? 'buy' : 'sell', Math.abs(diff), px);
      return 1;
    }
    return 0;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
