/**
 * Property: for every strategy and config, under random ticks (touch moves,
 * invalid books, spread and vol pauses, time jumps past rest limits and slice
 * deadlines) and random venue reports (acks, partial fills never exceeding the
 * order, cancels racing fills, rejects, cancel-rejects):
 *   - the strategy's open lots equal what the venue holds, and never exceed the parent's remaining;
 *   - at most one child is live at a time (no double send);
 *   - no order is for ≤ 0 lots (the fake venue throws), every child is tagged and carries the decision mid;
 *   - the filled total never exceeds the parent, and filled + remaining = parent while it is worked.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createStrategy } from '../../src/exec/factory.js';
import type { VenueReport } from '../../src/venue/types.js';
import { execConfig, FakeVenue, parent, view } from './helpers/fake-venue.js';

const tickAction = fc.record({
  k: fc.constant('tick' as const),
  dtMs: fc.oneof(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 8_000 })),
  bidMove: fc.integer({ min: -3, max: 3 }),
  spreadTicks: fc.integer({ min: 1, max: 3 }),
  valid: fc.integer({ min: 0, max: 9 }).map((x) => x > 0),
  spreadBps: fc.constantFrom(undefined, undefined, undefined, 8),
  volBps: fc.constantFrom(5, 5, 5, 30, NaN),
});
const reportAction = fc.record({
  k: fc.constant('report' as const),
  pick: fc.nat(),
  what: fc.constantFrom('accept', 'fill', 'fill', 'cancel', 'reject', 'cancelReject'),
  n: fc.nat(),
});
const setup = fc.record({
  name: fc.constantFrom('passive' as const, 'aggressive' as const, 'twap' as const),
  side: fc.constantFrom('buy' as const, 'sell' as const),
  qtyLots: fc.integer({ min: 1, max: 20 }),
  requoteTicks: fc.integer({ min: 1, max: 3 }),
  maxRequotesPerMin: fc.integer({ min: 1, max: 4 }),
  maxRestMs: fc.integer({ min: 1_000, max: 20_000 }),
  onMaxRest: fc.constantFrom('escalate' as const, 'cancel' as const),
  maxSlippageBps: fc.integer({ min: 0, max: 10 }),
  windowMs: fc.integer({ min: 2_000, max: 30_000 }),
  slices: fc.integer({ min: 1, max: 5 }),
});

test('strategies: open ≤ remaining, one live child, no empty orders, fills ≤ parent', () => {
  fc.assert(fc.property(setup, fc.array(fc.oneof(tickAction, reportAction), { maxLength: 120 }), (c, actions) => {
    const cfg = execConfig({
      passive: { requoteTicks: c.requoteTicks, maxRequotesPerMin: c.maxRequotesPerMin, maxRestMs: c.maxRestMs, onMaxRest: c.onMaxRest },
      aggressive: { maxSlippageBps: c.maxSlippageBps },
      twap: { windowMs: c.windowMs, slices: c.slices },
    });
    const s = createStrategy(cfg, c.name);
    const v = new FakeVenue();
    const p = parent(c.side, c.qtyLots);
    let nowMs = 0;
    let bid = 600_000;
    let m = view();
    let filledLots = 0;
    s.start(p, m, v);
    const check = (): void => {
      assert.equal(s.openLots, v.liveLots());
      assert.ok(s.openLots <= s.remainingLots, `open ${s.openLots} > remaining ${s.remainingLots}`);
      assert.ok(v.live().length <= 1, 'two children live at once');
      assert.ok(filledLots <= p.qtyLots);
      if (s.remainingLots > 0) assert.equal(filledLots + s.remainingLots, p.qtyLots);
      for (const o of v.submits) {
        assert.equal(o.strategy, c.name);
        assert.equal(o.decisionMid, p.decisionMid);
        if (c.name === 'aggressive') assert.equal(o.tif, 'ioc');
      }
    };
    check();
    for (const a of actions) {
      if (a.k === 'tick') {
        nowMs += a.dtMs;
        bid += a.bidMove;
        m = view({ nowMs, bid, ask: bid + a.spreadTicks, valid: a.valid, spreadBps: a.spreadBps, volBps: a.volBps });
        s.onTick(m, v);
      } else {
        const live = v.live();
        if (live.length === 0) continue;
        const o = live[a.pick % live.length]!;
        const id = o.req.clientId;
        let r: VenueReport | undefined;
        if (a.what === 'accept' && !o.acked) r = v.accepted(id, nowMs);
        else if (a.what === 'fill') {
          const qty = 1 + (a.n % o.leavesLots);
          filledLots += qty;
          r = v.fill(id, qty, nowMs);
        } else if (a.what === 'cancel') {
          r = v.cancelled(id, o.cancelRequested ? 'requested' : o.req.tif === 'ioc' ? 'ioc-remainder' : 'book-invalid', nowMs);
        } else if (a.what === 'reject' && !o.acked) r = v.rejected(id, a.n % 2 === 0 ? 'would-cross' : 'no-liquidity', nowMs);
        else if (a.what === 'cancelReject' && o.cancelRequested) r = v.cancelRejected(id, 'unknown-order', nowMs);
        if (r !== undefined) s.onReport(r, m, v);
      }
      check();
    }
    s.stop(m, v);
    for (const o of v.live()) assert.ok(o.cancelRequested, 'stop leaves nothing uncancelled');
    assert.equal(s.remainingLots, 0);
  }), { numRuns: 400 });
});
