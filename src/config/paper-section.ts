/**
 * `paper:` and `dashboard:` config sections (issue 8, docs/PAPER.md): where the
 * paper runtime's market data comes from, where its state lives, how often it
 * says how it is doing, and where /health and /metrics are served.
 */
import { z } from 'zod';

export const FEEDS = ['synthetic', 'local', 'bybit', 'replay'] as const;
export type FeedKind = (typeof FEEDS)[number];

export const paperSection = z.strictObject({
  /**
   * synthetic (default, offline): the project's synthetic market served by its own
   * local exchange on loopback; local: a `btc-engine exchange` already running at
   * localUrl; bybit: Bybit mainnet public linear stream (no keys); replay: the
   * local exchange replaying `replayFiles` in real time × replaySpeed.
   */
  feed: z.enum(FEEDS).default('synthetic'),
  localUrl: z.string().url().default('ws://127.0.0.1:8090/v5/public/linear'),
  bybitUrl: z.string().url().default('wss://stream.bybit.com/v5/public/linear'),
  replayFiles: z.array(z.string().min(1)).default([]),
  replaySpeed: z.coerce.number().gt(0).max(1e6).default(1),
  symbol: z.string().min(1).default('BTCUSDT'),
  /** Order-book depth subscribed (Bybit orderbook.N). */
  depth: z.union([z.literal(1), z.literal(50), z.literal(200)]).default(50),
  /** Seed of the synthetic market. */
  seed: z.coerce.number().int().min(0).max(2 ** 31).default(1),
  /** Store whose `state` database holds the run's state (created when missing). */
  stateDir: z.string().min(1).default('.btc-engine/paper'),
  /** Console status line every this many ms (0 = never). */
  statusEveryMs: z.coerce.number().int().min(0).default(5_000),
  /** The market-pipeline worker (docs/PAPER.md "Threads"). */
  pipeline: z.strictObject({
    /**
     * Bytes of the frame ring from the WebSocket client to the worker (rounded up to
     * a power of two). When it is full, frames wait in the main thread, in order,
     * up to maxBacklogBytes; beyond that they are dropped (counted) and the book is
     * resubscribed for a fresh snapshot.
     */
    ringBytes: z.coerce.number().int().min(1 << 16).max(1 << 30).default(8 << 20),
    /** Frame bytes that may wait in the main thread for ring space before they are dropped. */
    maxBacklogBytes: z.coerce.number().int().min(0).max(2 ** 31).default(64 << 20),
    /**
     * Busy-poll the ring this long (µs) after it runs empty before sleeping. Waking a
     * sleeping worker costs tens of µs and its caches go cold between messages; a
     * large value (e.g. 1e9) keeps one core spinning for the lowest tick-to-decision
     * latency. 0 = always sleep (no CPU while idle).
     */
    spinUs: z.coerce.number().min(0).max(1e12).default(0),
    /**
     * While the feed is quiet, run one frame of the synthetic market through a shadow
     * copy of the pipeline every this many µs (0 = off), so the next real message finds
     * the code in the caches (src/runtime/warmer.ts): about 10 % of a core, and the
     * worker's processing of a message at real time drops from ~195 µs to ~80 µs here.
     */
    warmEveryUs: z.coerce.number().min(0).max(1e7).default(1000),
    /** Fault injection for tests: the worker sleeps this long after each batch (a slow consumer). */
    injectDelayMs: z.coerce.number().min(0).max(10_000).default(0),
  }).prefault({}),
}).prefault({});

export const dashboardSection = z.strictObject({
  /** /health, /metrics (and the dashboard, issue 9). 127.0.0.1 unless a token is set. */
  host: z.string().min(1).default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65_535).default(8080),
  /** Required to bind any non-loopback address; checked on every request. */
  token: z.string().min(16).optional(),
  enabled: z.boolean().default(true),
}).prefault({});

export type PaperConfig = z.infer<typeof paperSection>;
export type DashboardConfig = z.infer<typeof dashboardSection>;
