/**
 * Where the local exchange's market comes from: the synthetic market or a
 * recording. A source advances in exchange time; trade frames and a replay's
 * recorded depth frames go to the sink as they happen, while the book it exposes
 * feeds the derived depth topics at their cadence.
 */
import { SyntheticMarket, BUY, type MarketSink } from '../feed/synthetic/market.js';
import type { SyntheticParams } from '../feed/synthetic/params.js';
import { parseGrid } from '../feed/decimal.js';
import type { L2View } from './book-view.js';
import type { FrameFormat } from './frames.js';
import { TradeTape } from './trade-tape.js';

export interface SourceSink {
  /** A publicTrade frame, ready to send. */
  trades(frame: string, tsMs: number): void;
  /** Replay: a recorded depth frame (already applied to the source's book). */
  recordedDepth(frame: string, u: number, snapshot: boolean, seq: number, ctsMs: number): void;
}

export interface MarketSource {
  readonly kind: 'synthetic' | 'replay';
  readonly format: FrameFormat;
  readonly book: L2View;
  /** Exchange time the stream starts at, ms. */
  readonly firstTsMs: number;
  /** Time and matching-engine sequence of the last book event (cts and seq of derived frames). */
  readonly lastEventTsMs: number;
  readonly seq: number;
  /** Depth of a replay's recorded orderbook topic (passed through), 0 for synthetic. */
  readonly nativeDepth: number;
  /** Runs the stream up to and including tsMs; false once it has ended. */
  advance(tsMs: number, sink: SourceSink): Promise<boolean>;
  close(): void;
}

export class SyntheticSource implements MarketSource {
  readonly kind = 'synthetic';
  readonly format: FrameFormat;
  readonly market: SyntheticMarket;
  readonly nativeDepth = 0;
  lastEventTsMs: number;
  private readonly tape: TradeTape;
  private out: SourceSink | undefined;
  private readonly sink: MarketSink;

  constructor(params: SyntheticParams, seed: number, readonly firstTsMs: number) {
    this.market = new SyntheticMarket(params, seed, firstTsMs);
    this.format = {
      symbol: params.symbol, tick: parseGrid(params.tick) ?? { units: 1, decimals: 1 },
      lot: parseGrid(params.lot) ?? { units: 1, decimals: 3 }, pxDecimals: (parseGrid(params.tick)?.decimals ?? 1) + 1,
    };
    this.tape = new TradeTape(this.format);
    this.lastEventTsMs = firstTsMs;
    this.sink = {
      level: (ts) => { this.lastEventTsMs = ts; },
      trade: (ts, taker, px, qty, seq) => {
        this.lastEventTsMs = ts;
        const f = this.tape.add(ts, taker === BUY, px, qty, seq);
        if (f) this.out?.trades(f, ts);
      },
    };
  }

  get book(): L2View {
    return this.market;
  }

  get seq(): number {
    return this.market.seq;
  }

  /** The synchronous core of advance (the offline generator uses it directly). */
  advanceSync(tsMs: number, out: SourceSink): void {
    this.out = out;
    this.market.advanceTo(tsMs, this.sink);
    const f = this.tape.flush();
    if (f) out.trades(f, this.lastEventTsMs);
  }

  advance(tsMs: number, out: SourceSink): Promise<boolean> {
    this.advanceSync(tsMs, out);
    return Promise.resolve(true);
  }

  close(): void {}
}
