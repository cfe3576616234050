/**
 * The engine's orders at the exchange as this process knows them, and the one
 * place where what the exchange says about an order becomes reports. News comes
 * from three sources that may overlap or arrive in any order — the private
 * `order` and `execution` topics, and REST reads (a lookup after a lost answer,
 * reconciliation after a reconnect) — so every path is idempotent:
 *
 *   - fills are counted per order in lots (cumLots). An execution whose
 *     cumulative size (orderQty − leavesQty) is not past cumLots was already
 *     booked and is skipped; an order snapshot whose cumExecQty is past cumLots
 *     books the difference as one fill at the average price of the missing part
 *     ((cumExecValue − value booked) / lots missing) with the fee difference;
 *   - 'accepted' is sent once, before the first fill or end of an order that
 *     the exchange took; a post-only order cancelled on arrival because it would
 *     cross (EC_PostOnlyWillTakeLiquidity) is 'rejected' would-cross instead;
 *   - an order ends once ('cancelled' or 'rejected'; a full fill ends it by
 *     leavesLots 0) and later news about it only books fills not yet booked.
 */
import type { OrderRequest } from '../types.js';
import { lots, POST_ONLY_CROSS, rejectReason, TERMINAL, ticks, type InstrumentGrid, type OrderState } from './order-map.js';
import type { ReportSink } from './report-sink.js';
import type { BybitExecutionRow, VenueLog } from './wire.js';

export interface LiveOrder {
  req: OrderRequest;
  /** Engine time it was submitted. */
  readonly submitMs: number;
  /** The engine's mid (USD) when it was submitted. */
  readonly arrivalMid: number;
  /** sending: create not yet answered; open: the exchange has (or may have) it; done: ended. */
  phase: 'sending' | 'open' | 'done';
  /** A create request is on its way (reconciliation leaves the order to it). */
  createInFlight: boolean;
  accepted: boolean;
  cumLots: number;
  cumValueUsd: number;
  cumFeeUsd: number;
  cancelRequested: boolean;
  /** REST operations on this order run one after another on this chain. */
  chain: Promise<void>;
}

/** Read through a function so TypeScript does not narrow a phase that calls may change. */
export function ended(o: LiveOrder): boolean {
  return o.phase === 'done';
}

export class LiveOrders {
  private readonly map = new Map<string, LiveOrder>();
  private readonly ended: string[] = [];

  constructor(private readonly sink: ReportSink, private readonly g: InstrumentGrid, private readonly log: VenueLog,
              private readonly nowMs: () => number, private readonly keepEnded = 10_000) {}

  get(clientId: string): LiveOrder | undefined {
    return this.map.get(clientId);
  }

  add(req: OrderRequest, submitMs: number, arrivalMid: number): LiveOrder {
    const o: LiveOrder = {
      req, submitMs, arrivalMid, phase: 'sending', createInFlight: false, accepted: false,
      cumLots: 0, cumValueUsd: 0, cumFeeUsd: 0, cancelRequested: false, chain: Promise.resolve(),
    };
    this.map.set(req.clientId, o);
    return o;
  }

  /** Orders not yet ended. */
  live(): LiveOrder[] {
    return [...this.map.values()].filter((o) => o.phase !== 'done');
  }

  /** Ends `o` (kept a while for late news and 'too-late' cancel answers, then forgotten). */
  finish(o: LiveOrder): void {
    if (o.phase === 'done') return;
    o.phase = 'done';
    this.ended.push(o.req.clientId);
    while (this.ended.length > this.keepEnded) this.map.delete(this.ended.shift()!);
  }

  accept(o: LiveOrder, tsMs: number): void {
    if (o.accepted || o.phase === 'done') return;
    o.accepted = true;
    this.sink.accepted(o.req.clientId, tsMs, o.arrivalMid);
  }

  /** Applies what the exchange says the order's state is (topic push or REST read). */
  applyState(o: LiveOrder, st: OrderState): void {
    if (o.phase === 'done') {
      if (st.cumLots > o.cumLots) this.catchUp(o, st, this.ts(st.updatedMs));
      return;
    }
    const ts = this.ts(st.updatedMs);
    if (st.status === 'Rejected' || (st.status !== 'Filled' && st.rejectReason === POST_ONLY_CROSS && st.cumLots === 0 && !o.accepted)) {
      this.sink.rejected(o.req.clientId, ts, rejectReason(st.rejectReason));
      this.finish(o);
      return;
    }
    this.accept(o, ts);
    if (st.cumLots > o.cumLots) this.catchUp(o, st, ts);
    if (!TERMINAL.has(st.status)) {
      o.phase = 'open';
      return;
    }
    if (ended(o)) return; // the catch-up fill filled it
    const leaves = o.req.qtyLots - o.cumLots;
    if (leaves > 0) {
      if (st.status === 'Filled') this.log.warn({ event: 'bybit-order', clientId: o.req.clientId, leaves }, 'exchange says Filled with lots unaccounted');
      const reason = o.cancelRequested || o.req.tif === 'post-only' ? 'requested' : 'ioc-remainder';
      this.sink.cancelled(o.req.clientId, ts, leaves, reason);
    }
    this.finish(o);
  }

  /** One `execution` push; returns false when it is not an engine order's trade or was already booked. */
  applyExecution(e: BybitExecutionRow): boolean {
    if (e.execType !== undefined && e.execType !== 'Trade') return false;
    const o = this.map.get(e.orderLinkId);
    if (!o) return false;
    const qty = lots(e.execQty, this.g);
    const orderQty = e.orderQty ? lots(e.orderQty, this.g) : o.req.qtyLots;
    const cumAfter = e.leavesQty !== undefined && e.leavesQty !== '' ? orderQty - lots(e.leavesQty, this.g) : o.cumLots + qty;
    if (!Number.isFinite(cumAfter) || cumAfter <= o.cumLots) return false;
    const px = ticks(e.execPrice, this.g);
    const fee = Number(e.execFee || 0);
    if (!(px > 0) || !Number.isFinite(fee)) {
      this.log.error({ event: 'bybit-execution', clientId: o.req.clientId, execId: e.execId }, 'execution with an unusable price or fee: left to reconciliation');
      return false;
    }
    const ts = this.ts(Number(e.execTime));
    this.accept(o, ts);
    const q = cumAfter - o.cumLots;
    o.cumLots = cumAfter;
    o.cumValueUsd += px * this.g.tickUsd * q * this.g.lotBtc;
    o.cumFeeUsd += fee;
    const leaves = Math.max(0, o.req.qtyLots - cumAfter);
    this.sink.fill(o.req, ts, px, q, leaves, e.isMaker === true, fee, o.arrivalMid, o.submitMs);
    if (leaves === 0) this.finish(o);
    return true;
  }

  /** Books the fills the snapshot shows beyond what was booked, as one fill at their average price. */
  private catchUp(o: LiveOrder, st: OrderState, ts: number): void {
    const q = st.cumLots - o.cumLots;
    const valueUsd = st.cumValueUsd - o.cumValueUsd;
    let px = valueUsd > 0 ? valueUsd / (q * this.g.lotBtc) / this.g.tickUsd : o.req.tif === 'market' ? NaN : o.req.pxTicks;
    if (Math.abs(px - Math.round(px)) < 1e-6) px = Math.round(px);
    const fee = st.cumFeeUsd - o.cumFeeUsd;
    o.cumLots = st.cumLots;
    o.cumValueUsd = st.cumValueUsd;
    o.cumFeeUsd = st.cumFeeUsd;
    if (!(px > 0)) {
      this.log.error({ event: 'bybit-order', clientId: o.req.clientId, lots: q }, 'fills without a price: the position is left to reconciliation');
      return;
    }
    const leaves = Math.max(0, o.req.qtyLots - st.cumLots);
    // Resting (post-only) orders fill as maker; the order row does not say, executions do.
    this.sink.fill(o.req, ts, px, q, leaves, o.req.tif === 'post-only', Number.isFinite(fee) ? fee : 0, o.arrivalMid, o.submitMs);
    if (leaves === 0) this.finish(o);
  }

  private ts(exchMs: number): number {
    return Number.isFinite(exchMs) && exchMs > 0 ? exchMs : this.nowMs();
  }
}
