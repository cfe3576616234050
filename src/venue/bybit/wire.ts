/**
 * Bybit v5 wire shapes the venue reads (only the fields it uses; every number
 * arrives as a decimal string), and the logger it writes to. Field names are
 * Bybit's: see the v5 docs for /v5/order/realtime, /v5/position/list and the
 * private `order`, `execution` and `position` topics.
 */

/** Every REST answer. */
export interface BybitResponse<T> {
  retCode: number;
  retMsg: string;
  result: T;
  retExtInfo?: unknown;
  time?: number;
}

/** One order, as /v5/order/realtime lists it and the `order` topic pushes it. */
export interface BybitOrderRow {
  orderId: string;
  orderLinkId: string;
  symbol: string;
  side: 'Buy' | 'Sell';
  orderType: 'Limit' | 'Market';
  price: string;
  qty: string;
  timeInForce: string;
  /** New, PartiallyFilled, Untriggered, Rejected, PartiallyFilledCanceled, Filled, Cancelled, Triggered, Deactivated. */
  orderStatus: string;
  /** e.g. EC_PostOnlyWillTakeLiquidity, EC_NoImmediateQtyToFill; EC_NoError otherwise. */
  rejectReason?: string;
  /** e.g. CancelByUser, CancelByReduceOnly, CancelByAdmin; UNKNOWN otherwise. */
  cancelType?: string;
  leavesQty: string;
  cumExecQty: string;
  /** Σ price × qty of the fills, quote currency (USDT). */
  cumExecValue: string;
  cumExecFee: string;
  createdTime: string;
  updatedTime: string;
}

/** One fill on the `execution` topic. */
export interface BybitExecutionRow {
  symbol: string;
  orderId: string;
  orderLinkId: string;
  side: 'Buy' | 'Sell';
  execId: string;
  execPrice: string;
  execQty: string;
  /** Fee paid in the settle coin (USDT); negative = rebate. */
  execFee: string;
  /** Trade, Funding, AdlTrade, BustTrade, … */
  execType: string;
  execTime: string;
  isMaker: boolean;
  orderQty: string;
  leavesQty: string;
}

/** One position, /v5/position/list and the `position` topic (one-way mode: positionIdx 0). */
export interface BybitPositionRow {
  symbol: string;
  /** Buy = long, Sell = short, '' (or None) = flat. */
  side: string;
  size: string;
  avgPrice: string;
  markPrice?: string;
  positionIdx?: number;
  updatedTime?: string;
}

/** What the venue logs through (pino's Logger fits). Never given keys, secrets or signatures. */
export interface VenueLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** A logger that drops everything. */
export const silentLog: VenueLog = { info() {}, warn() {}, error() {} };
