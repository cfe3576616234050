/**
 * The main thread's side of the market worker (market-worker.ts): starts it,
 * hands it every frame through the frame ring, keeps its latest status for
 * /health, /metrics, the status line and the dashboard, and stops it.
 *
 * A slow worker never loses data silently: when the ring is full, frames wait
 * here in arrival order and are moved in as the worker frees space; past
 * `maxBacklogBytes` the waiting frames are dropped (counted) and the caller is
 * told to resubscribe, so the book recovers from a fresh snapshot instead of
 * trading on a book with a hole in it.
 */
import { Worker } from 'node:worker_threads';
import type { Config } from '../config/schema.js';
import type { LiveStats } from '../feed/live/types.js';
import { FeedStatsCell } from './feed-stats-cell.js';
import { FrameRing } from './frame-ring.js';
import type { EngineStatus } from './metrics.js';
import { reviveError, type MainMessage, type WorkerMessage, type WorkerStatus } from './worker-protocol.js';

export interface MarketHostOptions {
  cfg: Config;
  configFile?: string;
  clockBaseNs: bigint;
  clockBaseHrNs: bigint;
  startedAtMs: number;
  statusEveryMs: number;
  /** Console lines from the worker (breakers, errors). */
  say: (line: string) => void;
  /** A dashboard frame (and a history when one was asked for), at the worker's cadence. */
  onFrame?: (frame: string, history: string | undefined) => void;
  /** Frames were dropped, or the worker's book saw a gap: ask the feed for a fresh snapshot. */
  resync: () => void;
}

export interface PipelineCounters {
  /** Frames that found the ring full and waited in the main thread. */
  ringFull: number;
  /** Frames dropped because the backlog passed its bound. */
  dropped: number;
  /** Bytes waiting in the main thread now. */
  backlogBytes: number;
}

export type StartedInfo = Extract<WorkerMessage, { t: 'ready' }>;

export class MarketHost {
  readonly counters: PipelineCounters = { ringFull: 0, dropped: 0, backlogBytes: 0 };
  readonly info: StartedInfo;
  private latest: WorkerStatus;
  /** Frames waiting for ring space, oldest at `backlogHead` (an index, not shift(): the backlog can hold 100 k frames). */
  private backlog: Array<{ recvNs: bigint; frame: Buffer }> = [];
  private backlogHead = 0;
  private drainTimer: NodeJS.Timeout | undefined;
  private stopped: Promise<{ line: string; status: WorkerStatus }> | undefined;
  private onStopped: ((m: { line: string; status: WorkerStatus }) => void) | undefined;
  private exited = false;

  private constructor(private readonly o: MarketHostOptions, private readonly worker: Worker, private readonly ring: FrameRing,
                      /** The feed client's counters, shared with the worker (the caller writes them). */
                      readonly feedStats: FeedStatsCell, ready: StartedInfo) {
    this.latest = ready.status;
    this.info = ready;
  }

  /** Starts the worker; resolves when its pipeline is built (or rejects with the worker's error). */
  static async start(o: MarketHostOptions): Promise<MarketHost> {
    const ring = FrameRing.create(o.cfg.paper.pipeline.ringBytes);
    const feedStats = new FeedStatsCell();
    const worker = new Worker(new URL('./market-worker.js', import.meta.url), {
      workerData: {
        cfg: o.cfg, configFile: o.configFile, ringSab: ring.sab, feedStatsSab: feedStats.sab,
        clockBaseNs: o.clockBaseNs, clockBaseHrNs: o.clockBaseHrNs, startedAtMs: o.startedAtMs, statusEveryMs: o.statusEveryMs,
      },
    });
    const ready = await new Promise<StartedInfo>((resolve, reject) => {
      const onMessage = (m: WorkerMessage): void => {
        if (m.t === 'ready') { worker.off('message', onMessage); worker.off('exit', onExit); resolve(m); }
        else if (m.t === 'failed') reject(reviveError(m));
        else if (m.t === 'say') o.say(m.line);
      };
      const onExit = (code: number): void => reject(new Error(`market worker exited with code ${code} before it was ready`));
      worker.on('message', onMessage);
      worker.once('error', reject);
      worker.once('exit', onExit);
    });
    const host = new MarketHost(o, worker, ring, feedStats, ready);
    worker.on('message', (m: WorkerMessage) => host.message(m));
    worker.on('error', (err) => o.say(`market worker error: ${err.message}`));
    worker.on('exit', () => { host.exited = true; });
    return host;
  }

  /** A frame as received; `recvNs` = its receive time on the shared wall clock. */
  push(frame: Buffer, recvNs: bigint): void {
    if (this.stopped) return;
    if (this.backlogHead === this.backlog.length && this.ring.tryWrite(recvNs, frame)) return;
    if (!this.ring.fits(frame.length)) { this.counters.dropped++; this.o.resync(); return; }
    this.counters.ringFull++;
    if (this.counters.backlogBytes + frame.length > this.o.cfg.paper.pipeline.maxBacklogBytes) {
      // The worker is too far behind: what waits is stale anyway. Drop it and resync the book.
      this.counters.dropped += this.backlog.length - this.backlogHead + 1;
      this.backlog = [];
      this.backlogHead = 0;
      this.counters.backlogBytes = 0;
      this.o.resync();
      return;
    }
    this.backlog.push({ recvNs, frame });
    this.counters.backlogBytes += frame.length;
    this.drainTimer ??= setTimeout(() => this.drain(), 1);
  }

  /** The engine's latest status (the worker's part at most one status interval old), with the feed's counters. */
  status(feed: LiveStats): EngineStatus {
    return { ...this.latest, feed, pipeline: { ...this.counters, ringUsedBytes: this.ring.usedBytes } };
  }

  /** Tells the worker what the dashboard's hub needs in its next frame. */
  send(m: MainMessage): void {
    if (!this.exited) this.worker.postMessage(m);
  }

  /** Stops the worker: no more decisions or orders, state flushed; resolves with its last word. */
  stop(): Promise<{ line: string; status: WorkerStatus }> {
    this.stopped ??= new Promise((resolve) => {
      this.onStopped = resolve;
      clearTimeout(this.drainTimer);
      if (this.exited) { resolve({ line: 'market worker had exited', status: this.latest }); return; }
      this.worker.once('exit', () => resolve({ line: 'market worker exited', status: this.latest }));
      this.send({ t: 'stop' });
    });
    return this.stopped;
  }

  /** Ends the worker if it did not end by itself. */
  async terminate(): Promise<void> {
    if (!this.exited) await this.worker.terminate();
  }

  private drain(): void {
    this.drainTimer = undefined;
    while (this.backlogHead < this.backlog.length) {
      const next = this.backlog[this.backlogHead]!;
      if (!this.ring.tryWrite(next.recvNs, next.frame)) break;
      this.backlogHead++;
      this.counters.backlogBytes -= next.frame.length;
    }
    // Let go of what went into the ring (amortised: at most one copy per halving).
    if (this.backlogHead === this.backlog.length) { this.backlog = []; this.backlogHead = 0; }
    else if (this.backlogHead > 1024 && this.backlogHead * 2 > this.backlog.length) { this.backlog = this.backlog.slice(this.backlogHead); this.backlogHead = 0; }
    if (this.backlog.length > 0 && !this.stopped) this.drainTimer = setTimeout(() => this.drain(), 1);
  }

  private message(m: WorkerMessage): void {
    switch (m.t) {
      case 'status':
        this.latest = m.status;
        if (m.frame !== undefined) this.o.onFrame?.(m.frame, m.history);
        break;
      case 'say': this.o.say(m.line); break;
      case 'resync': this.o.resync(); break;
      case 'stopped': this.latest = m.status; this.onStopped?.({ line: m.line, status: m.status }); break;
      case 'failed': this.o.say(`market worker failed: ${m.message}`); break;
      case 'ready': break;
    }
  }
}
