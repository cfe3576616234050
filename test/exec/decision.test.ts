/** Decision layer: thresholds and hysteresis, cooldown, interval, position limit, flips, NaN, rule signal. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DecisionLayer, nextTargetLots } from '../../src/exec/decision.js';
import { PassiveStrategy } from '../../src/exec/passive.js';
import type { ExecStrategy, MarketView, OrderSink, ParentOrder } from '../../src/exec/types.js';
import { decisionConfig, execConfig, FakeVenue, view } from './helpers/fake-venue.js';

/** Records start/stop; remaining and open lots are set by the test. */
class FakeStrategy implements ExecStrategy {
  readonly name = 'passive' as const;
  remainingLots = 0;
  openLots = 0;
  readonly started: ParentOrder[] = [];
  stops = 0;
  start(p: ParentOrder): void {
    this.started.push(p);
    this.remainingLots = this.openLots = p.qtyLots;
  }
  onTick(): void {}
  onReport(): void {}
  stop(_m: MarketView, _sink: OrderSink): void {
    this.stops++;
    this.remainingLots = 0; // openLots stays until the test confirms the cancels
  }
  stats(): Record<string, number> {
    return {};
  }
}

const HORIZONS = ['1s', '5s'];
const ctx = { horizons: HORIZONS, lotBtc: 0.001, riskMaxPositionBtc: 0.05 };

/** No horizon weights configured (the default weighs 1 s only): every horizon gets 1/H. */
function layer(o: Record<string, unknown> = {}): DecisionLayer {
  return new DecisionLayer(decisionConfig({ entryBps: 1, exitBps: 0.2, maxPositionBtc: 0.01, cooldownMs: 0, intervalMs: 0, horizonWeights: {}, ...o }), ctx);
}

test('hysteresis: ±max at |signal| ≥ entry, flat below exit, unchanged in between', () => {
  assert.equal(nextTargetLots(1, 0, 10, 1, 0.2), 10);
  assert.equal(nextTargetLots(0.5, 10, 10, 1, 0.2), 10);
  assert.equal(nextTargetLots(0.19, 10, 10, 1, 0.2), 0);
  assert.equal(nextTargetLots(-0.5, 0, 10, 1, 0.2), 0);
  assert.equal(nextTargetLots(-1, 0, 10, 1, 0.2), -10);
  assert.equal(nextTargetLots(-0.2, -10, 10, 1, 0.2), -10, 'exactly exit is not below it');
});

test('signal = Σ w·pred with missing weights 1/H; the target follows it through the thresholds', () => {
  const d = layer();
  const s = new FakeStrategy();
  const v = new FakeVenue();
  const steps: Array<[number, number, number]> = [[1, 1, 10], [0.5, 0.5, 10], [0.1, 0.2, 0], [-0.6, -0.6, 0], [-2, 0, -10]];
  steps.forEach(([a, b, want], i) => {
    d.onTick([a, b], view({ nowMs: i }), 0, s, v);
    assert.equal(d.target, want, `step ${i}`);
  });
  assert.ok(Math.abs(d.lastSignalBps - -1) < 1e-12);
  const w = layer({ horizonWeights: { '1s': 2 } }); // weights [2, 0.5]: 2·1 + 0.5·(−2) = 1
  w.onTick([1, -2], view(), 0, s, v);
  assert.equal(w.target, 10);
});

test('starts a parent for the difference, with ids from the sink and the decision mid', () => {
  const d = layer();
  const s = new FakeStrategy();
  const v = new FakeVenue();
  d.onTick([2, 2], view({ nowMs: 7 }), 3, s, v);
  assert.deepEqual(s.started, [{ id: 'parent-1', side: 'buy', qtyLots: 7, decisionMid: 60_000.05, createdMs: 7 }]);
  d.onTick([2, 2], view({ nowMs: 8 }), 3, s, v);
  assert.equal(s.started.length, 1, 'position + working remaining = target: nothing to do');
  assert.deepEqual(d.stats(), { decisions: 2, targetChanges: 1, cooldownSkips: 0, parentsStarted: 1, parentsStopped: 0, cancelWaits: 0 });
});

test('runs at most once per interval; invalid books and NaN predictions decide nothing', () => {
  const d = layer({ intervalMs: 100 });
  const s = new FakeStrategy();
  const v = new FakeVenue();
  d.onTick([NaN, 5], view({ nowMs: 0 }), 0, s, v);
  d.onTick([5, 5], view({ nowMs: 0, valid: false }), 0, s, v);
  assert.deepEqual([d.stats().decisions, d.target, s.started.length], [0, 0, 0]);
  d.onTick([0, 0], view({ nowMs: 10 }), 0, s, v);
  d.onTick([5, 5], view({ nowMs: 60 }), 0, s, v);
  assert.deepEqual([d.stats().decisions, d.target], [1, 0], 'the tick at 60 is inside the interval');
  d.onTick([5, 5], view({ nowMs: 110 }), 0, s, v);
  assert.deepEqual([d.stats().decisions, d.target], [2, 10]);
});

test('cooldown: the target changes at most once per cooldownMs', () => {
  const d = layer({ cooldownMs: 2_000 });
  const s = new FakeStrategy();
  const v = new FakeVenue();
  d.onTick([5, 5], view({ nowMs: 0 }), 0, s, v);
  d.onTick([-5, -5], view({ nowMs: 1_999 }), 0, s, v);
  assert.deepEqual([d.target, d.stats().cooldownSkips], [10, 1]);
  d.onTick([-5, -5], view({ nowMs: 2_000 }), 0, s, v);
  assert.equal(d.target, -10);
});

test('position limit: min(decision, risk) max position, floored to lots', () => {
  assert.equal(layer().maxPositionLots, 10); // 0.01 / 0.001 despite float division
  const d = new DecisionLayer(decisionConfig({ maxPositionBtc: 0.01, entryBps: 1 }), { ...ctx, riskMaxPositionBtc: 0.0047 });
  assert.equal(d.maxPositionLots, 4);
  d.onTick([-3, -3], view(), 0, new FakeStrategy(), new FakeVenue());
  assert.equal(d.target, -4);
  assert.throws(() => new DecisionLayer(decisionConfig(), { ...ctx, lotBtc: 0 }), { name: 'RangeError', message: /lotBtc must be positive, was 0/ });
});

test('a flip stops the working parent and starts the new one once its cancels are confirmed', () => {
  const d = layer();
  const s = new FakeStrategy();
  const v = new FakeVenue();
  d.onTick([5, 5], view({ nowMs: 0 }), 0, s, v); // buy 10
  s.remainingLots = 7; // 3 filled
  s.openLots = 7;
  d.onTick([-5, -5], view({ nowMs: 1 }), 3, s, v);
  assert.deepEqual([s.stops, s.started.length, d.stats().cancelWaits], [1, 1, 1], 'waits for the venue');
  s.openLots = 0; // cancel confirmed after 1 more lot filled
  d.onTick([-5, -5], view({ nowMs: 2 }), 4, s, v);
  assert.deepEqual(s.started[1], { id: 'parent-2', side: 'sell', qtyLots: 14, decisionMid: 60_000.05, createdMs: 2 });
  assert.deepEqual([d.stats().parentsStopped, d.stats().parentsStarted], [1, 2]);
});

test('with the real PASSIVE strategy: flatten a long, flip, no two parents live at once', () => {
  const d = layer();
  const s = new PassiveStrategy(execConfig({ passive: { maxRestMs: 86_400_000 } }));
  const v = new FakeVenue();
  d.onTick([5, 5], view({ nowMs: 0 }), 0, s, v);
  const buyId = v.last().clientId; // ids share one counter: parent-1, passive-2
  assert.deepEqual([buyId, v.last().side, v.last().qtyLots], ['passive-2', 'buy', 10]);
  s.onReport(v.fill(buyId, 4, 1), view({ nowMs: 1 }), v);
  d.onTick([-5, -5], view({ nowMs: 2 }), 4, s, v); // flip to −10: stop the buy first
  assert.deepEqual(v.cancels, [buyId]);
  d.onTick([-5, -5], view({ nowMs: 2.5 }), 4, s, v);
  assert.equal(v.submits.length, 1, 'no sell while the buy is not confirmed gone');
  s.onReport(v.fill(buyId, 1, 3), view({ nowMs: 3 }), v); // races the cancel
  s.onReport(v.cancelled(buyId, 'requested', 3), view({ nowMs: 3 }), v);
  d.onTick([-5, -5], view({ nowMs: 4 }), 5, s, v);
  assert.deepEqual([v.last().side, v.last().qtyLots, v.last().strategy], ['sell', 15, 'passive']);
  assert.equal(v.live().length, 1);
});

