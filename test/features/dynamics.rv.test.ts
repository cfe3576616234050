/**
 * rv_10s_bps / rv_60s_bps on the 100 ms grid. Stream: one message at t = 100k + 50
 * whose mid alternates 100 (k even: bid 99, ask 101) and 101 (k odd: ask 103), so
 * boundary g = 100j carries the mid of message j − 1 and every grid return is
 * ±1e4·ln(101/100). Expected values are written out by hand.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { close } from './fixtures.js';
import { diff, snap, trade, type Ev } from './dynamics-records.js';
import { runDynamics } from './dynamics-run.js';

const B = true;
const A = false;
const r1 = 1e4 * Math.log(101 / 100);
const c = r1 * r1;

/** Messages k = 0..last at t = 100k + 50, mid alternating 100 / 101. */
function alternating(last: number): Ev[] {
  const evs: Ev[] = [snap(50, [[B, 99, 1], [A, 101, 1]])];
  for (let k = 1; k <= last; k++) {
    evs.push(diff(100 * k + 50, k % 2 === 1 ? [[A, 101, 0], [A, 103, 1]] : [[A, 103, 0], [A, 101, 1]]));
  }
  return evs;
}

test('rv_10s: NaN until 100 returns (101 grid samples), then sqrt(100·r²); silence fill; invalid sample → NaN', () => {
  const evs = alternating(101); // last message at 10150, mid 101
  evs.push(trade(10480, false, 1)); // processes 10200, 10300, 10400 with the state after 10150 (mid 101)
  evs.push(diff(10550, [[B, 99, 2]])); // processes 10500 (mid 101); mid unchanged
  evs.push(diff(10650, [[A, 103, 0]])); // invalid book; processes 10600 (101)
  evs.push(diff(10750, [[A, 103, 1]])); // processes 10700 = invalid sample
  let q = 3;
  for (let t = 10850; t <= 20850; t += 100) evs.push(diff(t, [[B, 99, q++]])); // mid 101 throughout
  const rows = runDynamics(evs);
  const at = (t: number) => {
    const r = rows.find((x) => x.tMs === t);
    assert.ok(r, `row at ${t}`);
    return r;
  };
  // Row k has processed boundaries 100..100k: k returns, the first one without a predecessor.
  close(at(9950).get('rv_10s_bps'), NaN, 'k = 99');
  close(at(10050).get('rv_10s_bps'), NaN, 'k = 100: 99 valid returns');
  close(at(10150).get('rv_10s_bps'), Math.sqrt(100 * c), 'k = 101', 1e-12);
  for (const t of [50, 10150]) close(at(t).get('rv_60s_bps'), NaN, `rv_60s not full at ${t}`);
  // Window at 10550 = g 600..10500: 10200 = ln(101/100) (m(10100) = 100), 10300..10500 = 0 (silence fill).
  close(at(10550).get('rv_10s_bps'), Math.sqrt(97 * c), 'after the silence', 1e-12);
  close(at(10650).get('rv_10s_bps'), NaN, 'current book invalid');
  close(at(10750).get('rv_10s_bps'), NaN, 'invalid sample at 10700 in the window');
  // The returns at 10700 and 10800 touch the invalid sample; they leave the window when it starts at 10900.
  close(at(20750).get('rv_10s_bps'), NaN, 'window 10800..20700 still has the invalid return at 10800');
  close(at(20850).get('rv_10s_bps'), 0, 'window 10900..20800: all returns 0');
});

test('rv_60s: NaN until 600 returns, then sqrt(600·r²); rv_10s alongside', () => {
  const rows = runDynamics(alternating(601));
  close(rows[600].get('rv_60s_bps'), NaN, 'k = 600');
  close(rows[601].get('rv_60s_bps'), Math.sqrt(600 * c), 'k = 601', 1e-12);
  close(rows[601].get('rv_10s_bps'), Math.sqrt(100 * c), 'rv_10s at k = 601', 1e-12);
});

test('rv: a silence filling 599 boundaries keeps the jump; one filling more than the ring counts every sample', () => {
  // Last alternating message k = 601 at 60150 (mid 101); m(60100) = mid of k = 600 = 100.
  const short = alternating(601);
  short.push(diff(120050, [[B, 99, 2]])); // boundaries 60200..120000 (599): r(60200) = r1, the rest 0
  const a = runDynamics(short);
  // 600-window = g 60100..120000: r(60100) = ±r1 (m 101 vs 100) and r(60200) = r1.
  close(a[602].get('rv_60s_bps'), Math.sqrt(2 * c), 'rv_60s', 1e-12);
  close(a[602].get('rv_10s_bps'), 0, 'rv_10s');
  // A silence right after the first message: 700 boundaries (100..70000) in one go; the first
  // return (no predecessor) falls out of the 600-window, so both windows are full and flat.
  const b = runDynamics([snap(50, [[B, 99, 1], [A, 101, 1]]), diff(70050, [[B, 99, 2]])]);
  close(b[0].get('rv_60s_bps'), NaN, 'first row');
  close(b[1].get('rv_60s_bps'), 0, 'rv_60s after 700 filled boundaries');
  close(b[1].get('rv_10s_bps'), 0, 'rv_10s after 700 filled boundaries');
  // 599 filled boundaries after the first message: 599 returns, not full.
  const d = runDynamics([snap(50, [[B, 99, 1], [A, 101, 1]]), diff(59950, [[B, 99, 2]])]);
  close(d[1].get('rv_60s_bps'), NaN, '599 returns');
  close(d[1].get('rv_10s_bps'), 0, 'rv_10s: 100 zero returns');
});

test('snapshots mid-stream: grid and as-of history keep the state before the snapshot; add/cxl contribute 0', () => {
  const evs: Ev[] = [];
  for (let k = 0; k <= 101; k++) evs.push(snap(100 * k + 50, k % 2 === 1 ? [[B, 99, 1], [A, 103, 1]] : [[B, 99, 1], [A, 101, 1]]));
  const rows = runDynamics(evs);
  close(rows[100].get('rv_10s_bps'), NaN, 'k = 100');
  close(rows[101].get('rv_10s_bps'), Math.sqrt(100 * c), 'k = 101', 1e-12);
  close(rows[101].get('ret_100ms_bps'), r1, 'ret_100ms at k = 101 (101 vs 100)');
  close(rows[100].get('ret_100ms_bps'), 1e4 * Math.log(100 / 101), 'ret_100ms at k = 100');
  for (const name of ['add_rate_bid_1s', 'add_rate_ask_1s', 'cxl_rate_bid_1s', 'cxl_rate_ask_1s']) {
    assert.equal(rows[101].get(name), 0, name);
  }
});
