/**
 * Stream builder for the dynamics tests: depth messages with continuous ids plus
 * trades with an aggressor side and a size (test/helpers/records.ts writes every
 * trade as a 1-lot buy). Writes straight into a kernel's input.
 */
import {
  DEPTH_SNAPSHOT, KIND_DEPTH, KIND_LEVEL, KIND_TRADE, SIDE_ASK, SIDE_BID, SIDE_BUY, SIDE_SELL,
} from '../../src/layout/event.js';
import type { BookKernel } from '../../src/book/types.js';
import { recordPutter } from '../helpers/records.js';

/** [isBid, price ticks, size lots (0 = delete)]. */
export type Lv = readonly [boolean, number, number];

export type Ev =
  | { kind: 'snapshot'; tsMs: number; levels: readonly Lv[] }
  | { kind: 'diff'; tsMs: number; levels: readonly Lv[] }
  | { kind: 'trade'; tsMs: number; buy: boolean; px: number; qty: number };

export const snap = (tsMs: number, levels: readonly Lv[]): Ev => ({ kind: 'snapshot', tsMs, levels });
export const diff = (tsMs: number, levels: readonly Lv[]): Ev => ({ kind: 'diff', tsMs, levels });
export const trade = (tsMs: number, buy: boolean, qty: number, px = 1): Ev => ({ kind: 'trade', tsMs, buy, px, qty });

/** Writes `evs` (ids 1, 2, … continuous, no pu) and returns the record count. */
export function writeEvents(k: BookKernel, evs: readonly Ev[]): number {
  const w = recordPutter(k);
  const put = w.put;
  let id = 0;
  for (const e of evs) {
    if (e.kind === 'trade') { put(KIND_TRADE | (e.buy ? SIDE_BUY : SIDE_SELL), 0, e.tsMs, e.px, e.qty, 0, 0, 0); continue; }
    id++;
    put(KIND_DEPTH | (e.kind === 'snapshot' ? DEPTH_SNAPSHOT : 0), e.levels.length, e.tsMs, 0, 0, id, id, -1);
    for (const [bid, px, qty] of e.levels) put(KIND_LEVEL | (bid ? SIDE_BID : SIDE_ASK), 0, e.tsMs, px, qty, 0, 0, 0);
  }
  return w.count;
}
