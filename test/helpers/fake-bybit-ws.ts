/**
 * A local stand-in for Bybit's public WebSocket (ws server on 127.0.0.1, port 0):
 * records every request, acks subscribes, answers pings, and by default sends an
 * orderbook snapshot (u = 1000·connection number) after each subscribe that
 * includes the orderbook topic. Tests push further frames with send().
 */
import { WebSocketServer, WebSocket } from 'ws';
import { bybitDepth } from './frames.js';
import { BybitLiveClient, type BybitLiveClientInit } from '../../src/feed/live/bybit-client.js';
import type { LiveEvent } from '../../src/feed/live/types.js';

export interface FakeRequest {
  /** 1-based connection number. */
  conn: number;
  op: string;
  args?: string[];
  req_id?: string;
  atMs: number;
}

export interface FakeBybitOptions {
  answerPings?: boolean;
  ackSubscribes?: boolean;
  /** Send a snapshot after a subscribe that includes an orderbook topic. */
  snapshotOnSubscribe?: boolean;
  /** Called after the built-in handling of each request. */
  onRequest?: (r: FakeRequest, ws: WebSocket) => void;
}

export class FakeBybitServer {
  readonly requests: FakeRequest[] = [];
  connections = 0;
  current: WebSocket | null = null;
  opts: Required<Omit<FakeBybitOptions, 'onRequest'>> & Pick<FakeBybitOptions, 'onRequest'>;

  private constructor(readonly wss: WebSocketServer, opts: FakeBybitOptions) {
    this.opts = { answerPings: true, ackSubscribes: true, snapshotOnSubscribe: true, ...opts };
    wss.on('connection', (ws) => {
      const conn = ++this.connections;
      this.current = ws;
      ws.on('message', (data) => this.request(ws, conn, data.toString()));
      ws.on('error', () => {});
    });
  }

  static async start(opts: FakeBybitOptions = {}): Promise<FakeBybitServer> {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
    return new FakeBybitServer(wss, opts);
  }

  get url(): string {
    const addr = this.wss.address();
    if (addr === null || typeof addr === 'string') throw new Error('server is not listening on a TCP port');
    return `ws://127.0.0.1:${addr.port}`;
  }

  /** Requests with this op, optionally on one connection. */
  ops(op: string, conn?: number): FakeRequest[] {
    return this.requests.filter((r) => r.op === op && (conn === undefined || r.conn === conn));
  }

  /** Sends text to the newest connection. */
  send(text: string): void {
    this.current?.send(text);
  }

  /** Kills the newest connection without a closing handshake. */
  drop(): void {
    this.current?.terminate();
  }

  async close(): Promise<void> {
    for (const ws of this.wss.clients) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private request(ws: WebSocket, conn: number, text: string): void {
    const msg = JSON.parse(text) as { op: string; args?: string[]; req_id?: string };
    const r: FakeRequest = { conn, ...msg, atMs: Date.now() };
    this.requests.push(r);
    if (msg.op === 'ping' && this.opts.answerPings) {
      ws.send(JSON.stringify({ success: true, ret_msg: 'pong', conn_id: 'c', req_id: msg.req_id, op: 'ping' }));
    }
    if (msg.op === 'subscribe' || msg.op === 'unsubscribe') {
      if (this.opts.ackSubscribes) ws.send(JSON.stringify({ success: true, ret_msg: '', conn_id: 'c', req_id: msg.req_id, op: msg.op }));
      if (msg.op === 'subscribe' && this.opts.snapshotOnSubscribe && msg.args?.some((t) => t.startsWith('orderbook.'))) {
        ws.send(bybitDepth('snapshot', 1000 * conn, [['100.0', '1.000']], [['100.5', '2.000']]));
      }
    }
    this.opts.onRequest?.(r, ws);
  }
}

/** Polls `pred` every 5 ms; rejects naming `what` after `timeoutMs`. */
export async function waitFor(pred: () => boolean, what: string, timeoutMs = 2_000): Promise<void> {
  const t0 = Date.now();
  while (!pred()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Sleeps `ms`. */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A started client against `url` that logs frames and events; quiet intervals unless overridden. */
export function startClient(url: string, init: Partial<BybitLiveClientInit> = {}) {
  const frames: Array<{ text: string; recvTsNs: bigint }> = [];
  const events: LiveEvent[] = [];
  const client = new BybitLiveClient({
    url, rng: () => 0.5, pingEveryMs: 60_000, staleAfterMs: 60_000, snapshotTimeoutMs: 60_000,
    onFrame: (line, recvTsNs) => frames.push({ text: line.toString(), recvTsNs }),
    onEvent: (e) => events.push(e),
    ...init,
    backoff: { initialMs: 10, ...init.backoff },
  });
  client.start();
  const types = (): string[] => events.map((e) => e.type);
  return { client, frames, events, types };
}
