/**
 * Options, lifecycle events and counters of the live market-data clients
 * (src/feed/live/). All durations are milliseconds; receive times are i64 ns.
 */

/** Reconnect delay: min(maxMs, initialMs·factor^(attempt-1)) scaled by 1 ± jitter. */
export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  factor: number;
  /** Fraction of the delay drawn uniformly either side (0.2 → ×[0.8, 1.2)). */
  jitter: number;
  /** A connection that delivered a snapshot and stayed up this long resets the backoff. */
  stableAfterMs: number;
}

export interface BybitLiveOptions {
  url: string;
  symbol: string;
  /** Orderbook topic depth (orderbook.{depth}.{symbol}). */
  depth: 1 | 50 | 200;
  /** Also subscribe publicTrade.{symbol}. */
  trades: boolean;
  pingEveryMs: number;
  /** A ping unanswered for this long forces a reconnect. */
  pongTimeoutMs: number;
  /** No orderbook frame for this long = stale. */
  staleAfterMs: number;
  /** Stale for staleAfterMs·staleReconnectFactor forces a reconnect. */
  staleReconnectFactor: number;
  /** No snapshot this long after (re)subscribing the orderbook forces a reconnect. */
  snapshotTimeoutMs: number;
  /** WebSocket opening handshake limit. */
  connectTimeoutMs: number;
  /** Watchdog period (stale, pong and snapshot deadlines); default min(deadlines)/5. */
  checkEveryMs: number;
  backoff: BackoffOptions;
  /** Uniform [0, 1) source for the backoff jitter (tests pass a fixed one). */
  rng: () => number;
  /** Monotonic-enough clock in ms for ages and deadlines. */
  clock: () => number;
  /** Wall clock in ns for receive times; default Date.now anchored, advanced by hrtime. */
  clockNs: () => bigint;
}

export type BybitLiveInit = Partial<Omit<BybitLiveOptions, 'backoff'>> & { backoff?: Partial<BackoffOptions> };

/** Lifecycle events, in the order they happen. */
export type LiveEvent =
  | { type: 'connected'; url: string }
  | { type: 'subscribed'; topics: string[] }
  | { type: 'subscribeFailed'; topics: string[]; message: string }
  | { type: 'disconnected'; reason: string }
  | { type: 'reconnecting'; delayMs: number; attempt: number }
  | { type: 'gap'; expectedU: number; gotU: number }
  | { type: 'stale'; ageMs: number }
  | { type: 'fresh'; staleForMs: number }
  | { type: 'malformed'; detail: string };

/** Counters since construction (never reset by reconnects). */
export interface LiveStats {
  /** Every message received, data or not. */
  messages: number;
  bookFrames: number;
  tradeFrames: number;
  /** Payload bytes received. */
  bytes: number;
  /** Reconnects scheduled after a close, error or forced drop. */
  reconnects: number;
  gaps: number;
  /** Subscribe requests after the first one (each reconnect, each gap recovery). */
  resubscribes: number;
  malformed: number;
  staleEvents: number;
  pingsSent: number;
  pongs: number;
  /** Exceptions thrown by onFrame / onEvent, swallowed. */
  callbackErrors: number;
  /** ms since the last orderbook frame, -1 before the first. */
  lastFrameAgeMs: number;
  connected: boolean;
  /** A snapshot arrived and no gap since on this connection. */
  bookValid: boolean;
}

/** The plain counters of LiveStats. */
export type LiveCounters = Omit<LiveStats, 'lastFrameAgeMs' | 'connected' | 'bookValid'>;

export function emptyLiveCounters(): LiveCounters {
  return {
    messages: 0, bookFrames: 0, tradeFrames: 0, bytes: 0, reconnects: 0, gaps: 0, resubscribes: 0,
    malformed: 0, staleEvents: 0, pingsSent: 0, pongs: 0, callbackErrors: 0,
  };
}

/** Receives each raw data frame, exactly as received, with its local receive time. */
export type FrameHandler = (line: Buffer | string, recvTsNs: bigint) => void;
export type EventHandler = (e: LiveEvent) => void;

const NS_PER_MS = 1_000_000n;

/** Wall-clock ns: Date.now at the first call, advanced by process.hrtime (sub-ms, monotonic). */
export function wallClockNs(): () => bigint {
  const baseNs = BigInt(Date.now()) * NS_PER_MS;
  const baseHr = process.hrtime.bigint();
  return () => baseNs + (process.hrtime.bigint() - baseHr);
}

/** Fills defaults and checks ranges; throws RangeError naming the field. */
export function resolveBybitOptions(init: BybitLiveInit = {}): BybitLiveOptions {
  const backoff: BackoffOptions = {
    initialMs: 250, maxMs: 30_000, factor: 2, jitter: 0.2, stableAfterMs: 10_000, ...init.backoff,
  };
  const o: Omit<BybitLiveOptions, 'checkEveryMs'> & { checkEveryMs?: number } = {
    url: 'wss://stream.bybit.com/v5/public/linear', symbol: 'BTCUSDT', depth: 50, trades: true,
    pingEveryMs: 20_000, pongTimeoutMs: 10_000, staleAfterMs: 5_000, staleReconnectFactor: 3,
    snapshotTimeoutMs: 10_000, connectTimeoutMs: 10_000,
    rng: Math.random, clock: Date.now, clockNs: wallClockNs(),
    ...init, backoff,
  };
  if (o.depth !== 1 && o.depth !== 50 && o.depth !== 200) throw new RangeError(`depth must be 1, 50 or 200, was ${String(o.depth)}`);
  const positive: Array<[string, number]> = [
    ['pingEveryMs', o.pingEveryMs], ['pongTimeoutMs', o.pongTimeoutMs], ['staleAfterMs', o.staleAfterMs],
    ['staleReconnectFactor', o.staleReconnectFactor], ['snapshotTimeoutMs', o.snapshotTimeoutMs],
    ['connectTimeoutMs', o.connectTimeoutMs], ['backoff.initialMs', backoff.initialMs],
    ['backoff.maxMs', backoff.maxMs], ['backoff.factor', backoff.factor],
  ];
  for (const [name, v] of positive) {
    if (!(Number.isFinite(v) && v > 0)) throw new RangeError(`${name} must be a positive number, was ${String(v)}`);
  }
  if (!(backoff.jitter >= 0 && backoff.jitter < 1)) throw new RangeError(`backoff.jitter must be in [0, 1), was ${backoff.jitter}`);
  if (!(backoff.stableAfterMs >= 0)) throw new RangeError(`backoff.stableAfterMs must be >= 0, was ${backoff.stableAfterMs}`);
  const checkEveryMs = o.checkEveryMs ??
    Math.max(5, Math.min(o.staleAfterMs, o.pongTimeoutMs, o.snapshotTimeoutMs) / 5);
  return { ...o, checkEveryMs };
}
