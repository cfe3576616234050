/**
 * The local exchange: a Bybit v5 public linear WebSocket (`/v5/public/linear`)
 * on loopback, served by uWebSockets.js, fed by the synthetic market or a
 * recording paced in exchange time (× speed). Topics: orderbook.{1,50,200}.SYMBOL
 * (up to `depth`) and publicTrade.SYMBOL; ops: subscribe, unsubscribe, ping.
 * Faults for tests: dropped connections, skipped `u`, malformed frames, stalls
 * (docs/SYNTHETIC.md "Local exchange").
 */
import { createServer } from 'node:net';
import uWS from '@trufflesuite/uws-js-unofficial';
import { DEFAULT_PARAMS } from '../feed/synthetic/default-params.js';
import type { SyntheticParams } from '../feed/synthetic/params.js';
import { ClientHub, type ClientState, type HubCounters } from './clients.js';
import { DEPTHS, DepthTopic, type Depth } from './depth-topic.js';
import { Pump, type FaultOptions, type PumpState } from './pump.js';
import { ReplaySource } from './replay-source.js';
import { handleMessage } from './ops.js';
import { SyntheticSource, type MarketSource } from './source.js';
import { INITIAL_U } from './offline.js';

export type { FaultOptions } from './pump.js';

export interface LocalExchangeOptions {
  /** TCP port; 0 (default) = an ephemeral port, see `port` of the result. */
  port?: number;
  host?: string;
  source?: 'synthetic' | { replay: string[] };
  /** Synthetic market parameters (default: the fitted defaults) and seed. */
  params?: SyntheticParams;
  seed?: number;
  /** Exchange time per wall time (default 1 = real time). */
  speed?: number;
  /** Deepest orderbook topic served (default 200). */
  depth?: Depth;
  /** Synthetic: exchange time of the first event, ms (default: wall clock at start). */
  startTsMs?: number;
  faults?: FaultOptions;
  /** Bound of a client's send buffer before frames are dropped (default 1 MiB). */
  maxBufferedBytes?: number;
  /** A client stale this long (not draining) is closed (default 30 s). */
  slowCloseMs?: number;
  /** Monotonic wall clock, ms (default performance.now). */
  nowMs?: () => number;
  /** Called once when a replay has sent its last frame. */
  onEnd?: () => void;
}

export interface ExchangeStats extends HubCounters, PumpState {
  url: string;
  source: 'synthetic' | 'replay';
  clients: number;
  subscriptions: Record<string, number>;
}

export interface LocalExchange {
  readonly url: string;
  readonly port: number;
  stats(): ExchangeStats;
  /** Faults on demand: drop connections (all, or one conn_id), skip a u, send a malformed frame, stall. */
  readonly inject: { drop(connId?: string): number; gap(): void; malformed(): void; stall(ms: number): void };
  /** Stops the market, closes every connection and the listening socket. */
  close(): Promise<void>;
}

export async function startLocalExchange(o: LocalExchangeOptions = {}): Promise<LocalExchange> {
  const nowMs = o.nowMs ?? (() => performance.now());
  const speed = o.speed ?? 1;
  if (!(speed > 0) || !Number.isFinite(speed)) throw new RangeError(`speed must be a positive number, was ${speed}`);
  const maxDepth = o.depth ?? 200;
  const source: MarketSource = o.source && o.source !== 'synthetic'
    ? await ReplaySource.open(o.source.replay)
    : new SyntheticSource(o.params ?? DEFAULT_PARAMS, o.seed ?? 1, o.startTsMs ?? Date.now());
  const hub = new ClientHub(o.maxBufferedBytes ?? 1 << 20, 100_000, o.slowCloseMs ?? 30_000, nowMs);
  const topics = new Map<string, DepthTopic>();
  for (const d of DEPTHS) {
    if (d <= maxDepth || d === source.nativeDepth) topics.set(`orderbook.${d}.${source.format.symbol}`, new DepthTopic(source.format, d, INITIAL_U, d === source.nativeDepth));
  }
  const tradeTopic = `publicTrade.${source.format.symbol}`;
  const pump = new Pump(source, hub, [...topics.values()], tradeTopic, speed, nowMs, o.faults ?? {}, o.onEnd);
  await pump.start();
  const app = uWS.App();
  app.ws<ClientState>('/v5/public/linear', {
    maxPayloadLength: 64 * 1024,
    maxBackpressure: hub.maxBufferedBytes + (1 << 20),
    closeOnBackpressureLimit: 0,
    upgrade: (res, req, ctx) => {
      res.upgrade(hub.create(), req.getHeader('sec-websocket-key'), req.getHeader('sec-websocket-protocol'),
        req.getHeader('sec-websocket-extensions'), ctx);
    },
    open: (ws) => hub.opened(ws.getUserData(), ws),
    message: (ws, msg) => handleMessage(ws.getUserData(), Buffer.from(msg).toString('utf8'), hub, topics, tradeTopic, pump),
    drain: () => hub.service((t) => pump.snapshot(topics.get(t)!)),
    close: (ws) => hub.closed(ws.getUserData()),
  });
  app.any('/*', (res) => { res.writeStatus('404 Not Found').end('btc-engine local exchange: connect to /v5/public/linear\n'); });
  const host = o.host ?? '127.0.0.1';
  const listenSocket = await listen(app, host, o.port ?? 0).catch((err: Error) => { pump.stop(); source.close(); throw err; });
  const port = uWS.us_socket_local_port(listenSocket as unknown as uWS.us_socket);
  const url = `ws://${host}:${port}/v5/public/linear`;
  let closed = false;
  return {
    url, port,
    stats: () => ({
      ...hub.counters, ...pump.state, url, source: source.kind, clients: hub.clients.size,
      subscriptions: Object.fromEntries([...topics.keys(), tradeTopic].map((t) => [t, hub.subscribers(t)])),
    }),
    inject: {
      drop: (connId) => pump.drop(connId),
      gap: () => pump.gap(),
      malformed: () => pump.malformed(),
      stall: (ms) => pump.stall(ms),
    },
    close: async () => {
      if (closed) return;
      closed = true;
      pump.stop();
      for (const c of [...hub.clients]) c.ws?.end(1001, 'local exchange closing');
      uWS.us_listen_socket_close(listenSocket);
      source.close();
      await new Promise((r) => setImmediate(r));
    },
  };
}

/** uSockets' LIBUS_LISTEN_EXCLUSIVE_PORT: no SO_REUSEPORT, so a second server cannot share the port. */
const EXCLUSIVE_PORT = 1;

/**
 * Listens on host:port exclusively. uSockets sets SO_REUSEADDR only for a
 * non-zero port, and without it the TIME_WAIT connections a close leaves behind
 * would keep the port from being bound again; so port 0 is resolved to a free
 * port first (retried if another process takes it in between).
 */
async function listen(app: uWS.TemplatedApp, host: string, port: number): Promise<uWS.us_listen_socket> {
  for (let attempt = 0; ; attempt++) {
    const p = port || await freePort(host);
    const s = await new Promise<uWS.us_listen_socket | false>((resolve) => {
      (app.listen as unknown as (h: string, p: number, o: number, cb: (s: uWS.us_listen_socket | false) => void) => void)(host, p, EXCLUSIVE_PORT, resolve);
    });
    if (s) return s;
    if (port || attempt >= 4) throw new Error(`local exchange: cannot listen on ${host}:${p} (in use?)`);
  }
}

function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, host, () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}
