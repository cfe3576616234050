// Frame scanner, result codes shared by its translation units (scanner.cc runs
// the line loop and phase 1, scan_decode.cc the decoders of phase 2): the
// FrameContext conventions of src/feed/frame-context.ts.
//   Decoder results: 0 = accepted (or ignored), NO_ROOM = retry in the next batch,
//   rej(kind) = -(kind+1) for a reject kind R_* of scanner.h.
//   priceResult / sizeResult: a toGridUnits result (scan_decimal.h) → ticks / lots,
//   or the reject code price() / size() return for it. O(1), inline: called per
//   ladder level, from both translation units.
#pragma once

#include <cstdint>

#include "layout.h"
#include "scanner.h"

namespace btc {
namespace scan_detail {

constexpr int64_t NO_ROOM = -1000;  // frame-context.ts NO_ROOM

inline int64_t rej(int kind) { return -(int64_t{kind} + 1); }

// frame-context.ts price(): toGridUnits result → ticks, or -(kind+1).
inline int64_t priceResult(int64_t t) {
  if (t >= 1 && t <= static_cast<int64_t>(MAX_PX_TICKS)) return t;
  if (t == DEC_OFF_GRID) return rej(R_OFF_GRID_PRICE);
  return rej(R_BAD_PRICE);
}

// frame-context.ts size(): toGridUnits result → lots, or -(kind+1).
inline int64_t sizeResult(int64_t q) {
  if (q >= 0) return q;
  if (q == DEC_OFF_GRID) return rej(R_OFF_GRID_SIZE);
  return rej(R_BAD_SIZE);
}

}  // namespace scan_detail
}  // namespace btc
