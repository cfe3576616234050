/**
 * Retries without double submits. A create whose answer is lost (after or
 * before the exchange carried it out, or late) is looked up by orderLinkId and
 * sent again only when the exchange does not have it, so each order is created
 * exactly once (the fake counts creates per orderLinkId). Reads are sent again
 * after a lost answer; a request that is not idempotent never is, neither after
 * a lost answer nor after a 10002.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BybitNetworkError } from '../../src/venue/bybit/errors.js';
import { BybitCredentials } from '../../src/venue/bybit/credentials.js';
import { RateLimiter } from '../../src/venue/bybit/rate-limiter.js';
import { BybitRestClient } from '../../src/venue/bybit/rest-client.js';
import { ServerClock } from '../../src/venue/bybit/server-clock.js';
import { silentLog } from '../../src/venue/bybit/wire.js';
import type { VenueReport } from '../../src/venue/types.js';
import { drainAll, FAKE_KEY, FAKE_SECRET, FakeBybitExchange, order, startFakeVenue, until } from '../helpers/fake-bybit-rest.js';

const kinds = (all: VenueReport[], id: string): string[] => all.filter((r) => r.clientId === id).map((r) => r.kind);

test('create answer lost after the exchange filled it: looked up, not sent again; accepted and the fill reported once', async () => {
  const fake = await FakeBybitExchange.start();
  const venue = await startFakeVenue(fake);
  const all: VenueReport[] = [];
  try {
    fake.fault('/v5/order/create', 'drop-after');
    const o = order('buy', 'ioc', 4, 600_000);
    venue.submit(o, venue.nowMs);
    assert.ok(await until(() => { drainAll(venue, all); return all.some((r) => r.kind === 'fill'); }));
    await new Promise((r) => setTimeout(r, 300)); // the stream's copy of the fill arrives too
    drainAll(venue, all);
    assert.equal(fake.createsByLinkId.get(o.clientId), 1);
    assert.equal(fake.count('/v5/order/create'), 1, 'never sent again');
    assert.deepEqual(kinds(all, o.clientId), ['accepted', 'fill']);
    const c = venue.counters();
    assert.equal(c.ambiguousCreates, 1);
    assert.equal(c.createResends, 0);
  } finally {
    await venue.close();
    await fake.close();
  }
});

test('create answer late (timeout) for a resting order: looked up and adopted, created once', async () => {
  const fake = await FakeBybitExchange.start();
  const venue = await startFakeVenue(fake, { requestTimeoutMs: 300 });
  const all: VenueReport[] = [];
  try {
    fake.fault('/v5/order/create', 'stall', 1, 800);
    const o = order('sell', 'post-only', 2, 601_000);
    venue.submit(o, venue.nowMs);
    assert.ok(await until(() => { drainAll(venue, all); return all.some((r) => r.kind === 'accepted'); }));
    await new Promise((r) => setTimeout(r, 900));
    drainAll(venue, all);
    assert.equal(fake.createsByLinkId.get(o.clientId), 1);
    assert.equal(fake.count('/v5/order/create'), 1);
    assert.deepEqual(kinds(all, o.clientId), ['accepted']);
    assert.equal(venue.counters().ambiguousCreates, 1);
    venue.cancel(o.clientId, venue.nowMs);
    assert.ok(await until(() => { drainAll(venue, all); return all.some((r) => r.kind === 'cancelled'); }));
  } finally {
    await venue.close();
    await fake.close();
  }
});

test('create lost before the exchange saw it: the lookup finds nothing, so it is sent again — still created once', async () => {
  const fake = await FakeBybitExchange.start();
  const venue = await startFakeVenue(fake);
  const all: VenueReport[] = [];
  try {
    fake.fault('/v5/order/create', 'drop-before');
    const o = order('buy', 'ioc', 1, 600_000);
    venue.submit(o, venue.nowMs);
    assert.ok(await until(() => { drainAll(venue, all); return all.some((r) => r.kind === 'fill'); }));
    await new Promise((r) => setTimeout(r, 200));
    drainAll(venue, all);
    assert.equal(fake.count('/v5/order/create'), 2, 'sent twice');
    assert.equal(fake.createsByLinkId.get(o.clientId), 1, 'created once');
    assert.deepEqual(kinds(all, o.clientId), ['accepted', 'fill']);
    assert.equal(venue.counters().createResends, 1);
  } finally {
    await venue.close();
    await fake.close();
  }
});

test('cancel answer lost: looked up, reported cancelled once (no cancel-rejected)', async () => {
  const fake = await FakeBybitExchange.start();
  const venue = await startFakeVenue(fake);
  const all: VenueReport[] = [];
  try {
    const o = order('buy', 'post-only', 3, 599_000);
    venue.submit(o, venue.nowMs);
    assert.ok(await until(() => { drainAll(venue, all); return all.some((r) => r.kind === 'accepted'); }));
    fake.fault('/v5/order/cancel', 'drop-after');
    venue.cancel(o.clientId, venue.nowMs);
    assert.ok(await until(() => { drainAll(venue, all); return all.some((r) => r.kind === 'cancelled'); }));
    await new Promise((r) => setTimeout(r, 200));
    drainAll(venue, all);
    assert.deepEqual(kinds(all, o.clientId), ['accepted', 'cancelled']);
    assert.equal(fake.count('/v5/order/cancel'), 1);
  } finally {
    await venue.close();
    await fake.close();
  }
});

test('REST client: a read without an answer is sent again; a non-idempotent request never is', async () => {
  const fake = await FakeBybitExchange.start();
  const clock = new ServerClock(Date.now, 1);
  const limiter = new RateLimiter({ margin: 0, windowMs: 1000, nowMs: () => clock.now() });
  const rest = new BybitRestClient({
    baseUrl: fake.restUrl, credentials: new BybitCredentials(FAKE_KEY, FAKE_SECRET), clock, limiter, recvWindowMs: 5000, timeoutMs: 500, log: silentLog,
  });
  try {
    await rest.syncClock();
    fake.fault('/v5/position/list', 'drop-after');
    const r = await rest.call({ method: 'GET', path: '/v5/position/list', params: { category: 'linear', symbol: 'BTCUSDT' }, idempotent: true });
    assert.equal(r.retCode, 0);
    assert.equal(fake.count('/v5/position/list'), 2);

    const body = { category: 'linear', symbol: 'BTCUSDT', side: 'Buy', orderType: 'Limit', qty: '0.001', price: '50000.0', timeInForce: 'GTC' };
    fake.fault('/v5/order/create', 'drop-after');
    await assert.rejects(rest.call({ method: 'POST', path: '/v5/order/create', params: body, idempotent: false }), BybitNetworkError);
    assert.equal(fake.count('/v5/order/create'), 1, 'no answer: not sent again');

    fake.serverSkewMs = 10_000;
    const t = await rest.call({ method: 'POST', path: '/v5/order/create', params: body, idempotent: false });
    assert.equal(t.retCode, 10002);
    assert.equal(fake.count('/v5/order/create'), 2, '10002: not sent again');
    assert.ok(Math.abs(clock.offsetMs - 10_000) <= clock.rttMs / 2 + 2, 'but the offset is measured again for the next request');
    const g = await rest.call({ method: 'GET', path: '/v5/position/list', params: { category: 'linear', symbol: 'BTCUSDT' }, idempotent: true });
    assert.equal(g.retCode, 0);
  } finally {
    await fake.close();
  }
});
