/** Pre-trade refusals, one reason at a time (limits: 20 lots per order, 50 lots of position, 3 orders per 60 s). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { manager, market } from './cfg.js';

const flat = { positionLots: 0, openBuyLots: 0, openSellLots: 0, nowMs: 1_000 };

test('max-order: 20 lots (0.02 BTC) pass, 21 are refused', () => {
  const { risk } = manager();
  assert.equal(risk.check({ side: 'buy', qtyLots: 20, tif: 'ioc' }, flat), null);
  const r = risk.check({ side: 'sell', qtyLots: 21, tif: 'post-only' }, flat);
  assert.equal(r?.breaker, 'max-order');
  assert.match(r!.reason, /0\.021 BTC > maxOrderBtc 0\.02/);
  assert.equal(risk.refusals()['max-order'], 1);
});

test('max-position: |position + open same side + qty| against 50 lots, each side', () => {
  const { risk } = manager();
  // long 30 + open buys 10 + 10 = 50: at the limit, allowed; + 11 = 51 refused
  assert.equal(risk.check({ side: 'buy', qtyLots: 10, tif: 'ioc' }, { ...flat, positionLots: 30, openBuyLots: 10 }), null);
  assert.equal(risk.check({ side: 'buy', qtyLots: 11, tif: 'ioc' }, { ...flat, positionLots: 30, openBuyLots: 10 })?.breaker, 'max-position');
  // short 30 − open sells 15 − 6 = −51 refused; − 5 = −50 allowed
  assert.equal(risk.check({ side: 'sell', qtyLots: 6, tif: 'ioc' }, { ...flat, positionLots: -30, openSellLots: 15 })?.breaker, 'max-position');
  assert.equal(risk.check({ side: 'sell', qtyLots: 5, tif: 'ioc' }, { ...flat, positionLots: -30, openSellLots: 15 }), null);
  // open orders of the other side do not add: long 45, open buys 20, sell 20 → 25
  assert.equal(risk.check({ side: 'sell', qtyLots: 20, tif: 'ioc' }, { ...flat, positionLots: 45, openBuyLots: 20 }), null);
  // an order that reduces a position already past the limit: long 60 − 10 = 50 allowed
  assert.equal(risk.check({ side: 'sell', qtyLots: 10, tif: 'ioc' }, { ...flat, positionLots: 60 }), null);
  assert.equal(risk.refusals()['max-position'], 2);
});

test('order-rate: rolling 60 s window (t − 60 000 ms has left the window), check does not count', () => {
  const { risk } = manager();
  const buy = { side: 'buy' as const, qtyLots: 1, tif: 'ioc' as const };
  for (const t of [0, 10_000, 20_000]) {
    assert.equal(risk.check(buy, { ...flat, nowMs: t }), null);
    assert.equal(risk.check(buy, { ...flat, nowMs: t }), null, 'checking twice counts nothing');
    risk.recordOrder(t);
  }
  // window (−1, 59 999] holds 0, 10 000, 20 000: a fourth is refused
  assert.equal(risk.check(buy, { ...flat, nowMs: 59_999 })?.breaker, 'order-rate');
  // at 60 000 the order at 0 is 60 000 ms old: out of the window
  assert.equal(risk.check(buy, { ...flat, nowMs: 60_000 }), null);
  risk.recordOrder(60_000);
  // (9 999, 69 999] holds 10 000, 20 000, 60 000
  const r = risk.check(buy, { ...flat, nowMs: 69_999 });
  assert.equal(r?.breaker, 'order-rate');
  assert.match(r!.reason, /3 orders in the last 60 s/);
  assert.equal(risk.check(buy, { ...flat, nowMs: 70_000 }), null);
  assert.equal(risk.refusals()['order-rate'], 2);
});

test('halted: any active breaker refuses first, named by the breaker; every refusal key is present', () => {
  const { risk } = manager();
  risk.onMarket(market(1_000, { spreadBps: 25 }));
  const r = risk.check({ side: 'buy', qtyLots: 99, tif: 'ioc' }, flat);
  assert.equal(r?.breaker, 'halted:spread', 'halt is reported before the size limit');
  risk.onMarket(market(2_000));
  assert.equal(risk.check({ side: 'buy', qtyLots: 1, tif: 'ioc' }, { ...flat, nowMs: 2_000 }), null);
  assert.deepEqual(risk.refusals(), {
    'max-order': 0, 'max-position': 0, 'order-rate': 0,
    'halted:stale-feed': 0, 'halted:crossed-book': 0, 'halted:invalid-book': 0, 'halted:spread': 1, 'halted:volatility': 0,
    'halted:daily-loss': 0, 'halted:drawdown': 0,
  });
});
