/**
 * Translation between the engine's orders (integer ticks and lots) and Bybit's
 * decimal strings and enums, in both directions. Prices and sizes cross the
 * boundary through the instrument grid exactly (src/feed/decimal.ts): no float
 * rounding on the way out; on the way in an off-grid size is an error, and an
 * average price may be fractional ticks.
 */
import { DEC_OFF_GRID, formatUnits, toGridUnits, type Grid } from '../../feed/decimal.js';
import { MAX_EXACT_INT, MAX_PX_TICKS } from '../../layout/event.js';
import type { OrderRequest, RejectReason } from '../types.js';
import type { CreateOrderBody } from './trade-api.js';
import type { BybitOrderRow, BybitPositionRow } from './wire.js';

/** The instrument grid and its step values. */
export interface InstrumentGrid {
  readonly symbol: string;
  readonly tick: Grid;
  readonly lot: Grid;
  /** USD per tick, BTC per lot. */
  readonly tickUsd: number;
  readonly lotBtc: number;
}

/** post-only → Limit + PostOnly, ioc → Limit + IOC, market → Market + IOC; orderLinkId = clientId. */
export function createBody(o: OrderRequest, g: InstrumentGrid): CreateOrderBody {
  const body: CreateOrderBody = {
    category: 'linear', symbol: g.symbol, side: o.side === 'buy' ? 'Buy' : 'Sell',
    orderType: o.tif === 'market' ? 'Market' : 'Limit', qty: formatUnits(o.qtyLots, g.lot),
    timeInForce: o.tif === 'post-only' ? 'PostOnly' : 'IOC', orderLinkId: o.clientId, positionIdx: 0,
  };
  if (o.tif !== 'market') body.price = formatUnits(o.pxTicks, g.tick);
  return body;
}

/** An order for log lines: the fields that identify it, nothing else. */
export function formatOrder(o: OrderRequest): { side: string; tif: string; qtyLots: number; pxTicks: number } {
  return { side: o.side, tif: o.tif, qtyLots: o.qtyLots, pxTicks: o.pxTicks };
}

/** Side, tif, size and (except for market orders) price are usable; Bybit's orderLinkId is at most 36 characters. */
export function wellFormed(o: OrderRequest): boolean {
  if (typeof o.clientId !== 'string' || o.clientId.length === 0 || o.clientId.length > 36) return false;
  if (o.side !== 'buy' && o.side !== 'sell') return false;
  if (!(Number.isInteger(o.qtyLots) && o.qtyLots > 0 && o.qtyLots <= MAX_EXACT_INT)) return false;
  if (o.tif === 'market') return true;
  if (o.tif !== 'post-only' && o.tif !== 'ioc') return false;
  return Number.isInteger(o.pxTicks) && o.pxTicks >= 1 && o.pxTicks <= MAX_PX_TICKS;
}

/** Lots in a Bybit size string ("0.015"); NaN when it is not on the lot grid. */
export function lots(text: string | undefined, g: InstrumentGrid): number {
  if (text === undefined || text === '') return 0;
  const n = toGridUnits(text, g.lot);
  return n >= 0 ? n : NaN;
}

/** Ticks of a Bybit price string, exact when on the grid, else the nearest fraction. */
export function ticks(text: string | undefined, g: InstrumentGrid): number {
  if (text === undefined || text === '') return NaN;
  const n = toGridUnits(text, g.tick);
  if (n >= 0) return n;
  return n === DEC_OFF_GRID ? Number(text) / g.tickUsd : NaN;
}

/** An order row in engine units. */
export interface OrderState {
  status: string;
  qtyLots: number;
  cumLots: number;
  /** Σ px·qty of the fills so far, USD. */
  cumValueUsd: number;
  cumFeeUsd: number;
  rejectReason: string;
  cancelType: string;
  updatedMs: number;
}

export function orderState(r: BybitOrderRow, g: InstrumentGrid): OrderState {
  return {
    status: r.orderStatus, qtyLots: lots(r.qty, g), cumLots: lots(r.cumExecQty, g),
    cumValueUsd: Number(r.cumExecValue || 0), cumFeeUsd: Number(r.cumExecFee || 0),
    rejectReason: r.rejectReason ?? '', cancelType: r.cancelType ?? '', updatedMs: Number(r.updatedTime || r.createdTime || NaN),
  };
}

/** Statuses after which the order is done at the exchange. */
export const TERMINAL = new Set(['Filled', 'Cancelled', 'PartiallyFilledCanceled', 'Rejected', 'Deactivated']);

/** A post-only order that would have crossed: Bybit cancels it on arrival with this reason. */
export const POST_ONLY_CROSS = 'EC_PostOnlyWillTakeLiquidity';

/** The engine's reject reason for a Bybit rejection (order status Rejected, or a post-only cross). */
export function rejectReason(bybitReason: string): RejectReason {
  if (bybitReason === POST_ONLY_CROSS) return 'would-cross';
  if (bybitReason === 'EC_NoImmediateQtyToFill' || bybitReason === 'EC_NoEnoughQtyToFill') return 'no-liquidity';
  return 'bad-order';
}

/** The engine's reject reason for a create refused over REST (retCode ≠ 0). */
export function createRejectReason(retCode: number): RejectReason {
  // 10001 parameter error, 110003 price out of range, 110007 insufficient balance, …: the order as sent cannot trade.
  return retCode === 110072 ? 'duplicate-id' : 'bad-order';
}

/** Signed position in lots (Buy = long); NaN when the size is off the lot grid. */
export function positionLots(p: BybitPositionRow | null, g: InstrumentGrid): number {
  if (!p) return 0;
  const n = lots(p.size, g);
  if (p.side === 'Sell') return -n;
  if (p.side === 'Buy') return n;
  return n === 0 ? 0 : NaN;
}

/** Does the exchange's order match what the engine asked for (a stale orderLinkId from an earlier run would not)? */
export function sameOrder(o: OrderRequest, r: BybitOrderRow, g: InstrumentGrid): boolean {
  if ((r.side === 'Buy') !== (o.side === 'buy') || lots(r.qty, g) !== o.qtyLots) return false;
  if (o.tif === 'market') return r.orderType === 'Market';
  return r.orderType === 'Limit' && ticks(r.price, g) === o.pxTicks;
}
