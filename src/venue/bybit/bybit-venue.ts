/**
 * The Bybit demo / testnet venue: the engine's orders go to Bybit's own matching
 * engine through the v5 API (REST for orders, the private WebSocket for what
 * happens to them), behind the same MarketVenue interface as the paper venue.
 *
 * Lifecycle: start() measures the server-time offset, connects and
 * authenticates the private stream and reconciles (reconciler.ts); then orders
 * flow until close(). The market-data hooks (enqueue, advanceMessages, flush)
 * do nothing: the exchange has its own book.
 *
 * Clock: nowMs is the exchange time estimate (local clock + measured offset,
 * server-clock.ts), so the engine's clock, the reports' exchTsMs and the
 * market data's exchange stamps agree even when the local clock is off.
 *
 * Orders (submit → /v5/order/create, orderLinkId = clientId):
 *   post-only → Limit PostOnly, ioc → Limit IOC, market → Market IOC.
 *   A create without an answer is never sent again blindly: the order is looked
 *   up by orderLinkId first and sent again only if the exchange does not have it
 *   (a resend that races the first is refused by the exchange as a duplicate
 *   orderLinkId, 110072, and resolved by another lookup). REST answers only
 *   mean "received"; acceptance, fills and ends come from the private stream
 *   (live-orders.ts), or from a read-back when the stream was down.
 *   arrivalMid = the engine's mid when the order was submitted (options.midUsd;
 *   the order's decisionMid without it). Fees are the exchange's (execFee).
 */
import type { BackoffOptions } from '../../feed/live/types.js';
import type { MarketVenue, OrderRequest, VenueReport } from '../types.js';
import type { BybitCredentials } from './credentials.js';
import { bybitErrors, BybitNetworkError, RET_DUPLICATE_LINK_ID } from './errors.js';
import { ended, LiveOrders, type LiveOrder } from './live-orders.js';
import { createBody, createRejectReason, formatOrder, orderState, sameOrder, wellFormed, type InstrumentGrid } from './order-map.js';
import { BybitPrivateStream, type PrivateStreamEvent } from './private-stream.js';
import { RateLimiter } from './rate-limiter.js';
import { Reconciler } from './reconciler.js';
import { ReportSink, type BybitReportCounters } from './report-sink.js';
import { BybitRestClient, type RestCounters } from './rest-client.js';
import { ServerClock } from './server-clock.js';
import { BybitTradeApi } from './trade-api.js';
import { silentLog, type BybitExecutionRow, type BybitOrderRow, type VenueLog } from './wire.js';

export interface BybitVenueOptions {
  kind: 'bybit-demo' | 'bybit-testnet';
  restUrl: string;
  wsUrl: string;
  credentials: BybitCredentials;
  instrument: InstrumentGrid;
  recvWindowMs: number;
  timeSyncEveryMs: number;
  timeSyncSamples: number;
  requestTimeoutMs: number;
  rateLimitMargin: number;
  rateLimitWindowMs: number;
  pingEveryMs: number;
  pongTimeoutMs: number;
  /** Local wall clock, ms since the epoch (default Date.now; tests skew it). */
  localClockMs?: () => number;
  log?: VenueLog;
  /** The engine's mid (USD) now: each order's arrivalMid. */
  midUsd?: () => number;
  /** The engine's booked position, lots (default: the fills this venue has handed over). */
  positionLots?: () => number;
  /** start() gives up after this long without an authenticated private stream (default 10 s). */
  startTimeoutMs?: number;
  /** A position difference is checked again after this long before it is booked (default 500 ms). */
  reconcileSettleMs?: number;
  backoff?: Partial<BackoffOptions>;
}

/** What /health and metrics show about the venue (no keys, no signatures). */
export interface BybitVenueHealth {
  kind: string;
  restUrl: string;
  connected: boolean;
  serverTimeOffsetMs: number;
  serverTimeAgeMs: number;
  serverTimeRttMs: number;
  reconciles: number;
  lastReconcileDiffs: number;
  openOrders: number;
}

export type BybitVenueCounters = BybitReportCounters & RestCounters & {
  timeSyncs: number;
  timeSyncFailures: number;
  serverTimeOffsetMs: number;
  rateLimitWaits: number;
  ambiguousCreates: number;
  createLookups: number;
  createResends: number;
  reconciles: number;
  reconcileDiffs: number;
  foreignOrdersCancelled: number;
  streamReconnects: number;
  streamAuthFailures: number;
};

const KEY_HINT = ' (check that BYBIT_API_KEY / BYBIT_API_SECRET are a key of this environment: demo keys work on the demo URLs only, testnet keys on testnet)';
const CREATE_ATTEMPTS = 3;
const CLOSE_WAIT_MS = 1_000;

export class BybitVenue implements MarketVenue {
  readonly clock: ServerClock;
  readonly api: BybitTradeApi;
  private readonly rest: BybitRestClient;
  private readonly limiter: RateLimiter;
  private readonly stream: BybitPrivateStream;
  private readonly sink: ReportSink;
  private readonly orders: LiveOrders;
  private readonly reconciler: Reconciler;
  private readonly log: VenueLog;
  private readonly pending = new Set<Promise<void>>();
  private syncTimer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private reconciling: Promise<void> | null = null;
  private reconcileAgain: string | null = null;
  private drainedFillLots = 0;
  private closed = false;
  private lastReconcileError = '';
  private readonly c = { timeSyncFailures: 0, ambiguousCreates: 0, createLookups: 0, createResends: 0 };

  constructor(private readonly o: BybitVenueOptions) {
    this.log = o.log ?? silentLog;
    this.clock = new ServerClock(o.localClockMs ?? Date.now, o.timeSyncSamples);
    const nowMs = (): number => this.clock.now();
    this.limiter = new RateLimiter({
      margin: o.rateLimitMargin, windowMs: o.rateLimitWindowMs, nowMs, clockErrorMs: () => this.clock.rttMs / 2 + 5,
    });
    this.rest = new BybitRestClient({
      baseUrl: o.restUrl, credentials: o.credentials, clock: this.clock, limiter: this.limiter,
      recvWindowMs: o.recvWindowMs, timeoutMs: o.requestTimeoutMs, log: this.log,
    });
    this.api = new BybitTradeApi(this.rest, o.instrument.symbol);
    this.sink = new ReportSink(nowMs);
    this.orders = new LiveOrders(this.sink, o.instrument, this.log, nowMs);
    this.reconciler = new Reconciler({
      api: this.api, orders: this.orders, sink: this.sink, grid: o.instrument, log: this.log, nowMs,
      bookedLots: () => (o.positionLots ? o.positionLots() : this.drainedFillLots),
      midUsd: () => o.midUsd?.() ?? NaN, settleMs: o.reconcileSettleMs ?? 500,
    });
    this.stream = new BybitPrivateStream({
      url: o.wsUrl, credentials: o.credentials, nowMs, pingEveryMs: o.pingEveryMs, pongTimeoutMs: o.pongTimeoutMs, backoff: o.backoff,
      onTopic: (topic, data) => this.onTopic(topic, data),
      onReady: (connection) => { void this.reconcile(connection === 1 ? 'start' : 'reconnect'); },
      onEvent: (e) => this.onStreamEvent(e),
    });
  }

  /** Exchange time estimate, ms (local clock + measured offset). */
  get nowMs(): number { return this.clock.now(); }

  /** Measures the clock, connects the private stream and reconciles; throws a UsageError saying what failed. */
  async start(): Promise<void> {
    try {
      await this.rest.syncClock();
    } catch (err) {
      throw bybitErrors.startFailed(`reading the server time from ${this.o.restUrl}/v5/market/time`, (err as Error).message);
    }
    this.log.info({ event: 'bybit-time', offsetMs: this.clock.offsetMs, rttMs: this.clock.rttMs }, 'server-time offset measured');
    try {
      await this.api.position(); // a signed read: a bad key or secret is named here, by its retCode
    } catch (err) {
      throw bybitErrors.startFailed(`a signed request to ${this.o.restUrl}`, `${(err as Error).message}${KEY_HINT}`);
    }
    this.syncTimer = setInterval(() => { void this.resync(); }, this.o.timeSyncEveryMs).unref();
    this.stream.start();
    try {
      await this.stream.waitReady(this.o.startTimeoutMs ?? 10_000);
      while (this.reconciling) await this.reconciling;
    } catch (err) {
      await this.close();
      const msg = (err as Error).message;
      throw bybitErrors.startFailed(`private stream ${this.o.wsUrl} / first reconciliation`, msg + (/auth refused/.test(msg) ? KEY_HINT : ''));
    }
    if (this.reconciler.runs === 0 || Number.isNaN(this.reconciler.lastRunMs)) {
      await this.close();
      throw bybitErrors.startFailed('reading open orders and position', this.lastReconcileError || 'no answer');
    }
  }

  /** Stops: waits up to 1 s for requests in flight (cancels at shutdown), then closes the stream. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.syncTimer);
    clearTimeout(this.retryTimer);
    const all = Promise.allSettled([...this.pending]);
    await Promise.race([all, new Promise((r) => setTimeout(r, CLOSE_WAIT_MS).unref())]);
    await this.stream.stop();
  }

  enqueue(): void {}
  advanceMessages(k: number): number { return k; }
  flush(): number { return 0; }

  submit(order: OrderRequest, nowMs: number): void {
    const now = this.nowMs;
    if (this.orders.get(order.clientId)) return this.sink.rejected(order.clientId, now, 'duplicate-id');
    if (!wellFormed(order)) return this.sink.rejected(order.clientId, now, 'bad-order');
    if (this.closed) return this.sink.rejected(order.clientId, now, 'too-late');
    const mid = this.o.midUsd?.();
    const o = this.orders.add(order, nowMs, mid !== undefined && Number.isFinite(mid) ? mid : order.decisionMid);
    o.chain = this.track(o.chain.then(() => this.create(o)));
  }

  cancel(clientId: string, _nowMs: number): void {
    const o = this.orders.get(clientId);
    if (!o) return this.sink.cancelRejected(clientId, this.nowMs, 'unknown-order');
    if (o.phase === 'done') return this.sink.cancelRejected(clientId, this.nowMs, 'too-late');
    if (o.cancelRequested) return; // one cancel at a time; a failed one says cancel-rejected and may be sent again
    o.cancelRequested = true;
    o.chain = this.track(o.chain.then(() => this.cancelAtExchange(o)));
  }

  /**
   * Changes an open order's size and/or price (/v5/order/amend, by orderLinkId).
   * Not part of the Venue interface (the strategies cancel and replace); resolves
   * false when the exchange refused.
   */
  amend(clientId: string, change: { qtyLots?: number; pxTicks?: number }): Promise<boolean> {
    const o = this.orders.get(clientId);
    if (!o || o.phase === 'done') return Promise.resolve(false);
    const next: OrderRequest = { ...o.req, qtyLots: change.qtyLots ?? o.req.qtyLots, pxTicks: change.pxTicks ?? o.req.pxTicks };
    if (!wellFormed(next) || next.tif === 'market') return Promise.resolve(false);
    let ok = false;
    const body = createBody(next, this.o.instrument);
    o.chain = this.track(o.chain.then(async () => {
      const r = await this.api.amend(clientId, change.qtyLots !== undefined ? body.qty : undefined, change.pxTicks !== undefined ? body.price : undefined);
      ok = r.retCode === 0;
      if (ok) o.req = next;
      else this.log.warn({ event: 'bybit-order', clientId, retCode: r.retCode, retMsg: r.retMsg }, 'amend refused');
    }));
    return o.chain.then(() => ok);
  }

  drain(_nowMs: number, out: VenueReport[]): number {
    const from = out.length;
    const n = this.sink.drain(out);
    for (let i = from; i < out.length; i++) {
      const r = out[i];
      if (r.kind === 'fill') this.drainedFillLots += r.side === 'buy' ? r.qtyLots : -r.qtyLots;
    }
    return n;
  }

  /** Reads open orders and position back from the exchange and applies the differences (serialised). */
  reconcile(reason: string): Promise<void> {
    if (this.reconciling) {
      this.reconcileAgain = reason;
      return this.reconciling;
    }
    const run = async (): Promise<void> => {
      let why: string | null = reason;
      while (why !== null && !this.closed) {
        this.reconcileAgain = null;
        try {
          await this.reconciler.run(why);
          this.lastReconcileError = '';
        } catch (err) {
          this.lastReconcileError = (err as Error).message;
          this.log.error({ event: 'reconcile', reason: why, err: (err as Error).message }, 'reconciliation failed; trying again in 2 s');
          if (!this.closed) this.retryTimer = setTimeout(() => { void this.reconcile('retry'); }, 2_000).unref();
        }
        why = this.reconcileAgain;
      }
    };
    this.reconciling = this.track(run()).finally(() => { this.reconciling = null; });
    return this.reconciling;
  }

  health(): BybitVenueHealth {
    const s = this.stream.stats();
    return {
      kind: this.o.kind, restUrl: this.o.restUrl, connected: s.ready,
      serverTimeOffsetMs: this.clock.synced ? this.clock.offsetMs : NaN, serverTimeAgeMs: this.clock.ageMs(), serverTimeRttMs: this.clock.rttMs,
      reconciles: this.reconciler.runs, lastReconcileDiffs: this.reconciler.lastDiffs, openOrders: this.orders.live().length,
    };
  }

  counters(): BybitVenueCounters {
    const s = this.stream.stats();
    return {
      ...this.sink.counters(), ...this.rest.counters, ...this.c,
      timeSyncs: this.clock.syncs, serverTimeOffsetMs: this.clock.offsetMs, rateLimitWaits: this.limiter.waits,
      reconciles: this.reconciler.runs, reconcileDiffs: this.reconciler.diffs, foreignOrdersCancelled: this.reconciler.foreignCancelled,
      streamReconnects: s.reconnects, streamAuthFailures: s.authFailures,
    };
  }

  /** Drops the private stream's connection (it reconnects and reconciles); for tests and operators. */
  dropStream(): void {
    this.stream.dropConnection('dropped on request');
  }

  // ---- orders ---------------------------------------------------------------

  private async create(o: LiveOrder): Promise<void> {
    const id = o.req.clientId;
    const body = createBody(o.req, this.o.instrument);
    for (let attempt = 1; ; attempt++) {
      let r;
      o.createInFlight = true;
      try {
        r = await this.api.create(body);
      } catch (err) {
        if (!(err instanceof BybitNetworkError)) throw err;
        this.c.ambiguousCreates++;
        this.log.warn({ event: 'bybit-order', clientId: id, cause: err.message }, 'create got no answer: asking the exchange before sending it again');
        const found = await this.lookup(o);
        if (found === undefined) { o.createInFlight = false; o.phase = o.phase === 'done' ? 'done' : 'open'; return; } // reconciliation settles it
        if (found) return this.adopt(o, found);
        if (attempt >= CREATE_ATTEMPTS) return this.giveUp(o, 'too-late', 'the exchange never received it');
        this.c.createResends++;
        this.log.warn({ event: 'bybit-order', clientId: id, attempt: attempt + 1 }, 'the exchange does not have it: sending it again (same orderLinkId)');
        continue;
      } finally {
        o.createInFlight = false;
      }
      if (r.retCode === 0) {
        if (o.phase === 'sending') o.phase = 'open';
        return;
      }
      if (r.retCode === RET_DUPLICATE_LINK_ID) {
        const found = await this.lookup(o);
        if (found) return this.adopt(o, found);
      }
      this.log.warn({ event: 'bybit-order', clientId: id, order: formatOrder(o.req), retCode: r.retCode, retMsg: r.retMsg }, 'order refused by the exchange');
      return this.giveUp(o, createRejectReason(r.retCode), r.retMsg);
    }
  }

  /** The exchange's row for `o` (null: it has none; undefined: could not find out). */
  private async lookup(o: LiveOrder): Promise<BybitOrderRow | null | undefined> {
    for (let i = 0; i < 3; i++) {
      this.c.createLookups++;
      try {
        return await this.api.findOrder(o.req.clientId);
      } catch (err) {
        this.log.warn({ event: 'bybit-order', clientId: o.req.clientId, cause: (err as Error).message }, 'order lookup failed');
        await new Promise((r) => setTimeout(r, 200 * 2 ** i));
      }
    }
    return undefined;
  }

  private adopt(o: LiveOrder, row: BybitOrderRow): void {
    if (!sameOrder(o.req, row, this.o.instrument)) {
      this.log.error({ event: 'bybit-order', clientId: o.req.clientId, exchangeSide: row.side, exchangeQty: row.qty, exchangePrice: row.price },
        'orderLinkId already used by a different order at the exchange');
      return this.giveUp(o, 'duplicate-id', 'orderLinkId taken');
    }
    if (o.phase === 'sending') o.phase = 'open';
    this.orders.applyState(o, orderState(row, this.o.instrument));
  }

  private giveUp(o: LiveOrder, reason: Parameters<ReportSink['rejected']>[2], why: string): void {
    if (o.phase === 'done') return;
    this.log.warn({ event: 'bybit-order', clientId: o.req.clientId, reason, why }, 'order rejected');
    this.sink.rejected(o.req.clientId, this.nowMs, reason);
    this.orders.finish(o);
  }

  private async cancelAtExchange(o: LiveOrder): Promise<void> {
    const id = o.req.clientId;
    if (o.phase === 'done') return this.sink.cancelRejected(id, this.nowMs, 'too-late');
    let r;
    try {
      r = await this.api.cancel(id);
    } catch (err) {
      if (!(err instanceof BybitNetworkError)) throw err;
      r = undefined;
    }
    if (r?.retCode === 0) return; // the `order` push (or a reconciliation) reports the end
    // Refused, or no answer: ask what became of the order.
    const found = await this.lookup(o);
    if (found) this.orders.applyState(o, orderState(found, this.o.instrument));
    if (ended(o)) {
      // Cancelled (by this request, its lost answer notwithstanding): the 'cancelled' report says it. Else it ended first.
      if (found?.orderStatus !== 'Cancelled') this.sink.cancelRejected(id, this.nowMs, 'too-late');
      return;
    }
    o.cancelRequested = false; // still open: the strategy may ask again
    this.log.warn({ event: 'bybit-order', clientId: id, retCode: r?.retCode, retMsg: r?.retMsg }, 'cancel did not go through');
    this.sink.cancelRejected(id, this.nowMs, found === null ? 'unknown-order' : 'too-late');
  }

  // ---- the private stream ---------------------------------------------------

  private onTopic(topic: string, data: unknown[]): void {
    if (topic === 'order') {
      for (const row of data as BybitOrderRow[]) {
        if (row?.symbol !== this.o.instrument.symbol) continue;
        const o = this.orders.get(row.orderLinkId);
        if (o) this.orders.applyState(o, orderState(row, this.o.instrument));
      }
    } else if (topic === 'execution') {
      for (const e of data as BybitExecutionRow[]) {
        if (e?.symbol !== this.o.instrument.symbol) continue;
        if (!this.orders.applyExecution(e) && e.execType !== undefined && e.execType !== 'Trade') {
          this.log.info({ event: 'bybit-execution', execType: e.execType, execFee: e.execFee }, 'non-trade execution (not booked)');
        }
      }
    }
    // `position` pushes are not acted on: positions are compared only at reconciliation, where they cannot race the fills.
  }

  private onStreamEvent(e: PrivateStreamEvent): void {
    if (e.type === 'authFailed' || e.type === 'subscribeFailed') this.log.error({ event: 'bybit-stream', type: e.type, message: e.message }, `private stream ${e.type}`);
    else if (e.type === 'disconnected') this.log.warn({ event: 'bybit-stream', reason: e.reason }, 'private stream disconnected');
    else if (e.type === 'ready') this.log.info({ event: 'bybit-stream', connection: e.connection }, 'private stream authenticated and subscribed');
  }

  private async resync(): Promise<void> {
    try {
      await this.rest.syncClock();
    } catch (err) {
      this.c.timeSyncFailures++;
      this.log.warn({ event: 'bybit-time', cause: (err as Error).message }, 'server-time resync failed; keeping the last offset');
    }
  }

  /** Keeps `p` until it settles (close() waits for these); errors are logged, never thrown into the event loop. */
  private track(p: Promise<void>): Promise<void> {
    const t = p.catch((err: Error) => { this.log.error({ event: 'bybit-venue', err: err.message }, 'venue operation failed'); });
    this.pending.add(t);
    void t.finally(() => this.pending.delete(t));
    return t;
  }
}
