/**
 * Drives the local exchange in exchange time: every few ms of wall time it runs
 * the source up to `first ts + elapsed × speed`, in 10 ms steps (the finest Bybit
 * push interval), publishing trade and recorded frames as they happen and each
 * derived depth topic's delta on its cadence; then applies scheduled faults and
 * lets the hub end stalls and re-snapshot drained slow clients.
 */
import type { ClientHub } from './clients.js';
import type { DepthTopic } from './depth-topic.js';
import { malformedFrame } from './frames.js';
import type { MarketSource, SourceSink } from './source.js';

export interface FaultOptions {
  /** Close every client connection every X ms of wall time. */
  dropEveryMs?: number;
  /** Skip one `u` on a depth topic after every N of its frames. */
  gapEveryFrames?: number;
  /** Send every client a malformed frame after every N market frames. */
  malformedEveryFrames?: number;
  /**
   * Garble a level of every Nth depth delta, keeping its `u`: the frame is valid
   * JSON with a good sequence, so only a parser that reads the levels notices.
   */
  corruptEveryFrames?: number;
  /** Send nothing for `stallMs` every `stallEveryMs` of wall time. */
  stallEveryMs?: number;
  stallMs?: number;
}

export interface PumpState {
  exchangeTsMs: number;
  depthFrames: number;
  tradeFrames: number;
  sourceDone: boolean;
  faults: { drops: number; gaps: number; malformed: number; corrupted: number; stalls: number };
}

const STEP_MS = 10;
const TICK_MS = 5;
const MAX_STEPS_PER_TICK = 5000;

export class Pump {
  readonly state: PumpState = { exchangeTsMs: 0, depthFrames: 0, tradeFrames: 0, sourceDone: false, faults: { drops: 0, gaps: 0, malformed: 0, corrupted: 0, stalls: 0 } };
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private wallStartMs = 0;
  private nextStepMs = 0;
  private published = 0;
  private nextDropMs = Infinity;
  private nextStallMs = Infinity;
  private readonly sink: SourceSink;
  private readonly native: DepthTopic | undefined;

  constructor(private readonly source: MarketSource, private readonly hub: ClientHub, private readonly topics: DepthTopic[],
              private readonly tradeTopic: string, private readonly speed: number, private readonly nowMs: () => number,
              private readonly faults: FaultOptions, private readonly onEnd?: () => void) {
    this.native = topics.find((t) => t.native);
    this.sink = {
      trades: (frame) => { this.state.tradeFrames++; this.hub.publish(this.tradeTopic, frame, false); this.counted(); },
      recordedDepth: (frame, u, snapshot, seq, cts) => {
        const t = this.native;
        if (!t || !t.recorded(u, snapshot, seq, cts)) return;
        this.state.depthFrames++;
        this.hub.publish(t.name, frame, true);
        this.afterDepth(t);
      },
    };
  }

  /** Applies the source's first instant, primes the topics and starts pacing. */
  async start(): Promise<void> {
    const first = this.source.firstTsMs;
    if (!(await this.source.advance(first, this.sink))) this.state.sourceDone = true;
    for (const t of this.topics) if (!t.native) t.prime(this.source.book, this.source.seq, this.source.lastEventTsMs);
    this.state.exchangeTsMs = first;
    this.nextStepMs = Math.floor(first / STEP_MS) * STEP_MS + STEP_MS;
    this.wallStartMs = this.nowMs();
    if (this.faults.dropEveryMs) this.nextDropMs = this.wallStartMs + this.faults.dropEveryMs;
    if (this.faults.stallEveryMs && this.faults.stallMs) this.nextStallMs = this.wallStartMs + this.faults.stallEveryMs;
    this.timer = setTimeout(() => void this.tick(), TICK_MS);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** Exchange time now, ms. */
  exchangeNowMs(): number {
    return Math.floor(this.source.firstTsMs + (this.nowMs() - this.wallStartMs) * this.speed);
  }

  snapshot(t: DepthTopic): string {
    return t.snapshot(this.source.book, Math.max(this.state.exchangeTsMs, this.source.lastEventTsMs));
  }

  drop(connId?: string): number {
    let n = 0;
    for (const c of [...this.hub.clients]) if (connId === undefined || c.connId === connId) { c.ws?.close(); n++; }
    this.state.faults.drops += n;
    return n;
  }

  gap(): void {
    for (const t of this.topics) t.skipNext = true;
    this.state.faults.gaps++;
  }

  malformed(): void {
    const text = malformedFrame(this.source.format, this.state.faults.malformed++);
    for (const c of this.hub.clients) this.hub.deliver(c, text, '');
  }

  stall(ms: number): void {
    this.hub.stall(ms);
    this.state.faults.stalls++;
  }

  private async tick(): Promise<void> {
    try {
      const target = this.exchangeNowMs();
      for (let n = 0; !this.state.sourceDone && this.nextStepMs <= target && n < MAX_STEPS_PER_TICK && !this.stopped; n++) {
        const step = this.nextStepMs;
        const more = await this.source.advance(step, this.sink);
        for (const t of this.topics) {
          if (t.native || step % t.cadenceMs !== 0) continue;
          const f = t.delta(this.source.book, step, this.source.seq, this.source.lastEventTsMs);
          if (!f) continue;
          this.state.depthFrames++;
          this.hub.publish(t.name, this.maybeCorrupt(f), true);
          this.afterDepth(t);
        }
        this.state.exchangeTsMs = step;
        this.nextStepMs += STEP_MS;
        if (!more) { this.state.sourceDone = true; this.onEnd?.(); }
      }
      const now = this.nowMs();
      if (now >= this.nextDropMs) { this.drop(); this.nextDropMs += this.faults.dropEveryMs!; }
      if (now >= this.nextStallMs) { this.stall(this.faults.stallMs!); this.nextStallMs += this.faults.stallEveryMs!; }
      this.hub.service((name) => this.snapshot(this.topics.find((t) => t.name === name)!));
    } finally {
      if (!this.stopped) this.timer = setTimeout(() => void this.tick(), TICK_MS);
    }
  }

  private maybeCorrupt(frame: string): string {
    const every = this.faults.corruptEveryFrames;
    if (!every || (this.state.depthFrames % every) !== 0 || !frame.includes('"type":"delta"')) return frame;
    const at = frame.indexOf('[["');
    if (at < 0) return frame;
    this.state.faults.corrupted++;
    return `${frame.slice(0, at + 3)}x${frame.slice(at + 3)}`;
  }

  private afterDepth(t: DepthTopic): void {
    const every = this.faults.gapEveryFrames;
    if (every && t.deltas % every === 0) { t.skipNext = true; this.state.faults.gaps++; }
    this.counted();
  }

  private counted(): void {
    const every = this.faults.malformedEveryFrames;
    if (every && ++this.published % every === 0) this.malformed();
  }
}
