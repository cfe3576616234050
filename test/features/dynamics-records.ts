/**
 * Stream builder for the dynamics tests: depth messages with continuous ids plus
 * trades with an aggressor side and a size (test/helpers/records.ts writes every
 * trade as a 1-lot buy). Writes straight into a kernel's input.
 */
import {
  DEPTH_SNAPSHOT, EV_AUX_U32, EV_EXCH_TS, EV_FLAGS, EV_FVAL, EV_ID, EV_IVAL, EV_LOCAL_TS, EV_PX, EV_QTY,
  EVENT_F64, EVENT_U32, KIND_DEPTH, KIND_LEVEL, KIND_TRADE, SIDE_ASK, SIDE_BID, SIDE_BUY, SIDE_SELL,
} from '../../src/layout/event.js';
import type { BookKernel } from '../../src/book/types.js';

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
  let i = 0;
  let id = 0;
  const put = (flags: number, aux: number, tsMs: number, px: number, qty: number, eid: number, ival: number, fval: number): void => {
    k.inputU32[i * EVENT_U32 + EV_FLAGS] = flags;
    k.inputU32[i * EVENT_U32 + EV_AUX_U32] = aux;
    k.inputI64[i * EVENT_F64 + EV_EXCH_TS] = BigInt(tsMs) * 1_000_000n;
    k.inputI64[i * EVENT_F64 + EV_LOCAL_TS] = 0n;
    const o = i * EVENT_F64;
    k.input[o + EV_PX] = px;
    k.input[o + EV_QTY] = qty;
    k.input[o + EV_ID] = eid;
    k.input[o + EV_IVAL] = ival;
    k.input[o + EV_FVAL] = fval;
    i++;
  };
  for (const e of evs) {
    if (e.kind === 'trade') { put(KIND_TRADE | (e.buy ? SIDE_BUY : SIDE_SELL), 0, e.tsMs, e.px, e.qty, 0, 0, 0); continue; }
    id++;
    put(KIND_DEPTH | (e.kind === 'snapshot' ? DEPTH_SNAPSHOT : 0), e.levels.length, e.tsMs, 0, 0, id, id, -1);
    for (const [bid, px, qty] of e.levels) put(KIND_LEVEL | (bid ? SIDE_BID : SIDE_ASK), 0, e.tsMs, px, qty, 0, 0, 0);
  }
  return i;
}
