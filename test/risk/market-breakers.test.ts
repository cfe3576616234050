/** Market breakers trip when their condition becomes true, clear when it is false, and count once per trip. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { manager, market } from './cfg.js';

test('spread: trips above 20 bps once, clears, trips again; logs with the numbers', () => {
  const { risk, events } = manager();
  risk.onMarket(market(1_000, { spreadBps: 20 }));  // not > 20
  assert.equal(risk.halted, false);
  for (const t of [2_000, 3_000, 4_000]) risk.onMarket(market(t, { spreadBps: 25 }));
  assert.equal(risk.halted, true);
  assert.deepEqual(risk.activeBreakers(), ['spread']);
  assert.equal(risk.trips()['spread'], 1, 'three ticks above the limit are one trip');
  risk.onMarket(market(5_000, { spreadBps: NaN }));
  assert.equal(risk.halted, true, 'a NaN spread leaves the breaker as it was');
  risk.onMarket(market(6_000, { spreadBps: 10 }));
  assert.equal(risk.halted, false);
  risk.onMarket(market(7_000, { spreadBps: 30 }));
  assert.equal(risk.trips()['spread'], 2);
  assert.deepEqual(events.map((e) => [e.tsMs, e.breaker, e.action]), [[2_000, 'spread', 'trip'], [6_000, 'spread', 'clear'], [7_000, 'spread', 'trip']]);
  assert.deepEqual(events[0]!.detail, { spreadBps: 25, maxSpreadBps: 20 });
  assert.match(events[0]!.reason, /spread 25 bps > maxSpreadBps 20/);
});

test('volatility: trips above 50 bps, NaN (warm-up) changes nothing', () => {
  const { risk, events } = manager();
  risk.onMarket(market(1_000, { volBps: NaN }));
  assert.equal(risk.halted, false);
  risk.onMarket(market(2_000, { volBps: 51 }));
  risk.onMarket(market(3_000, { volBps: NaN }));
  assert.deepEqual(risk.activeBreakers(), ['volatility']);
  risk.onMarket(market(4_000, { volBps: 50 }));
  assert.equal(risk.halted, false);
  assert.equal(risk.trips()['volatility'], 1);
  assert.deepEqual(events.map((e) => e.action), ['trip', 'clear']);
  assert.deepEqual(events[0]!.detail, { volBps: 51, maxVolBps: 50 });
});

test('stale-feed: age > 5 000 ms trips, a fresh update clears', () => {
  const { risk, events } = manager();
  risk.onMarket(market(6_000, { lastBookUpdateMs: 1_000 }));  // 5 000 ms: not > 5 000
  assert.equal(risk.halted, false);
  risk.onMarket(market(6_001, { lastBookUpdateMs: 1_000 }));
  risk.onMarket(market(9_000, { lastBookUpdateMs: 1_000 }));
  assert.deepEqual(risk.activeBreakers(), ['stale-feed']);
  assert.deepEqual(events[0]!.detail, { ageMs: 5_001, staleFeedMs: 5_000 });
  risk.onMarket(market(9_100, { lastBookUpdateMs: 9_050 }));
  assert.equal(risk.halted, false);
  assert.equal(risk.trips()['stale-feed'], 1);
});

test('crossed-book and invalid-book are separate states', () => {
  const { risk } = manager();
  risk.onMarket(market(1_000, { crossed: true }));
  assert.deepEqual(risk.activeBreakers(), ['crossed-book']);
  risk.onMarket(market(2_000, { crossed: true, valid: false }));
  assert.deepEqual(risk.activeBreakers(), ['crossed-book', 'invalid-book']);
  risk.onMarket(market(3_000, { valid: false }));
  assert.deepEqual(risk.activeBreakers(), ['invalid-book']);
  risk.onMarket(market(4_000));
  assert.equal(risk.halted, false);
  risk.onMarket(market(5_000, { crossed: true }));
  assert.deepEqual(risk.trips(), { 'stale-feed': 0, 'crossed-book': 2, 'invalid-book': 1, spread: 0, volatility: 0, 'daily-loss': 0, drawdown: 0 });
});
