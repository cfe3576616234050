/**
 * Prometheus metrics (prom-client), all named btc_engine_*. Values are read from
 * the running engine when scraped (`collect`), so the hot path never touches the
 * registry: the engine keeps plain counters, the scrape copies them. Counters are
 * monotone because the engine's counters are.
 */
import { Counter, Gauge, Registry } from 'prom-client';

/** What a scrape reads. */
export interface EngineStatus {
  feed: {
    messages: number; bookFrames: number; tradeFrames: number; bytes: number; reconnects: number; gaps: number;
    resubscribes: number; malformed: number; staleEvents: number; connected: boolean; lastFrameAgeMs: number;
  };
  book: { valid: boolean; rows: number; rejectedFrames: number; gaps: number; crossed: number; mid: number; spreadBps: number };
  orders: { submitted: number; refused: Record<string, number>; fills: number; makerFills: number; takerFills: number };
  portfolio: { positionBtc: number; equityUsd: number; realizedPnlUsd: number; unrealizedPnlUsd: number; feesUsd: number; cashUsd: number };
  breakers: { trips: Record<string, number>; active: string[] };
  latency: { p50Us: number; p99Us: number; samples: number };
  hht: { enabled: boolean; ageMs: number };
  /** The venue: a real exchange's connection and server-time offset (NaN / null, or absent, for the paper venue). */
  venue?: { kind: string; connected: boolean | null; serverTimeOffsetMs: number; serverTimeAgeMs: number };
  uptimeS: number;
  /** The frame ring to the market worker (main thread's counters; absent inside the worker). */
  pipeline?: { ringFull: number; dropped: number; backlogBytes: number; ringUsedBytes: number };
}

export class Metrics {
  readonly registry = new Registry();

  constructor(read: () => EngineStatus) {
    const r = [this.registry];
    const counter = (name: string, help: string, value: (s: EngineStatus) => number): void => {
      new Counter({ name: `btc_engine_${name}`, help, registers: r, collect() { this.reset(); this.inc(value(read())); } });
    };
    const gauge = (name: string, help: string, value: (s: EngineStatus) => number): void => {
      new Gauge({ name: `btc_engine_${name}`, help, registers: r, collect() { this.set(value(read())); } });
    };
    counter('feed_messages_total', 'WebSocket data frames received', (s) => s.feed.messages);
    counter('feed_book_frames_total', 'order-book frames received', (s) => s.feed.bookFrames);
    counter('feed_trade_frames_total', 'public-trade frames received', (s) => s.feed.tradeFrames);
    counter('feed_bytes_total', 'bytes of data frames received', (s) => s.feed.bytes);
    counter('feed_reconnects_total', 'reconnections of the market-data socket', (s) => s.feed.reconnects);
    counter('feed_gaps_total', 'update-id gaps seen by the feed (each followed by a fresh snapshot)', (s) => s.feed.gaps);
    counter('feed_resubscribes_total', 'order-book resubscriptions for a fresh snapshot', (s) => s.feed.resubscribes);
    counter('feed_malformed_total', 'frames that were not valid market data', (s) => s.feed.malformed);
    counter('feed_stale_total', 'times the feed went stale', (s) => s.feed.staleEvents);
    gauge('feed_connected', '1 while the market-data socket is up', (s) => Number(s.feed.connected));
    gauge('feed_last_frame_age_seconds', 'time since the last market-data frame', (s) => s.feed.lastFrameAgeMs / 1000);
    counter('book_messages_total', 'book messages applied (one feature row each)', (s) => s.book.rows);
    counter('book_rejected_frames_total', 'frames the parser rejected', (s) => s.book.rejectedFrames);
    counter('book_gaps_total', 'sequence gaps seen by the book', (s) => s.book.gaps);
    counter('book_crossed_total', 'book messages after which the book was crossed or locked', (s) => s.book.crossed);
    gauge('book_valid', '1 while the book is valid, uncrossed and fresh', (s) => Number(s.book.valid));
    gauge('mid_usd', 'mid price', (s) => s.book.mid);
    gauge('spread_bps', 'spread in bps of the mid', (s) => s.book.spreadBps);
    counter('orders_submitted_total', 'orders sent to the venue', (s) => s.orders.submitted);
    counter('fills_total', 'fills received', (s) => s.orders.fills);
    counter('maker_fills_total', 'maker fills received', (s) => s.orders.makerFills);
    counter('taker_fills_total', 'taker fills received', (s) => s.orders.takerFills);
    new Counter({
      name: 'btc_engine_orders_refused_total', help: 'orders refused by risk, by reason', labelNames: ['reason'], registers: r,
      collect() { this.reset(); for (const [reason, n] of Object.entries(read().orders.refused)) this.inc({ reason }, n); },
    });
    new Counter({
      name: 'btc_engine_breaker_trips_total', help: 'risk breaker and kill-switch trips', labelNames: ['breaker'], registers: r,
      collect() { this.reset(); for (const [breaker, n] of Object.entries(read().breakers.trips)) this.inc({ breaker }, n); },
    });
    new Gauge({
      name: 'btc_engine_breaker_active', help: '1 while the breaker is tripped', labelNames: ['breaker'], registers: r,
      collect() {
        const s = read();
        for (const breaker of Object.keys(s.breakers.trips)) this.set({ breaker }, Number(s.breakers.active.includes(breaker)));
      },
    });
    gauge('position_btc', 'signed position', (s) => s.portfolio.positionBtc);
    gauge('equity_usd', 'cash + position × mark', (s) => s.portfolio.equityUsd);
    gauge('realized_pnl_usd', 'realized PnL, gross of fees', (s) => s.portfolio.realizedPnlUsd);
    gauge('unrealized_pnl_usd', 'unrealized PnL at the mark', (s) => s.portfolio.unrealizedPnlUsd);
    gauge('fees_usd_total', 'fees paid', (s) => s.portfolio.feesUsd);
    gauge('tick_to_decision_p50_seconds', 'frame received → decision made, median', (s) => s.latency.p50Us / 1e6);
    gauge('tick_to_decision_p99_seconds', 'frame received → decision made, 99th percentile', (s) => s.latency.p99Us / 1e6);
    gauge('hht_age_seconds', 'age of the newest HHT window (NaN when HHT is off)', (s) => s.hht.ageMs / 1000);
    gauge('venue_connected', '1 while the exchange venue\'s private stream is up (NaN for the paper venue)',
      (s) => (s.venue?.connected == null ? NaN : Number(s.venue.connected)));
    gauge('venue_server_time_offset_seconds', 'exchange clock minus local clock, as last measured (NaN for the paper venue)',
      (s) => (s.venue?.serverTimeOffsetMs ?? NaN) / 1000);
    gauge('venue_server_time_age_seconds', 'time since the server-time offset was measured (NaN for the paper venue)',
      (s) => (s.venue?.serverTimeAgeMs ?? NaN) / 1000);
    gauge('uptime_seconds', 'time since start', (s) => s.uptimeS);
    counter('pipeline_ring_full_total', 'frames that found the ring to the market worker full and waited in the main thread', (s) => s.pipeline?.ringFull ?? 0);
    counter('pipeline_dropped_frames_total', 'frames dropped because the market worker fell too far behind (each drop resyncs the book)', (s) => s.pipeline?.dropped ?? 0);
    gauge('pipeline_backlog_bytes', 'frame bytes waiting in the main thread for room in the ring', (s) => s.pipeline?.backlogBytes ?? 0);
    gauge('pipeline_ring_used_bytes', 'frame bytes in the ring, not yet read by the market worker', (s) => s.pipeline?.ringUsedBytes ?? 0);
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
