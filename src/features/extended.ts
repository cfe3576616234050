/**
 * The extended set (FEATURES.md §8, docs/FEATURES.md "Extended set"): the raw
 * 10-level ladder and depth / imbalance / VAMP at extra bands. All stateless; the
 * same band convention, lot sums and NaN policy as computeStatic. The columns
 * follow the core ones in a row when `features.extended` is on.
 */
import type { SideView } from '../book/types.js';
import type { Instrument } from '../feed/instrument.js';
import { bandLots, imbalance, vampPx } from './depth.js';
import { EXTENDED_FEATURES, EXTRA_BANDS_BPS, EXTRA_VAMP_BANDS_BPS, FEATURE_INDEX, LADDER_LEVELS } from './registry.js';
import { gridValue } from './units.js';

const FIRST = FEATURE_INDEX.lob_ask_px_1;
const END = FIRST + EXTENDED_FEATURES.length;
const BANDS_AT = FEATURE_INDEX[`depth_bid_${EXTRA_BANDS_BPS[0]}bps`];
const VAMP_AT = FEATURE_INDEX[`vamp_px_${EXTRA_VAMP_BANDS_BPS[0]}bps`];

/**
 * Writes the extended columns of the book into `out` (a row of at least
 * ALL_FEATURES.length columns). Invalid book (a side empty, or crossed): all NaN.
 * Ladder level k of a side with fewer than k levels: price and size NaN.
 */
export function computeExtended(bids: SideView, asks: SideView, inst: Instrument, out: Float64Array): void {
  if (out.length < END) throw new RangeError(`extended feature row needs ${END} columns, has ${out.length}`);
  const bb = bids.best();
  const ba = asks.best();
  if (bb === 0 || ba === 0 || bb > ba) {
    out.fill(NaN, FIRST, END);
    return;
  }
  const { tick, lot } = inst;
  // Ladder: per level, ask px, ask qty, bid px, bid qty (DeepLOB order).
  let ta = ba;
  let tb = bb;
  for (let k = 0; k < LADDER_LEVELS; k++) {
    const o = FIRST + 4 * k;
    out[o] = ta === 0 ? NaN : gridValue(ta, tick);
    out[o + 1] = ta === 0 ? NaN : gridValue(asks.qty(ta), lot);
    out[o + 2] = tb === 0 ? NaN : gridValue(tb, tick);
    out[o + 3] = tb === 0 ? NaN : gridValue(bids.qty(tb), lot);
    if (ta !== 0) ta = asks.next(ta);
    if (tb !== 0) tb = bids.next(tb);
  }
  const m = (gridValue(bb, tick) + gridValue(ba, tick)) / 2;
  EXTRA_BANDS_BPS.forEach((beta, i) => {
    const db = bandLots(bids, true, m, beta, tick);
    const da = bandLots(asks, false, m, beta, tick);
    out[BANDS_AT + 3 * i] = gridValue(db, lot);
    out[BANDS_AT + 3 * i + 1] = gridValue(da, lot);
    out[BANDS_AT + 3 * i + 2] = imbalance(db, da);
  });
  EXTRA_VAMP_BANDS_BPS.forEach((beta, i) => { out[VAMP_AT + i] = vampPx(bids, asks, m, beta, tick); });
}
