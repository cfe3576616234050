/**
 * `btc-engine paper`: the main job. Market data over a real WebSocket (the
 * project's own local exchange serving the synthetic market by default, fully
 * offline; Bybit mainnet with `--feed bybit`) → the live pipeline → paper venue,
 * portfolio and risk; state saved to the store's `state` database on every
 * change and resumed on restart; /health, /metrics and the dashboard (src/dashboard)
 * over HTTP; a status line.
 * SIGINT / SIGTERM: stop placing orders, flush the state, exit 0 within 2 s.
 */
import { join } from 'node:path';
import pino from 'pino';
import { createParser, resolveBackend } from '../book/backends.js';
import type { Config } from '../config/schema.js';
import { createFeatureKernel } from '../features/backends.js';
import { BybitLiveClient } from '../feed/live/bybit-client.js';
import { wallClockNs } from '../feed/live/types.js';
import { REJECT_KINDS } from '../feed/reject.js';
import { hhtStageOptions, startHhtStage, type HhtStage } from '../hht/stage.js';
import { openSession } from '../engine/session.js';
import { Dashboard } from '../dashboard/server.js';
import { paperDashboardSources } from '../dashboard/sources.js';
import { startHttp, type HttpServer } from './http-server.js';
import { LiveEngine } from './live-engine.js';
import { Metrics } from './metrics.js';
import { PaperStateStore } from './paper-state.js';
import { paperInstrument, startFeedSource, type FeedSource } from './feed-source.js';
import { engineStatus, healthDoc, statusLine, type StatusSources } from './status.js';
import type { EngineStatus } from './metrics.js';
import { StateSaver } from './state-saver.js';

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

/** Runs until SIGINT / SIGTERM (or durationMs); resolves to the exit code. */
export async function runPaper(o: PaperOptions): Promise<number> {
  const { cfg } = o;
  const say = o.say ?? ((l: string) => { process.stdout.write(l + '\n'); });
  const startedAtMs = Date.now();
  const instrument = paperInstrument(cfg);
  const stateStore = PaperStateStore.open(cfg.paper.stateDir, instrument, cfg.features.extended);
  const log = pino({ base: { pid: process.pid } }, pino.destination({ dest: join(cfg.paper.stateDir, 'engine.log'), sync: true, mkdir: true }));
  const cleanups: Array<() => unknown> = [];
  const cleanup = async (): Promise<void> => { for (const f of cleanups.reverse()) { try { await f(); } catch (err) { log.error({ err }, 'cleanup failed'); } } };
  cleanups.push(() => stateStore.close());
  try {
    const saved = stateStore.load(instrument);
    const feed: FeedSource = await startFeedSource(cfg);
    cleanups.push(() => feed.close());
    const backend = resolveBackend(cfg.kernels);
    const kernel = createFeatureKernel(backend, instrument, { extended: cfg.features.extended });
    cleanups.push(() => kernel.close());
    const parser = createParser(kernel, instrument, (kind, line, detail) => { log.warn({ kind: REJECT_KINDS[kind], line, detail }, 'frame rejected'); });
    const hhtOptions = hhtStageOptions(cfg.features.hht);
    let hht: HhtStage | undefined;
    if (hhtOptions) {
      hht = await startHhtStage(kernel.rowStride, hhtOptions, true);
      cleanups.push(() => hht!.close());
    }
    const session = await openSession(cfg, instrument, {
      configFile: o.configFile, hhtImfs: hhtOptions?.k ?? 0,
      restore: saved && { portfolio: saved.portfolio, risk: saved.risk, targetLots: saved.targetLots, orderSeq: saved.orderSeq },
      live: true, log,
      onRiskEvent: (e) => {
        log.warn({ event: 'breaker', ...e }, `${e.breaker} ${e.action}: ${e.reason}`);
        say(`${e.action === 'trip' ? 'BREAKER' : 'breaker clear'} ${e.breaker}: ${e.reason}`);
      },
    });
    cleanups.push(() => session.predictor.close());
    cleanups.push(() => session.close());
    const saver = new StateSaver(stateStore, session, instrument, saved?.starts ?? 0, log);
    const clockNs = wallClockNs();
    const engine = new LiveEngine({
      kernel, parser, session, hht, holdBeforeSnapshot: false, clockNs,
      afterBatch: () => saver.saveIfChanged(engine.lastRowTsMs),
      onError: (err) => { log.error({ err }, 'pipeline error'); say(`error: ${err.message}`); },
    });
    const client = new BybitLiveClient({
      url: feed.url, symbol: cfg.paper.symbol, depth: cfg.paper.depth, staleAfterMs: cfg.risk.staleFeedMs, clockNs,
      onFrame: (frame, recvNs) => engine.push(typeof frame === 'string' ? frame : frame.toString('utf8'), recvNs),
      onEvent: (e) => log.info({ event: 'feed', ...e }, `feed ${e.type}`),
    });
    const sources: StatusSources = { session, engine, client, kernel, parser, hhtEnabled: Boolean(hht), startedAtMs };
    const metrics = new Metrics(() => engineStatus(sources));
    let http: HttpServer | undefined;
    if (cfg.dashboard.enabled) {
      const dashboard = new Dashboard(paperDashboardSources(sources, cfg.features.extended, hhtOptions?.k ?? 0));
      dashboard.registerMetrics(metrics.registry);
      http = await startHttp({
        host: cfg.dashboard.host, port: cfg.dashboard.port, token: cfg.dashboard.token,
        health: () => healthDoc(engineStatus(sources), saved !== undefined, cfg.paper.feed),
        metrics: () => metrics.text(), metricsContentType: metrics.contentType,
        routes: dashboard.routes,
      });
      cleanups.push(() => http!.close());
      dashboard.start();
      cleanups.push(() => dashboard.close());
    }
    saver.start();
    say(saved
      ? `btc-engine paper: resumed from ${cfg.paper.stateDir} (start ${saved.starts + 1}; saved ${new Date(saved.savedAtMs).toISOString()}): position ${session.loop.parts.portfolio.positionBtc} BTC, equity ${session.loop.parts.portfolio.equityUsd.toFixed(2)} USD, ${saved.portfolio.fills.length} fills${saved.openOrders.length > 0 ? `; ${saved.openOrders.length} open paper orders dropped (queue positions do not survive a restart)` : ''}`
      : `btc-engine paper: fresh start, state in ${cfg.paper.stateDir}`);
    if (session.venueKind !== 'paper') {
      const v = session.venueStatus();
      say(`venue ${v.kind}: orders on the exchange (server-time offset ${v.serverTimeOffsetMs.toFixed(1)} ms)`
        + (cfg.paper.feed === 'bybit' ? '' : `; note: decisions come from the ${cfg.paper.feed} feed, not the exchange's market (set paper.feed: bybit)`));
    }
    say(`feed ${cfg.paper.feed} at ${feed.url}; strategy ${cfg.execution.strategy}, predictions ${session.predictor.source}; kernels ${backend}${hht ? `, HHT ${hht.backend}` : ''}`
      + `${http ? `; ${http.url}/health and /metrics, dashboard ${http.url}/` : ''}; Ctrl-C stops`);
    client.start();
    cleanups.push(() => client.stop());

    const idle = setInterval(() => {
      if (Number.isNaN(engine.lastRowTsMs)) return;
      session.loop.idle(engine.lastRowTsMs + (Date.now() - engine.lastRowWallMs));
      saver.saveIfChanged(engine.lastRowTsMs);
    }, 250);
    cleanups.push(() => clearInterval(idle));
    let lastMessages = 0;
    let lastStatusMs = Date.now();
    const status = cfg.paper.statusEveryMs > 0 ? setInterval(() => {
      const st = engineStatus(sources);
      const now = Date.now();
      say(statusLine(st, ((st.feed.messages - lastMessages) * 1000) / Math.max(1, now - lastStatusMs)));
      lastMessages = st.feed.messages;
      lastStatusMs = now;
    }, cfg.paper.statusEveryMs) : undefined;
    cleanups.push(() => clearInterval(status));

    const reason = await stopSignal(o.durationMs);
    // Stop taking decisions and orders first, then flush the state, then tear down.
    const hardStop = setTimeout(() => { log.error('shutdown took over 1.8 s; exiting'); process.exit(0); }, 1800);
    hardStop.unref();
    await engine.stop();
    const { loop } = session;
    loop.parts.strategy.stop(loop.market, loop.gate);
    if (session.venueKind !== 'paper') {
      // A real exchange: let the cancels go out and the last reports arrive, then book them.
      await session.close();
      loop.finish();
    }
    saver.saveNow(engine.lastRowTsMs);
    say(`btc-engine paper: ${reason}; state saved (position ${loop.parts.portfolio.positionBtc} BTC, equity ${loop.parts.portfolio.equityUsd.toFixed(2)} USD, ${loop.parts.portfolio.fills.length} fills)`);
    log.info({ event: 'stop', reason }, 'stopped');
    o.onStopped?.(engineStatus(sources));
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
