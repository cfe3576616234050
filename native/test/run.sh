#!/bin/sh
# Kernel-native tests: builds the C++ order-book kernel and the frame scanner
# standalone (no Node) with AddressSanitizer + UndefinedBehaviorSanitizer and runs
# native/test/{book,feature,scanner,hht}_test.cc (feature: the feature kernel;
# hht: the EMD kernel). The scanner test also
# scans the plain-text Bybit recordings in ../shared/data line by line, each line
# from an exactly-sized heap block so that any read past its end is caught.
#   sh native/test/run.sh            (CXX=clang++ sh native/test/run.sh to switch compiler)
# Binaries go to build/native-test/ (gitignored).
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CXX=${CXX:-c++}
OUT="$ROOT/build/native-test"
mkdir -p "$OUT"
FLAGS="-std=c++17 -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all -Wall -Wextra -Werror -I$ROOT/native/src"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

# shellcheck disable=SC2086
$CXX $FLAGS "$ROOT/native/test/book_test.cc" "$ROOT/native/src/book.cc" "$ROOT/native/src/tick_trie.cc" -o "$OUT/book_test"
"$OUT/book_test"

# shellcheck disable=SC2086
$CXX $FLAGS -ffp-contract=off "$ROOT/native/test/feature_test.cc" "$ROOT/native/src/book.cc" "$ROOT/native/src/tick_trie.cc" \
  "$ROOT/native/src/feature_book.cc" "$ROOT/native/src/feature_params.cc" "$ROOT/native/src/feature_static.cc" \
  "$ROOT/native/src/feature_scan.cc" "$ROOT/native/src/feature_head.cc" "$ROOT/native/src/feature_flow.cc" \
  "$ROOT/native/src/feature_dynamics.cc" "$ROOT/native/src/feature_trades.cc" -o "$OUT/feature_test"
"$OUT/feature_test"

# shellcheck disable=SC2086
$CXX $FLAGS "$ROOT/native/test/scanner_test.cc" "$ROOT/native/src/scanner.cc" "$ROOT/native/src/scan_decode.cc" "$ROOT/native/src/scan_json.cc" "$ROOT/native/src/scan_decimal.cc" -o "$OUT/scanner_test"
DATA="$ROOT/../shared/data/bybit"
if [ -d "$DATA" ]; then
  "$OUT/scanner_test" "$DATA"/*.jsonl "$DATA"/*.recvts.txt
else
  "$OUT/scanner_test"
fi

# EMD + Hilbert kernel: hand-worked cases, fast-vs-exact scans and generic-vs-AVX2 parity.
HHT_SRC=""
for f in emd extrema extrema_avx2 mirror spline solve eval eval_short stop fft hilbert; do HHT_SRC="$HHT_SRC $ROOT/native/src/hht_$f.cc"; done
# shellcheck disable=SC2086
$CXX $FLAGS -ffp-contract=off "$ROOT/native/test/hht_test.cc" $HHT_SRC -o "$OUT/hht_test"
"$OUT/hht_test"
