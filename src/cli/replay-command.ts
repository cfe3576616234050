/**
 * `btc-engine replay [--config FILE] [--report FILE.json] [--speed X] [--dashboard [--port N] [--dashboard-hold S]] FILE...`:
 * the whole engine on recordings (src/engine/replay.ts). The report (issue 7
 * contract) goes to --report, with a Markdown summary beside it (FILE.md), or to
 * stdout as one JSON object without --report. With --dashboard the page, /health
 * and /metrics are served while it runs (src/dashboard). Deterministic: the same input and
 * config give a byte-identical report; wall-clock numbers go to stderr only.
 */
import { writeFileSync } from 'node:fs';
import { loadConfig } from '../config/load.js';
import { UsageError } from '../errors.js';
import { buildReport, reportMarkdown } from '../engine/report.js';
import { replay } from '../engine/replay.js';
import { ReplayDashboard, YIELD_EVERY_MS } from '../dashboard/replay-dashboard.js';
import { openInput } from './input.js';
import { OncePerKind } from './report.js';

export interface ReplayCommandOptions {
  config?: string;
  report?: string;
  speed?: number;
  dashboard?: boolean;
  /** Seconds the dashboard stays up after the replay ends. */
  dashboardHold?: number;
  port?: number;
  backend?: string;
  strategy?: string;
}

export async function runReplay(files: string[], o: ReplayCommandOptions): Promise<number> {
  if (o.dashboardHold !== undefined && !o.dashboard) throw new UsageError('--dashboard-hold needs --dashboard');
  const cfg = loadConfig(o.config, [[['kernels'], o.backend], [['execution', 'strategy'], o.strategy], [['dashboard', 'port'], o.port]]);
  const who = 'btc-engine replay';
  const dash = o.dashboard ? new ReplayDashboard({
    dashboard: cfg.dashboard, extended: cfg.features.extended, hhtEnabled: cfg.features.hht.enabled,
    announce: (url) => process.stderr.write(`${who}: dashboard at ${url}/ (and /health, /metrics)\n`),
  }) : undefined;
  const report = new OncePerKind(who);
  const { instrument, items } = await openInput(files, cfg, report, who);
  let run;
  try {
    run = await replay({
      cfg, configFile: o.config, instrument, items, report, speed: o.speed,
      onStart: dash?.onStart, yieldEveryMs: dash ? YIELD_EVERY_MS : undefined,
    });
  } catch (err) {
    dash?.close();
    throw err;
  }
  const json = buildReport(run);
  const text = JSON.stringify(json) + '\n';
  if (o.report) {
    writeFileSync(o.report, text);
    const md = o.report.endsWith('.json') ? o.report.slice(0, -5) + '.md' : o.report + '.md';
    writeFileSync(md, reportMarkdown(json, run));
  } else {
    process.stdout.write(text);
  }
  const s = json.summary;
  const perSec = run.messages / (run.wallMs / 1000);
  process.stderr.write(`${who}: ${run.messages} book messages in ${run.wallMs.toFixed(0)} ms (${Math.round(perSec)} msg/s, kernels ${run.kernelBackend}${run.hhtBackend ? `, HHT ${run.hhtBackend}` : ''}); `
    + `${s.fills} fills, position ${s.finalPositionBtc} BTC, equity ${s.equityUsd.toFixed(2)} USD\n`);
  if (dash) {
    const holdS = o.dashboardHold ?? 0;
    if (holdS > 0) process.stderr.write(`${who}: replay done; the dashboard stays up for ${holdS} s (Ctrl-C stops)\n`);
    await dash.end(holdS * 1000);
    dash.close();
  }
  return 0;
}
