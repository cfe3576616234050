/**
 * The host's Math.exp and Math.log (V8's), imported from the JS wrapper
 * (src/book/wasm.ts instantiateKernel passes env.expInPlace and env.log).
 *
 * AssemblyScript's own Math.exp / Math.log differ from V8's by an ulp on a few
 * percent of arguments (exp: ~10%, log: ~0.4%). That is harmless almost
 * everywhere, but where a column cancels, an ulp can become a large relative
 * error: book_pressure_25bps is the imbalance of two sums of exp weights (exact
 * recompute when nearly balanced, feat-pressure.ts), and the λ regressions' slopes
 * are sums of products of centred log returns. Those use V8's functions and get
 * the reference's doubles. The λ and RV returns are one log per bar or grid step;
 * the exact pressure is rare, and batched: a WASM → JS call costs ~20–30 ns and
 * V8's exp ~50 ns here.
 */

/** x ← Math.exp(x) for the `n` f64 at `ptr` (8-byte aligned), in one call. */
// @ts-ignore: decorator
@external("env", "expInPlace")
export declare function hostExpInPlace(ptr: usize, n: i32): void;

// @ts-ignore: decorator
@external("env", "log")
export declare function hostLog(x: f64): f64;
