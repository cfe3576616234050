/**
 * Generated edge-case streams for the feature kernels' differential tests: each is
 * a small, seeded recording (Bybit v5 linear BTCUSDT, tick 0.1, lot 0.001, or one
 * Binance USD-M BTCUSDT) that drives the book and the features through one family
 * of corner cases. Every stream carries the generator's own account of what it put
 * in (facts, expected rows, marks), so test/features/edge-streams.test.ts can prove
 * the cases are hit without trusting the engine.
 *
 * Usage: for (const s of EDGE_STREAMS) runFeatureText(s.text, backend, { extended: true }).
 * The instrument is detected from the text (the test asserts what it detects).
 *
 *   edge-cases-sync.ts    resyncs, crossed / locked books, price jumps, Binance USD-M
 *   edge-cases-levels.ts  empty / thin / penny books, odd level lists, deep books
 *   edge-cases-time.ts    trade bursts, huge volumes, warm-up, silences, a dense ms
 *   edge-malformed.ts     bad lines of every reject kind
 *   edge-bybit.ts, edge-binance.ts, edge-walk.ts, edge-book.ts: writers, random walk, book model
 */
import { DAY_MS, type EdgeStream } from './edge-book.js';
import { deepThin, emptySides, levelOddities } from './edge-cases-levels.js';
import { binanceUsdm, crossedLocked, priceJumps, resyncs } from './edge-cases-sync.js';
import { hugeVolume, quietDense, tradeBursts } from './edge-cases-time.js';
import { malformedStream } from './edge-malformed.js';

export type { EdgeStream } from './edge-book.js';
export { binanceLateSnapshot } from './edge-cases-sync.js';

/** Every generated edge stream, built once (about 0.3 s). */
export const EDGE_STREAMS: readonly EdgeStream[] = [
  resyncs(), crossedLocked(), emptySides(), levelOddities(), tradeBursts(), hugeVolume(), quietDense(), priceJumps(), deepThin(),
  malformedStream(DAY_MS + 28_800_000), binanceUsdm(),
];
