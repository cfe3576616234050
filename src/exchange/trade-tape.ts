/**
 * publicTrade prints: collects the prints of one matching instant and writes them
 * as one frame, each with Bybit's fields T, s, S, v, p, L (tick direction against
 * the previous print), i (a trade id in UUID form, derived from the sequence so a
 * seed gives the same ids), BT, RPI and seq.
 */
import { pxText, qtyText, tradeFrame, type FrameFormat } from './frames.js';

const TICK_DIRECTIONS = ['PlusTick', 'ZeroPlusTick', 'MinusTick', 'ZeroMinusTick'] as const;

function hex32(x: number): string {
  let z = (x ^ 0x5bd1e995) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return ((z ^ (z >>> 16)) >>> 0).toString(16).padStart(8, '0');
}

/** A deterministic UUID-shaped id for print `seq`. */
export function tradeId(seq: number): string {
  const lo = seq >>> 0, hi = Math.floor(seq / 4294967296);
  const h = hex32(lo) + hex32(lo ^ 0x1234567) + hex32(hi + 0x9e3779b9) + hex32(lo + 0x7f4a7c15);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${'89ab'[parseInt(h[16], 16) & 3]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export class TradeTape {
  private readonly pending: string[] = [];
  private pendingTsMs = 0;
  private lastPx = 0;
  private lastDir = 1; // ZeroPlusTick until a price change says otherwise
  prints = 0;

  constructor(readonly fmt: FrameFormat) {}

  /** Adds a print; returns the previous instant's frame when this one starts a new instant. */
  add(tsMs: number, buy: boolean, pxTicks: number, qtyLots: number, seq: number): string | undefined {
    const done = this.pending.length > 0 && tsMs !== this.pendingTsMs ? this.flush() : undefined;
    let dir: number;
    if (this.lastPx === 0 || pxTicks === this.lastPx) dir = this.lastDir === 0 || this.lastDir === 1 ? 1 : 3;
    else dir = pxTicks > this.lastPx ? 0 : 2;
    this.lastPx = pxTicks;
    this.lastDir = dir;
    this.pendingTsMs = tsMs;
    this.prints++;
    this.pending.push(`{"T":${tsMs},"s":"${this.fmt.symbol}","S":"${buy ? 'Buy' : 'Sell'}","v":"${qtyText(this.fmt, qtyLots)}",` +
      `"p":"${pxText(this.fmt, pxTicks)}","L":"${TICK_DIRECTIONS[dir]}","i":"${tradeId(seq)}","BT":false,"RPI":false,"seq":${seq}}`);
    return done;
  }

  /** The frame of the prints collected so far, or undefined. */
  flush(): string | undefined {
    if (this.pending.length === 0) return undefined;
    const f = tradeFrame(this.fmt, this.pendingTsMs, this.pending);
    this.pending.length = 0;
    return f;
  }
}
