// Assertion macros shared by the standalone kernel tests (book_test.cc,
// scanner_test.cc): each check is counted, and a failure prints file, line and
// the values, then aborts (so ASan/UBSan runs stop at the first problem).
#pragma once
#include <cstdio>
#include <cstdlib>

inline int g_checks = 0;
#define CHECK(cond)                                                              \
  do {                                                                           \
    g_checks++;                                                                  \
    if (!(cond)) {                                                               \
      std::fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                              \
    }                                                                            \
  } while (0)
#define CHECK_EQ(a, b)                                                                     \
  do {                                                                                     \
    g_checks++;                                                                            \
    const double va_ = static_cast<double>(a), vb_ = static_cast<double>(b);               \
    if (!(va_ == vb_)) {                                                                   \
      std::fprintf(stderr, "%s:%d: CHECK_EQ failed: %s = %.17g, %s = %.17g\n", __FILE__,    \
                   __LINE__, #a, va_, #b, vb_);                                            \
      std::abort();                                                                        \
    }                                                                                      \
  } while (0)
