/**
 * `btc-engine paper`: the main job. Market data over a real WebSocket (the
 * project's own local exchange serving the synthetic market by default, fully
 * offline; Bybit mainnet with `--feed bybit`) → the market worker (book →
 * features → predictions → decision → paper venue, portfolio, risk, state saved
 * on every change and resumed on restart; market-worker.ts) → /health,
 * /metrics and the dashboard (src/dashboard) over HTTP, and a status line.
 *
 * Threads (DESIGN.md §3): this thread owns the sockets, the HTTP server and
 * orchestration; frames go to the worker through a SharedArrayBuffer ring
 * (frame-ring.ts), and the worker sends its status back at ≤ 10 Hz.
 * SIGINT / SIGTERM: stop placing orders, flush the state, exit 0 within 2 s.
 */
import { join } from 'node:path';
import pino from 'pino';
import type { Config } from '../config/schema.js';
import { BybitLiveClient } from '../feed/live/bybit-client.js';
import { Dashboard } from '../dashboard/server.js';
import { startHttp, type HttpServer } from './http-server.js';
import { MarketHost } from './market-host.js';
import { Metrics, type EngineStatus } from './metrics.js';
import { startFeedSource, type FeedSource } from './feed-source.js';
import { healthDoc, statusLine } from './status.js';

export interface PaperOptions {
  cfg: Config;
  configFile?: string;
  /** Stop by itself after this many ms (tests, demos); default: run until a signal. */
  durationMs?: number;
  /** Where the console lines go (default stdout). */
  say?: (line: string) => void;
  /** Called once at the end with the final status (benchmarks, tests). */
  onStopped?: (status: EngineStatus) => void;
}

const NS_PER_MS = 1_000_000n;

/** Runs until SIGINT / SIGTERM (or durationMs); resolves to the exit code. */
export async function runPaper(o: PaperOptions): Promise<number> {
  const { cfg } = o;
  const say = o.say ?? ((l: string) => { process.stdout.write(l + '\n'); });
  const startedAtMs = Date.now();
  // One wall clock for both threads: receive stamps here, decisions in the worker.
  const clockBaseNs = BigInt(startedAtMs) * NS_PER_MS;
  const clockBaseHrNs = process.hrtime.bigint();
  const clockNs = (): bigint => clockBaseNs + (process.hrtime.bigint() - clockBaseHrNs);
  const log = pino({ base: { pid: process.pid, thread: 'main' } }, pino.destination({ dest: join(cfg.paper.stateDir, 'engine.log'), sync: true, mkdir: true }));
  const cleanups: Array<() => unknown> = [];
  const cleanup = async (): Promise<void> => { for (const f of cleanups.reverse()) { try { await f(); } catch (err) { log.error({ err }, 'cleanup failed'); } } };
  let client: BybitLiveClient | undefined;
  const dashboard = cfg.dashboard.enabled ? Dashboard.remote() : undefined;
  try {
    const host = await MarketHost.start({
      cfg, configFile: o.configFile, clockBaseNs, clockBaseHrNs, startedAtMs, statusEveryMs: dashboard ? dashboard.intervalMs : 200, say,
      onFrame: (frame, history) => {
        dashboard!.publish(frame, history);
        host.send({ t: 'dashboard', server: dashboard!.serverStats(), wantHistory: dashboard!.wantsHistory() });
      },
      resync: () => {
        // The client resyncs by itself after a u gap it saw; one resubscribe per second is enough.
        if (!client || Date.now() - client.lastResyncAtMs < 1000) return;
        log.warn({ event: 'pipeline', dropped: host.counters.dropped }, 'the market worker needs a fresh book: resyncing');
        client.resync();
      },
    });
    cleanups.push(() => host.terminate());
    const feed: FeedSource = await startFeedSource(cfg);
    cleanups.push(() => feed.close());
    const c = new BybitLiveClient({
      url: feed.url, symbol: cfg.paper.symbol, depth: cfg.paper.depth, staleAfterMs: cfg.risk.staleFeedMs, clockNs,
      onFrame: (frame, recvNs) => host.push(typeof frame === 'string' ? Buffer.from(frame, 'utf8') : frame, recvNs),
      onEvent: (e) => log.info({ event: 'feed', ...e }, `feed ${e.type}`),
    });
    client = c;
    const status = (): EngineStatus => host.status(c.stats());
    const metrics = new Metrics(status);
    let http: HttpServer | undefined;
    if (dashboard) {
      dashboard.registerMetrics(metrics.registry);
      http = await startHttp({
        host: cfg.dashboard.host, port: cfg.dashboard.port, token: cfg.dashboard.token,
        health: () => healthDoc(status(), host.info.resumed, cfg.paper.feed),
        metrics: () => metrics.text(), metricsContentType: metrics.contentType,
        routes: dashboard.routes,
      });
      cleanups.push(() => http!.close());
      cleanups.push(() => dashboard.close());
    }
    const info = host.info;
    for (const line of info.lines) say(line);
    if (info.venueKind !== 'paper') {
      say(`venue ${info.venueKind}: orders on the exchange (server-time offset ${info.venueOffsetMs.toFixed(1)} ms)`
        + (cfg.paper.feed === 'bybit' ? '' : `; note: decisions come from the ${cfg.paper.feed} feed, not the exchange's market (set paper.feed: bybit)`));
    }
    say(`feed ${cfg.paper.feed} at ${feed.url}; strategy ${cfg.execution.strategy}, predictions ${info.predictorSource}; kernels ${info.backend} on the market worker`
      + `${info.hhtBackend ? `, HHT ${info.hhtBackend}` : ''}${http ? `; ${http.url}/health and /metrics, dashboard ${http.url}/` : ''}; Ctrl-C stops`);
    c.start();
    cleanups.push(() => c.stop());
    // The worker reads the client's counters (dashboard, stale checks) from shared memory.
    const shareStats = setInterval(() => host.feedStats.write(c.stats(), Date.now()), 50);
    cleanups.push(() => clearInterval(shareStats));

    let lastMessages = 0;
    let lastStatusMs = Date.now();
    const statusTimer = cfg.paper.statusEveryMs > 0 ? setInterval(() => {
      const st = status();
      const now = Date.now();
      say(statusLine(st, ((st.feed.messages - lastMessages) * 1000) / Math.max(1, now - lastStatusMs)));
      lastMessages = st.feed.messages;
      lastStatusMs = now;
    }, cfg.paper.statusEveryMs) : undefined;
    cleanups.push(() => clearInterval(statusTimer));

    const reason = await stopSignal(o.durationMs);
    // Stop taking decisions and orders first (the worker), then flush its state, then tear down.
    const hardStop = setTimeout(() => { log.error('shutdown took over 1.8 s; exiting'); process.exit(0); }, 1800);
    hardStop.unref();
    const last = await host.stop();
    say(`btc-engine paper: ${reason}; ${last.line}`);
    log.info({ event: 'stop', reason }, 'stopped');
    o.onStopped?.({ ...host.status(c.stats()), ...last.status });
    await cleanup();
    clearTimeout(hardStop);
    return 0;
  } catch (err) {
    await cleanup();
    throw err;
  }
}

/** Resolves with a reason on SIGINT / SIGTERM or after durationMs. */
function stopSignal(durationMs?: number): Promise<string> {
  return new Promise((resolve) => {
    const done = (why: string): void => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      clearTimeout(timer);
      resolve(why);
    };
    const onInt = (): void => done('SIGINT');
    const onTerm = (): void => done('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    const timer = durationMs !== undefined ? setTimeout(() => done(`ran for ${durationMs} ms`), durationMs) : undefined;
  });
}
