/**
 * The live client's deadlines, kept apart from the socket: stale feed, missing
 * pong, missing snapshot. Pure bookkeeping; every call passes the time in ms.
 *   stale:    no orderbook frame for staleAfterMs since the last one (or start);
 *             counted once per stale spell, ended by the next orderbook frame.
 *   drop:     on the current connection, a ping unanswered for pongTimeoutMs,
 *             no snapshot for snapshotTimeoutMs after (re)subscribing, or no
 *             orderbook frame for staleAfterMs·staleReconnectFactor.
 */
import type { BybitLiveOptions } from './types.js';

type HealthOptions = Pick<BybitLiveOptions, 'staleAfterMs' | 'staleReconnectFactor' | 'pongTimeoutMs' | 'snapshotTimeoutMs'>;

export class FeedHealth {
  // All in ms; -1 = not set.
  lastBookMs = -1;
  private startedAtMs = -1;
  private connectedAtMs = -1;
  private staleSinceMs = -1;
  private pingSinceMs = -1;
  private awaitingSnapshotSinceMs = -1;

  constructor(private readonly o: HealthOptions) {}

  started(nowMs: number): void {
    this.startedAtMs = nowMs;
  }

  /** A new connection is open; its snapshot is awaited from now. */
  connected(nowMs: number): void {
    this.connectedAtMs = this.awaitingSnapshotSinceMs = nowMs;
    this.pingSinceMs = -1;
  }

  /** An orderbook frame arrived; returns how long the feed had been stale, or -1. */
  bookFrame(nowMs: number): number {
    this.lastBookMs = nowMs;
    if (this.staleSinceMs < 0) return -1;
    const staleForMs = nowMs - this.staleSinceMs;
    this.staleSinceMs = -1;
    return staleForMs;
  }

  snapshot(): void {
    this.awaitingSnapshotSinceMs = -1;
  }

  awaitSnapshot(nowMs: number): void {
    this.awaitingSnapshotSinceMs = nowMs;
  }

  /** The oldest unanswered ping sets the deadline. */
  pingSent(nowMs: number): void {
    if (this.pingSinceMs < 0) this.pingSinceMs = nowMs;
  }

  pong(): void {
    this.pingSinceMs = -1;
  }

  /** Age in ms of the orderbook when the feed turns stale at this check, else -1. */
  turnsStale(nowMs: number): number {
    const ageMs = nowMs - Math.max(this.lastBookMs, this.startedAtMs);
    if (ageMs <= this.o.staleAfterMs || this.staleSinceMs >= 0) return -1;
    this.staleSinceMs = nowMs;
    return ageMs;
  }

  /** Why the current connection must be dropped now, or '' if it is healthy. */
  dropReason(nowMs: number): string {
    const o = this.o;
    if (this.pingSinceMs >= 0 && nowMs - this.pingSinceMs > o.pongTimeoutMs) {
      return `no pong for ${nowMs - this.pingSinceMs} ms`;
    }
    if (this.awaitingSnapshotSinceMs >= 0 && nowMs - this.awaitingSnapshotSinceMs > o.snapshotTimeoutMs) {
      return `no orderbook snapshot for ${nowMs - this.awaitingSnapshotSinceMs} ms`;
    }
    const quietMs = nowMs - Math.max(this.lastBookMs, this.connectedAtMs);
    if (quietMs > o.staleAfterMs * o.staleReconnectFactor) return `stale: no orderbook frame for ${quietMs} ms`;
    return '';
  }
}
