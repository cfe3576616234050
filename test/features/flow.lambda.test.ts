/**
 * ofi_lambda_5m and the module contract, calling FlowFeatures' methods directly
 * with fake books (the mid is given by the BookState, so y can be set exactly).
 * Touch sizes are 8 lots on both sides at all times, so AD_1 = 8 exactly and a
 * one-tick bid move up (down) contributes x = +1 (−1) to its bar.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SideView } from '../../src/book/types.js';
import { olsSlope } from '../../src/features/ols.js';
import { FlowFeatures, type FlowParams } from '../../src/features/flow.js';
import { CORE_FEATURES, FEATURE_INDEX, FLAG_OFI_RESET } from '../../src/features/registry.js';
import type { BookState } from '../../src/features/stateful.js';
import { BTC, close, type Lvl } from './fixtures.js';

class FakeSide implements SideView {
  constructor(private readonly lv: readonly Lvl[]) {}
  get count(): number { return this.lv.length; }
  best(): number { return this.lv.length > 0 ? this.lv[0][0] : 0; }
  next(px: number): number {
    const i = this.lv.findIndex((l) => l[0] === px);
    return i >= 0 && i + 1 < this.lv.length ? this.lv[i + 1][0] : 0;
  }
  qty(px: number): number { return this.lv.find((l) => l[0] === px)?.[1] ?? 0; }
}

const LAMBDA = FEATURE_INDEX.ofi_lambda_5m;
const OFI = FEATURE_INDEX.ofi_1_1s;

/** Drives one module: message(t, bidTicks, mid) with asks fixed at 5000×8. */
class Driver {
  readonly mod: FlowFeatures;
  readonly row = new Float64Array(CORE_FEATURES.length);
  constructor(params: Partial<FlowParams> = {}) { this.mod = new FlowFeatures(params); }
  message(t: number, bid: number, mid: number, opts: { valid?: boolean; resync?: boolean } = {}): number {
    const valid = opts.valid ?? true;
    const s: BookState = {
      tMs: t, bids: new FakeSide([[bid, 8]]), asks: new FakeSide(valid ? [[5000, 8]] : []), inst: BTC,
      valid, mid: valid ? mid : NaN, resync: opts.resync ?? false,
    };
    this.mod.beforeBook(s);
    this.row.fill(NaN);
    return this.mod.afterBook(s, this.row);
  }
  get lambda(): number { return this.row[LAMBDA]; }
}

test('olsSlope: y = 2x + 1 exactly gives 2; constant x gives NaN', () => {
  const xs = [1, -1, 2, -1, 0, -2, 0, 3];
  assert.equal(olsSlope(xs, xs.map((x) => 2 * x + 1)), 2);
  assert.ok(Number.isNaN(olsSlope([3, 3, 3], [1, 2, 3])));
  // 3 points by hand: x̄ = 7/3, ȳ = 16/3, Sxx = 42/9, Sxy = 87/9 → 29/14
  close(olsSlope([1, 2, 4], [3, 4, 9]), 29 / 14, 'hand');
});

test('ofi_lambda_5m: 1 s bars with y = 2x + 1 give slope 2; NaN below 30 bars', () => {
  const d = new Driver();
  const pattern: [number, number][] = [[1, 0], [0, -1], [1, 1], [-1, 0], [0, 0], [-1, -1], [1, -1]];
  let bid = 3000;
  let mid = 100_000;
  assert.equal(d.message(500, bid, mid), FLAG_OFI_RESET); // first update; bar (0, 1000] has no m_start
  for (let j = 1; j <= 40; j++) {
    // bar j = (j·1000, (j+1)·1000]; closed by the first message of bar j + 1
    const [m1, m2] = pattern[j % pattern.length];
    const x = m1 + m2;
    d.message(j * 1000 + 200, bid += m1, mid);
    if (j >= 2) {
      const usable = j - 1;
      if (usable < 30) assert.ok(Number.isNaN(d.lambda), `${usable} bars: NaN`);
      else close(d.lambda, 2, `${usable} bars`, 1e-9);
    }
    mid = mid * Math.exp((2 * x + 1) / 1e4); // m_end = m_start·e^{(2x+1)/1e4}
    d.message(j * 1000 + 600, bid += m2, mid);
    assert.equal(d.row[OFI] * 1000, 8 * (m1 + m2), 'both moves are inside the 1 s window');
  }
  close(d.lambda, 2, 'last', 1e-9);
});

test('ofi_lambda_5m: skipped bars at an invalid book, window of the last 5 bars, Var(x) = 0, long gap', () => {
  const d = new Driver({ lambdaBars: 5, lambdaMinBars: 3 });
  let bid = 3000;
  let mid = 100;
  d.message(500, bid, mid);
  /** Bar j: one-tick bid moves `moves` at j·1000 + 100, 200, …; the last message sets the end mid m·e^{y/1e4}. */
  const bar = (j: number, moves: number[], y: number): void => {
    const end = mid * Math.exp(y / 1e4);
    moves.forEach((mv, i) => { d.message(j * 1000 + 100 * (i + 1), bid += mv, i === moves.length - 1 ? end : mid); });
    mid = end;
  };
  bar(1, [1], 3); // (x, y) = (1, 3)
  bar(2, [1, 1], 4); // (2, 4)
  assert.ok(Number.isNaN(d.lambda), 'one bar closed');
  // bar 3: the book is invalid at its end boundary → skipped
  assert.equal(d.message(3100, bid, NaN, { valid: false }), 0);
  assert.ok(Number.isNaN(d.lambda), 'invalid row: NaN');
  // bar 4: valid again (e = 0, flag 8) but m_start (as of 4000) is NaN → skipped
  assert.equal(d.message(4100, bid, mid), FLAG_OFI_RESET);
  assert.ok(Number.isNaN(d.lambda), 'bars 1 and 2 only');
  bar(5, [1, 1, 1, 1], 9); // (4, 9)
  d.message(6050, bid, mid); // closes bar 5 (x, y = 0 so far in bar 6)
  close(d.lambda, 29 / 14, 'bars 1, 2, 5');
  bar(6, [-1], -1); // (−1, −1) in total: the 6050 message moved nothing
  d.message(7050, bid, mid); // closes bar 6; the window is bars 2..6 → (2,4), (4,9), (−1,−1)
  // x̄ = 5/3, ȳ = 4, Sxy = 0 + 35/3 + 40/3 = 25, Sxx = (1 + 49 + 64)/9 = 38/3 → 75/38
  close(d.lambda, 75 / 38, 'bars 2, 5, 6');
  // A one-hour gap: the last 5 bars all have x = 0 and y = 0 → Var(x) = 0 → NaN.
  d.message(3_607_050, bid, mid);
  assert.ok(Number.isNaN(d.lambda), 'after a gap');
  assert.equal(d.row[OFI], 0);
});

test('afterBook returns FLAG_OFI_RESET on a resync and contributes e = 0', () => {
  const d = new Driver();
  assert.equal(d.message(1000, 3000, 100), FLAG_OFI_RESET);
  assert.equal(d.message(1100, 3001, 100), 0); // bid up: +8
  assert.equal(d.row[OFI], 0.008);
  assert.equal(d.message(1200, 3005, 100, { resync: true }), FLAG_OFI_RESET); // would be +8
  assert.equal(d.row[OFI], 0.008);
  assert.equal(d.message(1300, 3004, 100), 0); // bid down: −8
  assert.equal(d.row[OFI], 0);
});
