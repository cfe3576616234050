/**
 * Dynamics features (spec §2.5, group E; docs/FEATURES.md "Dynamics"): lagged log
 * mid returns and spread change with an as-of lookup, realized volatility on a
 * 100 ms calendar grid, and decayed rates of book messages and of price-matched
 * additions / cancellations near the mid.
 *
 * Conventions (all documented in docs/FEATURES.md):
 * - Times are exchange ms. Rates decay to the message time with a = exp(−Δt/τ),
 *   Δt = t_n − t_{n−1} (clamped >= 0), then add x/τ (τ in seconds); they start at 0
 *   and the first message adds x/τ (no decay). Rates run on invalid books too.
 * - ret_* / spread_chg_* look up the last VALID row with t_i <= t − L; NaN when none
 *   or when the current book is invalid. Only valid rows enter the history.
 * - rv_*: see dynamics-grid.ts; also NaN when the current book is invalid.
 * - add/cxl: net Δq per price over the message (last new − first old), banded by the
 *   distance from the PRE-update mid (inclusive, the same float predicate as the
 *   static bands); 0 when the pre-update book was invalid (this includes every
 *   snapshot, whose book is cleared before it is applied). Cancels are net of the
 *   aggressor volume since the previous book message (buys hit asks, sells hit
 *   bids), all in integer lots, converted to BTC once.
 */
import { gridValue } from './units.js';
import { distanceBps } from './depth.js';
import { FEATURE_INDEX } from './registry.js';
import type { BookState, StatefulFeature, TradeEvent } from './stateful.js';
import { AsOfHistory } from './dynamics-history.js';
import { RvGrid } from './dynamics-grid.js';

export interface DynamicsParams {
  /** Return lags (ms), in the order of RET_COLUMNS. */
  readonly retLagsMs: readonly number[];
  readonly spreadLagMs: number;
  readonly gridMs: number;
  /** RV windows in grid samples, in the order of RV_COLUMNS. */
  readonly rvSamples: readonly number[];
  readonly tauMs: number;
  readonly bandBps: number;
}

export const DEFAULT_DYNAMICS_PARAMS: DynamicsParams = {
  retLagsMs: [100, 1000, 10_000, 60_000],
  spreadLagMs: 1000,
  gridMs: 100,
  rvSamples: [100, 600],
  tauMs: 1000,
  bandBps: 25,
};

const RET_COLUMNS = ['ret_100ms_bps', 'ret_1s_bps', 'ret_10s_bps', 'ret_60s_bps'];
const RV_COLUMNS = ['rv_10s_bps', 'rv_60s_bps'];

function col(name: string): number {
  const i = FEATURE_INDEX[name];
  if (i === undefined) throw new Error(`unknown feature ${name}`);
  return i;
}

const C = {
  ret: RET_COLUMNS.map(col), rv: RV_COLUMNS.map(col), upd: col('upd_rate_1s'),
  addBid: col('add_rate_bid_1s'), addAsk: col('add_rate_ask_1s'),
  cxlBid: col('cxl_rate_bid_1s'), cxlAsk: col('cxl_rate_ask_1s'), spreadChg: col('spread_chg_1s_bps'),
};

export class DynamicsFeatures implements StatefulFeature {
  private readonly hist: AsOfHistory;
  private readonly grid: RvGrid;
  /** Mid after the last applied message (NaN: invalid or none): the "state before" an event. */
  private lastMid = NaN;
  private lastMsgMs = NaN;
  private upd = 0;
  private addBid = 0;
  private addAsk = 0;
  private cxlBid = 0;
  private cxlAsk = 0;
  /** Aggressor lots since the last book message that hit bids (sells) / asks (buys). */
  private tradedBid = 0;
  private tradedAsk = 0;
  /** Pre-update book of the message being applied. */
  private preValid = false;
  private preMid = NaN;
  /** Level changes of the current message: key → [isBid, px, first old lots, last new lots]. */
  private readonly changes = new Map<number, { isBid: boolean; px: number; old: number; now: number }>();

  constructor(readonly params: DynamicsParams = DEFAULT_DYNAMICS_PARAMS) {
    if (params.retLagsMs.length !== RET_COLUMNS.length || params.rvSamples.length !== RV_COLUMNS.length) {
      throw new RangeError('DynamicsParams: one lag per ret column and one window per rv column');
    }
    this.hist = new AsOfHistory([...params.retLagsMs, params.spreadLagMs]);
    this.grid = new RvGrid(params.gridMs, params.rvSamples);
  }

  /** From a gap on, the state "before" any event is an invalid book until the resync snapshot. */
  onGap(tMs: number): void {
    this.grid.advance(tMs, this.lastMid);
    this.lastMid = NaN;
  }

  onTrade(t: TradeEvent): void {
    this.grid.advance(t.tMs, this.lastMid);
    if (t.buy) this.tradedAsk += t.qtyLots; else this.tradedBid += t.qtyLots;
  }

  beforeBook(s: BookState): void {
    this.grid.advance(s.tMs, this.lastMid);
    this.preValid = s.valid;
    this.preMid = s.mid;
    this.changes.clear();
  }

  onLevel(isBid: boolean, pxTicks: number, oldLots: number, newLots: number): void {
    if (!this.preValid) return;
    const key = isBid ? pxTicks : -pxTicks;
    const c = this.changes.get(key);
    if (c) c.now = newLots;
    else this.changes.set(key, { isBid, px: pxTicks, old: oldLots, now: newLots });
  }

  afterBook(s: BookState, row: Float64Array): number {
    this.updateRates(s);
    const valid = s.valid;
    this.lastMid = valid ? s.mid : NaN;
    const hist = this.hist;
    let spreadBps = NaN;
    if (valid) {
      const spreadTicks = s.asks.best() - s.bids.best();
      spreadBps = 1e4 * gridValue(spreadTicks, s.inst.tick) / s.mid;
      hist.push(s.tMs, s.mid, spreadBps);
    }
    const lags = this.params.retLagsMs.length;
    for (let k = 0; k < lags; k++) {
      const i = valid ? hist.seek(k, s.tMs) : -1;
      row[C.ret[k]] = i >= 0 ? 1e4 * Math.log(s.mid / hist.mid(i)) : NaN;
    }
    const j = valid ? hist.seek(lags, s.tMs) : -1;
    row[C.spreadChg] = j >= 0 ? spreadBps - hist.spreadBps(j) : NaN;
    hist.trim();
    for (let k = 0; k < C.rv.length; k++) row[C.rv[k]] = valid ? this.grid.value(k) : NaN;
    row[C.upd] = this.upd;
    row[C.addBid] = this.addBid;
    row[C.addAsk] = this.addAsk;
    row[C.cxlBid] = this.cxlBid;
    row[C.cxlAsk] = this.cxlAsk;
    return 0;
  }

  private updateRates(s: BookState): void {
    let addB = 0, addA = 0, remB = 0, remA = 0; // lots
    if (this.preValid) {
      const m = this.preMid;
      const beta = this.params.bandBps;
      for (const c of this.changes.values()) {
        if (!(distanceBps(c.isBid, m, gridValue(c.px, s.inst.tick)) <= beta)) continue;
        const d = c.now - c.old;
        if (c.isBid) { if (d > 0) addB += d; else remB -= d; } else if (d > 0) addA += d; else remA -= d;
      }
    }
    const cxlB = Math.max(0, remB - this.tradedBid);
    const cxlA = Math.max(0, remA - this.tradedAsk);
    this.tradedBid = 0;
    this.tradedAsk = 0;
    this.changes.clear();
    const a = Number.isNaN(this.lastMsgMs) ? 0 : Math.exp(-Math.max(0, s.tMs - this.lastMsgMs) / this.params.tauMs);
    this.lastMsgMs = s.tMs;
    const tauS = this.params.tauMs / 1000;
    const lot = s.inst.lot;
    this.upd = a * this.upd + 1 / tauS;
    this.addBid = a * this.addBid + gridValue(addB, lot) / tauS;
    this.addAsk = a * this.addAsk + gridValue(addA, lot) / tauS;
    this.cxlBid = a * this.cxlBid + gridValue(cxlB, lot) / tauS;
    this.cxlAsk = a * this.cxlAsk + gridValue(cxlA, lot) / tauS;
  }
}
