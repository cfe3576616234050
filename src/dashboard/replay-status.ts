/**
 * `/health` and `/metrics` during `btc-engine replay --dashboard`: the paper
 * runtime's EngineStatus (src/runtime/status.ts) filled from a replay. The feed
 * is the input stream: frames are its lines, "connected" means the replay is
 * still running; there are no receive times, so no tick-to-decision latency.
 */
import type { ReplayProbe } from '../engine/replay.js';
import type { EngineStatus } from '../runtime/metrics.js';

export function replayStatus(p: ReplayProbe, hhtEnabled: boolean, startedAtMs: number, nowMs: number): EngineStatus {
  const { loop } = p.session;
  const { portfolio, risk } = loop.parts;
  const m = loop.market;
  const t = portfolio.tcaReport().all;
  const b = p.book();
  const frames = p.frames();
  return {
    feed: {
      messages: frames, bookFrames: frames, tradeFrames: 0, bytes: 0, reconnects: 0, gaps: b.gaps, resubscribes: 0,
      malformed: p.rejectedFrames(), staleEvents: 0, connected: !p.done(), lastFrameAgeMs: NaN,
    },
    book: {
      valid: m.valid && !risk.activeBreakers().includes('stale-feed'), rows: loop.ticks, rejectedFrames: p.rejectedFrames(),
      gaps: b.gaps, crossed: b.crossed, mid: m.mid, spreadBps: m.spreadBps,
    },
    orders: { submitted: loop.gate.submitted, refused: risk.refusals(), fills: t.fills, makerFills: t.makerFills, takerFills: t.takerFills },
    portfolio: {
      positionBtc: portfolio.positionBtc, equityUsd: portfolio.equityUsd, realizedPnlUsd: portfolio.realizedPnlUsd,
      unrealizedPnlUsd: portfolio.unrealizedPnlUsd, feesUsd: portfolio.feesUsd, cashUsd: portfolio.cashUsd,
    },
    breakers: { trips: risk.trips(), active: risk.activeBreakers() },
    latency: { p50Us: NaN, p99Us: NaN, samples: 0 },
    hht: { enabled: hhtEnabled, ageMs: NaN },
    uptimeS: (nowMs - startedAtMs) / 1000,
  };
}
