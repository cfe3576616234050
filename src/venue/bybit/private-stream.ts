/**
 * Bybit's private WebSocket (v5/private): authenticates, subscribes `order`,
 * `execution` and `position`, and hands every topic message on. The connection
 * is kept honest like the public feed client (src/feed/live/bybit-client.ts):
 *   - auth: {op: 'auth', args: [apiKey, expires, HMAC("GET/realtime" + expires)]},
 *     expires = exchange time + authExpiresMs (so a skewed local clock still works);
 *   - ping every pingEveryMs (Bybit recommends 20 s); no pong within pongTimeoutMs,
 *     or not authenticated and subscribed within readyTimeoutMs → reconnect;
 *   - any close or error → reconnect after an exponential backoff with jitter
 *     (reset once a connection is ready), authenticating and subscribing again.
 * `onReady` fires after every successful subscribe — the venue reconciles then,
 * because anything pushed while the socket was down is lost.
 */
import WebSocket from 'ws';
import { Backoff } from '../../feed/live/backoff.js';
import { closeQuietly, openSocket, payloadBytes, sendIfOpen, terminateQuietly } from '../../feed/live/socket-util.js';
import type { BackoffOptions } from '../../feed/live/types.js';
import type { BybitCredentials } from './credentials.js';

export type PrivateStreamEvent =
  | { type: 'connected' }
  | { type: 'ready'; connection: number }
  | { type: 'authFailed'; message: string }
  | { type: 'subscribeFailed'; message: string }
  | { type: 'disconnected'; reason: string }
  | { type: 'reconnecting'; delayMs: number; attempt: number };

export interface PrivateStreamOptions {
  url: string;
  credentials: BybitCredentials;
  /** Exchange time now, ms. */
  nowMs: () => number;
  pingEveryMs: number;
  pongTimeoutMs: number;
  /** Open → authenticated and subscribed within this long, or the connection is dropped (default 10 s). */
  readyTimeoutMs?: number;
  /** Lifetime of the auth signature (default 10 s). */
  authExpiresMs?: number;
  backoff?: Partial<BackoffOptions>;
  rng?: () => number;
  topics?: readonly string[];
  /** One topic message: the topic's base name (order, execution, position) and its data array. */
  onTopic: (topic: string, data: unknown[]) => void;
  /** The connection is authenticated and subscribed (1 = first connection). */
  onReady: (connection: number) => void;
  onEvent?: (e: PrivateStreamEvent) => void;
}

/** Counters since construction. */
export interface PrivateStreamStats {
  connections: number;
  reconnects: number;
  authFailures: number;
  messages: number;
  pingsSent: number;
  pongs: number;
  malformed: number;
  callbackErrors: number;
  connected: boolean;
  ready: boolean;
}

const STOP_CLOSE_MS = 500;

export class BybitPrivateStream {
  private readonly backoff: Backoff;
  private readonly topics: readonly string[];
  private ws: WebSocket | null = null;
  private running = false;
  private isReady = false;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private pingTimer: NodeJS.Timeout | undefined;
  private watchdog: NodeJS.Timeout | undefined;
  private openedAtMs = NaN;
  private pingSentAtMs = NaN;
  private reqSeq = 0;
  private readonly readyWaiters: Array<{ resolve: () => void; reject: (e: Error) => void }> = [];
  private readonly s: Omit<PrivateStreamStats, 'connected' | 'ready'> = {
    connections: 0, reconnects: 0, authFailures: 0, messages: 0, pingsSent: 0, pongs: 0, malformed: 0, callbackErrors: 0,
  };

  constructor(private readonly o: PrivateStreamOptions) {
    this.backoff = new Backoff({ initialMs: 250, maxMs: 30_000, factor: 2, jitter: 0.2, stableAfterMs: 0, ...o.backoff }, o.rng ?? Math.random);
    this.topics = o.topics ?? ['order', 'execution', 'position'];
  }

  /** Connects (and keeps reconnecting) until stop(). */
  start(): void {
    if (this.running) return;
    this.running = true;
    const every = Math.max(20, Math.min(this.o.pingEveryMs, this.o.pongTimeoutMs, this.o.readyTimeoutMs ?? 10_000) / 4);
    this.watchdog = setInterval(() => this.guard(() => this.check()), every).unref();
    this.connect();
  }

  /** Resolves at the next `ready`; rejects on an auth refusal or after `timeoutMs`. */
  waitReady(timeoutMs: number): Promise<void> {
    if (this.isReady) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no authenticated private WebSocket within ${timeoutMs} ms`)), timeoutMs);
      this.readyWaiters.push({ resolve: () => { clearTimeout(t); resolve(); }, reject: (e) => { clearTimeout(t); reject(e); } });
    });
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.reconnectTimer);
    clearInterval(this.watchdog);
    clearInterval(this.pingTimer);
    const ws = this.ws;
    this.ws = null;
    this.isReady = false;
    if (ws) await closeQuietly(ws, STOP_CLOSE_MS);
  }

  /** Drops the current connection now (it reconnects after the backoff); tests and operators. */
  dropConnection(reason = 'dropped'): void {
    if (this.ws) this.drop(this.ws, reason);
  }

  stats(): PrivateStreamStats {
    return { ...this.s, connected: this.ws?.readyState === WebSocket.OPEN, ready: this.isReady };
  }

  private connect(): void {
    this.reconnectTimer = undefined;
    if (!this.running) return;
    const ws = openSocket(this.o.url, this.o.readyTimeoutMs ?? 10_000, (f) => this.guard(f), {
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
    this.s.connections++;
    this.openedAtMs = Date.now();
    this.pingSentAtMs = NaN;
    this.emit({ type: 'connected' });
    const expires = Math.round(this.o.nowMs()) + (this.o.authExpiresMs ?? 10_000);
    sendIfOpen(ws, this.o.credentials.wsAuthRequest(expires, this.nextReqId()));
    this.pingTimer = setInterval(() => this.guard(() => this.ping()), this.o.pingEveryMs).unref();
  }

  private received(ws: WebSocket, data: WebSocket.RawData): void {
    if (ws !== this.ws) return;
    this.s.messages++;
    let m: Record<string, unknown>;
    try {
      m = JSON.parse(payloadBytes(data).toString('utf8')) as Record<string, unknown>;
    } catch {
      this.s.malformed++;
      return;
    }
    if (typeof m.topic === 'string' && Array.isArray(m.data)) {
      const topic = m.topic.split('.')[0];
      try { this.o.onTopic(topic, m.data); } catch { this.s.callbackErrors++; }
      return;
    }
    const op = m.op;
    if (op === 'pong' || m.ret_msg === 'pong') { this.s.pongs++; this.pingSentAtMs = NaN; return; }
    if (op === 'auth') {
      if (m.success === true || m.retCode === 0) {
        sendIfOpen(ws, JSON.stringify({ req_id: this.nextReqId(), op: 'subscribe', args: this.topics }));
      } else {
        this.s.authFailures++;
        const message = String(m.ret_msg ?? m.retMsg ?? 'auth refused');
        this.emit({ type: 'authFailed', message });
        for (const w of this.readyWaiters.splice(0)) w.reject(new Error(`private WebSocket auth refused: ${message}`));
        this.drop(ws, `auth refused: ${message}`);
      }
      return;
    }
    if (op === 'subscribe') {
      if (m.success === true || m.retCode === 0) this.becomeReady();
      else {
        const message = String(m.ret_msg ?? m.retMsg ?? 'subscribe refused');
        this.emit({ type: 'subscribeFailed', message });
        this.drop(ws, `subscribe refused: ${message}`);
      }
      return;
    }
    this.s.malformed++;
  }

  private becomeReady(): void {
    this.isReady = true;
    this.backoff.reset();
    const connection = this.s.connections;
    this.emit({ type: 'ready', connection });
    try { this.o.onReady(connection); } catch { this.s.callbackErrors++; }
    for (const w of this.readyWaiters.splice(0)) w.resolve();
  }

  private ping(): void {
    if (!sendIfOpen(this.ws, JSON.stringify({ req_id: this.nextReqId(), op: 'ping' }))) return;
    this.s.pingsSent++;
    if (Number.isNaN(this.pingSentAtMs)) this.pingSentAtMs = Date.now();
  }

  private check(): void {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return;
    const now = Date.now();
    if (!this.isReady && now - this.openedAtMs > (this.o.readyTimeoutMs ?? 10_000)) this.drop(ws, 'not authenticated and subscribed in time');
    else if (now - this.pingSentAtMs > this.o.pongTimeoutMs) this.drop(ws, `no pong for ${this.o.pongTimeoutMs} ms`);
  }

  private drop(ws: WebSocket, reason: string): void {
    if (ws !== this.ws) return;
    this.ws = null;
    this.isReady = false;
    terminateQuietly(ws);
    clearInterval(this.pingTimer);
    this.pingTimer = undefined;
    this.scheduleReconnect(reason);
  }

  private scheduleReconnect(reason: string): void {
    this.emit({ type: 'disconnected', reason });
    if (!this.running) return;
    const delayMs = this.backoff.nextDelayMs();
    this.s.reconnects++;
    this.reconnectTimer = setTimeout(() => this.guard(() => this.connect()), delayMs);
    this.emit({ type: 'reconnecting', delayMs, attempt: this.backoff.attempt });
  }

  private nextReqId(): string {
    return `bv${++this.reqSeq}`;
  }

  private emit(e: PrivateStreamEvent): void {
    try { this.o.onEvent?.(e); } catch { this.s.callbackErrors++; }
  }

  private guard(fn: () => void): void {
    try { fn(); } catch { this.s.callbackErrors++; }
  }
}
