#!/bin/sh
# In-process A/B of the C++ EMD kernel: the native/src of git revision REV ("old")
# against the working tree's ("new"), alternating on the same windows (see
# emd-ab.cc). Prints the medians, the median of the paired new/old ratios, and
# whether the two outputs have the same checksum (IMF count, sift counts, residue
# sum: a quick flag, not a bitwise check; emd-profile.sh hashes every bit).
#   sh bench/hht/emd-ab.sh REV [n] [walk|tick] [rounds]
#   sh bench/hht/emd-ab.sh HEAD 1024 walk 20    (A/A: the ratio's noise, ~±1 %)
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
REV=${1:?usage: emd-ab.sh REV [n] [walk|tick] [rounds]}
shift
OUT="$ROOT/build/hht-ab"
rm -rf "$OUT"
mkdir -p "$OUT/old-src" "$OUT/obj"
for f in $(git -C "$ROOT" ls-tree --name-only "$REV" native/src/ | grep '/hht_'); do
  git -C "$ROOT" show "$REV:$f" > "$OUT/old-src/$(basename "$f")"
done
FLAGS="-std=c++17 -O3 -ffp-contract=off"
CXX=${CXX:-c++}
OBJS=""
for side in old new; do
  if [ "$side" = old ]; then SRC="$OUT/old-src"; FN=runOld; else SRC="$ROOT/native/src"; FN=runNew; fi
  for f in "$SRC"/hht_*.cc; do
    case "$f" in *hht_napi.cc|*hht_fft.cc|*hht_hilbert.cc) continue ;; esac
    o="$OUT/obj/$side-$(basename "$f" .cc).o"
    # shellcheck disable=SC2086
    $CXX $FLAGS -Dbtc=btc_$side -I"$SRC" -c "$f" -o "$o"
    OBJS="$OBJS $o"
  done
  # shellcheck disable=SC2086
  $CXX $FLAGS -Dbtc=btc_$side -DAB_SIDE=$FN -I"$SRC" -c "$ROOT/bench/hht/emd-ab.cc" -o "$OUT/obj/$side-side.o"
  OBJS="$OBJS $OUT/obj/$side-side.o"
done
# shellcheck disable=SC2086
$CXX $FLAGS "$ROOT/bench/hht/emd-ab.cc" $OBJS -o "$OUT/emd-ab"
"$OUT/emd-ab" "$@"
