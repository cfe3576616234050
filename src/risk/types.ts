/**
 * Types of the risk gate: breaker names, the pre-trade check's inputs and
 * answer, the market-health input and the log events.
 */
import type { Side, TimeInForce } from '../venue/types.js';

/** Market breakers, in report order. */
export const MARKET_BREAKERS = ['stale-feed', 'crossed-book', 'invalid-book', 'spread', 'volatility'] as const;
/** Kill switches, in report order. */
export const KILL_SWITCHES = ['daily-loss', 'drawdown'] as const;
/** Every breaker and kill switch, in report order. */
export const BREAKERS = [...MARKET_BREAKERS, ...KILL_SWITCHES] as const;

export type MarketBreaker = (typeof MARKET_BREAKERS)[number];
export type KillSwitch = (typeof KILL_SWITCHES)[number];
export type BreakerName = (typeof BREAKERS)[number];

/** Limit refusals, then one 'halted:<breaker>' per breaker: the keys of refusals(). */
export const REFUSALS = ['max-order', 'max-position', 'order-rate', ...BREAKERS.map((b) => `halted:${b}` as const)] as const;
export type RefusalName = (typeof REFUSALS)[number];

/** The order a strategy wants to send. */
export interface PreTradeOrder {
  readonly side: Side;
  /** Integer lots > 0. */
  readonly qtyLots: number;
  readonly tif: TimeInForce;
}

/** The account as the check sees it. */
export interface PreTradeState {
  /** Signed position, lots. */
  readonly positionLots: number;
  /** Lots of open (unfilled) buy / sell orders, sign-less. */
  readonly openBuyLots: number;
  readonly openSellLots: number;
  readonly nowMs: number;
}

/** Why an order was refused. */
export interface RiskRefusal {
  readonly breaker: RefusalName;
  /** Human-readable, with the numbers. */
  readonly reason: string;
}

/** Health of the market data, evaluated by the market breakers. */
export interface MarketHealth {
  readonly nowMs: number;
  /** The book's own validity (synced, not gapped); do not pass MarketView.valid, which already folds in crossed/stale. */
  readonly valid: boolean;
  readonly crossed: boolean;
  /** Time of the last book update, same clock as nowMs. NaN = unknown (stale-feed unchanged). */
  readonly lastBookUpdateMs: number;
  /** NaN = unknown (spread breaker unchanged). */
  readonly spreadBps: number;
  /** rv_10s_bps; NaN while warming up (volatility breaker unchanged). */
  readonly volBps: number;
}

/** A breaker trips or clears. */
export interface RiskEvent {
  readonly tsMs: number;
  readonly breaker: BreakerName;
  readonly action: 'trip' | 'clear';
  readonly reason: string;
  readonly detail: Readonly<Record<string, number>>;
}

/** Receives every RiskEvent. */
export type RiskLog = (event: RiskEvent) => void;
