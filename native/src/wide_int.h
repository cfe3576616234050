// Exact integer sums of trade notionals (ticks × lots), the native stand-in for
// the BigInt sums of the TS reference (trades-tape.ts Σ p·v, trades-kyle.ts
// Σ D·p·v).
//
// One product px·qty (a safe price times at most MAX_TRADE_LOTS = 2^32 lots) is
// below 2^85 and a window holds at most MAX_TAPE = 2^20 trades, but a Kyle bar
// has no trade limit, so the accumulator is 192 bits wide (three u64 limbs, two's
// complement): it cannot overflow for any stream that fits in memory.
//
// toDouble() is Number(bigint): round to nearest, ties to even, computed from
// the exact bits (not hi·2^64 + lo, which rounds twice).
#pragma once

#include <cmath>
#include <cstdint>

namespace btc {
namespace feat {

using u128 = unsigned __int128;

class WideInt {
 public:
  /** Adds `mag` (a magnitude below 2^128). */
  void add(u128 mag) { addLimbs(static_cast<uint64_t>(mag), static_cast<uint64_t>(mag >> 64), 0); }
  /** Subtracts `mag`: adds its two's complement over 192 bits. */
  void sub(u128 mag) {
    const uint64_t lo = static_cast<uint64_t>(mag), hi = static_cast<uint64_t>(mag >> 64);
    // ~mag + 1 over three limbs.
    uint64_t n0 = ~lo, n1 = ~hi, n2 = ~uint64_t{0};
    if (++n0 == 0 && ++n1 == 0) ++n2;
    addLimbs(n0, n1, n2);
  }
  void clear() { w_[0] = w_[1] = w_[2] = 0; }
  bool isZero() const { return (w_[0] | w_[1] | w_[2]) == 0; }
  bool negative() const { return (w_[2] >> 63) != 0; }

  /** Number(this): the nearest double, ties to even. */
  double toDouble() const {
    uint64_t m[3] = {w_[0], w_[1], w_[2]};
    const bool neg = negative();
    if (neg) {  // magnitude = ~w + 1 (2^191 itself stays representable as unsigned)
      m[0] = ~m[0];
      m[1] = ~m[1];
      m[2] = ~m[2];
      if (++m[0] == 0 && ++m[1] == 0) ++m[2];
    }
    const double v = magnitudeToDouble(m);
    return neg ? -v : v;
  }

  /** Correctly rounded double of the unsigned 192-bit value m[0] + m[1]·2^64 + m[2]·2^128. */
  static double magnitudeToDouble(const uint64_t m[3]) {
    int top = -1;  // index of the highest set bit
    for (int i = 2; i >= 0; i--) {
      if (m[i] != 0) {
        top = 64 * i + 63 - __builtin_clzll(m[i]);
        break;
      }
    }
    if (top < 53) return static_cast<double>(m[0]);  // exact (< 2^53)
    const int shift = top - 52;                       // keep bits [shift, top]: 53 bits
    uint64_t mant = bitsAt(m, shift) & ((uint64_t{1} << 53) - 1);
    const bool half = ((bitsAt(m, shift - 1)) & 1u) != 0;
    const bool sticky = anyBelow(m, shift - 1);
    if (half && (sticky || (mant & 1u) != 0)) mant++;
    // mant may have carried to 2^53: still exact as a double, ldexp scales it.
    return std::ldexp(static_cast<double>(mant), shift);
  }

 private:
  void addLimbs(uint64_t a0, uint64_t a1, uint64_t a2) {
    u128 s = static_cast<u128>(w_[0]) + a0;
    w_[0] = static_cast<uint64_t>(s);
    s = static_cast<u128>(w_[1]) + a1 + static_cast<uint64_t>(s >> 64);
    w_[1] = static_cast<uint64_t>(s);
    w_[2] = w_[2] + a2 + static_cast<uint64_t>(s >> 64);  // wraps mod 2^64: two's complement
  }

  /** The 64 bits of m starting at bit `s` (0 <= s < 192). */
  static uint64_t bitsAt(const uint64_t m[3], int s) {
    const int limb = s >> 6, off = s & 63;
    uint64_t v = m[limb] >> off;
    if (off != 0 && limb < 2) v |= m[limb + 1] << (64 - off);
    return v;
  }
  /** Whether any bit strictly below bit `s` is set. */
  static bool anyBelow(const uint64_t m[3], int s) {
    const int limb = s >> 6, off = s & 63;
    for (int i = 0; i < limb; i++)
      if (m[i] != 0) return true;
    return off != 0 && (m[limb] & ((uint64_t{1} << off) - 1)) != 0;
  }

  uint64_t w_[3] = {0, 0, 0};
};

/** px·qty of two safe non-negative integers (each < 2^53), exactly. */
inline u128 exactProduct(double px, double qty) {
  return static_cast<u128>(static_cast<uint64_t>(px)) * static_cast<uint64_t>(qty);
}

}  // namespace feat
}  // namespace btc
