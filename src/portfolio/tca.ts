/**
 * Transaction-cost analysis by strategy, accumulated fill by fill (O(1) per
 * fill, O(pending) per mark). Every bps figure is qty-weighted and signed so
 * that positive = cost to us:
 *
 *   slippage           sign·(px − arrivalMid)/arrivalMid·1e4         (per fill, in the ledger)
 *   shortfall (IS)     IS_usd = Σ sign·(px − decisionMid)·qty + Σ fee
 *                      IS_bps = IS_usd / Σ(decisionMid·qty)·1e4
 *   adverse selection  sign·(px − midLater)/px·1e4, maker fills only, where
 *                      midLater = first mid seen at ts ≥ fill ts + horizon (1 s, 10 s).
 *                      A buy followed by a lower mid (or a sell by a higher one)
 *                      is positive: the market moved against the fill.
 *
 * sign = +1 buy, −1 sell; px, mids in USD; qty in BTC. Fills whose reference
 * mid is NaN are left out of that average and counted instead. An average over
 * no fills is NaN (the report writer prints it as "–").
 */
import type { LedgerRecord } from './ledger.js';
import { sideSign } from './ledger.js';

/** Markout horizons of the adverse-selection measure, ms, with their report keys. */
export const ADVERSE_HORIZONS_MS = { '1s': 1_000, '10s': 10_000 } as const;
/** A key of ADVERSE_HORIZONS_MS. */
export type AdverseHorizon = keyof typeof ADVERSE_HORIZONS_MS;
const HORIZONS = Object.keys(ADVERSE_HORIZONS_MS) as AdverseHorizon[];

/** Running sums of one strategy (plain numbers: this is also the snapshot form). */
export interface TcaSums {
  fills: number; makerFills: number; takerFills: number;
  qtyBtc: number; notionalUsd: number; feesUsd: number;
  /** Σ qty and Σ slippageBps·qty over fills with a known arrival mid. */
  slipQtyBtc: number; slipBpsQty: number; slippageUnknownFills: number;
  /** Σ sign·(px − decisionMid)·qty + fee and Σ decisionMid·qty over fills with a known decision mid. */
  shortfallUsd: number; decisionNotionalUsd: number; shortfallUnknownFills: number;
  /** Per horizon: Σ qty and Σ adverseBps·qty over resolved maker fills. */
  adverseQtyBtc: Record<AdverseHorizon, number>; adverseBpsQty: Record<AdverseHorizon, number>;
  adverseCount: Record<AdverseHorizon, number>;
}

/** One row of the TCA report. */
export interface TcaStats {
  readonly fills: number;
  readonly makerFills: number;
  readonly takerFills: number;
  readonly qtyBtc: number;
  readonly notionalUsd: number;
  readonly feesUsd: number;
  readonly avgSlippageBps: number;
  readonly slippageUnknownFills: number;
  readonly shortfallUsd: number;
  readonly shortfallBps: number;
  readonly shortfallUnknownFills: number;
  /** Qty-weighted adverse selection of maker fills per horizon (NaN until one resolves). */
  readonly adverseSelectionBps: Readonly<Record<AdverseHorizon, number>>;
  /** Maker fills whose horizon mid has been seen. */
  readonly adverseFills: Readonly<Record<AdverseHorizon, number>>;
}

/** The TCA report: one row per strategy (keys sorted) and one over all fills. */
export interface TcaReport {
  readonly byStrategy: Record<string, TcaStats>;
  readonly all: TcaStats;
}

/** A maker fill waiting for its mid `horizon` after the fill. */
export interface PendingMarkout {
  readonly dueMs: number;
  readonly horizon: AdverseHorizon;
  readonly strategy: string;
  readonly sign: 1 | -1;
  readonly pxUsd: number;
  readonly qtyBtc: number;
}

/** Snapshot form of a Tca. */
export interface TcaJson {
  readonly sums: Record<string, TcaSums>;
  readonly all: TcaSums;
  readonly pending: readonly PendingMarkout[];
}

function emptySums(): TcaSums {
  return {
    fills: 0, makerFills: 0, takerFills: 0, qtyBtc: 0, notionalUsd: 0, feesUsd: 0,
    slipQtyBtc: 0, slipBpsQty: 0, slippageUnknownFills: 0,
    shortfallUsd: 0, decisionNotionalUsd: 0, shortfallUnknownFills: 0,
    adverseQtyBtc: { '1s': 0, '10s': 0 }, adverseBpsQty: { '1s': 0, '10s': 0 },
    adverseCount: { '1s': 0, '10s': 0 },
  };
}

function addFill(s: TcaSums, r: LedgerRecord): void {
  const sign = sideSign(r.side);
  s.fills++;
  if (r.maker) s.makerFills++; else s.takerFills++;
  s.qtyBtc += r.qty;
  s.notionalUsd += r.px * r.qty;
  s.feesUsd += r.fee;
  if (Number.isFinite(r.slippageBps)) { s.slipQtyBtc += r.qty; s.slipBpsQty += r.slippageBps * r.qty; } else s.slippageUnknownFills++;
  if (Number.isFinite(r.decisionMid) && r.decisionMid > 0) {
    s.shortfallUsd += sign * (r.px - r.decisionMid) * r.qty + r.fee;
    s.decisionNotionalUsd += r.decisionMid * r.qty;
  } else s.shortfallUnknownFills++;
}

function stats(s: TcaSums): TcaStats {
  const avg = (num: number, den: number): number => (den > 0 ? num / den : NaN);
  return {
    fills: s.fills, makerFills: s.makerFills, takerFills: s.takerFills,
    qtyBtc: s.qtyBtc, notionalUsd: s.notionalUsd, feesUsd: s.feesUsd,
    avgSlippageBps: avg(s.slipBpsQty, s.slipQtyBtc), slippageUnknownFills: s.slippageUnknownFills,
    shortfallUsd: s.shortfallUsd, shortfallBps: avg(s.shortfallUsd * 1e4, s.decisionNotionalUsd),
    shortfallUnknownFills: s.shortfallUnknownFills,
    adverseSelectionBps: { '1s': avg(s.adverseBpsQty['1s'], s.adverseQtyBtc['1s']), '10s': avg(s.adverseBpsQty['10s'], s.adverseQtyBtc['10s']) },
    adverseFills: { ...s.adverseCount },
  };
}

/** Adverse selection of one fill, bps: sign·(px − midLater)/px·1e4 (positive = market moved against it). */
export function adverseSelectionBps(sign: 1 | -1, pxUsd: number, midLaterUsd: number): number {
  return (sign * (pxUsd - midLaterUsd) / pxUsd) * 1e4;
}

/** Accumulates TCA from ledger records and later mids. */
export class Tca {
  private readonly sums = new Map<string, TcaSums>();
  private all = emptySums();
  /** Sorted by dueMs (ties keep arrival order). */
  private pending: PendingMarkout[] = [];

  /** Books one fill; a maker fill also waits for its markout mids. */
  onFill(r: LedgerRecord): void {
    let s = this.sums.get(r.strategy);
    if (s === undefined) { s = emptySums(); this.sums.set(r.strategy, s); }
    addFill(s, r);
    addFill(this.all, r);
    if (!r.maker) return;
    for (const horizon of HORIZONS) {
      this.enqueue({ dueMs: r.ts + ADVERSE_HORIZONS_MS[horizon], horizon, strategy: r.strategy, sign: sideSign(r.side), pxUsd: r.px, qtyBtc: r.qty });
    }
  }

  /** A mid seen at `tsMs`: resolves every pending markout due by then. NaN mids are skipped. */
  markAfter(tsMs: number, midUsd: number): void {
    if (!Number.isFinite(midUsd)) return;
    let n = 0;
    while (n < this.pending.length && this.pending[n]!.dueMs <= tsMs) {
      const p = this.pending[n++]!;
      const bps = adverseSelectionBps(p.sign, p.pxUsd, midUsd);
      for (const s of [this.sums.get(p.strategy)!, this.all]) {
        s.adverseQtyBtc[p.horizon] += p.qtyBtc;
        s.adverseBpsQty[p.horizon] += bps * p.qtyBtc;
        s.adverseCount[p.horizon]++;
      }
    }
    if (n > 0) this.pending.splice(0, n);
  }

  /** Markouts still waiting for their mid. */
  get pendingMarkouts(): number { return this.pending.length; }

  /** The report: strategies in sorted key order, then all fills. */
  report(): TcaReport {
    const byStrategy: Record<string, TcaStats> = {};
    for (const k of [...this.sums.keys()].sort()) byStrategy[k] = stats(this.sums.get(k)!);
    return { byStrategy, all: stats(this.all) };
  }

  /** JSON-safe state (every number is finite). */
  toJson(): TcaJson {
    return structuredClone({ sums: Object.fromEntries(this.sums), all: this.all, pending: this.pending });
  }

  /** Rebuilds a Tca from `toJson()` output. */
  static fromJson(j: TcaJson): Tca {
    const t = new Tca();
    const c = structuredClone(j);
    for (const [k, s] of Object.entries(c.sums)) t.sums.set(k, s);
    t.all = c.all;
    t.pending = [...c.pending];
    return t;
  }

  private enqueue(p: PendingMarkout): void {
    let i = this.pending.length;
    while (i > 0 && this.pending[i - 1]!.dueMs > p.dueMs) i--;
    this.pending.splice(i, 0, p);
  }
}
