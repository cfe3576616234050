/** Writes hand-made depth messages straight into a kernel's input (no parser). */
import {
  DEPTH_SEQ_PREV, DEPTH_SNAPSHOT, EV_AUX_U32, EV_EXCH_TS, EV_FLAGS, EV_FVAL, EV_ID, EV_IVAL, EV_LOCAL_TS, EV_PX, EV_QTY,
  EVENT_F64, EVENT_U32, KIND_DEPTH, KIND_LEVEL, KIND_TRADE, SIDE_ASK, SIDE_BID,
} from '../../src/layout/event.js';
import type { BookKernel } from '../../src/book/types.js';

export interface Level { bid: boolean; px: number; qty: number }
export interface Msg {
  kind: 'snapshot' | 'diff' | 'trade';
  /** Last update id (u). */
  id: number;
  /** First update id (U). */
  first: number;
  /** Previous id (pu) or -1. */
  prev: number;
  levels: Level[];
  tsMs: number;
}

/** Writes `msgs` as records; returns the record count. */
export function writeMsgs(k: BookKernel, msgs: Msg[]): number {
  const w = recordPutter(k);
  const put = w.put;
  for (const m of msgs) {
    if (m.kind === 'trade') { put(KIND_TRADE | SIDE_BID, 0, m.tsMs, 100, 1, m.id, 0, 0); continue; }
    const flags = KIND_DEPTH | (m.kind === 'snapshot' ? DEPTH_SNAPSHOT : 0) | (m.prev >= 0 ? DEPTH_SEQ_PREV : 0);
    put(flags, m.levels.length, m.tsMs, 0, 0, m.id, m.first, m.prev);
    for (const l of m.levels) put(KIND_LEVEL | (l.bid ? SIDE_BID : SIDE_ASK), 0, m.tsMs, l.px, l.qty, 0, 0, 0);
  }
  return w.count;
}

/** Writes records one by one from index 0 of `k`'s input; `count` is how many so far. */
export function recordPutter(k: BookKernel): {
  put(flags: number, aux: number, tsMs: number, px: number, qty: number, id: number, ival: number, fval: number): void;
  readonly count: number;
} {
  let i = 0;
  return {
    put(flags, aux, tsMs, px, qty, id, ival, fval) {
      k.inputU32[i * EVENT_U32 + EV_FLAGS] = flags;
      k.inputU32[i * EVENT_U32 + EV_AUX_U32] = aux;
      k.inputI64[i * EVENT_F64 + EV_EXCH_TS] = BigInt(tsMs) * 1_000_000n;
      k.inputI64[i * EVENT_F64 + EV_LOCAL_TS] = 0n;
      const o = i * EVENT_F64;
      k.input[o + EV_PX] = px;
      k.input[o + EV_QTY] = qty;
      k.input[o + EV_ID] = id;
      k.input[o + EV_IVAL] = ival;
      k.input[o + EV_FVAL] = fval;
      i++;
    },
    get count() { return i; },
  };
}
