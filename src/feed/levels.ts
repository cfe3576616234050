/** Shared decoding of `[[price, size], …]` ladders into LEVEL records. */
import { KIND_LEVEL } from '../layout/event.js';
import { FrameContext, show } from './frame-context.js';
import { R_BAD_FIELD } from './reject.js';

/**
 * Writes one LEVEL record per `[price, size]` pair of `ladder` with side flag
 * `side`; returns how many were written or a negative reject code. On a reject
 * the caller rolls the writer back, so a bad level never reaches the book.
 */
export function writeLevels(ctx: FrameContext, ladder: unknown[], side: number, exchTsNs: bigint): number {
  for (let i = 0; i < ladder.length; i++) {
    const lv = ladder[i];
    if (!Array.isArray(lv) || lv.length !== 2) {
      return ctx.reject(R_BAD_FIELD, `level ${i} must be a [price, size] pair, was ${show(lv)}`);
    }
    const px = ctx.price(lv[0]);
    if (px < 0) return px;
    const qty = ctx.size(lv[1]);
    if (qty < 0) return qty;
    ctx.w.put(KIND_LEVEL | side, 0, exchTsNs, ctx.localTsNs, px, qty, 0, 0, 0);
  }
  return ladder.length;
}
