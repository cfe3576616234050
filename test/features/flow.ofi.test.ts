/**
 * Flow features driven through the FeatureEngine: CKS e^1 / MLOFI on tiny books,
 * half-open window eviction, resets, ofi_1_1s_norm's EMA_last and iOFI weights.
 * Every expected value is worked out by hand below (BTC grid: 1 lot = 0.001 BTC).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Instrument } from '../../src/feed/instrument.js';
import { FeatureEngine } from '../../src/features/engine.js';
import { FlowFeatures } from '../../src/features/flow.js';
import { FEATURE_INDEX, FLAG_CROSSED, FLAG_EMPTY_SIDE, FLAG_OFI_RESET } from '../../src/features/registry.js';
import { ROW_FEATURES, ROW_FLAGS, ROW_STRIDE } from '../../src/layout/feature-row.js';
import { writeMsgs, type Msg } from '../helpers/records.js';
import { BTC, close, type Lvl } from './fixtures.js';

interface FRow { flags: number; get(name: string): number }

let nextId = 100;
function snap(tsMs: number, bids: readonly Lvl[], asks: readonly Lvl[]): Msg {
  const id = nextId += 10;
  return {
    kind: 'snapshot', id, first: id, prev: -1, tsMs,
    levels: [...bids.map(([px, qty]) => ({ bid: true, px, qty })), ...asks.map(([px, qty]) => ({ bid: false, px, qty }))],
  };
}
/** [isBid, ticks, lots]; lots 0 deletes. */
function diff(tsMs: number, changes: readonly (readonly [boolean, number, number])[]): Msg {
  const id = ++nextId;
  return { kind: 'diff', id, first: id, prev: -1, tsMs, levels: changes.map(([bid, px, qty]) => ({ bid, px, qty })) };
}
function run(msgs: Msg[], mod: FlowFeatures = new FlowFeatures(), inst: Instrument = BTC): FRow[] {
  const eng = new FeatureEngine(inst, { modules: [mod], recordCapacity: 16_384, outputCapacity: 4096 });
  const n = eng.applyBatch(writeMsgs(eng, msgs));
  assert.equal(n, msgs.filter((m) => m.kind !== 'trade').length);
  const out = Float64Array.from(eng.output.subarray(0, n * ROW_STRIDE));
  return Array.from({ length: n }, (_, r) => ({
    flags: out[r * ROW_STRIDE + ROW_FLAGS],
    get: (name: string) => {
      const i = FEATURE_INDEX[name];
      assert.notEqual(i, undefined, `unknown feature ${name}`);
      return out[r * ROW_STRIDE + ROW_FEATURES + i];
    },
  }));
}
const FLOW = ['ofi_1_1s', 'ofi_1_1s_norm', 'mlofi_2_1s', 'mlofi_3_1s', 'mlofi_4_1s', 'mlofi_5_1s',
  'iofi_10_1s', 'iofi_10_10s', 'ofi_lambda_5m'];

// Base book: bids 1000×10, 999×4; asks 1002×8, 1003×5.
const BIDS: Lvl[] = [[1000, 10], [999, 4]];
const ASKS: Lvl[] = [[1002, 8], [1003, 5]];

test('CKS e^1 and e^2 for each case (one diff after a snapshot)', () => {
  const cases: { name: string; ch: [boolean, number, number][]; e1: number; e2: number }[] = [
    // bid same price: qb − qb' = 15 − 10; level 2 unchanged
    { name: 'bid same price', ch: [[true, 1000, 15]], e1: 5, e2: 0 },
    // bid up to 1001×7: +qb = 7 (the old best is not subtracted); level 2 is now 1000×10 > 999: +10
    { name: 'bid price up', ch: [[true, 1001, 7]], e1: 7, e2: 10 },
    // bid down (1000 deleted, best 999×4): −qb' = −10; bid level 2 missing now: 0
    { name: 'bid price down', ch: [[true, 1000, 0]], e1: -10, e2: 0 },
    // ask same price: −qa + qa' = −3 + 8
    { name: 'ask same price', ch: [[false, 1002, 3]], e1: 5, e2: 0 },
    // ask down to 1001×6: −qa = −6; level 2 now 1002×8 < 1003: −8
    { name: 'ask price down', ch: [[false, 1001, 6]], e1: -6, e2: -8 },
    // ask up (1002 deleted, best 1003×5): +qa' = +8; ask level 2 missing now: 0
    { name: 'ask price up', ch: [[false, 1002, 0]], e1: 8, e2: 0 },
    // both sides: bid same price 10→12 (+2), ask up (+8)
    { name: 'bid same + ask up', ch: [[true, 1000, 12], [false, 1002, 0]], e1: 10, e2: 0 },
    // locked book (bid 1002×3, ask 1002×8) is valid: bid up +3; level 2 1000×10 > 999: +10
    { name: 'locked after bid up', ch: [[true, 1002, 3]], e1: 3, e2: 10 },
  ];
  for (const c of cases) {
    const rows = run([snap(1000, BIDS, ASKS), diff(1100, c.ch)]);
    assert.equal(rows[0].get('ofi_1_1s'), 0, `${c.name}: first update contributes 0`);
    assert.equal(rows[1].get('ofi_1_1s'), c.e1 / 1000, `${c.name}: ofi_1_1s`);
    assert.equal(rows[1].get('mlofi_2_1s'), c.e2 / 1000, `${c.name}: mlofi_2_1s`);
    // level 3 is missing on both sides before and after
    assert.equal(rows[1].get('mlofi_3_1s'), 0, `${c.name}: mlofi_3_1s`);
    assert.equal(rows[1].flags & FLAG_OFI_RESET, 0, `${c.name}: no reset flag`);
  }
});

test('MLOFI on occupied levels 2..5: a deleted level shifts the deeper ones', () => {
  const bids: Lvl[] = [[1000, 10], [999, 20], [998, 30], [997, 40], [996, 50]];
  const asks: Lvl[] = [[1002, 11], [1003, 21], [1004, 31], [1005, 41], [1006, 51]];
  // bid 998: 30→35 (level 3, same price: +5). ask 1004 deleted: ask level 3 is now
  // 1005×41 vs 1004×31 (price up: +31), level 4 1006×51 vs 1005×41 (+41), level 5
  // missing now (0).
  const rows = run([snap(1000, bids, asks), diff(1200, [[true, 998, 35], [false, 1004, 0]])]);
  const r = rows[1];
  assert.equal(r.get('ofi_1_1s'), 0);
  assert.equal(r.get('mlofi_2_1s'), 0);
  assert.equal(r.get('mlofi_3_1s'), 36 / 1000);
  assert.equal(r.get('mlofi_4_1s'), 41 / 1000);
  assert.equal(r.get('mlofi_5_1s'), 0);
});

test('window (t − 1 s, t]: an entry exactly 1 s old is evicted, the current message is included', () => {
  const rows = run([
    snap(1000, BIDS, ASKS), // e = 0
    diff(1500, [[true, 1000, 15]]), // +5
    diff(2000, [[true, 1000, 18]]), // +3
    diff(2499, []), // (1499, 2499]: 5 + 3
    diff(2500, []), // (1500, 2500]: 3
    diff(3000, []), // (2000, 3000]: 0
  ]);
  assert.deepEqual(rows.map((r) => r.get('ofi_1_1s')), [0, 0.005, 0.008, 0.008, 0.003, 0]);
});

test('invalid book: NaN columns, previous levels reset (e = 0, flag 8), window history kept', () => {
  const rows = run([
    snap(1000, BIDS, ASKS),
    diff(1100, [[true, 1000, 15]]), // +5
    diff(1200, [[true, 1003, 1]]), // crossed (1003 > 1002)
    diff(1300, [[true, 1003, 0], [true, 1000, 20]]), // valid again; would be +5, contributes 0
    diff(1400, [[true, 1000, 21]]), // +1
    diff(1500, [[false, 1002, 0], [false, 1003, 0]]), // empty ask side
    diff(1600, [[false, 1002, 8]]), // valid again: 0
    diff(1700, [[false, 1002, 2]]), // −2 + 8 = +6
  ]);
  for (const n of FLOW) assert.ok(Number.isNaN(rows[2].get(n)), `crossed: ${n} NaN`);
  assert.equal(rows[2].flags & (FLAG_CROSSED | FLAG_OFI_RESET), FLAG_CROSSED);
  assert.equal(rows[3].get('ofi_1_1s'), 0.005);
  assert.equal(rows[3].get('mlofi_2_1s'), 0);
  assert.equal(rows[3].flags & FLAG_OFI_RESET, FLAG_OFI_RESET);
  assert.equal(rows[4].get('ofi_1_1s'), 0.006);
  assert.equal(rows[4].flags & FLAG_OFI_RESET, 0);
  for (const n of FLOW) assert.ok(Number.isNaN(rows[5].get(n)), `empty side: ${n} NaN`);
  assert.equal(rows[5].flags & (FLAG_EMPTY_SIDE | FLAG_OFI_RESET), FLAG_EMPTY_SIDE);
  assert.equal(rows[6].get('ofi_1_1s'), 0.006);
  assert.equal(rows[6].flags & FLAG_OFI_RESET, FLAG_OFI_RESET);
  assert.equal(rows[7].get('ofi_1_1s'), 0.012);
});

test('snapshot (resync) mid-stream: e = 0 and flag 8, window kept', () => {
  const rows = run([
    snap(1000, BIDS, ASKS),
    diff(1100, [[true, 1000, 15]]), // +5
    snap(1200, [[1000, 30]], ASKS), // would be +15; contributes 0
    diff(1300, [[true, 1000, 31]]), // +1
  ]);
  assert.equal(rows[0].flags & FLAG_OFI_RESET, FLAG_OFI_RESET);
  assert.equal(rows[2].get('ofi_1_1s'), 0.005);
  assert.equal(rows[2].flags & FLAG_OFI_RESET, FLAG_OFI_RESET);
  assert.equal(rows[3].get('ofi_1_1s'), 0.006);
  assert.equal(rows[3].flags & FLAG_OFI_RESET, 0);
});

test('ofi_1_1s_norm = ofi / AD_1 with AD_1 = EMA_last(τ = 60 s) of (qb1 + qa1)/2 in lots', () => {
  const rows = run([
    snap(1000, [[1000, 10]], [[1002, 20]]), // depth (10+20)/2 = 15; AD starts at 15
    diff(1600, [[true, 1000, 16]]), // e = +6; AD = a·15 + (1−a)·15 with the previous depth 15
    diff(2200, [[false, 1002, 10]]), // e = −10 + 20 = +10; previous depth (16+20)/2 = 18
    diff(3000, []), // window (2000, 3000] = 10; previous depth (16+10)/2 = 13
  ]);
  const ad0 = 15;
  const a1 = Math.exp(-600 / 60_000);
  const ad1 = a1 * ad0 + (1 - a1) * 15;
  const ad2 = a1 * ad1 + (1 - a1) * 18;
  const a3 = Math.exp(-800 / 60_000);
  const ad3 = a3 * ad2 + (1 - a3) * 13;
  assert.equal(rows[0].get('ofi_1_1s_norm'), 0);
  close(rows[1].get('ofi_1_1s_norm'), 6 / 15, 'row 1');
  close(rows[2].get('ofi_1_1s_norm'), 16 / ad2, 'row 2');
  close(rows[3].get('ofi_1_1s_norm'), 10 / ad3, 'row 3');
  close(rows[3].get('ofi_1_1s'), 0.01, 'raw ofi');
  // AD_1 is a true EMA_last, not the current depth: 16/ad2 differs from 16/18.
  assert.ok(Math.abs(rows[2].get('ofi_1_1s_norm') - 16 / 18) > 1e-3);
});

test('iOFI with non-equal weights over 1 s and 10 s windows, ĀD_10 = EMA_last of (Q^b_10 + Q^a_10)/20', () => {
  const w = [0.4, 0.3, 0.2, 0.1, 0, 0, 0, 0, 0, 0];
  const mod = new FlowFeatures({}, { levels: 10, weights: w });
  const rows = run([
    snap(1000, [[1000, 10], [999, 20], [998, 30]], [[1002, 10], [1003, 20], [1004, 30]]), // ĀD = 120/20 = 6
    diff(1500, [[true, 999, 25], [false, 1004, 20]]), // e^2 = +5, e^3 = −20 + 30 = +10; depth (65 + 50)/20 = 5.75
    diff(2000, [[true, 1000, 14]]), // e^1 = +4; depth (69 + 50)/20 = 5.95
    diff(2600, []), // 1 s: (1600, 2600] = {2000}; 10 s: all
    diff(11_600, []), // 1 s: empty; 10 s: (1600, 11600] = {2000}
  ], mod);
  const a5 = Math.exp(-500 / 60_000);
  const ad1 = a5 * 6 + (1 - a5) * 6;
  const ad2 = a5 * ad1 + (1 - a5) * 5.75;
  const a6 = Math.exp(-600 / 60_000);
  const ad3 = a6 * ad2 + (1 - a6) * 5.95;
  const a90 = Math.exp(-9000 / 60_000);
  const ad4 = a90 * ad3 + (1 - a90) * 5.95;
  close(rows[1].get('iofi_10_1s'), (0.3 * 5 + 0.2 * 10) / ad1, 'row 1 1s');
  close(rows[1].get('iofi_10_10s'), 3.5 / ad1, 'row 1 10s');
  close(rows[2].get('iofi_10_1s'), (0.4 * 4 + 0.3 * 5 + 0.2 * 10) / ad2, 'row 2 1s');
  close(rows[3].get('iofi_10_1s'), 1.6 / ad3, 'row 3 1s');
  close(rows[3].get('iofi_10_10s'), 5.1 / ad3, 'row 3 10s');
  assert.equal(rows[4].get('iofi_10_1s'), 0);
  close(rows[4].get('iofi_10_10s'), 1.6 / ad4, 'row 4 10s');
  // mlofi uses the same per-level flows
  assert.equal(rows[1].get('mlofi_2_1s'), 0.005);
  assert.equal(rows[1].get('mlofi_3_1s'), 0.01);
});

test('iOFI default weights are equal (1/10)', () => {
  const rows = run([
    snap(1000, [[1000, 10], [999, 20]], [[1002, 10], [1003, 20]]), // ĀD = 60/20 = 3
    diff(1000, [[true, 1000, 16], [false, 1003, 11]]), // same time (a = 1): e^1 = +6, e^2 = −11 + 20 = +9
  ]);
  close(rows[1].get('iofi_10_1s'), (6 + 9) / 10 / 3, 'equal weights');
});

test('iOFI weight tables are checked', () => {
  assert.throws(() => new FlowFeatures({}, { levels: 10, weights: [1] }), RangeError);
  assert.throws(() => new FlowFeatures({}, { levels: 10, weights: Array(10).fill(0.2) }), RangeError);
  assert.throws(() => new FlowFeatures({}, { levels: 2, weights: [-0.75, 0.25] }), RangeError);
  assert.throws(() => new FlowFeatures({}, { levels: 2, weights: [NaN, 1] }), RangeError);
  assert.throws(() => new FlowFeatures({ lambdaMinBars: 1 }), RangeError);
  assert.doesNotThrow(() => new FlowFeatures({}, { levels: 2, weights: [0.75, -0.25] }));
});

test('many messages: the ring grows and both windows stay exact', () => {
  // One message every 5 ms, each adding 1 lot at the best bid (e^1 = +1).
  const msgs: Msg[] = [snap(1000, BIDS, ASKS)];
  for (let i = 1; i <= 3000; i++) msgs.push(diff(1000 + 5 * i, [[true, 1000, 10 + i]]));
  const w = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  const rows = run(msgs, new FlowFeatures({}, { levels: 10, weights: w }));
  for (let i = 1; i <= 3000; i++) {
    // (t − W, t] holds messages j with 5·(i − j) < W: the last 200 (1 s) / 2000 (10 s)
    const n1 = Math.min(i, 200);
    const n10 = Math.min(i, 2000);
    assert.equal(rows[i].get('ofi_1_1s'), n1 / 1000, `row ${i}`);
    close(rows[i].get('iofi_10_10s') / rows[i].get('iofi_10_1s'), n10 / n1, `row ${i} 10 s / 1 s`);
  }
});
