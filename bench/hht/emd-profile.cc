// Standalone driver for profiling the C++ EMD kernel (no Node): decomposes
// `windows` random-walk windows of n samples (the windows of emd.bench.ts: stride
// n/4 over randomWalk(n + (windows−1)·n/4), optionally tick-rounded) and prints
// a hash of every IMF, residue and sift count bit, so a change can be checked
// for bit-identity in a second and profiled with callgrind:
//   sh bench/hht/emd-profile.sh [n] [windows] [generic|avx2] [walk|tick] [reference|fast]
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "hht_emd.h"

using namespace btc::hht;

namespace {
struct Lcg {
  uint32_t s;
  double uniform() {
    s = 1664525u * s + 1013904223u;
    return (static_cast<double>(s) + 0.5) / 4294967296.0;
  }
  double gauss() {
    double sum = 0;
    for (int i = 0; i < 12; i++) sum += uniform();
    return sum - 6;
  }
};

uint64_t fnv(uint64_t h, const void* p, size_t bytes) {
  const unsigned char* c = static_cast<const unsigned char*>(p);
  for (size_t i = 0; i < bytes; i++) h = (h ^ c[i]) * 1099511628211ull;
  return h;
}
}  // namespace

int main(int argc, char** argv) {
  const int32_t n = argc > 1 ? std::atoi(argv[1]) : 1024;
  const int32_t windows = argc > 2 ? std::atoi(argv[2]) : 24;
  const Isa isa = argc > 3 && std::strcmp(argv[3], "generic") == 0 ? Isa::Generic : bestIsa();
  const bool tick = argc > 4 && std::strcmp(argv[4], "tick") == 0;
  const bool fast = argc > 5 && std::strcmp(argv[5], "fast") == 0;
  const int32_t reps = argc > 6 ? std::atoi(argv[6]) : 1;
  const int32_t stride = n >> 2;
  const int32_t len = n + (windows - 1) * stride;
  std::vector<double> walk(static_cast<size_t>(len));
  Lcg rng{20240601u};
  walk[0] = 100;
  for (int32_t i = 1; i < len; i++) walk[i] = walk[i - 1] + 0.05 * rng.gauss();
  if (tick) {
    for (double& v : walk) v = std::floor(v * 100 + 0.5) / 100;
  }
  EmdOptions opts;
  if (fast) opts.maxIteration = 51;
  EmdWorkspace ws(n, isa);
  const int32_t slots = 64;
  std::vector<double> imfs(static_cast<size_t>(slots) * n), sifts(slots), residue(n);
  uint64_t h = 1469598103934665603ull;
  double totalSifts = 0;
  const auto t0 = std::chrono::steady_clock::now();
  for (int32_t r = 0; r < reps; r++) {
    for (int32_t w = 0; w < windows; w++) {
      const int32_t count = ws.emd(walk.data() + static_cast<size_t>(w) * stride, n, opts,
                                   EmdOutput{imfs.data(), sifts.data(), slots, residue.data()});
      if (count < 0 || count > slots) {
        std::fprintf(stderr, "window %d: emd returned %d\n", w, count);
        return 1;
      }
      if (r == 0) {
        h = fnv(h, &count, sizeof count);
        h = fnv(h, imfs.data(), sizeof(double) * static_cast<size_t>(count) * n);
        h = fnv(h, sifts.data(), sizeof(double) * static_cast<size_t>(count));
        h = fnv(h, residue.data(), sizeof(double) * static_cast<size_t>(n));
        for (int32_t k = 0; k < count; k++) totalSifts += sifts[k];
      }
    }
  }
  const double us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count();
  std::printf("n=%d windows=%d isa=%s %s %s: hash %016llx sifts %.0f  %.1f us/decomposition\n", n, windows,
              isa == Isa::Avx2 ? "avx2" : "generic", tick ? "tick" : "walk", fast ? "fast" : "reference",
              static_cast<unsigned long long>(h), totalSifts, us / (static_cast<double>(windows) * reps));
  return 0;
}
