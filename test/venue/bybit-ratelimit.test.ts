/**
 * Rate limits: the venue paces each endpoint from X-Bapi-Limit-Status /
 * X-Bapi-Limit-Reset-Timestamp and waits before the budget runs out, so a burst
 * of orders never meets a 10006; when the budget is taken by someone else
 * anyway, the 10006 is honoured (wait for the reset) and the order, keyed by
 * orderLinkId, is sent again and created once.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { VenueReport } from '../../src/venue/types.js';
import { drainAll, FakeBybitExchange, order, startFakeVenue, until } from '../helpers/fake-bybit-rest.js';

test('a burst of 12 orders against a limit of 4 per 400 ms: paced, no 10006, all created once', async () => {
  const fake = await FakeBybitExchange.start();
  fake.rateLimit = 4;
  fake.rateWindowMs = 400;
  const venue = await startFakeVenue(fake, { rateLimitMargin: 1, rateLimitWindowMs: 400 });
  const all: VenueReport[] = [];
  try {
    const orders = Array.from({ length: 12 }, (_, i) => order(i % 2 ? 'sell' : 'buy', 'ioc', 1, 600_000));
    const t0 = Date.now();
    for (const o of orders) venue.submit(o, venue.nowMs);
    assert.ok(await until(() => { drainAll(venue, all); return all.filter((r) => r.kind === 'fill').length === 12; }, 10_000));
    const elapsed = Date.now() - t0;
    assert.equal(fake.rejections.rateLimit, 0, 'never refused');
    for (const o of orders) assert.equal(fake.createsByLinkId.get(o.clientId), 1);
    assert.ok(venue.counters().rateLimitWaits > 0, 'it waited for the window');
    // 12 requests at ≤ 3 per 400 ms window (one kept in reserve) take at least three windows.
    assert.ok(elapsed >= 3 * 400 - 50, `took ${elapsed} ms`);
  } finally {
    await venue.close();
    await fake.close();
  }
});

test('budget taken by another client: 10006, wait for the reset, sent again, created once', async () => {
  const fake = await FakeBybitExchange.start();
  fake.rateLimit = 3;
  fake.rateWindowMs = 500;
  const venue = await startFakeVenue(fake, { rateLimitMargin: 0, rateLimitWindowMs: 500 });
  const all: VenueReport[] = [];
  try {
    fake.exhaust('/v5/order/create');
    const o = order('buy', 'ioc', 2, 600_000);
    const t0 = Date.now();
    venue.submit(o, venue.nowMs);
    assert.ok(await until(() => { drainAll(venue, all); return all.some((r) => r.kind === 'fill'); }, 5000));
    assert.ok(Date.now() - t0 >= 400, 'waited for the reset');
    assert.equal(fake.rejections.rateLimit, 1);
    assert.equal(fake.createsByLinkId.get(o.clientId), 1);
    const c = venue.counters();
    assert.equal(c.rateLimitRejects, 1);
    assert.equal(c.rateLimitRetries, 1);
  } finally {
    await venue.close();
    await fake.close();
  }
});
