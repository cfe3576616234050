/**
 * TCA with hand-worked numbers (0.01 BTC = 10 lots, prices around 60 000 USD):
 * slippage sign for buys and sells, implementation shortfall with fees,
 * adverse selection on markouts, aggregation by strategy.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Portfolio } from '../../src/portfolio/portfolio.js';
import { adverseSelectionBps } from '../../src/portfolio/tca.js';
import { OPTS, close, fill } from './fill.js';

function near(a: number, b: number, what: string): void {
  assert.ok(close(a, b), `${what}: ${a} vs ${b}`);
}

test('slippage vs arrival mid: positive = cost for both sides', () => {
  const p = new Portfolio(OPTS);
  p.applyFill(fill('buy', 10, 60_003, { arrivalMid: 60_000 }));   // +1·3/60 000·1e4 = +0.5
  p.applyFill(fill('sell', 10, 59_997, { arrivalMid: 60_000 }));  // −1·(−3)/60 000·1e4 = +0.5
  p.applyFill(fill('sell', 10, 60_006, { arrivalMid: 60_000 }));  // −1·6/60 000·1e4 = −1 (price improvement)
  p.applyFill(fill('buy', 10, 59_994, { arrivalMid: 60_000 }));   // +1·(−6)/60 000·1e4 = −1
  assert.deepEqual(p.fills.map((r) => Math.round(r.slippageBps * 1e6) / 1e6), [0.5, 0.5, -1, -1]);
});

test('qty-weighted slippage; a NaN arrival mid is counted, not averaged', () => {
  const p = new Portfolio(OPTS);
  p.applyFill(fill('buy', 10, 60_006, { arrivalMid: 60_000 }));  // 1 bps on 0.01 BTC
  p.applyFill(fill('buy', 30, 60_018, { arrivalMid: 60_000 }));  // 3 bps on 0.03 BTC
  p.applyFill(fill('buy', 50, 60_000, { arrivalMid: NaN }));
  const s = p.tcaReport().byStrategy['aggressive']!;
  // (0.01·1 + 0.03·3)/0.04 = 2.5
  near(s.avgSlippageBps, 2.5, 'avg slippage');
  assert.equal(s.slippageUnknownFills, 1);
  assert.equal(s.fills, 3);
  near(s.qtyBtc, 0.09, 'qty');
});

test('implementation shortfall vs decision mid includes fees', () => {
  const p = new Portfolio(OPTS);
  p.applyFill(fill('buy', 10, 60_010, { decisionMid: 60_000, feeUsd: 0.33 }));
  p.applyFill(fill('sell', 20, 59_980, { decisionMid: 60_000, feeUsd: 0.5 }));
  const s = p.tcaReport().all;
  // buy: +1·10·0.01 = 0.1; sell: −1·(−20)·0.02 = 0.4; fees 0.83 → IS = 1.33 USD
  near(s.shortfallUsd, 1.33, 'IS usd');
  // decision notional = 60 000·0.03 = 1 800 → 1.33/1 800·1e4 = 7.3888… bps
  near(s.shortfallBps, (1.33 / 1_800) * 1e4, 'IS bps');
  near(s.feesUsd, 0.83, 'fees');
  // notional = 60 010·0.01 + 59 980·0.02 = 600.1 + 1 199.6 = 1 799.7
  near(s.notionalUsd, 1_799.7, 'notional');
});

test('adverse selection of maker fills at 1 s and 10 s: positive = market moved against the fill', () => {
  // buy at 60 000, mid later 59 970: +1·(60 000 − 59 970)/60 000·1e4 = +5 (adverse)
  near(adverseSelectionBps(1, 60_000, 59_970), 5, 'formula, buy');
  // sell at 60 000, mid later 60 030: −1·(60 000 − 60 030)/60 000·1e4 = +5 (adverse)
  near(adverseSelectionBps(-1, 60_000, 60_030), 5, 'formula, sell');

  const p = new Portfolio(OPTS);
  p.applyFill(fill('buy', 10, 60_000, { maker: true, strategy: 'passive', exchTsMs: 1_000 }));
  p.applyFill(fill('sell', 10, 60_000, { maker: true, strategy: 'twap', exchTsMs: 1_000 }));
  p.applyFill(fill('buy', 10, 60_000, { maker: false, strategy: 'aggressive', exchTsMs: 1_000 }));
  assert.equal(p.tca.pendingMarkouts, 4, 'two horizons for each maker fill, none for the taker fill');
  p.mark(60_010, 1_500);   // before either horizon
  p.mark(59_970, 2_000);   // first mid ≥ 1 000 + 1 000: the 1 s markout
  p.mark(NaN, 11_000);     // NaN mids resolve nothing
  p.mark(59_900, 10_999);  // not yet 10 s
  p.mark(60_030, 11_000);  // the 10 s markout
  assert.equal(p.tca.pendingMarkouts, 0);
  const r = p.tcaReport();
  assert.deepEqual(Object.keys(r.byStrategy), ['aggressive', 'passive', 'twap']);
  // passive buy: 1 s (60 000 − 59 970)/60 000·1e4 = +5; 10 s (60 000 − 60 030)/60 000·1e4 = −5
  near(r.byStrategy['passive']!.adverseSelectionBps['1s'], 5, 'passive 1 s');
  near(r.byStrategy['passive']!.adverseSelectionBps['10s'], -5, 'passive 10 s');
  // twap sell: the opposite signs
  near(r.byStrategy['twap']!.adverseSelectionBps['1s'], -5, 'twap 1 s');
  near(r.byStrategy['twap']!.adverseSelectionBps['10s'], 5, 'twap 10 s');
  // all: equal sizes, +5 and −5 average to 0
  near(r.all.adverseSelectionBps['1s'], 0, 'all 1 s');
  assert.deepEqual(r.all.adverseFills, { '1s': 2, '10s': 2 });
  assert.ok(Number.isNaN(r.byStrategy['aggressive']!.adverseSelectionBps['1s']), 'taker fills have no markout');
});

test('by-strategy rows: counts, sizes, fees, stable key order', () => {
  const p = new Portfolio(OPTS);
  p.applyFill(fill('buy', 10, 60_000, { strategy: 'twap', maker: true, feeUsd: 0.12 }));
  p.applyFill(fill('sell', 5, 60_000, { strategy: 'passive', maker: true, feeUsd: 0.06 }));
  p.applyFill(fill('buy', 20, 60_000, { strategy: 'twap', maker: false, feeUsd: 0.66 }));
  const r = p.tcaReport();
  assert.deepEqual(Object.keys(r.byStrategy), ['passive', 'twap']);
  const t = r.byStrategy['twap']!;
  assert.equal(t.fills, 2);
  assert.equal(t.makerFills, 1);
  assert.equal(t.takerFills, 1);
  near(t.qtyBtc, 0.03, 'twap qty');
  near(t.notionalUsd, 1_800, 'twap notional');
  near(t.feesUsd, 0.78, 'twap fees');
  assert.equal(r.all.fills, 3);
  near(r.all.feesUsd, 0.84, 'all fees');
  assert.deepEqual(Object.keys(t), ['fills', 'makerFills', 'takerFills', 'qtyBtc', 'notionalUsd', 'feesUsd', 'avgSlippageBps',
    'slippageUnknownFills', 'shortfallUsd', 'shortfallBps', 'shortfallUnknownFills', 'adverseSelectionBps', 'adverseFills']);
});
