/**
 * histBuildBatch: the histograms of one tree node, bit-identical to the TS
 * reference (src/model/histogram.ts). For feature slot s and bin b the pair
 * (Σ grad, count) sits at out + (s·HIST_BINS + b)·16 bytes; it starts at +0 and
 * gets the node's rows added in row order k = 0, 1, …, as f64.
 *
 * The pair is one v128 (f64x2): one f64x2.add of (g, 1) adds the gradient and the
 * count in one instruction, lane by lane, with the rounding of two scalar adds.
 * Four feature slots are walked per pass over the rows (four independent add
 * chains per row), each still in row order. Cost O(rowCount · featCount).
 */
import { HIST_E_FEATURE, HIST_E_ROW, HIST_OK } from './errors';

/** Bytes of one feature's histogram: 256 bins × 2 f64. */
const HIST_BYTES: usize = 256 * 16;

/** Adds the pair gv to the bin of row r in the histogram at h (column col). */
// @ts-ignore: decorator
@inline function addPair(h: usize, col: usize, r: usize, gv: v128): void {
  const p = h + ((<usize>load<u8>(col + r)) << 4);
  v128.store(p, f64x2.add(v128.load(p), gv));
}

/**
 * Histograms of feats[0, featCount) over rows[0, rowCount) (pointers into this
 * memory, layout in index.ts) into out; returns HIST_OK, HIST_E_FEATURE or
 * HIST_E_ROW (both checked before anything is written).
 */
export function histBuildBatch(binsPtr: usize, nRows: u32, nFeatures: u32, rowsPtr: usize, rowCount: u32,
                               gatheredPtr: usize, featsPtr: usize, featCount: u32, outPtr: usize): i32 {
  for (let s: u32 = 0; s < featCount; s++) {
    if (<u32>load<i32>(featsPtr + (<usize>s << 2)) >= nFeatures) return HIST_E_FEATURE; // negative → huge u32
  }
  for (let k: u32 = 0; k < rowCount; k++) {
    if (load<u32>(rowsPtr + (<usize>k << 2)) >= nRows) return HIST_E_ROW;
  }
  memory.fill(outPtr, 0, <usize>featCount * HIST_BYTES);
  const stride = <usize>nRows;
  let s: u32 = 0;
  for (; s + 4 <= featCount; s += 4) {
    const f = featsPtr + (<usize>s << 2);
    const c0 = binsPtr + <usize>load<i32>(f) * stride;
    const c1 = binsPtr + <usize>load<i32>(f, 4) * stride;
    const c2 = binsPtr + <usize>load<i32>(f, 8) * stride;
    const c3 = binsPtr + <usize>load<i32>(f, 12) * stride;
    const h0 = outPtr + <usize>s * HIST_BYTES;
    const h1 = h0 + HIST_BYTES;
    const h2 = h1 + HIST_BYTES;
    const h3 = h2 + HIST_BYTES;
    for (let k: u32 = 0; k < rowCount; k++) {
      const r = <usize>load<u32>(rowsPtr + (<usize>k << 2));
      const gv = f64x2.replace_lane(f64x2.splat(1.0), 0, load<f64>(gatheredPtr + (<usize>k << 3)));
      addPair(h0, c0, r, gv);
      addPair(h1, c1, r, gv);
      addPair(h2, c2, r, gv);
      addPair(h3, c3, r, gv);
    }
  }
  for (; s < featCount; s++) {
    const col = binsPtr + <usize>load<i32>(featsPtr + (<usize>s << 2)) * stride;
    const h = outPtr + <usize>s * HIST_BYTES;
    for (let k: u32 = 0; k < rowCount; k++) {
      const r = <usize>load<u32>(rowsPtr + (<usize>k << 2));
      addPair(h, col, r, f64x2.replace_lane(f64x2.splat(1.0), 0, load<f64>(gatheredPtr + (<usize>k << 3))));
    }
  }
  return HIST_OK;
}
