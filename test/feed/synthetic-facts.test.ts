/**
 * Stylised facts of the synthetic market against the real Bybit recordings in
 * ../shared/data, both measured here by the same code (src/feed/synthetic/facts.ts).
 * The genuine Bybit linear capture is 43.5 s long and its mid never moves, so the
 * return facts are compared with the 514 s Bybit-shaped recording of the real
 * Binance USD-M BTCUSDT book (DERIVED in data/README.md); synthetic windows have
 * that recording's length, and their medians are compared. docs/SYNTHETIC.md
 * quotes the numbers this test prints.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { measureFacts, type StylisedFacts } from '../../src/feed/synthetic/facts.js';
import { streamFile } from '../../src/feed/stream.js';
import { syntheticRecording } from '../../src/exchange/offline.js';
import { sharedFile } from '../helpers/shared-data.js';

const BYBIT = 'bybit/bybit_linear_BTCUSDT_ob200_trades_2026-08-09.jsonl';
const DERIVED = 'bybit/derived_bybit-shaped_ob200_BTCUSDT_2023-04-04.jsonl';
const WINDOWS = 8;

async function real(rel: string): Promise<StylisedFacts> {
  async function* chunks(): AsyncGenerator<Uint8Array> {
    for await (const item of streamFile(sharedFile(rel))) if ('bytes' in item) yield item.bytes;
  }
  return measureFacts(chunks());
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const acf13 = (f: StylisedFacts): number => (f.returns1s.absAcf[0] + f.returns1s.absAcf[1] + f.returns1s.absAcf[2]) / 3;

test('stylised facts: spread, heavy-tailed returns, volatility clustering, heavy-tailed trade sizes (synthetic vs real)', async (t) => {
  const bybit = await real(BYBIT);
  const derived = await real(DERIVED);
  const windowMs = Math.round(derived.spanS) * 1000;
  const syn: StylisedFacts[] = [];
  for (let w = 0; w < WINDOWS; w++) {
    const lines = syntheticRecording({ seed: 1000 + w, durationMs: windowMs, depth: 1 });
    syn.push(await measureFacts([Buffer.from(lines.join('\n') + '\n')]));
  }
  const s = {
    spread1: median(syn.map((f) => f.spreadShare['1'])),
    kurtosis: median(syn.map((f) => f.returns1s.excessKurtosis ?? 0)),
    acf13: median(syn.map(acf13)),
    zeroShare: median(syn.map((f) => f.returns1s.zeroShare)),
    stdBps: median(syn.map((f) => f.returns1s.stdBps)),
    sizeRatio: median(syn.map((f) => f.trades.p99OverMedian)),
    printsPerS: median(syn.map((f) => f.trades.perS)),
  };
  const row = (name: string, f: { spread1: number; kurtosis: number | null; acf13: number; zeroShare: number; stdBps: number; sizeRatio: number; printsPerS: number }): string =>
    `${name.padEnd(34)} spread=1 ${f.spread1.toFixed(4)}  exkurt ${f.kurtosis === null ? 'n/a' : f.kurtosis.toFixed(2)}  acf|r|(1..3) ${f.acf13.toFixed(3)}  ` +
    `zero ${f.zeroShare.toFixed(2)}  std ${f.stdBps.toFixed(3)} bps  p99/median ${f.sizeRatio.toFixed(1)}  prints/s ${f.printsPerS.toFixed(1)}`;
  const of = (f: StylisedFacts) => ({
    spread1: f.spreadShare['1'], kurtosis: f.returns1s.excessKurtosis, acf13: acf13(f), zeroShare: f.returns1s.zeroShare,
    stdBps: f.returns1s.stdBps, sizeRatio: f.trades.p99OverMedian, printsPerS: f.trades.perS,
  });
  t.diagnostic(row(`real Bybit linear (${bybit.spanS.toFixed(0)} s)`, of(bybit)));
  t.diagnostic(row(`real derived (${derived.spanS.toFixed(0)} s)`, of(derived)));
  t.diagnostic(row(`synthetic, median of ${WINDOWS} x ${windowMs / 1000} s`, s));
  t.diagnostic(`synthetic kurtosis per window: ${syn.map((f) => (f.returns1s.excessKurtosis ?? 0).toFixed(1)).join(' ')}; acf|r| lag 1..5 of window 0: ${syn[0].returns1s.absAcf.map((x) => x.toFixed(3)).join(' ')}`);

  // Spread: mostly one tick, as in both recordings.
  assert.ok(bybit.spreadShare['1'] > 0.99 && derived.spreadShare['1'] > 0.99);
  assert.ok(s.spread1 > 0.97, `synthetic one-tick share ${s.spread1}`);
  // Heavy-tailed 1 s returns, kurtosis in the real recording's ballpark.
  const kReal = derived.returns1s.excessKurtosis!;
  assert.ok(kReal > 1);
  assert.ok(s.kurtosis > 1 && s.kurtosis > kReal / 3 && s.kurtosis < kReal * 3, `synthetic excess kurtosis ${s.kurtosis} vs real ${kReal}`);
  assert.ok(syn.every((f) => (f.returns1s.excessKurtosis ?? 0) > 0), 'every window is heavy-tailed');
  // Volatility clustering: |r| positively autocorrelated at small lags.
  assert.ok(acf13(derived) > 0);
  assert.ok(s.acf13 > 0.01 && s.acf13 < 0.3, `synthetic acf ${s.acf13}`);
  assert.ok(syn.filter((f) => f.returns1s.absAcf[0] > 0).length >= WINDOWS - 1, 'lag-1 clustering in (almost) every window');
  // Heavy-tailed prints: p99 / median comparable to the recordings'.
  assert.ok(s.sizeRatio > 10);
  assert.ok(s.sizeRatio > derived.trades.p99OverMedian / 3 && s.sizeRatio < derived.trades.p99OverMedian * 3, `p99/median ${s.sizeRatio}`);
  assert.ok(s.sizeRatio > bybit.trades.p99OverMedian / 4 && s.sizeRatio < bybit.trades.p99OverMedian * 4, `p99/median ${s.sizeRatio} vs Bybit`);
  // Activity of the same order as the real tape.
  assert.ok(s.printsPerS > derived.trades.perS / 3 && s.printsPerS < derived.trades.perS * 3);
  for (const f of syn) { assert.equal(f.crossed, 0); assert.equal(f.rejected, 0); }
});
