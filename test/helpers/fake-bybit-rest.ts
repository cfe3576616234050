/**
 * A local fake of the Bybit v5 endpoints the Bybit venue uses, on 127.0.0.1
 * (port 0): REST over node:http and the private WebSocket (/v5/private) on the
 * same port. It checks what the real exchange checks, as documented:
 *   - X-BAPI-API-KEY must be the account's key (else retCode 10003);
 *   - server_time − recv_window ≤ X-BAPI-TIMESTAMP < server_time + 1000 (else 10002);
 *   - X-BAPI-SIGN = hex HMAC-SHA256(secret, timestamp + key + recvWindow + payload),
 *     payload = the raw query string (GET) or raw body (POST), recomputed here
 *     independently of the venue's code (else 10004);
 *   - per-endpoint rolling-window rate limit with the X-Bapi-Limit* headers (else 10006);
 *   - WS auth args [key, expires, hex HMAC(secret, "GET/realtime" + expires)], expires in the future.
 * Server time = Date.now() + serverSkewMs. Orders match trivially: IOC / Market
 * fill at once (at the limit price / markPrice, up to iocLiquidityLots), post-only
 * rests unless it crosses bestBid / bestAsk; tests fill resting orders by hand.
 * Faults: a response can be lost after the request was carried out, lost before,
 * or stalled; WebSocket clients can be dropped and new connections refused.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, WebSocket } from 'ws';
import { BybitCredentials } from '../../src/venue/bybit/credentials.js';
import { BybitVenue, type BybitVenueOptions } from '../../src/venue/bybit/bybit-venue.js';
import type { VenueLog } from '../../src/venue/bybit/wire.js';
import type { OrderRequest, VenueReport } from '../../src/venue/types.js';

export const FAKE_KEY = 'FAKEKEY-3b1f9c07d2e4';
export const FAKE_SECRET = 'FAKESECRET-a94c2e7b51d0f8e3';

const OPEN = new Set(['New', 'PartiallyFilled', 'Untriggered']);
const TICK = 10; // ticks per USD (0.1)
const LOT = 1000; // lots per BTC (0.001)

export interface FakeOrder {
  orderId: string;
  orderLinkId: string;
  side: 'Buy' | 'Sell';
  orderType: 'Limit' | 'Market';
  pxTicks: number;
  qtyLots: number;
  cumLots: number;
  cumValue: number;
  cumFee: number;
  timeInForce: string;
  orderStatus: string;
  rejectReason: string;
  cancelType: string;
  createdTime: number;
  updatedTime: number;
}

export interface FakeRequestLog {
  method: string;
  path: string;
  retCode: number;
  /** The request passed the key, timestamp and signature checks. */
  authenticated: boolean;
  body: string;
  query: string;
  /** X-BAPI-SIGN as received (tests check it never appears anywhere else). */
  sign: string;
}

type Fault = { mode: 'drop-after' | 'drop-before' | 'stall'; stallMs?: number };

export class FakeBybitExchange {
  serverSkewMs = 0;
  /** Requests per rolling window, per endpoint. */
  rateLimit = 50;
  rateWindowMs = 1000;
  markPrice = '60000.0';
  bestBidTicks = 0;
  bestAskTicks = 0;
  /** IOC / Market orders fill at most this many lots (Infinity: all). */
  iocLiquidityLots = Infinity;
  /** Refuse new WebSocket connections (the venue stays disconnected). */
  refuseWs = false;
  readonly requests: FakeRequestLog[] = [];
  /** create requests per orderLinkId that passed authentication and the rate limit. */
  readonly createsByLinkId = new Map<string, number>();
  readonly rejections = { key: 0, timestamp: 0, signature: 0, rateLimit: 0 };
  readonly ws = { connections: 0, authOk: 0, authFailed: 0, pings: 0, subscribes: 0 };
  readonly orders = new Map<string, FakeOrder>();
  positionLots = 0;
  positionAvgPx = 0;
  private readonly faults = new Map<string, Fault[]>();
  private readonly hits = new Map<string, number[]>();
  private readonly clients = new Set<WebSocket>();
  private readonly subscribed = new WeakSet<WebSocket>();
  private execSeq = 0;

  private constructor(private readonly http: Server, private readonly wss: WebSocketServer,
                      readonly apiKey: string, private readonly apiSecret: string) {
    http.on('request', (req, res) => { void this.handle(req, res); });
    wss.on('connection', (ws) => this.connection(ws));
  }

  static async start(apiKey = FAKE_KEY, apiSecret = FAKE_SECRET): Promise<FakeBybitExchange> {
    const http = createServer();
    const wss = new WebSocketServer({ server: http, path: '/v5/private' });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()));
    return new FakeBybitExchange(http, wss, apiKey, apiSecret);
  }

  get restUrl(): string {
    return `http://127.0.0.1:${(this.http.address() as AddressInfo).port}`;
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${(this.http.address() as AddressInfo).port}/v5/private`;
  }

  now(): number {
    return Date.now() + this.serverSkewMs;
  }

  /** The next `n` answers to `path` are lost: after the request was carried out (drop-after), before (drop-before), or late (stall). */
  fault(path: string, mode: Fault['mode'], n = 1, stallMs = 0): void {
    const list = this.faults.get(path) ?? [];
    for (let i = 0; i < n; i++) list.push({ mode, stallMs });
    this.faults.set(path, list);
  }

  /** Another client on the account uses up `path`'s whole budget for the current window. */
  exhaust(path: string): void {
    this.hits.set(path, Array.from({ length: this.rateLimit }, () => this.now()));
  }

  /** Requests to `path` (optionally only authenticated ones). */
  count(path: string, authenticated?: boolean): number {
    return this.requests.filter((r) => r.path === path && (authenticated === undefined || r.authenticated === authenticated)).length;
  }

  /** Closes every private WebSocket connection. */
  dropWsClients(): void {
    for (const ws of this.clients) ws.terminate();
    this.clients.clear();
  }

  get wsClients(): number {
    return this.clients.size;
  }

  /** An order placed outside the engine (another client, by hand): rests open. */
  addForeignOrder(side: 'Buy' | 'Sell', qtyLots: number, pxTicks: number, orderLinkId = ''): FakeOrder {
    const o = this.newOrder({ side, orderType: 'Limit', qtyLots, pxTicks, timeInForce: 'GTC', orderLinkId });
    o.orderStatus = 'New';
    this.push('order', [this.orderRow(o)]);
    return o;
  }

  /** Fills `qtyLots` of a resting order as maker at its price (pushes execution, order and position). */
  fillResting(orderLinkId: string, qtyLots: number): void {
    const o = this.orders.get(orderLinkId);
    if (!o || !OPEN.has(o.orderStatus)) throw new Error(`no open order ${orderLinkId}`);
    this.execute(o, Math.min(qtyLots, o.qtyLots - o.cumLots), o.pxTicks, true);
    if (o.cumLots < o.qtyLots) o.orderStatus = 'PartiallyFilled';
    o.updatedTime = this.now();
    this.push('order', [this.orderRow(o)]);
  }

  /** Changes the position without any order (liquidation, a trade elsewhere): pushes position. */
  setPosition(lots: number, avgPxTicks = 600_000): void {
    this.positionLots = lots;
    this.positionAvgPx = avgPxTicks;
    this.push('position', [this.positionRow()]);
  }

  async close(): Promise<void> {
    for (const ws of this.wss.clients) ws.terminate();
    await new Promise<void>((r) => this.wss.close(() => r()));
    this.http.closeAllConnections();
    await new Promise<void>((r) => this.http.close(() => r()));
  }

  // ---- REST -----------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const [path, query = ''] = (req.url ?? '').split('?', 2);
    const log: FakeRequestLog = { method: req.method ?? '', path, retCode: -1, authenticated: false, body, query, sign: String(req.headers['x-bapi-sign'] ?? '') };
    this.requests.push(log);
    const answer = (retCode: number, retMsg: string, result: unknown, headers: Record<string, string> = {}): void => {
      log.retCode = retCode;
      res.writeHead(200, { 'Content-Type': 'application/json', ...headers });
      res.end(JSON.stringify({ retCode, retMsg, result, retExtInfo: {}, time: Math.floor(this.now()) }));
    };
    if (path === '/v5/market/time') {
      const ns = BigInt(Math.round(this.now() * 1000)) * 1000n;
      return answer(0, 'OK', { timeSecond: String(ns / 1_000_000_000n), timeNano: String(ns) });
    }
    const auth = this.authenticate(req, req.method === 'GET' ? query : body);
    if (auth) return answer(auth[0], auth[1], {});
    log.authenticated = true;
    const limit = this.rateHeaders(path);
    if (limit.exceeded) {
      this.rejections.rateLimit++;
      return answer(10006, 'Too many visits. Exceeded the API Rate Limit.', {}, limit.headers);
    }
    const fault = this.faults.get(path)?.shift();
    if (fault?.mode === 'drop-before') { log.retCode = -2; res.socket?.destroy(); return; }
    const params = req.method === 'GET' ? Object.fromEntries(new URLSearchParams(query)) : (JSON.parse(body || '{}') as Record<string, string>);
    const [retCode, retMsg, result] = this.route(path, params);
    if (fault?.mode === 'drop-after') { log.retCode = retCode; res.socket?.destroy(); return; }
    if (fault?.mode === 'stall') await new Promise((r) => setTimeout(r, fault.stallMs));
    if (res.destroyed) return;
    answer(retCode, retMsg, result, limit.headers);
  }

  /** Key, timestamp window and signature, in that order; undefined when all pass. */
  private authenticate(req: IncomingMessage, payload: string): [number, string] | undefined {
    const key = String(req.headers['x-bapi-api-key'] ?? '');
    const ts = String(req.headers['x-bapi-timestamp'] ?? '');
    const recv = String(req.headers['x-bapi-recv-window'] ?? '5000');
    const sign = String(req.headers['x-bapi-sign'] ?? '');
    if (key !== this.apiKey) { this.rejections.key++; return [10003, 'API key is invalid.']; }
    const now = this.now();
    const t = Number(ts);
    if (!(now - Number(recv) <= t && t < now + 1000)) {
      this.rejections.timestamp++;
      return [10002, `invalid request, please check your server timestamp or recv_window param. req_timestamp[${ts}],server_timestamp[${Math.floor(now)}],recv_window[${recv}]`];
    }
    const expected = createHmac('sha256', this.apiSecret).update(ts + key + recv + payload).digest('hex');
    if (sign !== expected) { this.rejections.signature++; return [10004, 'error sign! origin_string[...]']; }
    return undefined;
  }

  private rateHeaders(path: string): { exceeded: boolean; headers: Record<string, string> } {
    const now = this.now();
    const hits = (this.hits.get(path) ?? []).filter((t) => t > now - this.rateWindowMs);
    this.hits.set(path, hits);
    if (hits.length >= this.rateLimit) {
      return { exceeded: true, headers: { 'X-Bapi-Limit': String(this.rateLimit), 'X-Bapi-Limit-Status': '0', 'X-Bapi-Limit-Reset-Timestamp': String(Math.ceil(hits[0] + this.rateWindowMs)) } };
    }
    hits.push(now);
    return { exceeded: false, headers: { 'X-Bapi-Limit': String(this.rateLimit), 'X-Bapi-Limit-Status': String(this.rateLimit - hits.length), 'X-Bapi-Limit-Reset-Timestamp': String(Math.floor(now)) } };
  }

  private route(path: string, p: Record<string, string>): [number, string, unknown] {
    switch (path) {
      case '/v5/order/create': return this.create(p);
      case '/v5/order/cancel': return this.cancel(p);
      case '/v5/order/amend': return this.amend(p);
      case '/v5/order/realtime': return this.realtime(p);
      case '/v5/position/list': return [0, 'OK', { category: 'linear', list: [this.positionRow()], nextPageCursor: '' }];
      default: return [10017, 'Route not found', {}];
    }
  }

  private create(p: Record<string, string>): [number, string, unknown] {
    const link = p.orderLinkId ?? '';
    if (link) this.createsByLinkId.set(link, (this.createsByLinkId.get(link) ?? 0) + 1);
    if (link && this.orders.has(link)) return [110072, 'OrderLinkedID is duplicate', {}];
    const qtyLots = Math.round(Number(p.qty) * LOT);
    const pxTicks = p.price ? Math.round(Number(p.price) * TICK) : 0;
    if (!(qtyLots > 0) || (p.orderType === 'Limit' && !(pxTicks > 0))) return [10001, 'params error', {}];
    const o = this.newOrder({ side: p.side as 'Buy' | 'Sell', orderType: p.orderType as 'Limit' | 'Market', qtyLots, pxTicks, timeInForce: p.timeInForce, orderLinkId: link });
    const ack: [number, string, unknown] = [0, 'OK', { orderId: o.orderId, orderLinkId: link }];
    // The matching engine runs after the ack, as on the exchange: pushes follow.
    setImmediate(() => this.match(o));
    return ack;
  }

  private match(o: FakeOrder): void {
    const buy = o.side === 'Buy';
    if (o.timeInForce === 'PostOnly') {
      const crosses = buy ? this.bestAskTicks > 0 && o.pxTicks >= this.bestAskTicks : this.bestBidTicks > 0 && o.pxTicks <= this.bestBidTicks;
      if (crosses) { o.orderStatus = 'Cancelled'; o.rejectReason = 'EC_PostOnlyWillTakeLiquidity'; }
      else o.orderStatus = 'New';
      o.updatedTime = this.now();
      this.push('order', [this.orderRow(o)]);
      return;
    }
    const px = o.orderType === 'Market' ? Math.round(Number(this.markPrice) * TICK) : o.pxTicks;
    const q = Math.min(o.qtyLots, this.iocLiquidityLots);
    if (q > 0) this.execute(o, q, px, false);
    o.orderStatus = o.cumLots === o.qtyLots ? 'Filled' : o.cumLots > 0 ? 'PartiallyFilledCanceled' : 'Cancelled';
    if (o.cumLots < o.qtyLots) o.rejectReason = 'EC_NoImmediateQtyToFill';
    o.updatedTime = this.now();
    this.push('order', [this.orderRow(o)]);
  }

  private execute(o: FakeOrder, q: number, pxTicks: number, maker: boolean): void {
    const value = (pxTicks / TICK) * (q / LOT);
    const fee = value * (maker ? 0.0002 : 0.00055);
    o.cumLots += q;
    o.cumValue += value;
    o.cumFee += fee;
    const signed = o.side === 'Buy' ? q : -q;
    if (this.positionLots === 0 || Math.sign(this.positionLots) === Math.sign(signed)) {
      this.positionAvgPx = (this.positionAvgPx * Math.abs(this.positionLots) + pxTicks * q) / (Math.abs(this.positionLots) + q);
    }
    this.positionLots += signed;
    if (Math.sign(this.positionLots) === Math.sign(signed) && Math.abs(this.positionLots) <= q) this.positionAvgPx = pxTicks;
    const t = this.now();
    this.push('execution', [{
      category: 'linear', symbol: 'BTCUSDT', orderId: o.orderId, orderLinkId: o.orderLinkId, side: o.side, execId: `e${++this.execSeq}`,
      execPrice: (pxTicks / TICK).toFixed(1), execQty: (q / LOT).toFixed(3), execFee: fee.toFixed(8), execType: 'Trade',
      execValue: value.toFixed(4), execTime: String(Math.floor(t)), isMaker: maker, orderQty: (o.qtyLots / LOT).toFixed(3),
      leavesQty: ((o.qtyLots - o.cumLots) / LOT).toFixed(3), orderPrice: (o.pxTicks / TICK).toFixed(1), seq: this.execSeq,
    }]);
    this.push('position', [this.positionRow()]);
  }

  private cancel(p: Record<string, string>): [number, string, unknown] {
    const o = p.orderLinkId ? this.orders.get(p.orderLinkId) : [...this.orders.values()].find((x) => x.orderId === p.orderId);
    if (!o || !OPEN.has(o.orderStatus)) return [110001, 'order not exists or too late to cancel', {}];
    o.orderStatus = 'Cancelled';
    o.cancelType = 'CancelByUser';
    o.updatedTime = this.now();
    setImmediate(() => this.push('order', [this.orderRow(o)]));
    return [0, 'OK', { orderId: o.orderId, orderLinkId: o.orderLinkId }];
  }

  private amend(p: Record<string, string>): [number, string, unknown] {
    const o = this.orders.get(p.orderLinkId ?? '');
    if (!o || !OPEN.has(o.orderStatus)) return [110001, 'order not exists or too late to amend', {}];
    if (p.qty) o.qtyLots = Math.round(Number(p.qty) * LOT);
    if (p.price) o.pxTicks = Math.round(Number(p.price) * TICK);
    o.updatedTime = this.now();
    setImmediate(() => this.push('order', [this.orderRow(o)]));
    return [0, 'OK', { orderId: o.orderId, orderLinkId: o.orderLinkId }];
  }

  private realtime(p: Record<string, string>): [number, string, unknown] {
    const openOnly = Number(p.openOnly ?? 0);
    let list = [...new Set(this.orders.values())].filter((o) => (openOnly === 0 ? OPEN.has(o.orderStatus) : !OPEN.has(o.orderStatus)));
    if (p.orderLinkId) list = list.filter((o) => o.orderLinkId === p.orderLinkId);
    list.sort((a, b) => b.createdTime - a.createdTime);
    const limit = Number(p.limit ?? 20);
    const from = Number(p.cursor || 0);
    const page = list.slice(from, from + limit);
    const next = from + limit < list.length ? String(from + limit) : '';
    return [0, 'OK', { category: 'linear', list: page.map((o) => this.orderRow(o)), nextPageCursor: next }];
  }

  private newOrder(f: Pick<FakeOrder, 'side' | 'orderType' | 'qtyLots' | 'pxTicks' | 'timeInForce' | 'orderLinkId'>): FakeOrder {
    const t = this.now();
    const o: FakeOrder = {
      ...f, orderId: randomUUID(), cumLots: 0, cumValue: 0, cumFee: 0, orderStatus: 'Created', rejectReason: 'EC_NoError', cancelType: 'UNKNOWN',
      createdTime: t, updatedTime: t,
    };
    this.orders.set(o.orderLinkId || o.orderId, o);
    return o;
  }

  orderRow(o: FakeOrder): Record<string, unknown> {
    return {
      orderId: o.orderId, orderLinkId: o.orderLinkId, symbol: 'BTCUSDT', side: o.side, orderType: o.orderType,
      price: o.orderType === 'Market' ? '0' : (o.pxTicks / TICK).toFixed(1), qty: (o.qtyLots / LOT).toFixed(3), timeInForce: o.timeInForce,
      orderStatus: o.orderStatus, rejectReason: o.rejectReason, cancelType: o.cancelType, positionIdx: 0,
      leavesQty: (OPEN.has(o.orderStatus) ? (o.qtyLots - o.cumLots) / LOT : 0).toFixed(3), cumExecQty: (o.cumLots / LOT).toFixed(3),
      cumExecValue: o.cumValue.toFixed(4), cumExecFee: o.cumFee.toFixed(8), avgPrice: o.cumLots > 0 ? (o.cumValue / (o.cumLots / LOT)).toFixed(2) : '',
      createdTime: String(Math.floor(o.createdTime)), updatedTime: String(Math.floor(o.updatedTime)),
    };
  }

  private positionRow(): Record<string, unknown> {
    const lots = this.positionLots;
    return {
      positionIdx: 0, symbol: 'BTCUSDT', side: lots > 0 ? 'Buy' : lots < 0 ? 'Sell' : '', size: (Math.abs(lots) / LOT).toFixed(3),
      avgPrice: lots === 0 ? '0' : (this.positionAvgPx / TICK).toFixed(2), markPrice: this.markPrice, updatedTime: String(Math.floor(this.now())),
    };
  }

  // ---- private WebSocket ------------------------------------------------------

  private connection(ws: WebSocket): void {
    if (this.refuseWs) { ws.terminate(); return; }
    this.ws.connections++;
    const connId = randomUUID();
    let authed = false;
    ws.on('error', () => {});
    ws.on('close', () => this.clients.delete(ws));
    ws.on('message', (data) => {
      let m: { op?: string; args?: unknown[]; req_id?: string };
      try { m = JSON.parse(data.toString()) as typeof m; } catch { return; }
      if (m.op === 'auth') {
        const [key, expires, sig] = (m.args ?? []) as [string, number, string];
        const good = key === this.apiKey && Number(expires) > this.now()
          && sig === createHmac('sha256', this.apiSecret).update(`GET/realtime${expires}`).digest('hex');
        if (good) { authed = true; this.ws.authOk++; this.clients.add(ws); } else this.ws.authFailed++;
        ws.send(JSON.stringify({ success: good, ret_msg: good ? '' : 'Params Error', op: 'auth', conn_id: connId, req_id: m.req_id }));
      } else if (m.op === 'subscribe') {
        this.ws.subscribes++;
        if (authed) this.subscribed.add(ws);
        ws.send(JSON.stringify({ success: authed, ret_msg: authed ? '' : 'Request not authorized', op: 'subscribe', conn_id: connId, req_id: m.req_id }));
      } else if (m.op === 'ping') {
        this.ws.pings++;
        ws.send(JSON.stringify({ req_id: m.req_id, op: 'pong', args: [String(Math.floor(this.now()))], conn_id: connId }));
      }
    });
  }

  /** Pushes a private topic message to every authenticated, subscribed client (lost for the others). */
  push(topic: string, data: unknown[]): void {
    const text = JSON.stringify({ id: randomUUID(), topic, creationTime: Math.floor(this.now()), data });
    for (const ws of this.clients) if (this.subscribed.has(ws) && ws.readyState === WebSocket.OPEN) ws.send(text);
  }
}

// ---- venue helpers --------------------------------------------------------------


/** A logger that keeps every line as the JSON text pino would write. */
export function captureLog(): VenueLog & { lines: string[] } {
  const lines: string[] = [];
  const write = (level: string) => (obj: object, msg: string): void => { lines.push(JSON.stringify({ level, ...obj, msg })); };
  return { lines, info: write('info'), warn: write('warn'), error: write('error') };
}

/** Venue options for BTCUSDT (tick 0.1, lot 0.001) against `fake`, fast timings. */
export function fakeVenueOptions(fake: FakeBybitExchange, over: Partial<BybitVenueOptions> = {}): BybitVenueOptions {
  return {
    kind: 'bybit-demo', restUrl: fake.restUrl, wsUrl: fake.wsUrl, credentials: new BybitCredentials(FAKE_KEY, FAKE_SECRET),
    instrument: { symbol: 'BTCUSDT', tick: { units: 1, decimals: 1 }, lot: { units: 1, decimals: 3 }, tickUsd: 0.1, lotBtc: 0.001 },
    recvWindowMs: 5000, timeSyncEveryMs: 60_000, timeSyncSamples: 3, requestTimeoutMs: 1000, rateLimitMargin: 1, rateLimitWindowMs: 1000,
    pingEveryMs: 1000, pongTimeoutMs: 1000, reconcileSettleMs: 100, backoff: { initialMs: 50, maxMs: 200 }, ...over,
  };
}

export async function startFakeVenue(fake: FakeBybitExchange, over: Partial<BybitVenueOptions> = {}): Promise<BybitVenue> {
  const v = new BybitVenue(fakeVenueOptions(fake, over));
  await v.start();
  return v;
}

let seq = 0;
/** A BTCUSDT order (price in ticks of 0.1 USD, size in lots of 0.001 BTC). */
export function order(side: 'buy' | 'sell', tif: OrderRequest['tif'], qtyLots: number, pxTicks: number, clientId = `t${process.pid}-${++seq}`): OrderRequest {
  return { clientId, side, qtyLots, pxTicks, tif, strategy: 'test', decisionMid: 60_000 };
}

/** Polls `cond` every 10 ms until true or `timeoutMs`; returns whether it came true. */
export async function until(cond: () => boolean, timeoutMs = 5000): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 10));
  }
  return cond();
}

/** Drains `venue` into `all` and returns what this call drained. */
export function drainAll(venue: BybitVenue, all: VenueReport[]): VenueReport[] {
  const out: VenueReport[] = [];
  venue.drain(Number.POSITIVE_INFINITY, out);
  all.push(...out);
  return out;
}
