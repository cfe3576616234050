/**
 * The paper state's layout: a save writes the head and only the fills and
 * equity-curve points appended since the last save; a load puts them back
 * together; a version-1 state (one document) still loads and is rewritten in
 * the new layout by the next save. Driven through a real Portfolio.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load.js';
import { Portfolio } from '../../src/portfolio/index.js';
import { paperInstrument } from '../../src/runtime/feed-source.js';
import { PAPER_STATE_VERSION, PaperStateStore, type PaperStateDoc } from '../../src/runtime/paper-state.js';

const cfg = loadConfig();
const instrument = paperInstrument(cfg);
/** msgpack stores −0 as 0 (a slippage of −0 bps comes back as 0): compare as JSON does. */
const plain = (x: unknown): unknown => JSON.parse(JSON.stringify(x));
const OPTS = { initialCashUsd: 10_000, tickUsd: 0.1, lotBtc: 0.001, equityEveryMs: 1_000 };

function doc(p: Portfolio, store: PaperStateStore, full = false): PaperStateDoc {
  return {
    version: PAPER_STATE_VERSION, savedAtMs: 1, lastTickTsMs: 2, starts: 1,
    instrument: { exchange: instrument.exchange, market: instrument.market, symbol: instrument.symbol },
    portfolio: full ? p.snapshot() : p.snapshot({ fills: store.savedFills, curve: store.savedCurvePoints }),
    risk: {} as PaperStateDoc['risk'], targetLots: 0, orderSeq: 7, openOrders: [],
  };
}

/** Some trading: fills on alternate sides and marks every 700 ms (a curve point per second). */
function trade(p: Portfolio, fromMs: number, n: number): void {
  for (let i = 0; i < n; i++) {
    const ts = fromMs + i * 700;
    p.mark(60_000 + (i % 7), ts);
    p.applyFill({
      kind: 'fill', clientId: `c${fromMs + i}`, exchTsMs: ts, deliverMs: ts + 1, side: i % 2 === 0 ? 'buy' : 'sell',
      pxTicks: 600_000 + (i % 5), qtyLots: 1, leavesLots: 0, maker: i % 3 !== 0, feeUsd: 0.012, arrivalMid: 60_000, strategy: 'passive', decisionMid: 60_000, submitMs: ts - 2,
    });
  }
}

test('saves write only what is new, and a load puts the account back together exactly', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'btc-engine-paper-state-'));
  const p = new Portfolio(OPTS);
  let store = PaperStateStore.open(dir, instrument, false);
  trade(p, 0, 10);
  const first = doc(p, store);
  assert.equal(first.portfolio.fills.length, 10);
  await store.save(first);
  trade(p, 100_000, 5);
  const second = doc(p, store);
  assert.equal(second.portfolio.fills.length, 5, 'the second save carries only the 5 new fills');
  assert.ok(second.portfolio.equityCurve.length < p.snapshot().equityCurve.length, 'and only the new curve points');
  await store.save(second);
  await store.close();

  store = PaperStateStore.open(dir, instrument, false);
  const loaded = store.load(instrument)!;
  const whole = p.snapshot();
  assert.deepEqual(plain(loaded.portfolio.fills), plain(whole.fills));
  assert.deepEqual(plain(loaded.portfolio.equityCurve), plain(whole.equityCurve));
  assert.equal(loaded.portfolio.cashUsd, whole.cashUsd);
  assert.equal(loaded.orderSeq, 7);
  assert.equal(store.savedFills, 15);
  // The restored portfolio is the same account.
  const back = Portfolio.restore(loaded.portfolio, OPTS);
  assert.equal(back.positionBtc, p.positionBtc);
  assert.equal(back.fills.length, 15);
  await store.close();
});

test('a version-1 state (one document) loads, and the next save rewrites it in the new layout', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'btc-engine-paper-state-v1-'));
  const p = new Portfolio(OPTS);
  trade(p, 0, 6);
  let store = PaperStateStore.open(dir, instrument, false);
  const v1 = { ...doc(p, store, true), version: 1 };
  (store as unknown as { store: { putState(k: string, v: unknown): void } }).store.putState('paper', v1);
  await store.close();

  store = PaperStateStore.open(dir, instrument, false);
  const loaded = store.load(instrument)!;
  assert.equal(loaded.version, PAPER_STATE_VERSION);
  assert.equal(loaded.portfolio.fills.length, 6);
  assert.equal(store.savedFills, 0, 'nothing is under the new keys yet');
  const restored = Portfolio.restore(loaded.portfolio, OPTS);
  trade(restored, 50_000, 2);
  await store.save(doc(restored, store));
  await store.close();

  store = PaperStateStore.open(dir, instrument, false);
  const again = store.load(instrument)!;
  assert.deepEqual(plain(again.portfolio.fills), plain(restored.snapshot().fills));
  assert.equal(again.portfolio.fills.length, 8);
  await store.close();
});
