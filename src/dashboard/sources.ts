/**
 * What the dashboard reads from a running engine, and the two ways to get it:
 * the paper runtime (live feed client, tick-to-decision histogram) and replay
 * (the input stream's counters; no receive times, so no latency histogram).
 * Everything here is read at the dashboard's cadence (≤ 10 Hz), never per tick.
 */
import { rowFeatureDefs } from '../features/registry.js';
import type { TradingLoop } from '../engine/trading-loop.js';
import type { ReplayProbe } from '../engine/replay.js';
import type { LatencyHistogram } from '../runtime/latency-histogram.js';
import type { StatusSources } from '../runtime/status.js';

/** Feed health as the page shows it. */
export interface FeedHealth {
  /** Data frames (input lines in replay) received so far. */
  messages: number;
  /** Sequence gaps seen (feed and book). */
  gaps: number;
  reconnects: number;
  connected: boolean;
  /** Time since the last book frame, ms (NaN when unknown). */
  lastFrameAgeMs: number;
  /** Frames the parser rejected. */
  rejected: number;
}

export interface DashboardSources {
  mode: 'paper' | 'replay';
  loop: TradingLoop;
  /** Horizon keys ("1s", "10s"…) in the order of the loop's predictions. */
  horizons: readonly string[];
  /** Feature columns of a row, in order (core, extended when on, HHT when on). */
  featureNames: readonly string[];
  /** HHT IMFs with columns (0 = HHT off). */
  hhtImfs: number;
  /** Tick-to-decision latency (paper only). */
  latency?: LatencyHistogram;
  feed(): FeedHealth;
  /** True once a replay has ticked its last row. */
  ended(): boolean;
}

/** The paper runtime's sources (src/runtime/paper.ts). */
export function paperDashboardSources(s: StatusSources, extended: boolean, hhtImfs: number): DashboardSources {
  return {
    mode: 'paper',
    loop: s.session.loop,
    horizons: s.session.predictor.horizons,
    featureNames: rowFeatureDefs(extended, hhtImfs).map((d) => d.name),
    hhtImfs,
    latency: s.engine.latency,
    feed: () => {
      const f = s.feed();
      return {
        messages: f.messages, gaps: f.gaps + s.kernel.counters().gaps, reconnects: f.reconnects, connected: f.connected,
        lastFrameAgeMs: f.lastFrameAgeMs, rejected: s.parser.stats.rejected,
      };
    },
    ended: () => false,
  };
}

/** A replay's sources (src/engine/replay.ts onStart). */
export function replayDashboardSources(p: ReplayProbe, extended: boolean): DashboardSources {
  return {
    mode: 'replay',
    loop: p.session.loop,
    horizons: p.session.predictor.horizons,
    featureNames: rowFeatureDefs(extended, p.hhtImfs).map((d) => d.name),
    hhtImfs: p.hhtImfs,
    feed: () => ({
      messages: p.frames(), gaps: p.book().gaps, reconnects: 0, connected: !p.done(), lastFrameAgeMs: NaN, rejected: p.rejectedFrames(),
    }),
    ended: () => p.done(),
  };
}
