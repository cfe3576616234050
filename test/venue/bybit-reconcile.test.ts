/**
 * Reconciliation: at start and after every reconnect of the private stream the
 * exchange's open orders and position are read back; differences are logged and
 * the exchange wins. The fake changes things while the venue is disconnected
 * (fills it cannot push, a position change no order explains); after the
 * reconnect the engine's OrderGate and Portfolio, fed only the venue's reports,
 * agree with the exchange again.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OrderGate } from '../../src/engine/order-gate.js';
import { Portfolio } from '../../src/portfolio/index.js';
import type { RiskManager } from '../../src/risk/index.js';
import type { VenueReport } from '../../src/venue/types.js';
import { captureLog, FakeBybitExchange, order, startFakeVenue, until } from '../helpers/fake-bybit-rest.js';

test('start and reconnect: unknown orders cancelled, missed fills booked, a position difference adopted', async () => {
  const fake = await FakeBybitExchange.start();
  fake.markPrice = '60010.0';
  const foreign = fake.addForeignOrder('Sell', 7, 620_000);
  fake.setPosition(5, 590_000); // left over from an earlier run whose state was lost
  const log = captureLog();
  const portfolio = new Portfolio({ initialCashUsd: 10_000, tickUsd: 0.1, lotBtc: 0.001, equityEveryMs: 1000 });
  const venue = await startFakeVenue(fake, { log, positionLots: () => portfolio.positionLots });
  const stubRisk = { check: () => null, recordOrder: () => {} } as unknown as RiskManager;
  const gate = new OrderGate(venue, stubRisk, () => portfolio.positionLots);
  const all: VenueReport[] = [];
  const pump = (): void => {
    const out: VenueReport[] = [];
    venue.drain(Number.POSITIVE_INFINITY, out);
    for (const r of out) {
      gate.onReport(r);
      if (r.kind === 'fill') portfolio.applyFill(r);
    }
    all.push(...out);
  };
  try {
    // Start: the stray order is cancelled, the position adopted at the mark.
    assert.equal(foreign.orderStatus, 'Cancelled');
    pump();
    const adj = all.find((r) => r.kind === 'fill' && r.strategy === 'reconcile');
    assert.ok(adj?.kind === 'fill' && adj.side === 'buy' && adj.qtyLots === 5 && adj.pxTicks === 600_100 && adj.feeUsd === 0);
    assert.equal(portfolio.positionLots, 5);
    assert.ok(log.lines.some((l) => l.includes('does not have open: cancelling it')));

    // Two resting orders; A partly fills while connected.
    const a = order('buy', 'post-only', 10, 599_000);
    const b = order('buy', 'post-only', 4, 598_000);
    gate.submit(a, venue.nowMs);
    gate.submit(b, venue.nowMs);
    assert.ok(await until(() => { pump(); return all.filter((r) => r.kind === 'accepted').length === 2; }));
    fake.fillResting(a.clientId, 2);
    assert.ok(await until(() => { pump(); return portfolio.positionLots === 7; }));
    assert.equal(gate.openBuyLots, 8 + 4);

    // Disconnected: A fills 3 more, B fills completely, someone else adds 4 lots. Nothing is pushed.
    fake.refuseWs = true;
    fake.dropWsClients();
    await new Promise((r) => setTimeout(r, 100));
    fake.fillResting(a.clientId, 3);
    fake.fillResting(b.clientId, 4);
    fake.setPosition(fake.positionLots + 4);
    await new Promise((r) => setTimeout(r, 100));
    pump();
    assert.equal(portfolio.positionLots, 7, 'nothing heard while disconnected');

    const reconcilesBefore = venue.counters().reconciles;
    fake.refuseWs = false;
    assert.ok(await until(() => venue.counters().reconciles > reconcilesBefore && venue.health().connected, 5000), 'reconnected and reconciled');
    assert.ok(await until(() => { pump(); return portfolio.positionLots === fake.positionLots; }, 3000),
      `engine position ${portfolio.positionLots} = exchange ${fake.positionLots}`);
    assert.equal(fake.positionLots, 5 + 5 + 4 + 4);

    // A: one catch-up fill of the 3 lots missed, still open with 5; B: its 4 lots, then done.
    const aFills = all.filter((r) => r.kind === 'fill' && r.clientId === a.clientId);
    assert.deepEqual(aFills.map((r) => (r.kind === 'fill' ? [r.qtyLots, r.leavesLots, r.pxTicks, r.maker] : [])), [[2, 8, 599_000, true], [3, 5, 599_000, true]]);
    const bFills = all.filter((r) => r.kind === 'fill' && r.clientId === b.clientId);
    assert.deepEqual(bFills.map((r) => (r.kind === 'fill' ? [r.qtyLots, r.leavesLots] : [])), [[4, 0]]);
    assert.deepEqual(gate.openOrders().map((x) => [x.clientId, x.side, x.leavesLots]), [[a.clientId, 'buy', 5]]);
    assert.equal(gate.openBuyLots, 5);
    const adjustments = all.filter((r) => r.kind === 'fill' && r.strategy === 'reconcile');
    assert.deepEqual(adjustments.map((r) => (r.kind === 'fill' ? [r.side, r.qtyLots] : [])), [['buy', 5], ['buy', 4]]);
    assert.ok(log.lines.some((l) => l.includes('position differs from the exchange')));
    assert.ok(log.lines.some((l) => l.includes('changed at the exchange while unobserved')));
    assert.equal(venue.counters().positionAdjustments, 2);

    // Still trading after the reconnect: A is cancelled normally.
    gate.cancel(a.clientId, venue.nowMs);
    assert.ok(await until(() => { pump(); return gate.openOrders().length === 0; }));
    assert.equal(fake.orders.get(a.clientId)?.orderStatus, 'Cancelled');
  } finally {
    await venue.close();
    await fake.close();
  }
});

test('an order the exchange never heard of ends at reconciliation (rejected unknown-order), and no fill is invented', async () => {
  const fake = await FakeBybitExchange.start();
  const venue = await startFakeVenue(fake);
  const all: VenueReport[] = [];
  try {
    // The create is lost, and so are all 3 lookups (3 sends each): the order's fate stays unknown for now.
    const before = fake.count('/v5/order/realtime');
    fake.fault('/v5/order/create', 'drop-before');
    fake.fault('/v5/order/realtime', 'drop-before', 9);
    const o = order('buy', 'post-only', 1, 590_000);
    venue.submit(o, venue.nowMs);
    assert.ok(await until(() => fake.count('/v5/order/realtime') >= before + 9, 8000));
    await new Promise((r) => setTimeout(r, 1000));
    venue.drain(Infinity, all);
    assert.equal(all.length, 0, 'unknown: nothing reported yet');
    assert.equal(fake.count('/v5/order/create'), 1, 'not sent again without knowing');
    await venue.reconcile('test');
    venue.drain(Infinity, all);
    assert.deepEqual(all.map((r) => (r.kind === 'rejected' ? `${r.kind}:${r.reason}` : r.kind)), ['rejected:unknown-order']);
    assert.equal(fake.createsByLinkId.get(o.clientId), undefined, 'never created');
  } finally {
    await venue.close();
    await fake.close();
  }
});
