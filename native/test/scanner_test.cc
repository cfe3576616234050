// Standalone tests of the frame scanner (native/src/scanner.cc), built without
// Node under AddressSanitizer + UBSan by native/test/run.sh. The
// semantics are specified by the TS reference parser; the differential check
// against it runs on the JS side (real and mutated recordings). These tests pin
// toGridUnits on a table, a few whole lines, and memory safety: every line is
// scanned from its own exactly-sized heap block (a read past the line end is a
// heap overflow), over hand-written edge cases, every truncation of real-shaped
// frames, seeded random mutations, deep nesting and the files given as arguments.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "layout.h"
#include "scanner.h"
#include "check.h"

using namespace btc;


static int64_t grid(const char* s, uint64_t units, uint32_t decimals) {
  return toGridUnits(reinterpret_cast<const uint8_t*>(s), std::strlen(s), Grid{units, decimals});
}

static void testToGridUnits() {
  CHECK(grid("65114.20", 1, 1) == 651142);
  CHECK(grid("65114.2", 1, 1) == 651142);
  CHECK(grid("65114.25", 1, 1) == DEC_OFF_GRID);
  CHECK(grid("0.001", 1, 3) == 1);
  CHECK(grid("0.0010", 1, 3) == 1);
  CHECK(grid("0.0005", 1, 3) == DEC_OFF_GRID);
  CHECK(grid("0", 1, 3) == 0);
  CHECK(grid("0.000", 1, 3) == 0);
  CHECK(grid("00.10", 1, 1) == 1);
  CHECK(grid("", 1, 1) == DEC_NOT_DECIMAL);
  CHECK(grid(".5", 1, 1) == DEC_NOT_DECIMAL);
  CHECK(grid("1.", 1, 1) == DEC_NOT_DECIMAL);
  CHECK(grid("1.2.3", 1, 1) == DEC_NOT_DECIMAL);
  CHECK(grid("-1", 1, 1) == DEC_NOT_DECIMAL);
  CHECK(grid("1e3", 1, 1) == DEC_NOT_DECIMAL);
  CHECK(grid(" 1", 1, 1) == DEC_NOT_DECIMAL);
  CHECK(grid("123456789012345", 1, 0) == 123456789012345);
  CHECK(grid("1234567890123456", 1, 0) == DEC_TOO_MANY_DIGITS);
  CHECK(grid("1234567.89012345", 1, 8) == 123456789012345);
  CHECK(grid("12345678.901234567", 1, 9) == DEC_TOO_MANY_DIGITS);
  CHECK(grid("1000000000000000", 1, 0) == DEC_TOO_MANY_DIGITS);  // trailing integer zeros count
  CHECK(grid("1.000000000000000000000000", 1, 0) == 1);          // trailing fraction zeros do not
  CHECK(grid("0.000000000000000000000000001", 1, 27) == 1);
  CHECK(grid("0.000000000000000000000000001", 1, 2) == DEC_OFF_GRID);
  CHECK(grid("9007199254740991", 1, 0) == DEC_TOO_MANY_DIGITS);
  CHECK(grid("900719925474099", 1, 1) == 9007199254740990);
  CHECK(grid("900719925474099", 1, 2) == DEC_TOO_LARGE);
  CHECK(grid("1", 1, 16) == DEC_TOO_LARGE);
  CHECK(grid("1", 1, 39) == DEC_TOO_LARGE);
  CHECK(grid("1", 1, 40) == DEC_OFF_GRID);  // TS: POW10[40] is undefined → NaN → "off grid"
  CHECK(grid("2.5", 5, 1) == 5);
  CHECK(grid("2.4", 5, 1) == DEC_OFF_GRID);
  CHECK(grid("0.75", 25, 2) == 3);
  CHECK(grid("10", 5, 0) == 2);
  CHECK(grid("7", 5, 0) == DEC_OFF_GRID);
  CHECK(grid("107374182.3", 1, 1) == 1073741823);
}

/** Scans `text` (one call) from an exactly-sized heap block; returns the new position. */
struct Run {
  size_t next;
  uint32_t records;
  std::vector<Event> out;
};
static Run scanOnce(Scanner& sc, const std::string& text, uint32_t cap = 1024, uint32_t outCap = 1024) {
  Run r;
  r.out.resize(cap == 0 ? 1 : cap);
  uint8_t* block = static_cast<uint8_t*>(std::malloc(text.size() == 0 ? 1 : text.size()));
  if (!text.empty()) std::memcpy(block, text.data(), text.size());
  r.next = sc.parse(block, 0, text.size(), r.out.data(), cap, outCap);
  r.records = sc.records;
  std::free(block);
  CHECK(r.next <= text.size());
  CHECK(r.records <= cap);
  const ScanStats& s = sc.stats;
  CHECK(s.accepted + s.rejected == s.lines);
  uint64_t byKind = 0;
  for (uint64_t k : s.rejectedByKind) byKind += k;
  CHECK(byKind == s.rejected);
  return r;
}

/** The reject kind of a single line, -1 when accepted. */
static int kindOf(Scanner& sc, const std::string& line) {
  const ScanStats before = sc.stats;
  scanOnce(sc, line);
  for (int k = 0; k < REJECT_KIND_COUNT; k++) {
    if (sc.stats.rejectedByKind[k] != before.rejectedByKind[k]) return k;
  }
  return -1;
}

static const char* const kBybitDepth =
    "{\"topic\":\"orderbook.200.BTCUSDT\",\"type\":\"delta\",\"ts\":1680652700648,\"data\":{\"s\":\"BTCUSDT\","
    "\"b\":[[\"28141.10\",\"0.056\"],[\"28140.00\",\"0.963\"],[\"28141.70\",\"0\"]],"
    "\"a\":[[\"28145.90\",\"0.053\"],[\"28146.50\",\"0.003\"]],\"u\":2,\"seq\":2710246766613},\"cts\":1680652700642}";
static const char* const kBybitTrade =
    "{\"topic\":\"publicTrade.BTCUSDT\",\"type\":\"snapshot\",\"ts\":1680652700954,\"data\":[{\"T\":1680652700949,"
    "\"s\":\"BTCUSDT\",\"S\":\"Buy\",\"v\":\"0.001\",\"p\":\"28145.20\",\"i\":\"3535186038\",\"BT\":false}]}";
static const char* const kBinance[] = {
    "1680652700423575 {\"stream\":\"btcusdt@bookTicker\",\"data\":{\"e\":\"bookTicker\",\"u\":2710246762461,"
    "\"s\":\"BTCUSDT\",\"b\":\"28145.10\",\"B\":\"3.868\",\"a\":\"28145.20\",\"A\":\"6.887\",\"T\":1680652700430,"
    "\"E\":1680652700435}}",
    "1680652700441533 {\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"E\":1680652700455,\"T\":1680652700452,"
    "\"s\":\"BTCUSDT\",\"t\":3535186032,\"p\":\"28145.10\",\"q\":\"0.002\",\"X\":\"MARKET\",\"m\":true}}",
    "1723161253937085768 {\"stream\":\"btcusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":1723161255208,"
    "\"s\":\"BTCUSDT\",\"U\":50093239189,\"u\":50093239202,\"pu\":50093239188,\"b\":[[\"61737.63000000\",\"0.00000000\"],"
    "[\"61730.17000000\",\"0.00000000\"]],\"a\":[[\"61837.64000000\",\"1.54698000\"]]}}",
    "1723161254087891268 {\"stream\":\"btcusdt@bookTicker\",\"data\":{\"u\":50093239212,\"s\":\"BTCUSDT\","
    "\"b\":\"61837.63000000\",\"B\":\"3.78826000\",\"a\":\"61837.64000000\",\"A\":\"1.54698000\"}}",
    "{\"lastUpdateId\":160,\"bids\":[[\"24.01\",\"10\"]],\"asks\":[[\"24.02\",\"100\"]]}",
    "{\"result\":null,\"id\":1}",
};

static void testWholeLines() {
  Scanner by(Exchange::Bybit, "BTCUSDT", Grid{1, 1}, Grid{1, 3});
  Run r = scanOnce(by, std::string(kBybitDepth) + "\n" + kBybitTrade + "\n");
  CHECK(r.records == 7);
  CHECK(by.lineNo == 2);
  CHECK(r.out[0].flags == KIND_DEPTH && r.out[0].aux == 5);
  CHECK(r.out[0].exchTsNs == int64_t{1680652700648} * 1000000);
  CHECK(r.out[0].px == 1 && r.out[0].id == 2 && r.out[0].ival == 2 && r.out[0].fval == -1);
  CHECK(r.out[1].flags == BID_LEVEL_EVENT && r.out[1].px == 281411 && r.out[1].qty == 56);
  CHECK(r.out[3].flags == BID_LEVEL_EVENT && r.out[3].px == 281417 && r.out[3].qty == 0);
  CHECK(r.out[5].flags == ASK_LEVEL_EVENT && r.out[5].px == 281465 && r.out[5].qty == 3);
  CHECK(r.out[6].flags == BUY_TRADE_EVENT && r.out[6].px == 281452 && r.out[6].qty == 1 && r.out[6].id == 0);
  CHECK(by.stats.depthMessages == 1 && by.stats.trades == 1 && by.stats.accepted == 2);

  // Reject kinds, check order included.
  CHECK(kindOf(by, "{\"topic\":\"orderbook.1.BTCUSDT\",\"type\":\"x\",\"ts\":\"y\"}") == R_BAD_FIELD);
  CHECK(kindOf(by, "{\"topic\":\"orderbook.1.ETHUSDT\",\"type\":\"x\"}") == R_OTHER_SYMBOL);
  CHECK(kindOf(by, "{\"topic\":\"kline.1.BTCUSDT\"}") == R_UNKNOWN_MESSAGE);
  CHECK(kindOf(by, "{\"op\":\"pong\"}") == -1);
  CHECK(kindOf(by, "[]") == R_UNKNOWN_MESSAGE);
  CHECK(kindOf(by, "{\"a\":1,}") == R_MALFORMED_JSON);
  CHECK(kindOf(by, "12345678901 {}") == R_BAD_PREFIX);
  CHECK(kindOf(by, "9223372036854775808 {}") == R_BAD_PREFIX);
  CHECK(kindOf(by, "9223372036854775807 {\"op\":\"x\"}") == -1);
  CHECK(kindOf(by, "{\"t\\u006fpic\":\"orderbook.1.BTCUSDT\",\"type\":\"delta\",\"ts\":1e0,\"data\":{\"u\":-0,"
                   "\"b\":[[\"1\",\"1\"]],\"a\":[[\"1\",\"1\"],[\"2\",\"1\",3]]}}") == R_BAD_FIELD);
  CHECK(kindOf(by, "{\"topic\":\"orderbook.1.BTCUSDT\",\"type\":\"delta\",\"ts\":1,\"data\":{\"u\":1,"
                   "\"b\":[[\"1.05\",\"x\"]],\"a\":[]}}") == R_OFF_GRID_PRICE);
  CHECK(kindOf(by, "{\"topic\":\"orderbook.1.BTCUSDT\",\"type\":\"delta\",\"ts\":1,\"data\":{\"u\":1,"
                   "\"b\":[[\"1.0\",\"-1\"]],\"a\":[]}}") == R_BAD_SIZE);
  CHECK(kindOf(by, "{\"topic\":\"orderbook.1.BTCUSDT\",\"type\":\"delta\",\"ts\":1,\"data\":{\"u\":1,"
                   "\"b\":[[\"1.0\",\"1\"]],\"a\":[]},\"data\":{\"u\":1,\"b\":[],\"a\":[[\"0\",\"1\"]]}}") == R_BAD_PRICE);

  Scanner bn(Exchange::Binance, "BTCUSDT", Grid{1, 2}, Grid{1, 6});
  std::string all;
  for (const char* l : kBinance) all += std::string(l) + "\r\n";
  r = scanOnce(bn, all);
  CHECK(bn.stats.rejected == 0 && bn.stats.accepted == 6 && bn.stats.ignored == 1);
  CHECK(r.records == 1 + 1 + 4 + 1 + 3);
  CHECK(r.out[0].flags == KIND_TICKER && r.out[0].localTsNs == int64_t{1680652700423575} * 1000);
  CHECK(r.out[1].flags == SELL_TRADE_EVENT && r.out[1].id == 3535186032);
  CHECK(r.out[2].flags == (KIND_DEPTH | DEPTH_SEQ_PREV) && r.out[2].fval == 50093239188 && r.out[2].px == 3);
  CHECK(r.out[6].flags == KIND_TICKER && r.out[6].exchTsNs == int64_t{1723161255208} * 1000000);  // no E
  CHECK(r.out[7].flags == SNAPSHOT_EVENT && r.out[7].id == 160 && r.out[7].exchTsNs == r.out[6].exchTsNs);
}

static void testCapacities() {
  Scanner by(Exchange::Bybit, "BTCUSDT", Grid{1, 1}, Grid{1, 3});
  const std::string two = std::string(kBybitDepth) + "\n" + kBybitDepth + "\n";
  Run r = scanOnce(by, two, 8, 100);  // 6 records per line: the second does not fit
  CHECK(r.records == 6 && by.lineNo == 1 && r.next == std::strlen(kBybitDepth) + 1);
  CHECK(by.stats.lines == 1);  // the retried line is not counted twice
  r = scanOnce(by, kBybitDepth, 5, 100);  // first of its batch and still too large
  CHECK(r.records == 0 && by.stats.rejectedByKind[R_TOO_LARGE] == 1 && by.firstRejectLine[R_TOO_LARGE] == 2);
  by.beginFile();
  r = scanOnce(by, two, 100, 1);  // one depth message per batch
  CHECK(r.records == 6 && by.lineNo == 1);
  r = scanOnce(by, two, 100, 0);
  CHECK(r.records == 0 && r.next == 0);
}

/** Every truncation and many seeded mutations of real-shaped lines: no memory errors. */
static void testMutations(uint64_t seed, int rounds) {
  std::vector<std::string> base = {kBybitDepth, kBybitTrade};
  for (const char* l : kBinance) base.push_back(l);
  std::string big = "{\"topic\":\"orderbook.200.BTCUSDT\",\"type\":\"snapshot\",\"ts\":1,\"data\":{\"u\":1,\"b\":[";
  for (int i = 0; i < 300; i++) big += (i ? ",[\"" : "[\"") + std::to_string(28000 + i) + "." + std::to_string(i % 10) + "0\",\"" + std::to_string(i) + ".001\"]";
  big += "],\"a\":[]}}";
  base.push_back(big);
  Scanner by(Exchange::Bybit, "BTCUSDT", Grid{1, 1}, Grid{1, 3});
  Scanner bn(Exchange::Binance, "BTCUSDT", Grid{1, 2}, Grid{1, 6});
  for (const std::string& l : base) {
    for (size_t n = 0; n <= l.size(); n++) {
      scanOnce(by, l.substr(0, n));
      scanOnce(bn, l.substr(0, n));
      scanOnce(by, l.substr(n));
    }
  }
  std::mt19937_64 rng(seed);
  const char inserts[] = "\"{}[],:\\0-.eE+u \t\r\x80\xff" "9";
  for (int round = 0; round < rounds; round++) {
    std::string l = base[rng() % base.size()];
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int k = 0; k < edits && !l.empty(); k++) {
      const size_t at = rng() % l.size();
      switch (rng() % 7) {
        case 0: l[at] = static_cast<char>(rng() & 0xff); break;
        case 1: l.erase(at, 1 + rng() % 4); break;
        case 2: l.insert(at, 1, inserts[rng() % (sizeof inserts - 1)]); break;
        case 3: l.resize(at); break;
        case 4: std::swap(l[at], l[rng() % l.size()]); break;
        case 5: l.insert(at, l.substr(at, 1 + rng() % 20)); break;
        default: l.insert(at, "\\u00" + std::string(1, "0123456789abcdef"[rng() % 16]) + "0"); break;
      }
    }
    for (char& c : l) if (c == '\n') c = ' ';
    scanOnce(rng() & 1 ? by : bn, l, 1 + static_cast<uint32_t>(rng() % 400), 1 + static_cast<uint32_t>(rng() % 4));
  }
}

static void testNesting() {
  Scanner by(Exchange::Bybit, "BTCUSDT", Grid{1, 1}, Grid{1, 3});
  for (size_t depth : {1, 100, 513, 100000}) {
    std::string deep = std::string(kBybitDepth);
    deep.insert(deep.size() - 1, ",\"x\":" + std::string(depth, '[') + std::string(depth, ']'));
    CHECK(kindOf(by, deep) == -1);  // valid JSON, however deep (no nesting limit)
    deep = "{\"x\":" + std::string(depth, '[') + std::string(depth - 1, ']') + "}";
    CHECK(kindOf(by, deep) == R_MALFORMED_JSON);
  }
}

static void testFiles(int argc, char** argv) {
  for (int i = 1; i < argc; i++) {
    FILE* f = std::fopen(argv[i], "rb");
    if (!f) continue;
    std::string data;
    char buf[1 << 16];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) data.append(buf, n);
    std::fclose(f);
    const bool bybit = std::strstr(argv[i], "bybit") != nullptr;
    Scanner sc(bybit ? Exchange::Bybit : Exchange::Binance, "BTCUSDT", Grid{1, bybit ? 1u : 2u},
               Grid{1, bybit ? 3u : 6u});
    size_t lines = 0, pos = 0;
    while (pos < data.size()) {
      size_t nl = data.find('\n', pos);
      if (nl == std::string::npos) nl = data.size();
      scanOnce(sc, data.substr(pos, nl - pos), 4096, 4096);
      pos = nl + 1;
      lines++;
    }
    std::printf("  %s: %zu lines, %llu accepted, %llu rejected\n", argv[i], lines,
                static_cast<unsigned long long>(sc.stats.accepted), static_cast<unsigned long long>(sc.stats.rejected));
  }
}

int main(int argc, char** argv) {
  testToGridUnits();
  testWholeLines();
  testCapacities();
  testNesting();
  testMutations(1, 20000);
  testFiles(argc, argv);
  std::printf("scanner_test: %d checks passed\n", g_checks);
  return 0;
}
