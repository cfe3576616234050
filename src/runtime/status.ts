/**
 * What the paper runtime says about itself: the EngineStatus snapshot behind
 * /metrics, the /health document and the one-line console status.
 */
import type { LiveStats } from '../feed/live/types.js';
import type { FeatureKernel } from '../features/kernel.js';
import type { FrameParser } from '../feed/frame-parser.js';
import type { TradingSession } from '../engine/session.js';
import type { LiveEngine } from './live-engine.js';
import type { EngineStatus } from './metrics.js';

export interface StatusSources {
  session: TradingSession;
  engine: LiveEngine;
  /** The feed client's counters (in the market worker: the copy the main thread shares). */
  feed: () => LiveStats;
  kernel: FeatureKernel;
  parser: FrameParser;
  hhtEnabled: boolean;
  startedAtMs: number;
}

export function engineStatus(s: StatusSources): EngineStatus {
  const { loop } = s.session;
  const { portfolio, risk } = loop.parts;
  const f = s.feed();
  const c = s.kernel.counters();
  const m = loop.market;
  const t = portfolio.tcaReport().all;
  const lat = s.engine.latency;
  return {
    feed: {
      messages: f.messages, bookFrames: f.bookFrames, tradeFrames: f.tradeFrames, bytes: f.bytes, reconnects: f.reconnects, gaps: f.gaps,
      resubscribes: f.resubscribes, malformed: f.malformed, staleEvents: f.staleEvents, connected: f.connected, lastFrameAgeMs: f.lastFrameAgeMs,
    },
    book: {
      valid: m.valid && !risk.activeBreakers().includes('stale-feed'), rows: s.engine.rows, rejectedFrames: s.parser.stats.rejected,
      gaps: c.gaps, crossed: c.crossed, mid: m.mid, spreadBps: m.spreadBps,
    },
    orders: { submitted: loop.gate.submitted, refused: risk.refusals(), fills: t.fills, makerFills: t.makerFills, takerFills: t.takerFills },
    portfolio: {
      positionBtc: portfolio.positionBtc, equityUsd: portfolio.equityUsd, realizedPnlUsd: portfolio.realizedPnlUsd,
      unrealizedPnlUsd: portfolio.unrealizedPnlUsd, feesUsd: portfolio.feesUsd, cashUsd: portfolio.cashUsd,
    },
    breakers: { trips: risk.trips(), active: risk.activeBreakers() },
    latency: { p50Us: lat.quantileNs(0.5) / 1000, p99Us: lat.quantileNs(0.99) / 1000, samples: lat.count },
    hht: { enabled: s.hhtEnabled, ageMs: NaN },
    venue: s.session.venueStatus(),
    uptimeS: (Date.now() - s.startedAtMs) / 1000,
  };
}

const n = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** The /health document: `book.valid`, `resumed` and `portfolio` first (issue 8 contract). */
export function healthDoc(st: EngineStatus, resumed: boolean, feed: string): Record<string, unknown> {
  return {
    book: { valid: st.book.valid, mid: n(st.book.mid), spreadBps: n(st.book.spreadBps), messages: st.book.rows, gaps: st.book.gaps },
    resumed,
    portfolio: {
      positionBtc: st.portfolio.positionBtc, equityUsd: st.portfolio.equityUsd, cashUsd: st.portfolio.cashUsd,
      realizedPnlUsd: st.portfolio.realizedPnlUsd, unrealizedPnlUsd: n(st.portfolio.unrealizedPnlUsd), feesUsd: st.portfolio.feesUsd,
      fills: st.orders.fills,
    },
    status: st.book.valid && st.feed.connected && st.venue?.connected !== false ? 'ok' : 'degraded',
    feed: { kind: feed, connected: st.feed.connected, messages: st.feed.messages, lastFrameAgeMs: n(st.feed.lastFrameAgeMs), reconnects: st.feed.reconnects, gaps: st.feed.gaps },
    breakers: { active: st.breakers.active, trips: st.breakers.trips },
    latency: { tickToDecisionP50Us: n(st.latency.p50Us), tickToDecisionP99Us: n(st.latency.p99Us), samples: st.latency.samples },
    venue: {
      kind: st.venue?.kind ?? 'paper', connected: st.venue?.connected ?? null,
      serverTimeOffsetMs: n(st.venue?.serverTimeOffsetMs ?? NaN), serverTimeAgeMs: n(st.venue?.serverTimeAgeMs ?? NaN),
    },
    uptimeS: st.uptimeS,
  };
}

/** One console line: mid, spread, position, PnL, breakers, msgs/s, p99 latency. */
export function statusLine(st: EngineStatus, msgsPerSec: number): string {
  const p = st.portfolio;
  const pnl = p.realizedPnlUsd + (Number.isFinite(p.unrealizedPnlUsd) ? p.unrealizedPnlUsd : 0) - p.feesUsd;
  const fix = (x: number, d: number): string => (Number.isFinite(x) ? x.toFixed(d) : '–');
  const time = new Date().toISOString().slice(11, 19);
  const breakers = st.breakers.active.length > 0 ? st.breakers.active.join(',') : 'none';
  return `${time} mid ${fix(st.book.mid, 2)} spread ${fix(st.book.spreadBps, 3)}bps | pos ${fix(p.positionBtc, 3)} BTC `
    + `pnl ${fix(pnl, 2)} USD (fees ${fix(p.feesUsd, 2)}) fills ${st.orders.fills} | breakers ${breakers} | `
    + `${Math.round(msgsPerSec)} msg/s p99 ${fix(st.latency.p99Us, 0)}µs${st.book.valid ? '' : ' | BOOK INVALID'}`;
}
