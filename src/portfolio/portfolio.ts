/**
 * The paper account: cash, position, PnL, fees, the fill ledger, the equity
 * curve and TCA, fed by the venue's fill reports and the engine's mid marks.
 *
 * Cash: buy → cash −= px·qty, sell → cash += px·qty, fee → cash −= fee, so
 *   equity = cash + positionBtc·mark = initialCash + realized + unrealized − fees
 * holds after every call (to float rounding; see position.ts for why).
 * Before the first mark the position is valued at its average entry.
 */
import type { FillReport } from '../venue/types.js';
import { fromJsonNumber, toJsonNumber, type JsonNumber } from './json-number.js';
import { ledgerRecord, ledgerRecordFromJson, ledgerRecordToJson, type EquityPoint, type LedgerRecord, type LedgerRecordJson } from './ledger.js';
import { Position, type PositionJson } from './position.js';
import { Tca, type TcaJson, type TcaReport } from './tca.js';

/** Account and instrument parameters. */
export interface PortfolioOptions {
  readonly initialCashUsd: number;
  /** USD per price tick. */
  readonly tickUsd: number;
  /** BTC per size lot. */
  readonly lotBtc: number;
  /** Equity curve: at most one point per this many ms of mark time. */
  readonly equityEveryMs: number;
}

/** Plain JSON state of a Portfolio (crash recovery); survives JSON.stringify/parse. */
export interface PortfolioSnapshot {
  readonly version: 1;
  readonly initialCashUsd: number;
  readonly tickUsd: number;
  readonly lotBtc: number;
  readonly cashUsd: number;
  readonly feesUsd: number;
  readonly position: PositionJson;
  readonly markUsd: JsonNumber;
  readonly nextPointTsMs: JsonNumber;
  readonly peakEquityUsd: number;
  readonly maxDrawdownUsd: number;
  readonly fills: readonly LedgerRecordJson[];
  readonly equityCurve: readonly EquityPoint[];
  readonly tca: TcaJson;
}

function checkPositive(name: string, x: number): void {
  if (!(Number.isFinite(x) && x > 0)) throw new RangeError(`${name} must be a positive number, was ${x}`);
}

/** Position, cash, PnL, ledger, equity curve and TCA of one account. */
export class Portfolio {
  private position: Position;
  private cash: number;
  private fees = 0;
  private markPx = NaN;
  private nextPointTsMs = NaN;
  private peakEquity: number;
  private maxDrawdown = 0;
  private ledger: LedgerRecord[] = [];
  private curve: EquityPoint[] = [];
  private tcaBook = new Tca();

  constructor(private readonly opts: PortfolioOptions) {
    if (!(Number.isFinite(opts.initialCashUsd) && opts.initialCashUsd >= 0)) throw new RangeError(`initialCashUsd must be a number ≥ 0, was ${opts.initialCashUsd}`);
    checkPositive('tickUsd', opts.tickUsd);
    checkPositive('lotBtc', opts.lotBtc);
    checkPositive('equityEveryMs', opts.equityEveryMs);
    this.position = new Position(opts.lotBtc);
    this.cash = opts.initialCashUsd;
    this.peakEquity = opts.initialCashUsd;
  }

  /** Books a fill: position, average entry, realized PnL, cash, fees, ledger and TCA. */
  applyFill(f: FillReport): void {
    if (!(Number.isInteger(f.qtyLots) && f.qtyLots > 0)) throw new RangeError(`fill qtyLots must be a positive integer, was ${f.qtyLots}`);
    if (!(Number.isFinite(f.pxTicks) && f.pxTicks > 0)) throw new RangeError(`fill pxTicks must be a positive number, was ${f.pxTicks}`);
    if (!Number.isFinite(f.feeUsd)) throw new RangeError(`fill feeUsd must be finite, was ${f.feeUsd}`);
    const rec = ledgerRecord(f, this.opts.tickUsd, this.opts.lotBtc);
    this.position.apply(f.side, f.qtyLots, rec.px);
    this.cash += (f.side === 'buy' ? -1 : 1) * rec.px * rec.qty - rec.fee;
    this.fees += rec.fee;
    this.ledger.push(rec);
    this.tcaBook.onFill(rec);
  }

  /**
   * Marks the position at `midUsd` (ms `tsMs`): updates peak equity and max
   * drawdown, feeds the TCA markouts, and adds an equity-curve point when
   * `tsMs` ≥ the last point's ts + equityEveryMs (the first mark always adds
   * one). A NaN mid changes nothing: the last mark stays.
   */
  mark(midUsd: number, tsMs: number): void {
    if (!Number.isFinite(midUsd)) return;
    this.markPx = midUsd;
    this.tcaBook.markAfter(tsMs, midUsd);
    const equity = this.equityUsd;
    if (equity > this.peakEquity) this.peakEquity = equity;
    this.maxDrawdown = Math.max(this.maxDrawdown, this.peakEquity - equity);
    if (!(tsMs < this.nextPointTsMs)) {
      this.curve.push({ ts: tsMs, equity, position: this.position.positionBtc });
      this.nextPointTsMs = tsMs + this.opts.equityEveryMs;
    }
  }

  /** Signed position, lots. */
  get positionLots(): number { return this.position.positionLots; }
  /** Signed position, BTC. */
  get positionBtc(): number { return this.position.positionBtc; }
  /** Average entry of the open position, USD; NaN when flat. */
  get avgEntryUsd(): number { return this.position.avgEntryUsd; }
  /** Cash, USD. */
  get cashUsd(): number { return this.cash; }
  /** Realized PnL, USD, gross of fees. */
  get realizedPnlUsd(): number { return this.position.realizedPnlUsd; }
  /** Unrealized PnL at the last mark, USD (0 before the first mark). */
  get unrealizedPnlUsd(): number { return Number.isFinite(this.markPx) ? this.position.unrealizedAt(this.markPx) : 0; }
  /** Fees paid, USD (rebates negative). */
  get feesUsd(): number { return this.fees; }
  /** Last mid given to mark(), USD; NaN before the first. */
  get markUsd(): number { return this.markPx; }
  /** cash + position × mark, USD. */
  get equityUsd(): number {
    const value = this.position.positionLots === 0 ? 0 : Number.isFinite(this.markPx) ? this.position.positionBtc * this.markPx : this.position.openCostUsd;
    return this.cash + value;
  }
  /** Highest equity seen at a mark (starts at the initial cash), USD. */
  get peakEquityUsd(): number { return this.peakEquity; }
  /** Current drawdown from the peak, USD (≥ 0). */
  get drawdownUsd(): number { return Math.max(0, this.peakEquity - this.equityUsd); }
  /** Largest drawdown seen at a mark, USD. */
  get maxDrawdownUsd(): number { return this.maxDrawdown; }
  /** The fill ledger, in booking order. */
  get fills(): readonly LedgerRecord[] { return this.ledger; }
  /** Sampled equity curve. */
  get equityCurve(): readonly EquityPoint[] { return this.curve; }
  /** TCA accumulator (markouts are fed by mark()). */
  get tca(): Tca { return this.tcaBook; }
  /** TCA report by strategy. */
  tcaReport(): TcaReport { return this.tcaBook.report(); }

  /**
   * Plain JSON state. `from` leaves out the first fills and equity-curve points
   * (both only ever grow at the end): a saver that already holds them writes
   * only what is new, so a save costs the same after a week as after a minute.
   */
  snapshot(from: { fills?: number; curve?: number } = {}): PortfolioSnapshot {
    return {
      version: 1,
      initialCashUsd: this.opts.initialCashUsd, tickUsd: this.opts.tickUsd, lotBtc: this.opts.lotBtc,
      cashUsd: this.cash, feesUsd: this.fees, position: this.position.toJson(),
      markUsd: toJsonNumber(this.markPx), nextPointTsMs: toJsonNumber(this.nextPointTsMs),
      peakEquityUsd: this.peakEquity, maxDrawdownUsd: this.maxDrawdown,
      fills: this.ledger.slice(from.fills ?? 0).map(ledgerRecordToJson), equityCurve: this.curve.slice(from.curve ?? 0).map((p) => ({ ...p })),
      tca: this.tcaBook.toJson(),
    };
  }

  /**
   * Rebuilds a portfolio from snapshot(). The snapshot's initial cash is kept
   * (the PnL identity depends on it); tickUsd and lotBtc must match `opts`,
   * since the position is stored in lots. equityEveryMs comes from `opts`.
   */
  static restore(s: PortfolioSnapshot, opts: PortfolioOptions): Portfolio {
    if (s.version !== 1) throw new RangeError(`portfolio snapshot version must be 1, was ${s.version}`);
    if (s.tickUsd !== opts.tickUsd || s.lotBtc !== opts.lotBtc) {
      throw new RangeError(`portfolio snapshot is for tickUsd ${s.tickUsd} and lotBtc ${s.lotBtc}, was restored with tickUsd ${opts.tickUsd} and lotBtc ${opts.lotBtc}`);
    }
    const p = new Portfolio({ ...opts, initialCashUsd: s.initialCashUsd });
    p.position = Position.fromJson(s.position, opts.lotBtc);
    p.cash = s.cashUsd;
    p.fees = s.feesUsd;
    p.markPx = fromJsonNumber(s.markUsd);
    p.nextPointTsMs = fromJsonNumber(s.nextPointTsMs);
    p.peakEquity = s.peakEquityUsd;
    p.maxDrawdown = s.maxDrawdownUsd;
    p.ledger = s.fills.map(ledgerRecordFromJson);
    p.curve = s.equityCurve.map((q) => ({ ...q }));
    p.tcaBook = Tca.fromJson(s.tca);
    return p;
  }
}
