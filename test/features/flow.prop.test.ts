/**
 * Randomised cross-check of ofi_1_1s and mlofi_2..5_1s against a brute-force
 * reference written here: its own map book, its own CKS per occupied level, and
 * window sums by scanning the whole history. Crossed and one-sided books occur.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FeatureEngine } from '../../src/features/engine.js';
import { FlowFeatures } from '../../src/features/flow.js';
import { FEATURE_INDEX, FLAG_OFI_RESET } from '../../src/features/registry.js';
import { ROW_FEATURES, ROW_FLAGS, ROW_STRIDE } from '../../src/layout/feature-row.js';
import { writeMsgs, type Level, type Msg } from '../helpers/records.js';
import { BTC } from './fixtures.js';
import { prng } from '../../src/feed/demo-stream.js';


type Top = { px: number[]; q: number[] };

function top(side: Map<number, number>, isBid: boolean, k: number): Top {
  const pxs = [...side.keys()].sort((x, y) => (isBid ? y - x : x - y)).slice(0, k);
  return { px: pxs, q: pxs.map((p) => side.get(p) ?? 0) };
}

/** e^m with m 0-based, straight from spec §2.3; a missing level on a side → 0. */
function eLevel(m: number, pb: Top, pa: Top, cb: Top, ca: Top): number {
  let e = 0;
  if (m < pb.px.length && m < cb.px.length) {
    e += (cb.px[m] >= pb.px[m] ? cb.q[m] : 0) - (cb.px[m] <= pb.px[m] ? pb.q[m] : 0);
  }
  if (m < pa.px.length && m < ca.px.length) {
    e += -(ca.px[m] <= pa.px[m] ? ca.q[m] : 0) + (ca.px[m] >= pa.px[m] ? pa.q[m] : 0);
  }
  return e;
}

for (const seed of [1, 2, 3]) {
  test(`random stream ${seed}: ofi_1_1s and mlofi_m_1s equal a brute-force reference`, () => {
    const rnd = prng(seed);
    const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
    const msgs: Msg[] = [];
    const snapLevels: Level[] = [];
    for (let p = 990; p <= 1000; p++) snapLevels.push({ bid: true, px: p, qty: int(1, 20) });
    for (let p = 1001; p <= 1011; p++) snapLevels.push({ bid: false, px: p, qty: int(1, 20) });
    msgs.push({ kind: 'snapshot', id: 10, first: 10, prev: -1, levels: snapLevels, tsMs: 1000 });
    let t = 1000;
    let crossing: Level | null = null;
    for (let id = 11; id < 1500; id++) {
      t += int(0, 1) === 0 ? int(0, 40) : int(100, 600);
      const levels: Level[] = [];
      // A crossing level lives for one message, so crossed books are transient.
      if (crossing) { levels.push({ ...crossing, qty: 0 }); crossing = null; }
      for (let n = int(0, 3); n > 0; n--) {
        const bid = rnd() < 0.5;
        const px = bid ? int(985, 1000) : int(1001, 1016);
        levels.push({ bid, px, qty: rnd() < 0.35 ? 0 : int(1, 20) });
      }
      if (rnd() < 0.04) {
        const bid = rnd() < 0.5;
        crossing = { bid, px: bid ? int(1001, 1003) : int(998, 1000), qty: int(1, 5) };
        levels.push(crossing);
      }
      msgs.push({ kind: 'diff', id, first: id, prev: -1, levels, tsMs: t });
    }

    const eng = new FeatureEngine(BTC, { modules: [new FlowFeatures()], recordCapacity: 16_384, outputCapacity: 4096 });
    const nRows = eng.applyBatch(writeMsgs(eng, msgs));
    assert.equal(nRows, msgs.length);

    const bids = new Map<number, number>();
    const asks = new Map<number, number>();
    let prev: { b: Top; a: Top } | null = null;
    const hist: { t: number; e: number[] }[] = [];
    let invalidRows = 0;
    let resets = 0;
    for (let r = 0; r < nRows; r++) {
      const m = msgs[r];
      if (m.kind === 'snapshot') { bids.clear(); asks.clear(); }
      for (const l of m.levels) {
        const side = l.bid ? bids : asks;
        if (l.qty === 0) side.delete(l.px); else side.set(l.px, l.qty);
      }
      const b = top(bids, true, 5);
      const a = top(asks, false, 5);
      const valid = b.px.length > 0 && a.px.length > 0 && b.px[0] <= a.px[0];
      const get = (name: string): number => eng.output[r * ROW_STRIDE + ROW_FEATURES + FEATURE_INDEX[name]];
      const flags = eng.output[r * ROW_STRIDE + ROW_FLAGS];
      if (!valid) {
        invalidRows++;
        prev = null;
        assert.ok(Number.isNaN(get('ofi_1_1s')) && Number.isNaN(get('mlofi_5_1s')), `row ${r}: NaN`);
        continue;
      }
      if (prev === null) {
        resets++;
        assert.equal(flags & FLAG_OFI_RESET, FLAG_OFI_RESET, `row ${r}: reset flag`);
        hist.push({ t: m.tsMs, e: [0, 0, 0, 0, 0] });
      } else {
        const p = prev;
        assert.equal(flags & FLAG_OFI_RESET, 0, `row ${r}: no reset flag`);
        hist.push({ t: m.tsMs, e: [0, 1, 2, 3, 4].map((k) => eLevel(k, p.b, p.a, b, a)) });
      }
      prev = { b, a };
      const names = ['ofi_1_1s', 'mlofi_2_1s', 'mlofi_3_1s', 'mlofi_4_1s', 'mlofi_5_1s'];
      for (let k = 0; k < 5; k++) {
        let sum = 0;
        for (const h of hist) if (h.t > m.tsMs - 1000 && h.t <= m.tsMs) sum += h.e[k];
        assert.equal(get(names[k]), sum / 1000, `row ${r} ${names[k]}`);
      }
    }
    // The stream must exercise both the invalid path and resets.
    assert.ok(invalidRows > 10 && resets > 5, `invalid rows ${invalidRows}, resets ${resets}`);
  });
}
