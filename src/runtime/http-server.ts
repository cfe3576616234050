/**
 * The engine's HTTP side on uWebSockets.js (DESIGN.md §8): `/health` (JSON) and
 * `/metrics` (Prometheus text); the dashboard (src/dashboard) adds its routes here.
 *
 * Security: loopback by default. Binding any other address needs
 * `dashboard.token`, and then every request must carry it (`Authorization:
 * Bearer <token>` or `?token=`), else 401. The token is compared in constant
 * time and never echoed.
 */
import { timingSafeEqual } from 'node:crypto';
import uWS from '@trufflesuite/uws-js-unofficial';
import { UsageError } from '../errors.js';

export interface HttpOptions {
  host: string;
  /** 0 = any free port (tests). */
  port: number;
  token?: string;
  health: () => unknown;
  metrics: () => Promise<string>;
  metricsContentType: string;
  /**
   * More routes (the dashboard): registered before the catch-all; `allowed`
   * is the token check every route must apply (HTTP and WebSocket upgrades).
   */
  routes?: (app: uWS.TemplatedApp, allowed: (req: uWS.HttpRequest) => boolean) => void;
}

export interface HttpServer {
  readonly url: string;
  readonly port: number;
  close(): void;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host) || host.startsWith('127.');
}

export async function startHttp(o: HttpOptions): Promise<HttpServer> {
  if (!isLoopback(o.host) && !o.token) {
    throw new UsageError(`dashboard.host ${o.host} is not a loopback address: set dashboard.token (16+ characters, e.g. in BTC_ENGINE_DASHBOARD_TOKEN) to serve on it`);
  }
  const token = o.token ? Buffer.from(o.token) : undefined;
  const allowed = (req: uWS.HttpRequest): boolean => {
    if (!token) return true;
    const auth = req.getHeader('authorization');
    const given = auth.startsWith('Bearer ') ? auth.slice(7) : new URLSearchParams(req.getQuery() ?? '').get('token') ?? '';
    const b = Buffer.from(given);
    return b.length === token.length && timingSafeEqual(b, token);
  };
  const app = uWS.App();
  const deny = (res: uWS.HttpResponse): void => {
    res.writeStatus('401 Unauthorized').writeHeader('WWW-Authenticate', 'Bearer').end('unauthorized\n');
  };
  app.get('/health', (res, req) => {
    if (!allowed(req)) return deny(res);
    res.writeHeader('Content-Type', 'application/json').end(JSON.stringify(o.health()));
  });
  app.get('/metrics', (res, req) => {
    if (!allowed(req)) return deny(res);
    let aborted = false;
    res.onAborted(() => { aborted = true; });
    o.metrics().then((text) => {
      if (aborted) return;
      res.cork(() => res.writeHeader('Content-Type', o.metricsContentType).end(text));
    }, (err: Error) => {
      if (!aborted) res.cork(() => res.writeStatus('500 Internal Server Error').end(`${err.message}\n`));
    });
  });
  o.routes?.(app, allowed);
  app.any('/*', (res, req) => {
    if (!allowed(req)) return deny(res);
    res.writeStatus('404 Not Found').end('not found: try / (the dashboard), /health or /metrics\n');
  });
  const socket = await new Promise<uWS.us_listen_socket | false>((resolve) => app.listen(o.host, o.port, resolve));
  if (!socket) throw new UsageError(`cannot serve http on ${o.host}:${o.port} (in use or not allowed); set dashboard.port (0 = any free port)`);
  const port = uWS.us_socket_local_port(socket);
  const hostInUrl = o.host.includes(':') ? `[${o.host}]` : o.host;
  return {
    url: `http://${hostInUrl}:${port}`,
    port,
    close: () => { uWS.us_listen_socket_close(socket); },
  };
}
