/**
 * Queue-position models: every expected number is worked out by hand in the
 * comments next to it (f(x) = x^n, prob = f(back) / (f(back) + f(front)),
 * est = front − (1 − prob)·chg + min(back − prob·chg, 0)).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { joinQueue, levelProb, queueModel, tradeAtPrice } from '../../src/venue/paper/queue.js';

const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) < 1e-9, `${what}: ${a} vs ${b}`);

test('an order joins behind the displayed size at its price', () => {
  assert.deepEqual(joinQueue(7), { aheadLots: 7, tradedLots: 0 });
  assert.deepEqual(joinQueue(0), { aheadLots: 0, tradedLots: 0 });
});

test('trades at our price deplete the queue ahead, then fill partially, then fully', () => {
  for (const name of ['prob', 'risk-averse'] as const) {
    const m = queueModel(name, 3);
    const q = m.join(5);
    // 5 − 3 = 2 still ahead: nothing fills.
    assert.equal(m.onTrade(q, 3, 4), 0);
    assert.deepEqual(q, { aheadLots: 2, tradedLots: 3 });
    // 2 − 4 = −2: two lots traded through us, fill 2 of our 4.
    assert.equal(m.onTrade(q, 4, 4), 2);
    assert.deepEqual(q, { aheadLots: 0, tradedLots: 7 });
    // Front of the queue now: a trade of 5 fills our remaining 2 (capped at leaves).
    assert.equal(m.onTrade(q, 5, 2), 2);
    assert.equal(q.aheadLots, 0);
  }
});

test('risk-averse: level decreases never move us forward unless the level shrinks below our position', () => {
  const m = queueModel('risk-averse');
  const q = m.join(3); // level shows 10 in total, 3 of them ahead of us (joined earlier at 3)
  m.onLevel(q, 10, 5); // 5 left on the level, still >= 3 ahead: cancels assumed behind us
  assert.equal(q.aheadLots, 3);
  m.onLevel(q, 5, 9); // increase: joins behind us
  assert.equal(q.aheadLots, 3);
  m.onLevel(q, 9, 2); // only 2 displayed: at most 2 can be ahead
  assert.equal(q.aheadLots, 2);
  m.onLevel(q, 2, 0);
  assert.equal(q.aheadLots, 0);
});

test('prob model, n = 3: a decrease is split between front and back by f(back) / (f(back) + f(front))', () => {
  const m = queueModel('prob', 3);
  const q = m.join(4); // level 10: front 4, back 6
  m.onLevel(q, 10, 8);
  // chg = 10 − 8 = 2; f(6) = 216, f(4) = 64, prob = 216/280
  // est = 4 − (64/280)·2 + min(6 − (216/280)·2, 0) = 4 − 128/280 + 0 = 3.5428571428…
  close(q.aheadLots, 3.5428571428571427, 'first decrease');
  m.onLevel(q, 8, 3);
  // chg = 5; front = 3.5428571, back = 8 − 3.5428571 = 4.4571429
  // f(back) = 88.546146, f(front) = 44.469364, prob = 88.546146 / 133.01551 = 0.66568286
  // est = 3.5428571 − 0.33431714·5 + min(4.4571429 − 3.3284143, 0) = 3.5428571 − 1.6715857 = 1.8712715
  close(q.aheadLots, 1.8712714622376838, 'second decrease');

  // Same first decrease under risk-averse: no move at all (min(4, 8) = 4).
  const ra = queueModel('risk-averse');
  const qa = ra.join(4);
  ra.onLevel(qa, 10, 8);
  assert.equal(qa.aheadLots, 4);
});

test('prob model: the part of the decrease the back cannot absorb comes from the front', () => {
  const q = joinQueue(2); // level 5: front 2, back 3
  levelProb(q, 5, 1, 3);
  // chg = 4; f(3) = 27, f(2) = 8, prob = 27/35
  // est = 2 − (8/35)·4 + min(3 − (27/35)·4, 0) = 2 − 32/35 + (105 − 108)/35 = 2 − 35/35 = 1; min(1, new 1) = 1
  close(q.aheadLots, 1, 'ahead');
  const q2 = joinQueue(2); // level 3: front 2, back 1; all 3 cancelled
  levelProb(q2, 3, 0, 3);
  // prob = 1/9; est = 2 − (8/9)·3 + min(1 − 3/9, 0) = 2 − 8/3 = −0.67 → capped by new 0 and floored at 0
  assert.equal(q2.aheadLots, 0);
});

test('prob model: n = 0 splits evenly; an increase never moves us; a non-finite prob counts as 1', () => {
  const q = joinQueue(4);
  levelProb(q, 10, 8, 0);
  // prob = 1/(1+1) = 0.5; est = 4 − 0.5·2 + min(6 − 1, 0) = 3
  assert.equal(q.aheadLots, 3);
  levelProb(q, 8, 12, 3); // chg = −4 < 0
  assert.equal(q.aheadLots, 3);
  const big = joinQueue(1e120); // level 2e120: (1e120)^3 = Infinity, Infinity/Infinity = NaN → prob 1
  levelProb(big, 2e120, 1.9e120, 3);
  // chg = 1e119; est = 1e120 − 0·chg + min(1e120 − 1e119, 0) = 1e120 (with prob 0.5 it would be 9.5e119)
  assert.equal(big.aheadLots, 1e120);
});

test('a trade followed by the level decrease reporting it moves us forward once, not twice', () => {
  const m = queueModel('prob', 3);
  const q = m.join(8); // level 10: front 8, back 2
  assert.equal(m.onTrade(q, 3, 2), 0); // ahead 8 − 3 = 5, traded 3
  m.onLevel(q, 10, 7);
  // chg = 10 − 7 − 3 = 0 → front 5, back 5, prob 0.5, est = 5 − 0 + min(5, 0) = 5.
  // Without de-duplication chg = 3 would give 5 − 1.5 + min(5 − 1.5, 0) = 3.5.
  assert.equal(q.aheadLots, 5);
  assert.equal(q.tradedLots, 0);
  m.onLevel(q, 7, 6);
  // A real cancel now: chg = 1, front 5, back 2, prob = 8/133
  // est = 5 − (125/133)·1 + min(2 − 8/133, 0) = 5 − 0.93984962 = 4.0601504
  close(q.aheadLots, 4.06015037593985, 'after the cancel');

  const ra = queueModel('risk-averse');
  const qa = ra.join(8);
  ra.onTrade(qa, 3, 2); // 5 ahead
  ra.onLevel(qa, 10, 7); // min(5, 7) = 5, not 2
  assert.equal(qa.aheadLots, 5);
});

test('fills are whole lots: a fractional excess below one half waits for the next trade', () => {
  const q = joinQueue(0);
  q.aheadLots = 3.5428571428571427;
  assert.equal(tradeAtPrice(q, 4, 10), 0); // −0.457 rounds to 0
  close(q.aheadLots, -0.4571428571428573, 'carried excess');
  assert.equal(tradeAtPrice(q, 1, 10), 1); // −1.457 rounds to 1
  assert.equal(q.aheadLots, 0);
});

test('bad model names and powers are refused', () => {
  assert.throws(() => queueModel('fifo' as never), { name: 'RangeError', message: /queueModel must be/ });
  assert.throws(() => queueModel('prob', -1), { name: 'RangeError', message: /queuePower must be .* was -1/ });
});
