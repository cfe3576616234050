#!/bin/sh
# Builds bench/hht/emd-profile.cc with the addon's flags (-O3 -ffp-contract=off)
# into build/hht-profile/emd-profile and runs it; with PROFILE=callgrind, under
# callgrind (instruction counts per function: callgrind_annotate the output file).
#   sh bench/hht/emd-profile.sh 1024 24 avx2 walk reference
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT="$ROOT/build/hht-profile"
mkdir -p "$OUT"
SRC=""
for f in emd extrema extrema_avx2 mirror spline solve eval eval_short stop; do SRC="$SRC $ROOT/native/src/hht_$f.cc"; done
# shellcheck disable=SC2086
${CXX:-c++} -std=c++17 -O3 -g -ffp-contract=off -I"$ROOT/native/src" "$ROOT/bench/hht/emd-profile.cc" $SRC -o "$OUT/emd-profile"
if [ "${PROFILE:-}" = callgrind ]; then
  valgrind --tool=callgrind --toggle-collect="btc::hht::EmdWorkspace::emd*" --callgrind-out-file="$OUT/callgrind.out" "$OUT/emd-profile" "$@" 2>"$OUT/callgrind.log"
  grep -E 'Collected' "$OUT/callgrind.log" || tail -3 "$OUT/callgrind.log"
else
  "$OUT/emd-profile" "$@"
fi
