/**
 * The synthetic market's invariants: same seed → byte-identical stream, the book
 * never crosses, sizes are positive integers of lots, frames parse cleanly, the
 * shipped parameters are valid and say what they were fitted from; Hawkes
 * sampler and MLE agree.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DEFAULT_PARAMS } from '../../src/feed/synthetic/default-params.js';
import { HawkesClock } from '../../src/feed/synthetic/draw.js';
import { fitHawkes } from '../../src/feed/synthetic/hawkes-fit.js';
import { ASK, BID, SyntheticMarket, type MarketSink } from '../../src/feed/synthetic/market.js';
import { checkParams } from '../../src/feed/synthetic/params.js';
import { measureFacts } from '../../src/feed/synthetic/facts.js';
import { Rng } from '../../src/feed/synthetic/rng.js';
import { syntheticRecording } from '../../src/exchange/offline.js';

test('the shipped parameters pass the schema and name the recordings they were fitted from', () => {
  const p = checkParams(JSON.parse(JSON.stringify(DEFAULT_PARAMS)), 'DEFAULT_PARAMS');
  assert.match(p.fittedFrom.command, /^btc-engine calibrate-market /);
  assert.ok(p.fittedFrom.files.some((f) => f.path.endsWith('bybit_linear_BTCUSDT_ob200_trades_2026-08-09.jsonl')));
  for (const f of p.fittedFrom.files) assert.match(f.sha256, /^[0-9a-f]{64}$/);
  assert.equal(p.tick, '0.1');
  assert.equal(p.lot, '0.001');
  assert.equal(p.windowTicks, 200);
});

test('same seed, same stream; another seed, another stream', () => {
  const a = syntheticRecording({ seed: 11, durationMs: 20_000, depth: 50 });
  const b = syntheticRecording({ seed: 11, durationMs: 20_000, depth: 50 });
  const c = syntheticRecording({ seed: 12, durationMs: 20_000, depth: 50 });
  assert.ok(a.length > 200);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
});

/** Checks every event and, after each, the book: never crossed, window sizes integers >= 0, bests occupied. */
function checkedRun(seed: number, seconds: number): { levels: number; prints: number } {
  const m = new SyntheticMarket({ ...DEFAULT_PARAMS, burnInS: 5 }, seed, 1_000_000);
  let levels = 0, prints = 0, lastTs = 0;
  const sink: MarketSink = {
    level(ts, side, px, qty) {
      assert.ok(Number.isInteger(qty) && qty >= 0, `level size ${qty}`);
      assert.ok(Number.isInteger(px) && px > 0);
      assert.ok(side === BID || side === ASK);
      assert.ok(ts >= lastTs); lastTs = ts;
      levels++;
    },
    trade(ts, _taker, px, qty) {
      assert.ok(Number.isInteger(qty) && qty >= 1, `print size ${qty}`);
      assert.ok(Number.isInteger(px));
      assert.ok(ts >= lastTs); lastTs = ts;
      prints++;
    },
  };
  for (let t = 1_000_000 + 50; t <= 1_000_000 + seconds * 1000; t += 50) {
    m.advanceTo(t, sink);
    const [b, a] = m.sides;
    assert.ok(b.bestPx < a.bestPx, `crossed at ${t}: ${b.bestPx} >= ${a.bestPx}`);
    assert.ok(b.qtyAt(0) >= 1 && a.qtyAt(0) >= 1, 'the best levels hold size');
  }
  return { levels, prints };
}

test('the book never crosses and every size is a positive integer of lots (events and book, several seeds)', () => {
  fc.assert(fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
    const r = checkedRun(seed, 60);
    assert.ok(r.levels > 1000 && r.prints > 50, `a minute has activity: ${JSON.stringify(r)}`);
  }), { numRuns: 5 });
});

test('generated frames parse without a rejection, gap or crossed book; every size is whole lots', async () => {
  const lines = syntheticRecording({ seed: 3, durationMs: 120_000, depth: 200 });
  for (const l of lines) {
    const f = JSON.parse(l) as { topic: string; data: unknown };
    const sizes = f.topic.startsWith('orderbook')
      ? [...(f.data as { b: string[][]; a: string[][] }).b, ...(f.data as { a: string[][] }).a].map((lv) => lv[1])
      : (f.data as Array<{ v: string }>).map((t) => t.v);
    for (const s of sizes) assert.match(s, /^(0|\d+\.\d{3})$/, `size ${s} is whole lots of 0.001`);
    if (f.topic.startsWith('publicTrade')) for (const s of sizes) assert.notEqual(s, '0');
  }
  const facts = await measureFacts([Buffer.from(lines.join('\n') + '\n')]);
  assert.equal(facts.rejected, 0);
  assert.equal(facts.crossed, 0);
  assert.ok(facts.depthMessages > 1000);
});

test('Hawkes MLE recovers the parameters of a simulated two-term process', () => {
  const truth = { baseRatePerS: 0.8, kernels: [{ branching: 0.3, decayPerS: 40 }, { branching: 0.5, decayPerS: 0.5 }] };
  const clock = new HawkesClock(truth.baseRatePerS, truth.kernels);
  const rng = new Rng(99);
  const times: number[] = [];
  let t = 0;
  while (t < 4000) {
    const s = clock.sample(rng);
    clock.decay(s);
    t += s;
    clock.jump();
    times.push(t);
  }
  const fit = fitHawkes([times], [t], 2);
  const mean = (p: typeof truth): number => p.baseRatePerS / (1 - p.kernels.reduce((s, k) => s + k.branching, 0));
  assert.ok(Math.abs(mean(fit) / mean(truth) - 1) < 0.15, `mean rate ${mean(fit)} vs ${mean(truth)}`);
  const total = fit.kernels.reduce((s, k) => s + k.branching, 0);
  assert.ok(Math.abs(total - 0.8) < 0.08, `total branching ${total}`);
  assert.ok(fit.kernels[0].decayPerS > 10 && fit.kernels[1].decayPerS < 2, JSON.stringify(fit.kernels));
});
