/**
 * The dashboard (issue 9): the page, its files and the `/ws` push, as routes on
 * the engine's uWebSockets.js app (src/runtime/http-server.ts `routes`), every
 * one behind the same token check as /health and /metrics. The engine is
 * sampled at ≤ 10 Hz into one JSON frame (snapshot.ts) and the hub sends it to
 * every client that keeps up (hub.ts). Off the hot path: nothing here runs per
 * tick, and an engine without clients pays one sample per interval.
 *
 * Two ways to be fed: with DashboardSources (replay: the engine is in this
 * thread) a timer here samples it; `Dashboard.remote()` (paper: the engine is
 * on the market worker) takes frames the worker built and posted, via
 * `publish`, and asks it for a history when a client needs one.
 */
import type uWS from '@trufflesuite/uws-js-unofficial';
import { Counter, Gauge, type Registry } from 'prom-client';
import { FrameHub, type DashboardClient } from './hub.js';
import { SnapshotBuilder, type ServerStats } from './snapshot.js';
import type { DashboardSources } from './sources.js';
import { contentSecurityPolicy, loadStaticFiles } from './static-files.js';

export interface DashboardOptions {
  /** Sample and push interval, ms (≥ 100: at most 10 Hz). */
  intervalMs?: number;
  /** Send-buffer bound per client, bytes, above which it skips frames (default 1 MiB). */
  boundBytes?: number;
  /** A client skipping frames for longer than this is closed, ms (default 10 s). */
  stuckCloseMs?: number;
  /** History rows kept (default 6000: 10 min at 10 Hz). */
  capacity?: number;
  /** Wall clock, ms (tests inject one). */
  nowMs?: () => number;
}

/** The largest message uWS may buffer beyond the bound (a history of 6000 rows is ~2 MB). */
const HARD_CAP_EXTRA_BYTES = 16 << 20;

export class Dashboard {
  readonly builder: SnapshotBuilder | undefined;
  readonly hub: FrameHub;
  readonly intervalMs: number;
  private readonly files = loadStaticFiles();
  private readonly csp: string;
  private readonly nowMs: () => number;
  private timer: NodeJS.Timeout | undefined;
  /** Remote mode: the latest history the worker sent. */
  private remoteHistory = '';

  /** `src` undefined = remote: frames come through `publish`. */
  constructor(src: DashboardSources | undefined, o: DashboardOptions = {}) {
    this.intervalMs = Math.max(100, o.intervalMs ?? 100);
    this.nowMs = o.nowMs ?? Date.now;
    this.builder = src && new SnapshotBuilder(src, { capacity: o.capacity });
    const history = this.builder ? () => this.builder!.history() : () => this.remoteHistory;
    // Remote: a new client waits for a fresh history from the worker instead of getting an old one.
    this.hub = new FrameHub(o.boundBytes ?? 1 << 20, o.stuckCloseMs ?? 10_000, history, Boolean(this.builder));
    this.csp = contentSecurityPolicy(this.files.get('/')!.body);
    if (this.builder) this.tick();
  }

  /** A dashboard whose frames are built elsewhere (the market worker) and handed to `publish`. */
  static remote(o: DashboardOptions = {}): Dashboard {
    return new Dashboard(undefined, o);
  }

  /** Remote mode: a frame (and the history, when one was asked for) from the worker. */
  publish(frame: string, history: string | undefined): void {
    if (history !== undefined) this.remoteHistory = history;
    if (this.hub.clients.size > 0) this.hub.broadcast(frame, this.nowMs(), history !== undefined);
  }

  /** What the hub's numbers are now, for the next frame. */
  serverStats(): ServerStats {
    const h = this.hub;
    return {
      clients: h.clients.size, framesSkipped: h.counters.framesSkipped, clientsDropped: h.counters.clientsDropped,
      maxBufferedBytes: h.maxBufferedBytes, boundBytes: h.boundBytes,
    };
  }

  /** A client needs a history before its next frame (remote mode asks the worker for one). */
  wantsHistory(): boolean {
    for (const c of this.hub.clients) if (c.needsHistory) return true;
    return false;
  }

  /** Registers `/`, the page's files and `/ws` (pass to startHttp as `routes`). */
  readonly routes = (app: uWS.TemplatedApp, allowed: (req: uWS.HttpRequest) => boolean): void => {
    const deny = (res: uWS.HttpResponse): void => {
      res.writeStatus('401 Unauthorized').writeHeader('WWW-Authenticate', 'Bearer').end('unauthorized\n');
    };
    for (const [path, file] of this.files) {
      app.get(path, (res, req) => {
        if (!allowed(req)) return deny(res);
        res.writeHeader('Content-Type', file.contentType).writeHeader('Cache-Control', 'no-store')
          .writeHeader('X-Content-Type-Options', 'nosniff').writeHeader('Referrer-Policy', 'no-referrer')
          .writeHeader('Content-Security-Policy', this.csp).end(file.body);
      });
    }
    app.ws<DashboardClient>('/ws', {
      maxPayloadLength: 1024,
      maxBackpressure: this.hub.boundBytes + HARD_CAP_EXTRA_BYTES,
      closeOnBackpressureLimit: 0,
      idleTimeout: 60,
      upgrade: (res, req, ctx) => {
        // The token is checked here, before the upgrade: a refused client never gets a socket.
        if (!allowed(req)) return deny(res);
        res.upgrade(this.hub.create(), req.getHeader('sec-websocket-key'), req.getHeader('sec-websocket-protocol'),
          req.getHeader('sec-websocket-extensions'), ctx);
      },
      open: (ws) => this.hub.opened(ws.getUserData(), ws),
      close: (ws) => this.hub.closed(ws.getUserData()),
    });
  };

  /** Starts the sample-and-push timer (it does not keep the process alive; remote mode has none). */
  start(): void {
    if (this.timer || !this.builder) return;
    this.timer = setInterval(() => this.tick(), this.intervalMs);
    this.timer.unref();
  }

  /** Samples and pushes now (the final state when a replay ends). */
  tick(): void {
    if (!this.builder) return;
    const text = this.builder.sample(this.nowMs(), this.serverStats());
    if (this.hub.clients.size > 0) this.hub.broadcast(text, this.nowMs());
  }

  /** Stops the timer and closes every client. */
  close(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.hub.closeAll();
  }

  /** Adds btc_engine_dashboard_* to a Prometheus registry (read at scrape time). */
  registerMetrics(registry: Registry): void {
    const c = this.hub.counters;
    const r = [registry];
    const counter = (name: string, help: string, value: () => number): void => {
      new Counter({ name: `btc_engine_dashboard_${name}`, help, registers: r, collect() { this.reset(); this.inc(value()); } });
    };
    const hub = this.hub;
    new Gauge({ name: 'btc_engine_dashboard_clients', help: 'dashboard WebSocket clients connected', registers: r, collect() { this.set(hub.clients.size); } });
    counter('frames_sent_total', 'dashboard frames and histories sent', () => c.framesSent);
    counter('frames_skipped_total', 'dashboard frames a slow client skipped (its send buffer was over the bound)', () => c.framesSkipped);
    counter('clients_dropped_total', 'dashboard clients closed for staying over the send-buffer bound', () => c.clientsDropped);
    counter('connections_total', 'dashboard WebSocket connections accepted', () => c.connections);
  }
}
