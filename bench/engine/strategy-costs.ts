/**
 * Not a benchmark: the PASSIVE vs AGGRESSIVE (and TWAP) cost study of issue 7
 * (`node dist/bench/engine/strategy-costs.js`, numbers in docs/EXECUTION.md).
 * Each shared recording is replayed once per strategy with the default config
 * (stand-in rule, prob queue model, 5 ms latencies, Bybit fees); the table shows
 * what each strategy paid per fill: slippage vs the arrival mid, implementation
 * shortfall vs the decision mid (fees included), fees, and the adverse
 * selection of maker fills 1 s and 10 s later.
 */
import { loadConfig } from '../../src/config/load.js';
import { replay } from '../../src/engine/replay.js';
import { OncePerKind } from '../../src/cli/report.js';
import type { StreamItem } from '../../src/feed/stream.js';
import { loadStream } from '../lib.js';

const STREAMS = ['bybit-shaped', 'bybit-linear', 'binance-usdm', 'binance-spot'];
const STRATEGIES = ['passive', 'aggressive', 'twap'] as const;
const f = (x: number, d = 2): string => (Number.isFinite(x) ? x.toFixed(d) : '–');

console.log('| stream | strategy | parents | fills (maker/taker) | qty BTC | slippage bps | shortfall bps | fees bps | adverse 1 s bps | adverse 10 s bps | PnL USD |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const name of STREAMS) {
  const s = loadStream(name);
  for (const strategy of STRATEGIES) {
    const cfg = loadConfig(undefined, [[['execution', 'strategy'], strategy]]);
    async function* items(): AsyncGenerator<StreamItem> {
      for (let i = 0; i < s.files.length; i++) yield { part: `${name}#${i}`, bytes: s.files[i], first: true };
    }
    const run = await replay({ cfg, instrument: s.instrument, items: items(), report: new OncePerKind('study', () => {}) });
    const { portfolio, decision } = run.session.loop.parts;
    const t = portfolio.tcaReport().all;
    const feesBps = (t.feesUsd / t.notionalUsd) * 1e4;
    console.log(`| ${name} | ${strategy} | ${decision.stats().parentsStarted} | ${t.fills} (${t.makerFills}/${t.takerFills}) | ${f(t.qtyBtc, 3)} | ${f(t.avgSlippageBps)} | ${f(t.shortfallBps)} | ${f(feesBps)} | ${f(t.adverseSelectionBps['1s'])} | ${f(t.adverseSelectionBps['10s'])} | ${f(portfolio.equityUsd - cfg.portfolio.initialCashUsd)} |`);
  }
}
