/**
 * The market-pipeline worker thread (DESIGN.md §3): book → features (+ the HHT
 * stage, itself on another worker) → predictions → decision → execution →
 * paper venue, portfolio, risk, and the state saved on every change. Frames
 * come from the main thread's WebSocket client through the frame ring; the
 * worker's event loop only wakes for data, its timers and control messages, so
 * sockets, HTTP and the dashboard's clients never delay a decision.
 */
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { setImmediate as yieldToLoop, setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import { createParser, resolveBackend } from '../book/backends.js';
import { createFeatureKernel } from '../features/backends.js';
import { REJECT_KINDS } from '../feed/reject.js';
import { hhtStageOptions, startHhtStage, type HhtStage } from '../hht/stage.js';
import { openSession } from '../engine/session.js';
import { paperDashboardSources } from '../dashboard/sources.js';
import { SnapshotBuilder, type ServerStats } from '../dashboard/snapshot.js';
import { FeedStatsCell } from './feed-stats-cell.js';
import { FrameRing } from './frame-ring.js';
import { LiveEngine } from './live-engine.js';
import { PaperStateStore } from './paper-state.js';
import { paperInstrument } from './feed-source.js';
import { StateSaver } from './state-saver.js';
import { PipelineWarmer } from './warmer.js';
import { engineStatus, type StatusSources } from './status.js';
import { errorMessage, type MainMessage, type MarketWorkerData, type WorkerMessage, type WorkerStatus } from './worker-protocol.js';

const d = workerData as MarketWorkerData;
/** Longest time the worker's event loop waits for a turn while the ring is idle or busy, ms. */
const LOOP_TURN_MS = 5;
const port = parentPort!;
const post = (m: WorkerMessage): void => port.postMessage(m);
const cleanups: Array<() => unknown> = [];

async function main(): Promise<void> {
  const { cfg } = d;
  const clockNs = (): bigint => d.clockBaseNs + (process.hrtime.bigint() - d.clockBaseHrNs);
  const instrument = paperInstrument(cfg);
  const stateStore = PaperStateStore.open(cfg.paper.stateDir, instrument, cfg.features.extended);
  cleanups.push(() => stateStore.close());
  const log = pino({ base: { pid: process.pid, thread: 'market' } }, pino.destination({ dest: join(cfg.paper.stateDir, 'engine.log'), sync: true, mkdir: true }));
  const saved = stateStore.load(instrument);
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
    configFile: d.configFile, hhtImfs: hhtOptions?.k ?? 0,
    restore: saved && { portfolio: saved.portfolio, risk: saved.risk, targetLots: saved.targetLots, orderSeq: saved.orderSeq },
    live: true, log,
    onRiskEvent: (e) => {
      log.warn({ event: 'breaker', ...e }, `${e.breaker} ${e.action}: ${e.reason}`);
      post({ t: 'say', line: `${e.action === 'trip' ? 'BREAKER' : 'breaker clear'} ${e.breaker}: ${e.reason}` });
    },
  });
  cleanups.push(() => session.predictor.close());
  cleanups.push(() => session.close());
  const saver = new StateSaver(stateStore, session, instrument, saved?.starts ?? 0, log);
  const warmEveryMs = cfg.paper.pipeline.warmEveryUs / 1000;
  const warmer = warmEveryMs > 0 ? await PipelineWarmer.open(cfg, instrument, backend, clockNs) : undefined;
  if (warmer) cleanups.push(() => warmer.close());
  const engine = new LiveEngine({
    kernel, parser, session, hht, holdBeforeSnapshot: false, clockNs,
    afterBatch: () => saver.saveIfChanged(engine.lastRowTsMs),
  });
  const feedStats = new FeedStatsCell(d.feedStatsSab);
  const sources: StatusSources = { session, engine, feed: () => feedStats.read(Date.now()), kernel, parser, hhtEnabled: Boolean(hht), startedAtMs: d.startedAtMs };
  const status = (): WorkerStatus => { const { feed: _feed, ...rest } = engineStatus(sources); return rest; };
  const builder = cfg.dashboard.enabled ? new SnapshotBuilder(paperDashboardSources(sources, cfg.features.extended, hhtOptions?.k ?? 0)) : undefined;
  let server: ServerStats = { clients: 0, framesSkipped: 0, clientsDropped: 0, maxBufferedBytes: 0, boundBytes: 0 };
  let wantHistory = false;
  saver.start();

  const { loop } = session;
  const { portfolio } = loop.parts;
  const lines = [saved
    ? `btc-engine paper: resumed from ${cfg.paper.stateDir} (start ${saved.starts + 1}; saved ${new Date(saved.savedAtMs).toISOString()}): position ${portfolio.positionBtc} BTC, equity ${portfolio.equityUsd.toFixed(2)} USD, ${saved.portfolio.fills.length} fills${saved.openOrders.length > 0 ? `; ${saved.openOrders.length} open paper orders dropped (queue positions do not survive a restart)` : ''}`
    : `btc-engine paper: fresh start, state in ${cfg.paper.stateDir}`];
  const venue = session.venueStatus();
  post({
    t: 'ready', lines, resumed: saved !== undefined, predictorSource: session.predictor.source, backend, hhtBackend: hht?.backend ?? null,
    venueKind: session.venueKind, venueOffsetMs: venue.serverTimeOffsetMs, status: status(),
  });

  const ring = new FrameRing(d.ringSab);
  let stopping = false;
  const timers = [
    setInterval(() => {
      if (Number.isNaN(engine.lastRowTsMs)) return;
      loop.idle(engine.lastRowTsMs + (Date.now() - engine.lastRowWallMs));
      saver.saveIfChanged(engine.lastRowTsMs);
    }, 250),
    setInterval(() => {
      const frame = builder?.sample(Date.now(), server);
      const history = builder && wantHistory ? builder.history() : undefined;
      wantHistory = false;
      post({ t: 'status', status: status(), frame, history });
    }, d.statusEveryMs),
  ];
  const injectDelayMs = cfg.paper.pipeline.injectDelayMs;
  const spinMs = cfg.paper.pipeline.spinUs / 1000;
  const pump = (async (): Promise<void> => {
    const scratch = Buffer.allocUnsafe(ring.capacity);
    // The event loop (timers, control messages, async commits, an ONNX model's
    // promises) gets a turn at least every LOOP_TURN_MS; in between, the worker
    // sleeps in a blocking wait on the ring (or busy-polls it, paper.pipeline.spinUs),
    // which wakes far sooner than anything that goes through the event loop.
    let lastTurnMs = performance.now();
    let lastDataMs = lastTurnMs;
    let lastWarmMs = lastTurnMs;
    let lastGaps = kernel.counters().gaps;
    while (!stopping) {
      const n = ring.read(scratch);
      const now = performance.now();
      if (n > 0) {
        lastDataMs = now;
        try {
          const pending = engine.process(scratch.subarray(0, n));
          if (pending) { await pending; lastTurnMs = performance.now(); }
        } catch (err) {
          log.error({ err }, 'pipeline error');
          post({ t: 'say', line: `error: ${(err as Error).message}` });
        }
        // A gap in the book that the client did not see (it checks update ids, not the
        // levels) would leave the book waiting for a snapshot that never comes.
        const gaps = kernel.counters().gaps;
        if (gaps > lastGaps) { lastGaps = gaps; post({ t: 'resync' }); }
        if (injectDelayMs > 0) { await sleep(injectDelayMs); lastTurnMs = performance.now(); }
        if (performance.now() - lastTurnMs >= LOOP_TURN_MS) { await yieldToLoop(); lastTurnMs = performance.now(); }
        continue;
      }
      const sinceTurnMs = now - lastTurnMs;
      if (sinceTurnMs >= LOOP_TURN_MS) {
        await yieldToLoop();
        lastTurnMs = performance.now();
        continue;
      }
      if (warmer && now - lastWarmMs >= warmEveryMs) {
        warmer.step();
        lastWarmMs = performance.now();
        continue;
      }
      const sliceMs = Math.min(LOOP_TURN_MS - sinceTurnMs, warmer ? warmEveryMs - (now - lastWarmMs) : Infinity);
      const spinLeftMs = spinMs - (now - lastDataMs);
      if (spinLeftMs > 0) ring.spinForData(Math.min(spinLeftMs, sliceMs));
      else ring.waitForData(sliceMs);
    }
  })();

  port.on('message', (m: MainMessage) => {
    if (m.t === 'dashboard') { server = m.server; wantHistory ||= m.wantHistory; return; }
    if (m.t !== 'stop' || stopping) return;
    stopping = true;
    ring.wake();
    void (async () => {
      // Stop deciding and placing orders first, then flush the state, then tear down.
      await pump;
      engine.stop();
      for (const t of timers) clearInterval(t);
      loop.parts.strategy.stop(loop.market, loop.gate);
      if (session.venueKind !== 'paper') {
        // A real exchange: let the cancels go out and the last reports arrive, then book them.
        await session.close();
        loop.finish();
      }
      saver.saveNow(engine.lastRowTsMs);
      await saver.flush();
      log.info({ event: 'stop' }, 'stopped');
      post({
        t: 'stopped', status: status(),
        line: `state saved (position ${portfolio.positionBtc} BTC, equity ${portfolio.equityUsd.toFixed(2)} USD, ${portfolio.fills.length} fills)`,
      });
      await cleanup();
      port.close();
    })();
  });
}

async function cleanup(): Promise<void> {
  for (const f of cleanups.reverse()) { try { await f(); } catch { /* already reported */ } }
  cleanups.length = 0;
}

main().catch(async (err: unknown) => {
  post(errorMessage(err));
  await cleanup();
  port.close();
});
