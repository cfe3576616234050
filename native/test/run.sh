#!/bin/sh
# Kernel-native tests: builds the C++ order-book kernel standalone (no Node) with
# AddressSanitizer + UndefinedBehaviorSanitizer and runs native/test/book_test.cc.
#   sh native/test/run.sh            (CXX=clang++ sh native/test/run.sh to switch compiler)
# The binary goes to build/native-test/ (gitignored).
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CXX=${CXX:-c++}
OUT="$ROOT/build/native-test"
mkdir -p "$OUT"
$CXX -std=c++17 -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all \
  -Wall -Wextra -Werror -I"$ROOT/native/src" \
  "$ROOT/native/test/book_test.cc" "$ROOT/native/src/book.cc" "$ROOT/native/src/tick_trie.cc" \
  -o "$OUT/book_test"
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1} \
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
  "$OUT/book_test"
