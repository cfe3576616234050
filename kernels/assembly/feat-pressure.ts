/**
 * book_pressure_25bps made exact where rounding could show: the fused walk weights
 * levels with AssemblyScript's exp (feat-bands.ts), which differs from V8's
 * Math.exp by an ulp or two on a few percent of arguments. The column is the
 * imbalance (W^b − W^a)/(W^b + W^a) of two such sums, so a nearly balanced book
 * would turn those ulps into a large relative error. When the imbalance is within
 * the bound where that can happen, both sums are recomputed here exactly as the
 * reference does: same levels, same exponents, V8's exp (host-math.ts, one call per
 * chunk of levels), summed in walk order.
 *
 * Bound: each weight is within 2 ulp of V8's and the sums add n positive terms, so
 * each sum is within (n + 4)·2^-52 relative of the reference's, and the imbalance
 * within twice that in absolute terms. Below |imb| < (n + 4)·2^-51 / 1e-10 the
 * recompute runs (n = levels in both bands; ~1e-3 for a 200-level book), so a
 * kept value is within 1e-10 relative. Rare on real books; on a symmetric one every row.
 */
import { bandPress, pressureExponent, THR_ASK, THR_BID } from './feat-bands';
import { hostExpInPlace } from './host-math';
import { iterBase, iterDone, iterLeaf, iterNextLeaf, iterRest, iterStart } from './trie-iter';

const CHUNK: i32 = 512;
const ARGS = memory.data(CHUNK * 8, 8);
const LOTS = memory.data(CHUNK * 8, 8);

/** True when an imbalance `imb` of pressure sums over `n` levels needs the exact recompute. */
@inline export function pressureNeedsExact(imb: f64, n: i32): bool {
  return !(Math.abs(imb) >= <f64>(n + 4) * 4.440892098500626e-16 / 1e-10);
}

/** Σ exp(−d/κ)·lots over the pressure band of one side, as depth.ts bandPressureLots computes it. */
export function exactPressure(root: usize, best: i32, isBid: bool, m: f64): f64 {
  return isBid ? exactSide(root, best, true, m) : exactSide(root, best, false, m);
}

@inline function exactSide(root: usize, best: i32, isBid: bool, m: f64): f64 {
  const edge = load<i32>((isBid ? THR_BID : THR_ASK) + (<usize>bandPress << 2));
  let w = 0.0;
  let k = 0;
  iterStart(root, best, isBid);
  while (!iterDone) {
    const leaf = iterLeaf();
    const base = iterBase();
    let r = iterRest();
    let done = false;
    while (r != 0) {
      const b: u32 = isBid ? 31 - clz<u32>(r) : ctz<u32>(r);
      r ^= <u32>1 << b;
      const t = base + <i32>b;
      if (isBid ? t < edge : t > edge) { done = true; break; }
      store<f64>(ARGS + (<usize>k << 3), pressureExponent(isBid, t, m));
      store<f64>(LOTS + (<usize>k << 3), load<f64>(leaf + 8 + (<usize>b << 3)));
      if (++k == CHUNK) { w = addChunk(w, k); k = 0; }
    }
    if (done) break;
    iterNextLeaf(isBid);
  }
  return addChunk(w, k);
}

/** w + Σ exp(args[i])·lots[i] in order (V8's exp). */
function addChunk(w: f64, k: i32): f64 {
  if (k == 0) return w;
  hostExpInPlace(ARGS, k);
  for (let i = 0; i < k; i++) w += load<f64>(ARGS + (<usize>i << 3)) * load<f64>(LOTS + (<usize>i << 3));
  return w;
}
