/**
 * The v5 trade and position endpoints the venue uses, for one linear symbol.
 * Orders are always addressed by orderLinkId (= the engine's clientId), which is
 * what makes create / amend / cancel idempotent at the exchange: a second create
 * with the same orderLinkId is refused (110072), a second cancel finds nothing
 * to cancel (110001).
 */
import { BybitApiError } from './errors.js';
import type { BybitRestClient } from './rest-client.js';
import type { BybitOrderRow, BybitPositionRow, BybitResponse } from './wire.js';

/** /v5/order/create body (category linear, one-way mode). */
export interface CreateOrderBody {
  category: 'linear';
  symbol: string;
  side: 'Buy' | 'Sell';
  orderType: 'Limit' | 'Market';
  qty: string;
  price?: string;
  timeInForce: 'PostOnly' | 'IOC' | 'GTC';
  orderLinkId: string;
  positionIdx: 0;
}

type OrderAck = { orderId: string; orderLinkId: string };
type ListResult<T> = { list?: T[]; nextPageCursor?: string };

/** Pages of open orders read at most during one reconciliation (50 per page). */
const MAX_PAGES = 20;

export class BybitTradeApi {
  constructor(private readonly rest: BybitRestClient, readonly symbol: string) {}

  create(body: CreateOrderBody): Promise<BybitResponse<OrderAck>> {
    return this.rest.call<OrderAck>({ method: 'POST', path: '/v5/order/create', params: { ...body }, idempotent: true });
  }

  /** New absolute qty and/or price of an open order (idempotent: same target, same result). */
  amend(orderLinkId: string, qty?: string, price?: string): Promise<BybitResponse<OrderAck>> {
    return this.rest.call<OrderAck>({
      method: 'POST', path: '/v5/order/amend', params: { category: 'linear', symbol: this.symbol, orderLinkId, qty, price }, idempotent: true,
    });
  }

  cancel(orderLinkId: string): Promise<BybitResponse<OrderAck>> {
    return this.rest.call<OrderAck>({ method: 'POST', path: '/v5/order/cancel', params: { category: 'linear', symbol: this.symbol, orderLinkId }, idempotent: true });
  }

  /** Cancels an order the engine did not place (found by reconciliation), by the exchange's id. */
  cancelByOrderId(orderId: string): Promise<BybitResponse<OrderAck>> {
    return this.rest.call<OrderAck>({ method: 'POST', path: '/v5/order/cancel', params: { category: 'linear', symbol: this.symbol, orderId }, idempotent: true });
  }

  /** The order with this orderLinkId, open (openOnly=0) or recently closed (openOnly=1); null if the exchange has none. */
  async findOrder(orderLinkId: string): Promise<BybitOrderRow | null> {
    for (const openOnly of [0, 1]) {
      const r = await this.rest.call<ListResult<BybitOrderRow>>({
        method: 'GET', path: '/v5/order/realtime', params: { category: 'linear', symbol: this.symbol, orderLinkId, openOnly }, idempotent: true,
      });
      const list = ok(r, '/v5/order/realtime').list ?? [];
      const row = list.find((o) => o.orderLinkId === orderLinkId);
      if (row) return row;
    }
    return null;
  }

  /** Every open order of the symbol. */
  async openOrders(): Promise<BybitOrderRow[]> {
    const out: BybitOrderRow[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const r = await this.rest.call<ListResult<BybitOrderRow>>({
        method: 'GET', path: '/v5/order/realtime', params: { category: 'linear', symbol: this.symbol, openOnly: 0, limit: 50, cursor }, idempotent: true,
      });
      const res = ok(r, '/v5/order/realtime');
      out.push(...(res.list ?? []));
      cursor = res.nextPageCursor || undefined;
      if (!cursor) break;
    }
    return out;
  }

  /** The symbol's position (one-way mode), or null when the exchange lists none. */
  async position(): Promise<BybitPositionRow | null> {
    const r = await this.rest.call<ListResult<BybitPositionRow>>({
      method: 'GET', path: '/v5/position/list', params: { category: 'linear', symbol: this.symbol }, idempotent: true,
    });
    const list = ok(r, '/v5/position/list').list ?? [];
    return list.find((p) => p.symbol === this.symbol && (p.positionIdx ?? 0) === 0) ?? null;
  }
}

function ok<T>(r: BybitResponse<T>, path: string): T {
  if (r.retCode !== 0) throw new BybitApiError(path, r.retCode, r.retMsg);
  return r.result;
}
