/**
 * Live Bybit v5 public market data over one WebSocket: subscribes orderbook.{depth}
 * and publicTrade for one symbol, hands every data frame on exactly as received
 * with its local receive time, and keeps the connection honest:
 *   - ping every pingEveryMs; no pong within pongTimeoutMs → reconnect;
 *   - any close or error → reconnect after an exponential backoff with jitter
 *     (reset once a connection delivered a snapshot and stayed up stableAfterMs),
 *     subscribing again on every connect;
 *   - a delta whose u is not the previous u + 1 is a gap: the orderbook topic is
 *     unsubscribed and subscribed again on the same socket (cheaper than a
 *     reconnect, the trade stream is untouched); Bybit answers with a snapshot.
 *     The book is invalid until then. Frames in between are still delivered: the
 *     book kernels skip deltas after a gap themselves, and the recorder keeps all.
 *     No snapshot within snapshotTimeoutMs → reconnect;
 *   - no orderbook frame for staleAfterMs → `stale` (then `fresh` on the next),
 *     and for staleAfterMs·staleReconnectFactor → reconnect.
 * Malformed messages are counted and skipped. Socket handlers never throw; errors
 * thrown by onFrame / onEvent are swallowed and counted.
 */
import WebSocket from 'ws';
import { Backoff } from './backoff.js';
import { FeedHealth } from './feed-health.js';
import { BookSequence, SEQ_GAP, SEQ_SNAPSHOT } from './book-sequence.js';
import { bybitRequest, bybitTopics, classifyBybit, type BybitMessage, type BybitTopics } from './bybit-frames.js';
import { closeQuietly, openSocket, payloadBytes, sendIfOpen, terminateQuietly } from './socket-util.js';
import {
  emptyLiveCounters, resolveBybitOptions, type LiveCounters, type BybitLiveInit, type BybitLiveOptions, type EventHandler, type FrameHandler,
  type LiveEvent, type LiveStats,
} from './types.js';

/** Options plus the two callbacks. */
export type BybitLiveClientInit = BybitLiveInit & { onFrame: FrameHandler; onEvent?: EventHandler };

const noop = (): void => {};
const STOP_CLOSE_MS = 1_000;

export class BybitLiveClient {
  readonly options: BybitLiveOptions;
  readonly topics: BybitTopics;
  private readonly onFrame: FrameHandler;
  private readonly onEvent: EventHandler;
  private readonly backoff: Backoff;
  private readonly seq = new BookSequence();
  private readonly c: LiveCounters = emptyLiveCounters();
  private ws: WebSocket | null = null;
  private running = false;
  private connected = false;
  /** When the book was last resubscribed for a fresh snapshot (clock ms; -Infinity = never). */
  lastResyncAtMs = -Infinity;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private pingTimer: NodeJS.Timeout | undefined;
  private watchdog: NodeJS.Timeout | undefined;
  private reqSeq = 0;
  private subscribedBefore = false;
  /** req_id → topics of subscribe requests awaiting their ack. */
  private readonly pending = new Map<string, string[]>();
  private readonly health: FeedHealth;
  /** options.clock ms when the current connection opened. */
  private connectedAtMs = -1;
  private gotSnapshot = false;

  constructor(init: BybitLiveClientInit) {
    const { onFrame, onEvent, ...opts } = init;
    this.options = resolveBybitOptions(opts);
    this.onFrame = onFrame;
    this.onEvent = onEvent ?? noop;
    this.topics = bybitTopics(this.options.symbol, this.options.depth);
    this.backoff = new Backoff(this.options.backoff, this.options.rng);
    this.health = new FeedHealth(this.options);
  }

  /** Connects (and keeps reconnecting) until stop(). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.health.started(this.options.clock());
    this.watchdog = setInterval(() => this.guard(() => this.check()), this.options.checkEveryMs).unref();
    this.connect();
  }

  /** Closes the socket cleanly and clears every timer; resolves once closed. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.reconnectTimer);
    clearInterval(this.watchdog);
    clearInterval(this.pingTimer);
    this.reconnectTimer = this.watchdog = this.pingTimer = undefined;
    const ws = this.ws;
    if (!ws) return;
    this.ws = null;
    this.connected = false;
    await closeQuietly(ws, STOP_CLOSE_MS);
    this.emit({ type: 'disconnected', reason: 'stopped' });
  }

  /** Counters and state, copied. */
  stats(): LiveStats {
    const last = this.health.lastBookMs;
    const ageMs = last < 0 ? -1 : this.options.clock() - last;
    return { ...this.c, lastFrameAgeMs: ageMs, connected: this.connected, bookValid: this.seq.valid };
  }

  private connect(): void {
    this.reconnectTimer = undefined;
    if (!this.running) return;
    const ws = openSocket(this.options.url, this.options.connectTimeoutMs, (f) => this.guard(f), {
      opened: (s) => this.opened(s), received: (s, data) => this.received(s, data), dropped: (s, why) => this.drop(s, why),
    });
    if (typeof ws === 'string') {
      this.scheduleReconnect(`connect failed: ${ws}`);
      return;
    }
    this.ws = ws;
  }

  private opened(ws: WebSocket): void {
    if (ws !== this.ws) return;
    const now = this.options.clock();
    this.connected = true;
    this.connectedAtMs = now;
    this.health.connected(now);
    this.gotSnapshot = false;
    this.seq.reset();
    this.pending.clear();
    this.pingTimer = setInterval(() => this.guard(() => this.ping()), this.options.pingEveryMs).unref();
    this.emit({ type: 'connected', url: this.options.url }); // may call stop(): send() then does nothing
    this.subscribe(this.options.trades ? [this.topics.book, this.topics.trade] : [this.topics.book]);
  }

  private received(ws: WebSocket, data: WebSocket.RawData): void {
    if (ws !== this.ws) return;
    const recvTsNs = this.options.clockNs();
    const buf = payloadBytes(data);
    this.c.messages++;
    this.c.bytes += buf.length;
    const m = classifyBybit(buf.toString('utf8'), this.topics);
    switch (m.kind) {
      case 'book': this.book(m, buf, recvTsNs); break;
      case 'trade': this.c.tradeFrames++; this.deliver(buf, recvTsNs); break;
      case 'pong': this.c.pongs++; this.health.pong(); break;
      case 'ack': this.ack(m); break;
      case 'malformed': this.c.malformed++; this.emit({ type: 'malformed', detail: m.detail }); break;
    }
  }

  private book(m: BybitMessage & { kind: 'book' }, buf: Buffer, recvTsNs: bigint): void {
    const now = this.options.clock();
    this.c.bookFrames++;
    const staleForMs = this.health.bookFrame(now);
    if (staleForMs >= 0) this.emit({ type: 'fresh', staleForMs });
    const expectedU = this.seq.lastU + 1;
    const r = this.seq.admit(m.snapshot, m.u);
    if (r === SEQ_SNAPSHOT) {
      this.gotSnapshot = true;
      this.health.snapshot();
    }
    this.deliver(buf, recvTsNs);
    if (r === SEQ_GAP) {
      this.c.gaps++;
      this.emit({ type: 'gap', expectedU, gotU: m.u });
      this.resync();
    }
  }

  /**
   * Asks for a fresh book snapshot: unsubscribe + subscribe the book topic. The
   * client does it after a `u` gap; the paper runtime also does when it had to
   * drop frames its pipeline could not take.
   */
  resync(): void {
    if (!this.ws || !this.connected) return;
    this.lastResyncAtMs = this.options.clock();
    this.send(bybitRequest('unsubscribe', this.nextReqId(), [this.topics.book]));
    this.subscribe([this.topics.book]);
    this.health.awaitSnapshot(this.options.clock());
  }

  private ack(m: BybitMessage & { kind: 'ack' }): void {
    const topics = this.pending.get(m.reqId);
    if (m.op !== 'subscribe' || !topics) return;
    this.pending.delete(m.reqId);
    this.emit(m.success ? { type: 'subscribed', topics } : { type: 'subscribeFailed', topics, message: m.message });
  }

  private subscribe(topics: string[]): void {
    const reqId = this.nextReqId();
    this.pending.set(reqId, topics);
    if (this.subscribedBefore) this.c.resubscribes++;
    this.subscribedBefore = true;
    this.send(bybitRequest('subscribe', reqId, topics));
  }

  private ping(): void {
    if (!this.send(bybitRequest('ping', this.nextReqId()))) return;
    this.c.pingsSent++;
    this.health.pingSent(this.options.clock());
  }

  /** Watchdog tick: stale transitions and the connection's deadlines. */
  private check(): void {
    const now = this.options.clock();
    const ageMs = this.health.turnsStale(now);
    if (ageMs >= 0) {
      this.c.staleEvents++;
      this.emit({ type: 'stale', ageMs });
    }
    const ws = this.ws;
    if (!ws || !this.connected) return;
    const reason = this.health.dropReason(now);
    if (reason) this.drop(ws, reason);
  }

  /** Ends the socket `ws` (if still current) and schedules the next connect. */
  private drop(ws: WebSocket, reason: string): void {
    if (ws !== this.ws) return;
    this.ws = null;
    terminateQuietly(ws);
    clearInterval(this.pingTimer);
    this.pingTimer = undefined;
    const now = this.options.clock();
    if (this.connected && this.gotSnapshot && now - this.connectedAtMs >= this.options.backoff.stableAfterMs) this.backoff.reset();
    this.connected = false;
    this.seq.reset();
    this.scheduleReconnect(reason);
  }

  private scheduleReconnect(reason: string): void {
    this.emit({ type: 'disconnected', reason });
    if (!this.running) return;
    const delayMs = this.backoff.nextDelayMs();
    this.c.reconnects++;
    this.reconnectTimer = setTimeout(() => this.guard(() => this.connect()), delayMs); // before emit: it may stop()
    this.emit({ type: 'reconnecting', delayMs, attempt: this.backoff.attempt });
  }

  private send(text: string): boolean {
    return sendIfOpen(this.ws, text);
  }

  private nextReqId(): string {
    return String(++this.reqSeq);
  }

  private deliver(buf: Buffer, recvTsNs: bigint): void {
    try { this.onFrame(buf, recvTsNs); } catch { this.c.callbackErrors++; }
  }

  private emit(e: LiveEvent): void {
    try { this.onEvent(e); } catch { this.c.callbackErrors++; }
  }

  /** Socket and timer callbacks run through here so nothing escapes into ws or the event loop. */
  private guard(fn: () => void): void {
    try { fn(); } catch { this.c.callbackErrors++; }
  }
}
