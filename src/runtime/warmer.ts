/**
 * Keeps the market worker's hot path warm while the feed is quiet.
 *
 * On this machine a message that follows an idle gap costs 10–20× a warm one
 * (bench/README.md "Paper runtime"): after a few ms without work the code and
 * data the pipeline needs have left the caches. The warmer runs a shadow copy of
 * the pipeline — its own kernel, parser, paper venue, portfolio and risk, fed
 * with the synthetic market — one frame every `everyMs` while the worker waits.
 * It shares the real pipeline's code, so the next real message finds it in the
 * caches. The shadow never touches the real book, orders, state or logs; its
 * venue is always the paper simulator and its predictions the stand-in rule.
 * Each pass over its frames starts on a fresh shadow account, so it holds at most
 * one cycle's fills.
 *
 * Measured (bench/README.md "Paper runtime"): one frame every 1 ms costs about
 * 10 % of a core and cut the worker's per-message processing at real time
 * from ~195 µs to ~80 µs.
 */
import type { Config } from '../config/schema.js';
import { createParser } from '../book/backends.js';
import type { BackendName } from '../book/types.js';
import { createFeatureKernel } from '../features/backends.js';
import type { FeatureKernel } from '../features/kernel.js';
import type { FrameParser } from '../feed/frame-parser.js';
import type { Instrument } from '../feed/instrument.js';
import { syntheticRecording } from '../exchange/offline.js';
import { openSession, type TradingSession } from '../engine/session.js';
import { LiveEngine } from './live-engine.js';

/** Exchange time of synthetic market the shadow cycles through (its first frame is a snapshot: each cycle starts afresh). */
const CYCLE_MS = 120_000;

export class PipelineWarmer {
  /** Frames the shadow has run, and the shadow sessions built (one per cycle). */
  steps = 0;
  cycles = 1;
  private next = 0;
  private rebuilding: Promise<void> | undefined;

  private constructor(private readonly cfg: Config, private readonly instrument: Instrument, private readonly frames: string[],
                      private engine: LiveEngine, private readonly kernel: FeatureKernel, private readonly parser: FrameParser,
                      private session: TradingSession, private readonly clockNs: () => bigint) {}

  static async open(cfg: Config, instrument: Instrument, backend: BackendName, clockNs: () => bigint): Promise<PipelineWarmer> {
    const shadowCfg: Config = {
      ...cfg,
      venue: { ...cfg.venue, kind: 'paper' },
      decision: { ...cfg.decision, source: 'rule' },
    };
    const kernel = createFeatureKernel(backend, instrument, { extended: cfg.features.extended });
    const parser = createParser(kernel, instrument);
    const session = await openSession(shadowCfg, instrument, { hhtImfs: 0, live: true });
    const engine = new LiveEngine({ kernel, parser, session, holdBeforeSnapshot: false, clockNs });
    const frames = syntheticRecording({ durationMs: CYCLE_MS, seed: cfg.paper.seed + 1, depth: cfg.paper.depth });
    return new PipelineWarmer(shadowCfg, instrument, frames, engine, kernel, parser, session, clockNs);
  }

  /** Runs the next synthetic frame through the shadow pipeline (nothing while a new cycle's shadow is being built). */
  step(): void {
    if (this.rebuilding) return;
    const frame = this.frames[this.next]!;
    this.next = (this.next + 1) % this.frames.length;
    this.steps++;
    // A current receive time, as a real frame has (the parser refuses a line without one).
    void this.engine.process(Buffer.from(`${this.clockNs()} ${frame}\n`));
    // Each cycle trades on a fresh shadow account, so its fills and equity curve stay bounded.
    if (this.next === 0) this.rebuilding = this.rebuild();
  }

  async close(): Promise<void> {
    await this.rebuilding;
    this.engine.stop();
    await this.session.predictor.close();
    await this.session.close();
    this.kernel.close();
  }

  private async rebuild(): Promise<void> {
    const old = this.session;
    this.engine.stop();
    this.session = await openSession(this.cfg, this.instrument, { hhtImfs: 0, live: true });
    this.engine = new LiveEngine({ kernel: this.kernel, parser: this.parser, session: this.session, holdBeforeSnapshot: false, clockNs: this.clockNs });
    this.cycles++;
    await old.predictor.close();
    await old.close();
    this.rebuilding = undefined;
  }
}
