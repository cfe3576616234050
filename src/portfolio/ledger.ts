/**
 * The fill ledger: one immutable record per fill, in USD and BTC, with the
 * execution-quality numbers the report needs (slippage vs arrival mid, fill
 * latency). Field names follow the report's columns; units are in the docs.
 */
import type { FillReport, Side } from '../venue/types.js';
import { fromJsonNumber, toJsonNumber, type JsonNumber } from './json-number.js';

/** One fill as the portfolio booked it. */
export interface LedgerRecord {
  /** Exchange match time, ms since the epoch (FillReport.exchTsMs). */
  readonly ts: number;
  readonly clientId: string;
  readonly side: Side;
  /** Fill price, USD. */
  readonly px: number;
  /** Fill size, BTC (> 0). */
  readonly qty: number;
  /** Fee, USD (negative = rebate). */
  readonly fee: number;
  readonly maker: boolean;
  /** Venue mid (USD) when the order arrived; NaN if unknown. */
  readonly arrivalMid: number;
  /** Mid (USD) when the decision was made; NaN if unknown. */
  readonly decisionMid: number;
  /** exchTsMs − submitMs. */
  readonly latencyMs: number;
  readonly strategy: string;
  /** sign·(px − arrivalMid)/arrivalMid·1e4, sign +1 buy / −1 sell: positive = cost. NaN without arrivalMid. */
  readonly slippageBps: number;
}

/** One point of the equity curve. */
export interface EquityPoint {
  /** Mark time, ms. */
  readonly ts: number;
  /** Equity, USD. */
  readonly equity: number;
  /** Position, BTC (signed). */
  readonly position: number;
}

/** +1 for a buy, −1 for a sell. */
export function sideSign(side: Side): 1 | -1 {
  return side === 'buy' ? 1 : -1;
}

/** Slippage in bps vs a reference mid; positive = paid more (buy) or received less (sell). */
export function slippageBps(side: Side, pxUsd: number, refMidUsd: number): number {
  if (!Number.isFinite(refMidUsd) || refMidUsd <= 0) return NaN;
  return (sideSign(side) * (pxUsd - refMidUsd) / refMidUsd) * 1e4;
}

/** Builds the ledger record of a fill (prices from ticks, sizes from lots). */
export function ledgerRecord(f: FillReport, tickUsd: number, lotBtc: number): LedgerRecord {
  const px = f.pxTicks * tickUsd;
  return {
    ts: f.exchTsMs,
    clientId: f.clientId,
    side: f.side,
    px,
    qty: f.qtyLots * lotBtc,
    fee: f.feeUsd,
    maker: f.maker,
    arrivalMid: f.arrivalMid,
    decisionMid: f.decisionMid,
    latencyMs: f.exchTsMs - f.submitMs,
    strategy: f.strategy,
    slippageBps: slippageBps(f.side, px, f.arrivalMid),
  };
}

/** A ledger record in a JSON snapshot (NaN mids and slippage as null). */
export type LedgerRecordJson = Omit<LedgerRecord, 'arrivalMid' | 'decisionMid' | 'slippageBps'> & {
  readonly arrivalMid: JsonNumber;
  readonly decisionMid: JsonNumber;
  readonly slippageBps: JsonNumber;
};

/** Record → JSON-safe record. */
export function ledgerRecordToJson(r: LedgerRecord): LedgerRecordJson {
  return { ...r, arrivalMid: toJsonNumber(r.arrivalMid), decisionMid: toJsonNumber(r.decisionMid), slippageBps: toJsonNumber(r.slippageBps) };
}

/** JSON-safe record → record. */
export function ledgerRecordFromJson(r: LedgerRecordJson): LedgerRecord {
  return { ...r, arrivalMid: fromJsonNumber(r.arrivalMid), decisionMid: fromJsonNumber(r.decisionMid), slippageBps: fromJsonNumber(r.slippageBps) };
}
