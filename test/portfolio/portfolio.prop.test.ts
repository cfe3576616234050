/**
 * Random fill and mark sequences: the position is the sum of signed fill
 * sizes, fees the sum of fill fees, equity = cash + position × mark =
 * initial + realized + unrealized − fees, and realized PnL and average entry
 * agree with a naive average-price model written here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Portfolio } from '../../src/portfolio/portfolio.js';
import { LOT_BTC, OPTS, TICK_USD, close, fill } from './fill.js';

const step = fc.oneof(
  fc.record({
    kind: fc.constant('fill' as const),
    side: fc.constantFrom('buy' as const, 'sell' as const),
    qtyLots: fc.integer({ min: 1, max: 60 }),
    pxTicks: fc.integer({ min: 590_000, max: 610_000 }),
    feeUsd: fc.double({ min: -0.5, max: 2, noNaN: true }),
  }),
  fc.record({ kind: fc.constant('mark' as const), midTicks: fc.oneof(fc.integer({ min: 580_000, max: 620_000 }), fc.constant(NaN)) }),
);

/** Average-price model: avg kept directly, realized = closed qty × (px − avg) × side of the position. */
class Model {
  lots = 0; avg = NaN; realized = 0;
  apply(sign: 1 | -1, qtyLots: number, px: number): void {
    let add = qtyLots;
    if (this.lots !== 0 && Math.sign(this.lots) !== sign) {
      const closeLots = Math.min(qtyLots, Math.abs(this.lots));
      this.realized += closeLots * LOT_BTC * (px - this.avg) * Math.sign(this.lots);
      this.lots += sign * closeLots;
      add -= closeLots;
      if (this.lots === 0) this.avg = NaN;
    }
    if (add > 0) {
      const held = Math.abs(this.lots);
      this.avg = held === 0 ? px : (this.avg * held + px * add) / (held + add);
      this.lots += sign * add;
    }
  }
}

test('random fills: position, fees, cash and PnL identities hold after every step', () => {
  fc.assert(fc.property(fc.array(step, { maxLength: 80 }), (steps) => {
    const p = new Portfolio(OPTS);
    const m = new Model();
    let lots = 0, fees = 0, cash = OPTS.initialCashUsd, mark = NaN, ts = 0;
    for (const s of steps) {
      ts += 100;
      if (s.kind === 'fill') {
        const px = s.pxTicks * TICK_USD;
        p.applyFill(fill(s.side, s.qtyLots, px, { feeUsd: s.feeUsd, exchTsMs: ts }));
        const sign = s.side === 'buy' ? 1 : -1;
        lots += sign * s.qtyLots;
        fees += s.feeUsd;
        cash -= sign * px * s.qtyLots * LOT_BTC + s.feeUsd;
        m.apply(sign, s.qtyLots, px);
      } else {
        const mid = s.midTicks * TICK_USD;
        p.mark(mid, ts);
        if (Number.isFinite(mid)) mark = mid;
      }
      assert.equal(p.positionLots, lots);
      assert.ok(close(p.feesUsd, fees), `fees ${p.feesUsd} vs ${fees}`);
      assert.ok(close(p.cashUsd, cash), `cash ${p.cashUsd} vs ${cash}`);
      const value = lots === 0 ? 0 : lots * LOT_BTC * (Number.isFinite(mark) ? mark : m.avg);
      assert.ok(close(p.equityUsd, cash + value), `equity ${p.equityUsd} vs cash + position × mark ${cash + value}`);
      const pnl = OPTS.initialCashUsd + p.realizedPnlUsd + p.unrealizedPnlUsd - p.feesUsd;
      assert.ok(close(p.equityUsd, pnl), `equity ${p.equityUsd} vs initial + realized + unrealized − fees ${pnl}`);
      assert.ok(close(p.realizedPnlUsd, m.realized, 1e-7), `realized ${p.realizedPnlUsd} vs model ${m.realized}`);
      if (lots === 0) assert.ok(Number.isNaN(p.avgEntryUsd));
      else assert.ok(close(p.avgEntryUsd, m.avg), `avg ${p.avgEntryUsd} vs model ${m.avg}`);
    }
  }), { numRuns: 300 });
});
