/**
 * Queue position of one resting order in an L2 book, as hftbacktest models it
 * (RiskAdverseQueueModel / ProbQueueModel): the exchange shows only the size of
 * each level, so where we stand in the queue is an estimate.
 *
 *   level at our price:   [ ahead (aheadLots) | us | behind ]
 *
 * - We join behind everything displayed at our price when the order arrives.
 * - A trade at our price eats the front of the queue; once the traded volume
 *   exceeds what was ahead of us, the excess fills us.
 * - A level decrease not explained by trades is cancellations somewhere in the
 *   queue. Risk-averse: they are all behind us (we only move when the level
 *   shrinks below our position). Probabilistic: the share in front of us is
 *   f(back) / (f(back) + f(front)) with f(x) = x^power — the more size behind us,
 *   the likelier a cancel came from in front.
 * - `tradedLots` remembers trade volume at our price since the last level update,
 *   so the level decrease that reports those same trades is not counted twice.
 *
 * Sizes in lots (may become fractional under the probabilistic model); O(1) per call.
 */

export type QueueModelName = 'prob' | 'risk-averse';

/** Per-order queue state. */
export interface QueueState {
  /** Displayed size ahead of us, lots (>= 0). */
  aheadLots: number;
  /** Trade volume at our price since the last level update at our price, lots. */
  tradedLots: number;
}

/** A queue-position model; stateless itself, it updates a QueueState. */
export interface QueueModel {
  readonly name: QueueModelName;
  /** Fresh state for an order joining a level that displays `displayedLots`. */
  join(displayedLots: number): QueueState;
  /**
   * A trade of `qtyLots` at our price against our side: returns the lots that fill
   * us (<= leavesLots). The caller reduces its leaves by that amount.
   */
  onTrade(q: QueueState, qtyLots: number, leavesLots: number): number;
  /** The displayed size at our price changed from `oldLots` to `newLots`. */
  onLevel(q: QueueState, oldLots: number, newLots: number): void;
}

/** Queue state for an order joining behind `displayedLots`. */
export function joinQueue(displayedLots: number): QueueState {
  return { aheadLots: Math.max(0, displayedLots), tradedLots: 0 };
}

/**
 * The shared trade rule: volume traded through the queue ahead of us fills us.
 * Fills are whole lots: the excess is rounded (as hftbacktest does) because the
 * probabilistic model can leave a fractional `aheadLots`; an excess that rounds to
 * 0 stays in `aheadLots` (slightly negative) for the next trade.
 */
export function tradeAtPrice(q: QueueState, qtyLots: number, leavesLots: number): number {
  q.aheadLots -= qtyLots;
  q.tradedLots += qtyLots;
  const excessLots = Math.round(-q.aheadLots);
  if (excessLots <= 0) return 0;
  q.aheadLots = 0;
  return Math.min(excessLots, leavesLots);
}

/**
 * Level change under the risk-averse model: decreases never move us forward,
 * except that nothing can be ahead of us beyond what is displayed.
 */
export function levelRiskAverse(q: QueueState, _oldLots: number, newLots: number): void {
  q.tradedLots = 0;
  q.aheadLots = Math.max(0, Math.min(q.aheadLots, newLots));
}

/** Level change under the probabilistic model with f(x) = x^power. */
export function levelProb(q: QueueState, oldLots: number, newLots: number, power: number): void {
  const chg = oldLots - newLots - q.tradedLots;
  q.tradedLots = 0;
  if (chg < 0) {
    // Net increase: new size joins behind us.
    q.aheadLots = Math.max(0, Math.min(q.aheadLots, newLots));
    return;
  }
  const front = q.aheadLots;
  const back = oldLots - front;
  const fFront = front ** power;
  const fBack = back ** power;
  let prob = fBack / (fBack + fFront);
  if (!Number.isFinite(prob)) prob = 1;
  // (1 − prob) of the decrease came from in front of us; any part of prob·chg the
  // back cannot absorb must have come from the front as well.
  const est = front - (1 - prob) * chg + Math.min(back - prob * chg, 0);
  q.aheadLots = Math.max(0, Math.min(est, newLots));
}

/** The model named in config (`queuePower` is used by 'prob' only). */
export function queueModel(name: QueueModelName, power = 3): QueueModel {
  if (name === 'risk-averse') {
    return { name, join: joinQueue, onTrade: tradeAtPrice, onLevel: levelRiskAverse };
  }
  if (name !== 'prob') throw new RangeError(`queueModel must be 'prob' or 'risk-averse', was ${String(name)}`);
  if (!(Number.isFinite(power) && power >= 0)) throw new RangeError(`queuePower must be a finite number >= 0, was ${power}`);
  return {
    name,
    join: joinQueue,
    onTrade: tradeAtPrice,
    onLevel: (q, oldLots, newLots) => levelProb(q, oldLots, newLots, power),
  };
}
