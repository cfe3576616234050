/**
 * `btc-engine replay --dashboard`: the dashboard, /health and /metrics served
 * while a replay runs (src/engine/replay.ts `onStart`), from the same thread.
 * An unpaced replay yields to the event loop every YIELD_EVERY_MS so the page
 * stays live; after the last row a final frame is pushed, and the server can
 * stay up for a while (`holdMs`) so the end state can be looked at.
 */
import type { DashboardConfig } from '../config/paper-section.js';
import type { ReplayProbe } from '../engine/replay.js';
import { UsageError } from '../errors.js';
import { healthDoc } from '../runtime/status.js';
import { isLoopback, startHttp, type HttpServer } from '../runtime/http-server.js';
import { Metrics } from '../runtime/metrics.js';
import { replayStatus } from './replay-status.js';
import { Dashboard, type DashboardOptions } from './server.js';
import { replayDashboardSources } from './sources.js';

/** How often an unpaced replay gives the server a turn, ms. */
export const YIELD_EVERY_MS = 10;

export interface ReplayDashboardOptions {
  dashboard: DashboardConfig;
  extended: boolean;
  hhtEnabled: boolean;
  /** Told the URL once serving. */
  announce: (url: string) => void;
  options?: DashboardOptions;
}

export class ReplayDashboard {
  http: HttpServer | undefined;
  dashboard: Dashboard | undefined;
  private readonly startedAtMs = Date.now();

  constructor(private readonly o: ReplayDashboardOptions) {
    const { host, token } = o.dashboard;
    // Refused before the replay starts anything (startHttp checks it again).
    if (!isLoopback(host) && !token) {
      throw new UsageError(`dashboard.host ${host} is not a loopback address: set dashboard.token (16+ characters, e.g. in BTC_ENGINE_DASHBOARD_TOKEN) to serve on it`);
    }
  }

  /** Pass as ReplayInput.onStart. */
  readonly onStart = async (probe: ReplayProbe): Promise<void> => {
    const dashboard = new Dashboard(replayDashboardSources(probe, this.o.extended), this.o.options);
    const status = () => replayStatus(probe, this.o.hhtEnabled, this.startedAtMs, Date.now());
    const metrics = new Metrics(status);
    dashboard.registerMetrics(metrics.registry);
    const { host, port, token } = this.o.dashboard;
    this.http = await startHttp({
      host, port, token,
      health: () => healthDoc(status(), false, 'replay'),
      metrics: () => metrics.text(), metricsContentType: metrics.contentType,
      routes: dashboard.routes,
    });
    this.dashboard = dashboard;
    dashboard.start();
    this.o.announce(this.http.url);
  };

  /** After the replay: pushes the final state, then serves for `holdMs` more (or until SIGINT / SIGTERM). */
  async end(holdMs: number): Promise<void> {
    this.dashboard?.tick();
    if (holdMs <= 0 || !this.http) return;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        process.off('SIGINT', done);
        process.off('SIGTERM', done);
        resolve();
      };
      const timer = setTimeout(done, holdMs);
      process.on('SIGINT', done);
      process.on('SIGTERM', done);
    });
  }

  close(): void {
    this.dashboard?.close();
    this.http?.close();
  }
}
