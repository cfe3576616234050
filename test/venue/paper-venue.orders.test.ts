/**
 * Paper venue bookkeeping: duplicate and malformed orders, cancels of unknown
 * orders, fees and arrival mid, the config factory, and feeding records in pieces.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromConfig } from '../../src/venue/paper/index.js';
import type { FillReport } from '../../src/venue/types.js';
import { brief, drainAll, feed, makeVenue, order, StreamBuilder } from '../helpers/venue-stream.js';

const close = (a: number, b: number, what: string) =>
  assert.ok(Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);

test('duplicate ids, malformed orders and cancels of unknown ids are rejected', () => {
  const v = makeVenue();
  feed(v, new StreamBuilder().snapshot(1000, [[100, 5]], [[101, 4]]));
  v.advanceMessages(1);
  v.submit(order('a', 'buy', 'post-only', 99, 1), 1000);
  v.submit(order('a', 'sell', 'ioc', 100, 1), 1000);
  v.submit(order('frac', 'buy', 'post-only', 99, 1.5), 1000);
  v.submit(order('zero', 'buy', 'post-only', 99, 0), 1000);
  v.submit(order('px', 'buy', 'ioc', 0, 1), 1000);
  v.submit(order('pxfrac', 'buy', 'post-only', 99.5, 1), 1000);
  v.submit({ ...order('tif', 'buy', 'post-only', 99, 1), tif: 'gtc' as never }, 1000);
  v.cancel('nobody', 1000);
  v.flush();
  assert.deepEqual(drainAll(v).map(brief), [
    'accepted a t=1000', 'rejected a duplicate-id t=1000',
    'rejected frac bad-order t=1000', 'rejected zero bad-order t=1000', 'rejected px bad-order t=1000',
    'rejected pxfrac bad-order t=1000', 'rejected tif bad-order t=1000',
    'cancel-rejected nobody unknown-order t=1000',
  ]);
  assert.equal(v.openOrderCount, 1); // the first 'a' is untouched
  const c = v.counters();
  assert.equal(c.rejected['duplicate-id'], 1);
  assert.equal(c.rejected['bad-order'], 5);
  assert.equal(c.cancelRejects, 1);
});

test('fees: maker and taker rates on px·tick · qty·lot, rebates negative; arrival mid of the venue book', () => {
  // BTCUSDT-like: tick 0.1 USD, lot 0.001 BTC; bid 650000 ticks = 65000.0 USD, ask 650001 = 65000.1 USD.
  const v = makeVenue({ tickUsd: 0.1, lotBtc: 0.001, makerFeeRate: -0.0001, takerFeeRate: 0.00055 });
  const s = new StreamBuilder().snapshot(1000, [[650000, 30]], [[650001, 30]]);
  feed(v, s);
  v.advanceMessages(1);
  v.submit(order('m', 'buy', 'post-only', 650000, 10), 1000);
  v.submit(order('t', 'buy', 'ioc', 650001, 10), 1000);
  s.trade(1001, 'sell', 650000, 40); // 30 ahead, 10 through: maker fill of 10
  feed(v, s);
  v.flush();
  const fills = drainAll(v).filter((r): r is FillReport => r.kind === 'fill');
  assert.equal(fills.length, 2);
  const [taker, maker] = fills;
  // taker: 65000.1 USD × 0.010 BTC = 650.001 USD notional × 0.00055 = 0.35750055 USD
  assert.equal(taker.maker, false);
  close(taker.feeUsd, 0.35750055, 'taker fee');
  // maker: 65000.0 × 0.010 = 650 USD × −0.0001 = −0.065 USD (rebate)
  assert.equal(maker.maker, true);
  close(maker.feeUsd, -0.065, 'maker fee');
  // mid = (650000 + 650001) / 2 ticks × 0.1 = 65000.05 USD
  close(maker.arrivalMid, 65000.05, 'arrival mid');
  close(taker.arrivalMid, 65000.05, 'arrival mid');
  assert.equal(maker.submitMs, 1000);
  assert.equal(maker.strategy, 't');
});

test('fromConfig converts tick and lot grids and the fee rates', () => {
  const cfg = {
    queueModel: 'prob' as const, queuePower: 3, seed: 1, makerFeeRate: 0.0002, takerFeeRate: 0.00055,
    entryLatency: { ms: 0 }, responseLatency: { ms: 0 },
  };
  const v = fromConfig(cfg, { tick: { units: 5, decimals: 1 }, lot: { units: 1, decimals: 3 } }, '/');
  feed(v, new StreamBuilder().snapshot(1000, [[200000, 5]], [[200001, 5]]));
  v.advanceMessages(1);
  v.submit(order('t', 'sell', 'market', 0, 2), 1000);
  v.flush();
  const f = drainAll(v).find((r): r is FillReport => r.kind === 'fill')!;
  // tick 0.5 USD: 200000 ticks = 100000 USD; 2 lots = 0.002 BTC → 200 USD × 0.00055 = 0.11 USD
  close(f.feeUsd, 0.11, 'fee');
  close(f.arrivalMid, 100000.25, 'mid');
});

test('records fed in arbitrary pieces (a message split across enqueue calls) replay the same as fed at once', () => {
  const s = new StreamBuilder()
    .snapshot(1000, [[100, 5], [99, 7]], [[101, 4], [102, 6]])
    .diff(1001, [[100, 6]], [[101, 3]])
    .trade(1002, 'sell', 100, 8)
    .diff(1003, [[100, 0], [98, 2]], [[102, 9], [103, 1]])
    .trade(1004, 'buy', 102, 3)
    .diff(1005, [[99, 1]], [[101, 0]]);
  const run = (cuts: number[]) => {
    const v = makeVenue();
    v.submit(order('b', 'buy', 'post-only', 99, 2), 1000.5);
    v.submit(order('i', 'buy', 'ioc', 102, 5), 1003.5);
    let from = 0;
    let applied = 0;
    for (const to of [...cuts, s.count]) {
      v.enqueue(s.records.subarray(from * 8), to - from);
      from = to;
      applied += v.advanceMessages(1);
      assert.ok(v.pendingRecords >= 0);
    }
    applied += v.flush();
    return { applied, reports: drainAll(v).map(brief) };
  };
  const whole = run([]);
  assert.equal(whole.applied, 4);
  // The bid at 99 (7 ahead) sees no trade at or through 99 and no ask at or below 99: it stays open.
  // The IOC at 1003.5 meets asks 101×3 (diff 1001), 102×9 (diff 1003): 3@101, then 2@102.
  assert.deepEqual(whole.reports, [
    'accepted b t=1000.5',
    'accepted i t=1003.5', 'fill i 3@101 leaves=2 taker t=1003.5', 'fill i 2@102 leaves=0 taker t=1003.5',
  ]);
  // Cut inside the snapshot (record 2 of 5), inside a diff, and between items.
  assert.deepEqual(run([2, 6, 7, 9, 12]), whole);
  assert.deepEqual(run([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]), whole);
});
