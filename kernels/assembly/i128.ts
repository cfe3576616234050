/**
 * Signed 128-bit integers as two 64-bit halves (hi: i64 with the sign, lo: u64),
 * for the exact Σ p·v sums of the trade features (the TS reference keeps them as
 * BigInt: a single trade's ticks × lots can exceed 2^53, a window's sum 2^64).
 * Two's complement, so add and sub are the usual carry / borrow chains.
 *
 * Results of the helpers that produce a 128-bit value are left in the globals
 * (resHi, resLo): AssemblyScript has no multi-value returns without allocating.
 * toF64 is correctly rounded (nearest, ties to even), exactly like Number(bigint).
 */

export let resHi: i64 = 0;
export let resLo: u64 = 0;

/** Full 64 × 64 → 128-bit unsigned product of a and b into (resHi, resLo). */
export function mulU64(a: u64, b: u64): void {
  const a0 = a & 0xffffffff;
  const a1 = a >> 32;
  const b0 = b & 0xffffffff;
  const b1 = b >> 32;
  const p00 = a0 * b0;
  const p01 = a0 * b1;
  const p10 = a1 * b0;
  const p11 = a1 * b1;
  // middle column: at most 3 × (2^32 − 1), no overflow
  const mid = (p00 >> 32) + (p01 & 0xffffffff) + (p10 & 0xffffffff);
  resLo = (p00 & 0xffffffff) | (mid << 32);
  resHi = <i64>(p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32));
}

/** (aHi, aLo) + (bHi, bLo) into (resHi, resLo). */
@inline export function add128(aHi: i64, aLo: u64, bHi: i64, bLo: u64): void {
  const lo = aLo + bLo;
  resHi = aHi + bHi + <i64>(lo < aLo);
  resLo = lo;
}

/** (aHi, aLo) − (bHi, bLo) into (resHi, resLo). */
@inline export function sub128(aHi: i64, aLo: u64, bHi: i64, bLo: u64): void {
  const lo = aLo - bLo;
  resHi = aHi - bHi - <i64>(aLo < bLo);
  resLo = lo;
}

/** The double nearest to the unsigned 128-bit value (hi, lo), ties to even. */
function u128ToF64(hi: u64, lo: u64): f64 {
  if (hi == 0) return <f64>lo; // f64.convert_i64_u rounds to nearest even
  // Keep the top 64 bits and fold every bit shifted out into bit 0 (sticky): the
  // rounding point of a 64-bit → 53-bit conversion is bit 10, far above bit 0, so
  // the folded value rounds exactly like the full one.
  const s = 64 - <u64>clz<u64>(hi); // bits of hi, 1 … 64
  let top: u64;
  let sticky: u64;
  if (s == 64) {
    top = hi;
    sticky = lo;
  } else {
    top = (hi << (64 - s)) | (lo >> s);
    sticky = lo & ((<u64>1 << s) - 1);
  }
  if (sticky != 0) top |= 1;
  return <f64>top * reinterpret<f64>((<u64>(1023 + s)) << 52); // × 2^s, exact
}

/** Number(x) for the signed 128-bit x = (hi, lo): correctly rounded. */
export function i128ToF64(hi: i64, lo: u64): f64 {
  if (hi >= 0) return u128ToF64(<u64>hi, lo);
  // |x| = two's complement negation; −2^127 maps to itself, read as unsigned 2^127.
  const nlo = ~lo + 1;
  const nhi = ~<u64>hi + <u64>(nlo == 0);
  return -u128ToF64(nhi, nlo);
}
