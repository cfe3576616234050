/**
 * The engine's view of the market at one feature row: what strategies, the
 * decision layer and risk see (src/exec/types.ts MarketView). It is read from
 * the row the feature kernel wrote for the message just applied, so the engine
 * trades on exactly the book its features describe; the paper venue keeps its
 * own book of the same messages (the simulated exchange).
 */
import type { MarketView } from '../exec/types.js';
import { FEATURE_INDEX, FLAG_CROSSED, FLAG_EMPTY_SIDE, FLAG_LOCKED } from '../features/registry.js';
import { ROW_FEATURES, ROW_FLAGS, ROW_TS_MS } from '../layout/feature-row.js';

const col = (name: string): number => ROW_FEATURES + FEATURE_INDEX[name]!;
const MID = col('mid_px');
const MICRO = col('microprice_px');
const SPREAD = col('spread_abs');
const SPREAD_BPS = col('spread_bps');
const BID_QTY = col('bid_qty_1');
const ASK_QTY = col('ask_qty_1');
const VOL = col('rv_10s_bps');

/** Book flags that make a row untradeable. */
const BAD_BOOK = FLAG_CROSSED | FLAG_EMPTY_SIDE | FLAG_LOCKED;

/** A mutable MarketView refilled from each row (no allocation per tick). */
export class RowMarket implements MarketView {
  nowMs = NaN;
  valid = false;
  /** Both sides present and the row's numbers finite (crossed or not). */
  bookValid = false;
  crossed = false;
  bestBidTicks = 0;
  bestAskTicks = 0;
  bidQtyLots = 0;
  askQtyLots = 0;
  mid = NaN;
  microprice = NaN;
  spreadBps = NaN;
  volBps = NaN;
  /** Exchange time of the row (the last book update), ms. */
  bookTsMs = NaN;

  constructor(readonly tickUsd: number, private readonly lotBtc: number) {}

  /**
   * Reads row `i` of `rows` (stride `stride`); `nowMs` is the engine clock (the
   * venue's exchange time, which trade records may have moved past the row).
   */
  read(rows: Float64Array, base: number, nowMs: number): this {
    const flags = rows[base + ROW_FLAGS];
    const mid = rows[base + MID];
    const spread = rows[base + SPREAD];
    this.nowMs = nowMs;
    this.bookTsMs = rows[base + ROW_TS_MS];
    this.crossed = (flags & FLAG_CROSSED) !== 0;
    this.mid = mid;
    this.microprice = rows[base + MICRO];
    this.spreadBps = rows[base + SPREAD_BPS];
    this.volBps = rows[base + VOL];
    // mid ± spread/2 are whole ticks up to float rounding of the USD values.
    this.bestBidTicks = Math.round((mid - spread / 2) / this.tickUsd);
    this.bestAskTicks = Math.round((mid + spread / 2) / this.tickUsd);
    this.bidQtyLots = Math.round(rows[base + BID_QTY] / this.lotBtc);
    this.askQtyLots = Math.round(rows[base + ASK_QTY] / this.lotBtc);
    this.bookValid = (flags & FLAG_EMPTY_SIDE) === 0 && Number.isFinite(mid) && Number.isFinite(spread);
    this.valid = this.bookValid && (flags & BAD_BOOK) === 0 && spread > 0;
    return this;
  }

  /** Marks the view untradeable (stale feed, invalid book between rows). */
  invalidate(nowMs: number): void {
    this.nowMs = nowMs;
    this.valid = false;
    this.bookValid = false;
  }
}
