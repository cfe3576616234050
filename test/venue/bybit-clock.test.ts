/**
 * The timestamp problem, fixed at the root: requests are signed with local time
 * + a server-time offset measured against /v5/market/time (round-trip
 * corrected, median of several samples), so a local clock 30 s off either way
 * trades normally; when the exchange's clock moves away anyway (10002), the
 * offset is measured again once and the idempotent request sent again.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ServerClock } from '../../src/venue/bybit/server-clock.js';
import type { VenueReport } from '../../src/venue/types.js';
import { drainAll, FakeBybitExchange, order, startFakeVenue, until } from '../helpers/fake-bybit-rest.js';

test('offset = server − midpoint of the round trip, median of the samples (one slow sample does not move it)', async () => {
  let local = 1_000_000;
  const trueOffset = 12_345;
  const rtts = [10, 12, 900, 8, 11]; // one pathological round trip, answered at its end
  let i = 0;
  const clock = new ServerClock(() => local, 5);
  await clock.sync(async () => {
    const rtt = rtts[i++];
    const serverAtReply = local + rtt + trueOffset; // stamped on the way back, the worst case for the midpoint
    local += rtt;
    return serverAtReply;
  });
  // Each sample errs by half its round trip; the median is one of the fast ones.
  assert.ok(Math.abs(clock.offsetMs - trueOffset) <= 6, `offset ${clock.offsetMs}`);
  assert.equal(clock.syncs, 1);
  assert.equal(clock.ageMs(), 0);
  local += 2500;
  assert.equal(clock.ageMs(), 2500);
  assert.equal(clock.now(), local + clock.offsetMs);
});

for (const skewMs of [30_000, -30_000]) {
  test(`a local clock ${skewMs > 0 ? 'ahead' : 'behind'} by 30 s: every request is accepted, reports carry exchange time`, async () => {
    const fake = await FakeBybitExchange.start();
    const venue = await startFakeVenue(fake, { localClockMs: () => Date.now() + skewMs });
    const all: VenueReport[] = [];
    try {
      // A sample errs by at most half its round trip (+1 ms of Date.now resolution).
      const bound = venue.clock.rttMs / 2 + 2;
      assert.ok(Math.abs(venue.clock.offsetMs + skewMs) <= bound, `offset ${venue.clock.offsetMs} ≈ ${-skewMs} ± ${bound}`);
      assert.ok(Math.abs(venue.nowMs - fake.now()) <= bound + 2, 'venue clock = exchange clock');
      const h = venue.health();
      assert.ok(Math.abs(h.serverTimeOffsetMs + skewMs) <= bound && h.serverTimeAgeMs >= 0 && h.serverTimeAgeMs < 5000);
      const ioc = order('buy', 'ioc', 2, 600_000);
      venue.submit(ioc, venue.nowMs);
      const rest = order('sell', 'post-only', 1, 601_000);
      venue.submit(rest, venue.nowMs);
      assert.ok(await until(() => { drainAll(venue, all); return all.some((r) => r.kind === 'fill') && all.some((r) => r.kind === 'accepted' && r.clientId === rest.clientId); }));
      venue.cancel(rest.clientId, venue.nowMs);
      assert.ok(await until(() => { drainAll(venue, all); return all.some((r) => r.kind === 'cancelled'); }));
      assert.equal(fake.rejections.timestamp, 0);
      assert.equal(fake.ws.authFailed, 0, 'auth expires is in exchange time too');
      for (const r of all) assert.ok(Math.abs(r.exchTsMs - Date.now()) < 5000 && Math.abs(r.deliverMs - Date.now()) < 5000, `${r.kind} stamped in exchange time`);
    } finally {
      await venue.close();
      await fake.close();
    }
  });
}

test('the exchange clock jumps 8 s (beyond recv_window): 10002, one resync, the order is sent again and created once', async () => {
  const fake = await FakeBybitExchange.start();
  const venue = await startFakeVenue(fake);
  const all: VenueReport[] = [];
  try {
    const syncsBefore = venue.clock.syncs;
    fake.serverSkewMs = 8_000;
    const ioc = order('sell', 'ioc', 3, 599_000);
    venue.submit(ioc, venue.nowMs);
    assert.ok(await until(() => { drainAll(venue, all); return all.some((r) => r.kind === 'fill'); }));
    assert.equal(fake.rejections.timestamp, 1);
    assert.equal(fake.createsByLinkId.get(ioc.clientId), 1);
    assert.equal(venue.clock.syncs, syncsBefore + 1);
    assert.ok(Math.abs(venue.clock.offsetMs - 8_000) <= venue.clock.rttMs / 2 + 2);
    const c = venue.counters();
    assert.equal(c.timestampRejects, 1);
    assert.equal(c.resyncRetries, 1);
  } finally {
    await venue.close();
    await fake.close();
  }
});
