/**
 * The replay report (issue 7 contract): `summary`, `fills`, `byStrategy` first,
 * in that order and with those keys, then the engine's own detail (decision,
 * strategy, venue, risk and book counters, the equity curve). Only values that
 * follow from the input and the config go in: wall-clock time never does, so two
 * runs of the same replay write byte-identical files. `elapsedMs` is the span of
 * exchange time replayed (first to last book message).
 *
 * NaN (an average over nothing, an unknown arrival mid) is written as null.
 */
import type { RiskEvent } from '../risk/index.js';
import type { TcaStats } from '../portfolio/index.js';
import type { ReplayRun } from './replay.js';

export interface ReportSummary {
  fills: number;
  makerFills: number;
  takerFills: number;
  feesUsd: number;
  realizedPnlUsd: number;
  unrealizedPnlUsd: number;
  equityUsd: number;
  finalPositionBtc: number;
  avgSlippageBps: number | null;
  breakerTrips: Record<string, number>;
  messages: number;
  elapsedMs: number;
}

export interface ReportFill {
  ts: number;
  side: 'buy' | 'sell';
  px: number;
  qty: number;
  fee: number;
  maker: boolean;
  arrivalMid: number | null;
  strategy: string;
  decisionMid: number | null;
  latencyMs: number;
  slippageBps: number | null;
}

export interface ReplayReport {
  summary: ReportSummary;
  fills: ReportFill[];
  byStrategy: Record<string, unknown>;
  [detail: string]: unknown;
}

const num = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** TcaStats with NaN as null (JSON.stringify would do it too; this keeps types honest). */
function tcaJson(s: TcaStats): Record<string, unknown> {
  const adverse = Object.fromEntries(Object.entries(s.adverseSelectionBps).map(([h, v]) => [h, num(v)]));
  return {
    fills: s.fills, makerFills: s.makerFills, takerFills: s.takerFills, qtyBtc: s.qtyBtc, notionalUsd: s.notionalUsd,
    feesUsd: s.feesUsd, avgSlippageBps: num(s.avgSlippageBps), slippageUnknownFills: s.slippageUnknownFills,
    shortfallUsd: s.shortfallUsd, shortfallBps: num(s.shortfallBps), shortfallUnknownFills: s.shortfallUnknownFills,
    adverseSelectionBps: adverse, adverseFills: { ...s.adverseFills },
  };
}

export function buildReport(run: ReplayRun): ReplayReport {
  const { loop, riskEvents, riskEventCount, predictor } = run.session;
  const { portfolio, risk, strategy, decision, venue } = loop.parts;
  const tca = portfolio.tcaReport();
  const fills: ReportFill[] = portfolio.fills.map((f) => ({
    ts: f.ts, side: f.side, px: f.px, qty: f.qty, fee: f.fee, maker: f.maker, arrivalMid: num(f.arrivalMid), strategy: f.strategy,
    decisionMid: num(f.decisionMid), latencyMs: f.latencyMs, slippageBps: num(f.slippageBps),
  }));
  const byStrategy = Object.fromEntries(Object.entries(tca.byStrategy).map(([k, v]) => [k, tcaJson(v)]));
  const span = run.messages > 0 ? run.lastTsMs - run.firstTsMs : 0;
  return {
    summary: {
      fills: tca.all.fills,
      makerFills: tca.all.makerFills,
      takerFills: tca.all.takerFills,
      feesUsd: portfolio.feesUsd,
      realizedPnlUsd: portfolio.realizedPnlUsd,
      unrealizedPnlUsd: portfolio.unrealizedPnlUsd,
      equityUsd: portfolio.equityUsd,
      finalPositionBtc: portfolio.positionBtc,
      avgSlippageBps: num(tca.all.avgSlippageBps),
      breakerTrips: risk.trips(),
      messages: run.messages,
      elapsedMs: span,
    },
    fills,
    byStrategy,
    all: tcaJson(tca.all),
    run: {
      instrument: { exchange: run.instrument.exchange, market: run.instrument.market, symbol: run.instrument.symbol },
      predictions: predictor.source,
      horizons: predictor.horizons,
      frames: run.frames,
      rejectedFrames: run.rejectedFrames,
      firstTsMs: num(run.firstTsMs),
      lastTsMs: num(run.lastTsMs),
    },
    portfolio: {
      cashUsd: portfolio.cashUsd,
      avgEntryUsd: num(portfolio.avgEntryUsd),
      markUsd: num(portfolio.markUsd),
      peakEquityUsd: portfolio.peakEquityUsd,
      maxDrawdownUsd: portfolio.maxDrawdownUsd,
    },
    decision: decision.stats(),
    strategy: { name: strategy.name, ...strategy.stats(), ordersSubmitted: loop.gate.submitted, ordersRefusedByRisk: loop.gate.refused },
    venue: venue.counters(),
    risk: {
      refusals: risk.refusals(),
      activeAtEnd: risk.activeBreakers(),
      haltedTicks: loop.haltedTicks,
      events: riskEvents,
      eventsTotal: riskEventCount(),
    },
    book: { gaps: run.book.gaps, resyncs: run.book.resyncs, crossed: run.book.crossed, skipped: run.book.skipped, stale: run.book.stale },
    equityCurve: portfolio.equityCurve.map((p) => [p.ts, p.equity, p.position]),
  };
}

const fmt = (x: unknown, digits = 2): string => (typeof x === 'number' && Number.isFinite(x) ? x.toFixed(digits) : '–');

/** The Markdown summary written beside the JSON report. */
export function reportMarkdown(r: ReplayReport, run: ReplayRun): string {
  const s = r.summary;
  const lines = [
    `# Replay report — ${run.instrument.exchange} ${run.instrument.market} ${run.instrument.symbol}`,
    '',
    `${s.messages} book messages over ${(s.elapsedMs / 1000).toFixed(1)} s of exchange time; predictions: ${run.session.predictor.source}.`,
    `Wall time ${run.wallMs.toFixed(0)} ms (${Math.round(s.messages / (run.wallMs / 1000))} messages/s; not in the JSON report, which is deterministic).`,
    '',
    '| | |',
    '| --- | --- |',
    `| fills (maker / taker) | ${s.fills} (${s.makerFills} / ${s.takerFills}) |`,
    `| fees | ${fmt(s.feesUsd, 4)} USD |`,
    `| realized / unrealized PnL | ${fmt(s.realizedPnlUsd, 4)} / ${fmt(s.unrealizedPnlUsd, 4)} USD |`,
    `| equity | ${fmt(s.equityUsd, 4)} USD |`,
    `| final position | ${s.finalPositionBtc} BTC |`,
    `| avg slippage vs arrival mid | ${fmt(s.avgSlippageBps, 3)} bps |`,
    '',
    '## By strategy',
    '',
    '| strategy | fills | maker | taker | qty BTC | fees USD | slippage bps | shortfall bps | adverse 1 s bps | adverse 10 s bps |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const [name, v] of Object.entries(r.byStrategy)) {
    const t = v as Record<string, unknown> & { adverseSelectionBps: Record<string, unknown> };
    lines.push(`| ${name} | ${t.fills} | ${t.makerFills} | ${t.takerFills} | ${fmt(t.qtyBtc, 3)} | ${fmt(t.feesUsd, 4)} | ${fmt(t.avgSlippageBps, 3)} | ${fmt(t.shortfallBps, 3)} | ${fmt(t.adverseSelectionBps['1s'], 3)} | ${fmt(t.adverseSelectionBps['10s'], 3)} |`);
  }
  lines.push('', '## Breakers', '', '| breaker | trips |', '| --- | --- |');
  for (const [name, n] of Object.entries(s.breakerTrips)) lines.push(`| ${name} | ${n} |`);
  const events = (r.risk as { events: RiskEvent[] }).events;
  if (events.length > 0) {
    lines.push('', 'First breaker events:', '');
    for (const e of events.slice(0, 10)) lines.push(`- ${new Date(e.tsMs).toISOString()} ${e.action} ${e.breaker}: ${e.reason}`);
  }
  return lines.join('\n') + '\n';
}
