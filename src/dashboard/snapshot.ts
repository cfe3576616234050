/**
 * The dashboard's snapshot builder: reads the running engine once per sample
 * (≤ 10 Hz, driven by the hub's timer), keeps bounded history rings, and turns
 * each sample into one JSON frame shared by every client. A new client first
 * gets `history()` (the rings plus the latest frame), then frames.
 *
 * One history row per sample in which the engine ticked (an idle engine adds
 * none), at the exchange time of the last row, in seconds (uPlot's time scale):
 *
 *   ts mid bid ask ownBid ownAsk fillBuy fillSell positionBtc equityUsd pnlUsd
 *   signalBps msgsPerSec  pred:<h>…  feat:<name>…  imf:<k>…
 *
 * (msgsPerSec: book messages ticked per second of wall time, the engine's throughput.)
 *
 * Realised return of horizon h for the row at t: ln(mid(t′) / mid(t)) in bps,
 * t′ the first sampled row at or after t + h; it "matures" in the frame that
 * brings t′ and goes out with that frame next to the prediction made at t. The
 * resolution is the sample spacing in exchange time (100 ms in real time; coarser
 * in a fast replay).
 */
import { ROW_FEATURES, ROW_TS_MS } from '../layout/feature-row.js';
import { parseHorizon } from '../model/horizons.js';
import { LATENCY_OCTAVES } from '../runtime/latency-histogram.js';
import { PaperVenue } from '../venue/paper/index.js';
import type { DashboardSources } from './sources.js';
import { roundTo, SeriesRing } from './series-ring.js';

/** Features drawn over time (all in [-1, 1]). */
export const CHART_FEATURES = ['imb_1', 'imb_5bps', 'book_pressure_25bps', 'trade_imb_1s'] as const;
/** Features shown as numbers. */
export const TABLE_FEATURES = [
  ...CHART_FEATURES, 'ofi_1_1s_norm', 'iofi_10_1s', 'spread_bps', 'rv_10s_bps', 'ret_1s_bps', 'upd_rate_1s', 'vpin_50',
] as const;
/** Per-IMF HHT columns shown as numbers. */
const HHT_TABLE = ['amp_bps', 'freq_hz', 'period_s', 'energy_share', 'value_bps'] as const;
/** Book levels per side in a frame. */
export const DEPTH_LEVELS = 25;
/** Fills kept for a new client's history. */
const FILLS_KEPT = 200;
/** Latency octaves sent: 2^9 ns (0.5 µs) … 2^31 ns (2.1 s); outside ones are folded into the ends. */
const LAT_FIRST = 9, LAT_LAST = 31;

export interface SnapshotOptions {
  /** History rows kept (default 6000: 10 min at 10 Hz). */
  capacity?: number;
}

/** Hub numbers a frame reports (src/dashboard/hub.ts). */
export interface ServerStats {
  clients: number;
  framesSkipped: number;
  clientsDropped: number;
  /** Largest send buffer of any client at this sample, bytes. */
  maxBufferedBytes: number;
  boundBytes: number;
}

interface FillJson { ts: number; side: string; px: number | null; qty: number | null; maker: boolean }

export class SnapshotBuilder {
  readonly columns: string[];
  /** Frames built so far (the latest frame's seq). */
  seq = 0;
  private readonly ring: SeriesRing;
  private readonly matured: SeriesRing[];
  private readonly pending: number[];
  private readonly horizonMs: number[];
  private readonly px: (x: number) => number | null;
  private readonly featureCols: number[];
  private readonly tableCols: Array<[string, number]>;
  private readonly hhtCols: Array<{ value: number; table: number[] }>;
  private readonly hhtGlobals: Array<[string, number]>;
  private readonly fills: FillJson[] = [];
  private readonly octaves = new Float64Array(LATENCY_OCTAVES);
  private readonly row: number[];
  private readonly predCol0: number;
  private fillCount: number;
  private lastTicks = -1;
  private lastMessages = NaN;
  private lastWallMs = NaN;
  /** Book messages ticked per second of wall time, and feed frames received per second. */
  private msgsPerSec = NaN;
  private framesPerSec = NaN;
  private lastRateTicks = 0;
  private latestText = '';
  private historyText = '';
  private historySeq = -1;

  constructor(private readonly src: DashboardSources, o: SnapshotOptions = {}) {
    const capacity = o.capacity ?? 6000;
    this.horizonMs = src.horizons.map(parseHorizon);
    const col = (name: string): number => {
      const i = src.featureNames.indexOf(name);
      return i < 0 ? -1 : ROW_FEATURES + i;
    };
    this.featureCols = CHART_FEATURES.map(col);
    this.tableCols = TABLE_FEATURES.map((n) => [n, col(n)] as [string, number]).filter(([, c]) => c >= 0);
    this.hhtCols = Array.from({ length: src.hhtImfs }, (_, i) => ({
      value: col(`hht_imf${i + 1}_value_bps`), table: HHT_TABLE.map((q) => col(`hht_imf${i + 1}_${q}`)),
    }));
    this.hhtGlobals = src.hhtImfs > 0
      ? (['hht_imf_count', 'hht_residue_slope_bps_s', 'hht_age_ms'] as const).map((n) => [n, col(n)] as [string, number])
      : [];
    this.columns = [
      'ts', 'mid', 'bid', 'ask', 'ownBid', 'ownAsk', 'fillBuy', 'fillSell', 'positionBtc', 'equityUsd', 'pnlUsd', 'signalBps', 'msgsPerSec',
      ...src.horizons.map((h) => `pred:${h}`), ...CHART_FEATURES.map((f) => `feat:${f}`), ...this.hhtCols.map((_, i) => `imf:${i + 1}`),
    ];
    this.row = new Array<number>(this.columns.length).fill(NaN);
    this.predCol0 = this.columns.indexOf('msgsPerSec') + 1;
    this.ring = new SeriesRing(capacity, this.columns.length);
    this.matured = this.horizonMs.map(() => new SeriesRing(capacity, 3));
    this.pending = this.horizonMs.map(() => 0);
    const digits = Math.max(0, Math.ceil(-Math.log10(src.loop.market.tickUsd))) + 1;
    this.px = roundTo(digits);
    this.fillCount = src.loop.parts.portfolio.fills.length;
  }

  /** The latest frame as JSON ('' before the first sample). */
  get frameText(): string {
    return this.latestText;
  }

  /**
   * Reads the engine and builds the next frame (once per hub tick, shared by
   * every client); `wallMs` is the wall clock, for msgs/s.
   */
  sample(wallMs: number, server: ServerStats): string {
    const { loop } = this.src;
    const { portfolio, risk } = loop.parts;
    const m = loop.market;
    this.seq++;
    const feed = this.src.feed();
    if (Number.isFinite(this.lastWallMs) && wallMs > this.lastWallMs) {
      const dtS = (wallMs - this.lastWallMs) / 1000;
      this.framesPerSec = (feed.messages - this.lastMessages) / dtS;
      this.msgsPerSec = (loop.ticks - this.lastRateTicks) / dtS;
    }
    this.lastMessages = feed.messages;
    this.lastRateTicks = loop.ticks;
    this.lastWallMs = wallMs;

    const newFills = this.takeFills();
    const orders = loop.gate.openOrders().filter((o) => o.tif !== 'market').map((o) => ({
      id: o.clientId, side: o.side, px: this.px(o.pxTicks * m.tickUsd), lots: o.leavesLots,
    }));
    const bid = m.bestBidTicks > 0 ? m.bestBidTicks * m.tickUsd : NaN;
    const ask = m.bestAskTicks > 0 ? m.bestAskTicks * m.tickUsd : NaN;
    const pnl = portfolio.realizedPnlUsd + portfolio.unrealizedPnlUsd - portfolio.feesUsd;
    const preds = loop.lastPredictions;
    const lastRow = this.lastRow();

    let point: Array<number | null> | null = null;
    const matured: Record<string, Array<Array<number | null>>> = {};
    if (loop.ticks !== this.lastTicks && Number.isFinite(m.bookTsMs)) {
      this.lastTicks = loop.ticks;
      const r = this.row;
      let c = 0;
      r[c++] = m.bookTsMs / 1000;
      r[c++] = m.mid; r[c++] = bid; r[c++] = ask;
      r[c++] = best(orders, 'buy'); r[c++] = best(orders, 'sell');
      r[c++] = avgPx(newFills, 'buy'); r[c++] = avgPx(newFills, 'sell');
      r[c++] = portfolio.positionBtc; r[c++] = portfolio.equityUsd; r[c++] = pnl;
      r[c++] = loop.parts.decision.lastSignalBps; r[c++] = this.msgsPerSec;
      for (let h = 0; h < this.horizonMs.length; h++) r[c++] = preds[h] ?? NaN;
      for (const fc of this.featureCols) r[c++] = lastRow && fc >= 0 ? lastRow.rows[lastRow.base + fc]! : NaN;
      for (const hc of this.hhtCols) r[c++] = lastRow && hc.value >= 0 ? lastRow.rows[lastRow.base + hc.value]! : NaN;
      const abs = this.ring.push(r);
      point = this.ring.row(abs, this.round);
      for (let h = 0; h < this.horizonMs.length; h++) matured[this.src.horizons[h]!] = this.mature(h, abs);
    }

    const frame = {
      type: 'frame', seq: this.seq, wallMs, mode: this.src.mode, state: this.src.ended() ? 'ended' : 'running',
      ticks: loop.ticks, tsMs: m.bookTsMs, mid: m.mid, bid, ask, spreadBps: m.spreadBps, valid: m.valid,
      point, matured, fills: newFills, orders,
      depth: this.depth(),
      portfolio: {
        positionBtc: portfolio.positionBtc, avgEntryUsd: portfolio.avgEntryUsd, equityUsd: portfolio.equityUsd, cashUsd: portfolio.cashUsd,
        realizedPnlUsd: portfolio.realizedPnlUsd, unrealizedPnlUsd: portfolio.unrealizedPnlUsd, feesUsd: portfolio.feesUsd, pnlUsd: pnl,
        drawdownUsd: portfolio.drawdownUsd, fills: portfolio.fills.length,
      },
      predictions: { horizons: this.src.horizons, values: [...preds], signalBps: loop.parts.decision.lastSignalBps, targetLots: loop.parts.decision.target },
      features: this.tableCols.map(([name, fc]) => ({ name, value: lastRow ? lastRow.rows[lastRow.base + fc]! : NaN })),
      hht: this.hht(lastRow),
      breakers: { active: risk.activeBreakers(), trips: risk.trips(), halted: risk.halted },
      latency: this.latency(),
      feed: { ...feed, framesPerSec: this.framesPerSec, bookMsgsPerSec: this.msgsPerSec },
      server: { ...server, rssBytes: process.memoryUsage.rss(), heapUsedBytes: process.memoryUsage().heapUsed },
    };
    this.latestText = JSON.stringify(frame);
    return this.latestText;
  }

  /** The history message for a new client (built at most once per frame). */
  history(): string {
    if (this.historySeq === this.seq) return this.historyText;
    const matured: Record<string, Array<Array<number | null>>> = {};
    this.matured.forEach((r, h) => { matured[this.src.horizons[h]!] = [r.column(0), r.column(1, this.r3), r.column(2, this.r3)]; });
    const latest = this.latestText || 'null';
    const head = JSON.stringify({
      type: 'history', columns: this.columns, capacity: this.ring.capacity,
      points: this.columns.map((_, c) => this.ring.column(c, c === 0 ? undefined : this.round)), matured, fills: this.fills,
    });
    // The latest frame is spliced in as text: it was serialised once already.
    this.historyText = `${head.slice(0, -1)},"frame":${latest}}`;
    this.historySeq = this.seq;
    return this.historyText;
  }

  private readonly r3 = roundTo(3);
  private readonly r6 = roundTo(6);
  /** History values: 6 decimals (prices, BTC, USD and bps alike), NaN → null. */
  private readonly round = (x: number): number | null => this.r6(x);

  /** Fills booked since the last sample (and into the bounded history list). */
  private takeFills(): FillJson[] {
    const all = this.src.loop.parts.portfolio.fills;
    const out: FillJson[] = [];
    for (let i = this.fillCount; i < all.length; i++) {
      const f = all[i]!;
      out.push({ ts: f.ts, side: f.side, px: this.px(f.px), qty: this.r6(f.qty), maker: f.maker });
    }
    this.fillCount = all.length;
    this.fills.push(...out.slice(-FILLS_KEPT));
    if (this.fills.length > FILLS_KEPT) this.fills.splice(0, this.fills.length - FILLS_KEPT);
    return out;
  }

  /** Pairs (ts, prediction, realised) of horizon h that the row `abs` matured. */
  private mature(h: number, abs: number): Array<Array<number | null>> {
    const out: Array<Array<number | null>> = [];
    const hMs = this.horizonMs[h]!;
    const ring = this.ring;
    const tsNow = ring.get(abs, 0) * 1000;
    const midNow = ring.get(abs, 1);
    let p = Math.max(this.pending[h]!, ring.first);
    const predCol = this.predCol0 + h;
    for (; p < abs && ring.get(p, 0) * 1000 + hMs <= tsNow; p++) {
      const mid0 = ring.get(p, 1);
      const realised = mid0 > 0 && midNow > 0 ? Math.log(midNow / mid0) * 1e4 : NaN;
      const pair = [ring.get(p, 0), ring.get(p, predCol), realised];
      this.matured[h]!.push(pair);
      out.push([pair[0]!, this.r3(pair[1]!), this.r3(pair[2]!)]);
    }
    this.pending[h] = p;
    return out;
  }

  /** The last row the loop ticked, if its buffer still holds it. */
  private lastRow(): { rows: Float64Array; base: number } | undefined {
    const { loop } = this.src;
    const rows = loop.lastRows;
    if (!rows) return undefined;
    const base = loop.lastRowBase;
    // The caller may have refilled its row buffer since; the row's ts must still match.
    return rows[base + ROW_TS_MS] === loop.market.bookTsMs ? { rows, base } : undefined;
  }

  /** Top DEPTH_LEVELS levels per side of the paper venue's book, [px USD, qty BTC]. */
  private depth(): { bids: Array<Array<number | null>>; asks: Array<Array<number | null>> } | null {
    const venue = this.src.loop.parts.venue;
    if (!(venue instanceof PaperVenue)) return null;
    const { tickUsd, lotBtc } = this.src.loop.parts;
    const side = (v: typeof venue.book.bids): Array<Array<number | null>> => {
      const out: Array<Array<number | null>> = [];
      for (let px = v.best(); px !== 0 && out.length < DEPTH_LEVELS; px = v.next(px)) out.push([this.px(px * tickUsd), this.r6(v.qty(px) * lotBtc)]);
      return out;
    };
    return { bids: side(venue.book.bids), asks: side(venue.book.asks) };
  }

  private hht(lastRow: { rows: Float64Array; base: number } | undefined): unknown {
    if (this.src.hhtImfs === 0) return null;
    const v = (c: number): number => (lastRow && c >= 0 ? lastRow.rows[lastRow.base + c]! : NaN);
    return {
      quantities: HHT_TABLE,
      imfs: this.hhtCols.map((hc) => hc.table.map((c) => this.r6(v(c)))),
      globals: Object.fromEntries(this.hhtGlobals.map(([n, c]) => [n, this.r6(v(c))])),
    };
  }

  private latency(): unknown {
    const lat = this.src.latency;
    if (!lat) return null;
    lat.octaveCounts(this.octaves);
    const counts: number[] = [];
    const upperUs: number[] = [];
    for (let o = LAT_FIRST; o <= LAT_LAST; o++) {
      let n = this.octaves[o]!;
      if (o === LAT_FIRST) for (let k = 0; k < LAT_FIRST; k++) n += this.octaves[k]!;
      if (o === LAT_LAST) for (let k = LAT_LAST + 1; k < LATENCY_OCTAVES; k++) n += this.octaves[k]!;
      counts.push(n);
      upperUs.push(2 ** (o + 1) / 1000);
    }
    return { upperUs, counts, p50Us: lat.quantileNs(0.5) / 1000, p99Us: lat.quantileNs(0.99) / 1000, samples: lat.count };
  }
}

function best(orders: Array<{ side: string; px: number | null }>, side: 'buy' | 'sell'): number {
  let b = NaN;
  for (const o of orders) {
    if (o.side !== side || o.px === null) continue;
    if (Number.isNaN(b) || (side === 'buy' ? o.px > b : o.px < b)) b = o.px;
  }
  return b;
}

function avgPx(fills: FillJson[], side: 'buy' | 'sell'): number {
  let q = 0, pq = 0;
  for (const f of fills) if (f.side === side && f.px !== null && f.qty !== null) { q += f.qty; pq += f.px * f.qty; }
  return q > 0 ? pq / q : NaN;
}
