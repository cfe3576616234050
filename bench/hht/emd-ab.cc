// In-process A/B of two builds of the C++ EMD kernel (emd-ab.sh builds it). On a
// shared machine whose speed drifts by ±30 % between runs, timing two binaries one
// after the other cannot show a 5 % change; here the two builds decompose the same
// window back to back, in alternating order, and the median of the paired ratios
// cancels the drift. Windows: the random walk of emd-profile.cc (stride n/4),
// optionally tick-rounded; reference mode.
//
// This file is compiled three times: with -DAB_SIDE=runOld / runNew (and
// -Dbtc=btc_old / btc_new, so the two kernels' symbols do not collide) for the
// two kernels, and without AB_SIDE for main().
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

#ifdef AB_SIDE
#include "hht_emd.h"

namespace {
double gauss(uint32_t* s) {
  double sum = 0;
  for (int i = 0; i < 12; i++) {
    *s = 1664525u * *s + 1013904223u;
    sum += (static_cast<double>(*s) + 0.5) / 4294967296.0;
  }
  return sum - 6;
}
}  // namespace

/** Decomposes window w (of n samples); returns the ns it took and a checksum of the output in *check. */
extern "C" double AB_SIDE(int32_t n, int32_t w, bool tick, double* check) {
  static std::vector<double> walk, imfs, sifts, residue;
  static btc::hht::EmdWorkspace* ws = nullptr;
  static int32_t builtN = -1;
  static bool builtTick = false;
  if (n != builtN || tick != builtTick) {
    const int32_t stride = n >> 2, len = n + 23 * stride;
    walk.assign(static_cast<size_t>(len), 0);
    uint32_t rng = 20240601u;
    walk[0] = 100;
    for (int32_t i = 1; i < len; i++) walk[i] = walk[i - 1] + 0.05 * gauss(&rng);
    if (tick) {
      for (double& v : walk) v = std::floor(v * 100 + 0.5) / 100;
    }
    delete ws;
    ws = new btc::hht::EmdWorkspace(n, btc::hht::bestIsa());
    imfs.assign(64 * static_cast<size_t>(n), 0);
    sifts.assign(64, 0);
    residue.assign(static_cast<size_t>(n), 0);
    builtN = n;
    builtTick = tick;
  }
  const btc::hht::EmdOptions opts;
  const auto t0 = std::chrono::steady_clock::now();
  const int32_t count = ws->emd(walk.data() + static_cast<size_t>(w) * (n >> 2), n, opts,
                                btc::hht::EmdOutput{imfs.data(), sifts.data(), 64, residue.data()});
  const auto t1 = std::chrono::steady_clock::now();
  double c = count;
  for (int32_t k = 0; k < count; k++) c += sifts[k];
  for (int32_t i = 0; i < n; i++) c += residue[i];
  *check = c;
  return std::chrono::duration<double, std::nano>(t1 - t0).count();
}

#else
extern "C" double runOld(int32_t n, int32_t w, bool tick, double* check);
extern "C" double runNew(int32_t n, int32_t w, bool tick, double* check);

int main(int argc, char** argv) {
  const int32_t n = argc > 1 ? std::atoi(argv[1]) : 1024;
  const bool tick = argc > 2 && argv[2][0] == 't';
  const int32_t rounds = argc > 3 ? std::atoi(argv[3]) : 20;
  const int32_t windows = 24;
  std::vector<double> tOld, tNew, ratio;
  bool same = true;
  for (int32_t k = -1; k < rounds; k++) {  // round −1 warms up and is not kept
    for (int32_t w = 0; w < windows; w++) {
      double a, b, ca, cb;
      if ((k + w) & 1) {
        a = runOld(n, w, tick, &ca);
        b = runNew(n, w, tick, &cb);
      } else {
        b = runNew(n, w, tick, &cb);
        a = runOld(n, w, tick, &ca);
      }
      same = same && ca == cb;
      if (k < 0) continue;
      tOld.push_back(a);
      tNew.push_back(b);
      ratio.push_back(b / a);
    }
  }
  const auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  };
  std::printf("n=%d %s, %d rounds x %d windows: old %.1f us, new %.1f us (medians); median of new/old %.3f; output %s\n",
              n, tick ? "tick" : "walk", rounds, windows, median(tOld) / 1e3, median(tNew) / 1e3, median(ratio),
              same ? "same checksum" : "checksums differ");
  return 0;
}
#endif
