/**
 * Bybit venue against the local fake: every request is signed exactly as Bybit
 * documents it (the fake recomputes each HMAC on its own), the private stream
 * authenticates, and orders map to the engine's reports as on the paper venue
 * (accepted / fill / cancelled / rejected would-cross / cancel-rejected).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { BybitCredentials } from '../../src/venue/bybit/credentials.js';
import { BybitVenue } from '../../src/venue/bybit/bybit-venue.js';
import type { VenueReport } from '../../src/venue/types.js';
import { drainAll, FAKE_KEY, FakeBybitExchange, fakeVenueOptions, order, startFakeVenue, until } from '../helpers/fake-bybit-rest.js';

test('REST signature: hex HMAC-SHA256 of timestamp + key + recvWindow + payload, in the four X-BAPI headers', () => {
  const c = new BybitCredentials('api_key', 'api_secret');
  const payload = 'category=option&symbol=BTC-29JUL22-25000-C';
  const h = c.restHeaders(1658384314791, 5000, payload);
  const want = createHmac('sha256', 'api_secret').update(`1658384314791api_key5000${payload}`).digest('hex');
  assert.deepEqual(h, { 'X-BAPI-API-KEY': 'api_key', 'X-BAPI-TIMESTAMP': '1658384314791', 'X-BAPI-RECV-WINDOW': '5000', 'X-BAPI-SIGN': want });
  assert.match(h['X-BAPI-SIGN'], /^[0-9a-f]{64}$/);
  const ws = JSON.parse(c.wsAuthRequest(1662350400000, 'r1')) as { op: string; args: unknown[] };
  assert.equal(ws.op, 'auth');
  assert.deepEqual(ws.args, ['api_key', 1662350400000, createHmac('sha256', 'api_secret').update('GET/realtime1662350400000').digest('hex')]);
});

test('signed GETs, POSTs and the WebSocket auth pass the fake; orders report like the paper venue', async () => {
  const fake = await FakeBybitExchange.start();
  const venue = await startFakeVenue(fake);
  const all: VenueReport[] = [];
  try {
    assert.equal(fake.ws.authOk, 1);
    assert.ok(fake.count('/v5/order/realtime', true) >= 1 && fake.count('/v5/position/list', true) >= 1, 'reconciled at start');

    const ioc = order('buy', 'ioc', 5, 600_000);
    venue.submit(ioc, venue.nowMs);
    assert.ok(await until(() => drainAll(venue, all).length >= 0 && all.some((r) => r.kind === 'fill' && r.clientId === ioc.clientId)));
    const fill = all.find((r) => r.kind === 'fill' && r.clientId === ioc.clientId)!;
    assert.equal(fill.kind, 'fill');
    if (fill.kind === 'fill') {
      assert.deepEqual([fill.side, fill.pxTicks, fill.qtyLots, fill.leavesLots, fill.maker], ['buy', 600_000, 5, 0, false]);
      assert.ok(Math.abs(fill.feeUsd - 60_000 * 0.005 * 0.00055) < 1e-9, `taker fee from execFee, was ${fill.feeUsd}`);
    }
    assert.deepEqual(all.filter((r) => r.clientId === ioc.clientId).map((r) => r.kind), ['accepted', 'fill']);

    const rest = order('sell', 'post-only', 3, 601_000);
    venue.submit(rest, venue.nowMs);
    assert.ok(await until(() => { drainAll(venue, all); return all.some((r) => r.kind === 'accepted' && r.clientId === rest.clientId); }));
    assert.equal(await venue.amend(rest.clientId, { pxTicks: 601_500 }), true, '/v5/order/amend by orderLinkId');
    assert.equal(fake.orders.get(rest.clientId)?.pxTicks, 601_500);
    assert.deepEqual(JSON.parse(fake.requests.find((r) => r.path === '/v5/order/amend')!.body),
      { category: 'linear', symbol: 'BTCUSDT', orderLinkId: rest.clientId, price: '60150.0' });
    venue.cancel(rest.clientId, venue.nowMs);
    assert.ok(await until(() => { drainAll(venue, all); return all.some((r) => r.kind === 'cancelled' && r.clientId === rest.clientId); }));
    const cancelled = all.find((r) => r.kind === 'cancelled' && r.clientId === rest.clientId);
    assert.ok(cancelled?.kind === 'cancelled' && cancelled.reason === 'requested' && cancelled.leavesLots === 3);
    venue.cancel(rest.clientId, venue.nowMs);
    drainAll(venue, all);
    assert.equal(all.at(-1)?.kind, 'cancel-rejected', 'a second cancel is too late');

    fake.bestAskTicks = 600_500;
    const cross = order('buy', 'post-only', 1, 600_500);
    venue.submit(cross, venue.nowMs);
    assert.ok(await until(() => { drainAll(venue, all); return all.some((r) => r.clientId === cross.clientId); }));
    await new Promise((r) => setTimeout(r, 50));
    drainAll(venue, all);
    assert.deepEqual(all.filter((r) => r.clientId === cross.clientId).map((r) => (r.kind === 'rejected' ? r.reason : r.kind)), ['would-cross']);

    const market = order('sell', 'market', 2, 0);
    venue.submit(market, venue.nowMs);
    assert.ok(await until(() => { drainAll(venue, all); return all.some((r) => r.kind === 'fill' && r.clientId === market.clientId); }));

    assert.deepEqual(fake.rejections, { key: 0, timestamp: 0, signature: 0, rateLimit: 0 });
    const created = JSON.parse(fake.requests.find((r) => r.path === '/v5/order/create')!.body) as Record<string, string>;
    assert.deepEqual(created, { category: 'linear', symbol: 'BTCUSDT', side: 'Buy', orderType: 'Limit', qty: '0.005', timeInForce: 'IOC', orderLinkId: ioc.clientId, positionIdx: 0, price: '60000.0' });
  } finally {
    await venue.close();
    await fake.close();
  }
});

test('a wrong secret is refused by the exchange and start-up says so, without the secret', async () => {
  const fake = await FakeBybitExchange.start();
  const venue = new BybitVenue(fakeVenueOptions(fake, { credentials: new BybitCredentials(FAKE_KEY, 'not-the-secret-9f8e7d'), startTimeoutMs: 2000 }));
  try {
    await assert.rejects(venue.start(), (err: Error) => {
      assert.equal(err.name, 'UsageError');
      assert.match(err.message, /Bybit venue could not start: a signed request .* retCode 10004.*BYBIT_API_SECRET/);
      assert.doesNotMatch(err.message, /not-the-secret-9f8e7d/);
      return true;
    });
    assert.equal(fake.rejections.signature, 1);
  } finally {
    await venue.close();
    await fake.close();
  }
});
