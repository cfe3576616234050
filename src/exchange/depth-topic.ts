/**
 * One orderbook.{depth}.{symbol} topic. Derived topics publish, at Bybit's push
 * cadence for their depth, the difference between the book's top-N now and the
 * top-N they last published (levels leaving the top N are sent as size "0"), so
 * every subscriber that applied the snapshot and each delta holds exactly the
 * published view. `u` grows by one per published frame, shared by all clients.
 * A native topic (a replay's recorded depth) passes the recorded frames through
 * with their own u; its snapshot is the replay book at that u.
 */
import { ASK, BID, type L2View } from './book-view.js';
import { depthFrame, levelsText, type FrameFormat } from './frames.js';

/** Bybit v5 push interval per depth, ms (linear: 1 → 10 ms, 50 → 20 ms, 200 → 100 ms). */
export const CADENCE_MS: Readonly<Record<number, number>> = { 1: 10, 50: 20, 200: 100 };
export const DEPTHS = [1, 50, 200] as const;
export type Depth = (typeof DEPTHS)[number];

export class DepthTopic {
  readonly name: string;
  readonly cadenceMs: number;
  /** Update id of the last published frame. */
  u: number;
  /** Gap fault: the next delta skips one u (derived) or is not sent (native). */
  skipNext = false;
  deltas = 0;
  private seq = 0;
  private ctsMs = 0;
  private oldPx: number[][] = [[], []];
  private oldQty: number[][] = [[], []];
  private newPx: number[][] = [[], []];
  private newQty: number[][] = [[], []];
  private readonly oldN = [0, 0];
  private readonly outPx: number[] = [];
  private readonly outQty: number[] = [];

  constructor(readonly fmt: FrameFormat, readonly depth: number, initialU: number, readonly native = false) {
    this.name = `orderbook.${depth}.${fmt.symbol}`;
    this.cadenceMs = CADENCE_MS[depth] ?? 100;
    this.u = initialU;
  }

  /** Takes the view as published without sending anything (start of a stream). */
  prime(view: L2View, seq: number, ctsMs: number): void {
    for (const s of [BID, ASK]) this.oldN[s] = view.top(s, this.depth, this.oldPx[s], this.oldQty[s]);
    this.seq = seq;
    this.ctsMs = ctsMs;
  }

  /** Derived: the delta frame for time tsMs, or undefined when the top N did not change. */
  delta(view: L2View, tsMs: number, seq: number, ctsMs: number): string | undefined {
    const b = this.diff(view, BID);
    const a = this.diff(view, ASK);
    if (b === undefined && a === undefined) return undefined;
    this.u += this.skipNext ? 2 : 1;
    this.skipNext = false;
    this.deltas++;
    this.seq = seq;
    this.ctsMs = ctsMs;
    return depthFrame(this.fmt, this.depth, 'delta', tsMs, b ?? '[]', a ?? '[]', this.u, seq, ctsMs);
  }

  /** Native: a recorded frame with update id u; false = drop it (gap fault). */
  recorded(u: number, snapshot: boolean, seq: number, ctsMs: number): boolean {
    if (this.skipNext && !snapshot) { this.skipNext = false; return false; }
    this.u = u;
    this.seq = seq;
    this.ctsMs = ctsMs;
    this.deltas++;
    return true;
  }

  /** A snapshot at the current u: the published view (derived) or the replay book now (native). */
  snapshot(view: L2View, tsMs: number): string {
    if (this.native) this.prime(view, this.seq, this.ctsMs);
    const side = (s: number): string => levelsText(this.fmt, this.oldPx[s], this.oldQty[s], this.oldN[s]);
    return depthFrame(this.fmt, this.depth, 'snapshot', tsMs, side(BID), side(ASK), this.u, this.seq, this.ctsMs);
  }

  /** Changes of one side against the published view, best first; undefined when none. */
  private diff(view: L2View, s: number): string | undefined {
    const nn = view.top(s, this.depth, this.newPx[s], this.newQty[s]);
    const op = this.oldPx[s], oq = this.oldQty[s], np = this.newPx[s], nq = this.newQty[s];
    const on = this.oldN[s];
    const better = s === BID ? (x: number, y: number) => x > y : (x: number, y: number) => x < y;
    let i = 0, j = 0, m = 0;
    while (i < on || j < nn) {
      if (j >= nn || (i < on && better(op[i], np[j]))) { this.outPx[m] = op[i]; this.outQty[m++] = 0; i++; }
      else if (i >= on || better(np[j], op[i])) { this.outPx[m] = np[j]; this.outQty[m++] = nq[j]; j++; }
      else { if (oq[i] !== nq[j]) { this.outPx[m] = np[j]; this.outQty[m++] = nq[j]; } i++; j++; }
    }
    [this.oldPx[s], this.newPx[s]] = [np, op];
    [this.oldQty[s], this.newQty[s]] = [nq, oq];
    this.oldN[s] = nn;
    return m === 0 ? undefined : levelsText(this.fmt, this.outPx, this.outQty, m);
  }
}
