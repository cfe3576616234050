/**
 * Stylised facts of a Bybit v5 stream, measured the same way on a recording and
 * on the synthetic market (docs/SYNTHETIC.md): the stream goes through the
 * project's own parser and reference book, so a malformed synthetic frame would
 * show up as a rejection here.
 *   spread: share of exchange time at 1, 2, 3+ ticks (time-weighted);
 *   returns: log mid returns on a 1 s grid: std, excess kurtosis, share of zero
 *     returns, autocorrelation of |r| at lags 1..5;
 *   trades: print sizes (median, p90, p99, p99 / median), prints per second.
 */
import { createBook, createParser } from '../../book/backends.js';
import { BookPipeline } from '../../book/pipeline.js';
import { OUT_EXCH_TS_MS, OUT_HEAD_F64, outStrideF64 } from '../../layout/book-out.js';
import { EV_FLAGS, EV_QTY, EVENT_F64, EVENT_U32, KIND_MASK, KIND_TRADE } from '../../layout/event.js';
import { detectInstrument } from '../detect.js';

export interface StylisedFacts {
  spanS: number;
  depthMessages: number;
  crossed: number;
  rejected: number;
  spreadShare: { '1': number; '2': number; '3+': number };
  returns1s: { n: number; stdBps: number; excessKurtosis: number | null; zeroShare: number; absAcf: number[] };
  trades: { prints: number; perS: number; medianLots: number; p90Lots: number; p99Lots: number; p99OverMedian: number };
}

/** Measures a stream of whole-line chunks (the first chunk must hold a depth frame). */
export async function measureFacts(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<StylisedFacts> {
  const book = createBook('ts', { depth: 1 });
  const stride = outStrideF64(1);
  const tsMs: number[] = [];
  const mid2: number[] = [];
  const spreadMs = [0, 0, 0];
  const prints: number[] = [];
  let lastSpread = -1, lastTs = NaN;
  let parser: ReturnType<typeof createParser> | undefined;
  let pipeline: BookPipeline | undefined;
  for await (const chunk of chunks) {
    if (!parser) {
      parser = createParser(book, detectInstrument(chunk.subarray(0, 1 << 20), { venue: 'bybit' }));
      pipeline = new BookPipeline(book, parser, {
        holdBeforeSnapshot: false,
        beforeApply: (input, n) => {
          const u32 = book.inputU32;
          for (let r = 0; r < n; r++) if ((u32[r * EVENT_U32 + EV_FLAGS] & KIND_MASK) === KIND_TRADE) prints.push(input[r * EVENT_F64 + EV_QTY]);
        },
        onApplied: (out, n) => {
          for (let i = 0; i < n; i++) {
            const o = i * stride;
            const bid = out[o + OUT_HEAD_F64], ask = out[o + OUT_HEAD_F64 + 2], t = out[o + OUT_EXCH_TS_MS];
            if (bid <= 0 || ask <= 0) continue;
            if (lastSpread > 0 && t > lastTs) spreadMs[Math.min(lastSpread, 3) - 1] += t - lastTs;
            lastSpread = ask - bid; lastTs = t;
            tsMs.push(t); mid2.push(bid + ask);
          }
        },
      });
      parser.beginFile();
    }
    pipeline!.feed(chunk);
  }
  const c = book.counters();
  const rejected = parser?.stats.rejected ?? 0;
  book.close();
  const spanS = tsMs.length ? (tsMs[tsMs.length - 1] - tsMs[0]) / 1000 : 0;
  const spreadTotal = spreadMs[0] + spreadMs[1] + spreadMs[2] || 1;
  const sorted = prints.sort((a, b) => a - b);
  const q = (p: number): number => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : 0);
  return {
    spanS, depthMessages: c.applied, crossed: c.crossed, rejected,
    spreadShare: { '1': spreadMs[0] / spreadTotal, '2': spreadMs[1] / spreadTotal, '3+': spreadMs[2] / spreadTotal },
    returns1s: returnStats(tsMs, mid2, 1000),
    trades: { prints: sorted.length, perS: spanS > 0 ? sorted.length / spanS : 0, medianLots: q(0.5), p90Lots: q(0.9), p99Lots: q(0.99), p99OverMedian: q(0.5) > 0 ? q(0.99) / q(0.5) : 0 },
  };
}

/** Log returns of the mid sampled every stepMs (last value at or before each grid time). */
export function returnStats(tsMs: readonly number[], mid: readonly number[], stepMs: number): StylisedFacts['returns1s'] {
  const r: number[] = [];
  let j = 0;
  let prev = NaN;
  for (let t = tsMs[0]; tsMs.length && t <= tsMs[tsMs.length - 1]; t += stepMs) {
    while (j + 1 < tsMs.length && tsMs[j + 1] <= t) j++;
    if (!Number.isNaN(prev)) r.push(Math.log(mid[j] / prev));
    prev = mid[j];
  }
  const n = r.length;
  const mean = r.reduce((s, x) => s + x, 0) / Math.max(n, 1);
  const m2 = r.reduce((s, x) => s + (x - mean) ** 2, 0) / Math.max(n, 1);
  const m4 = r.reduce((s, x) => s + (x - mean) ** 4, 0) / Math.max(n, 1);
  const abs = r.map(Math.abs);
  const am = abs.reduce((s, x) => s + x, 0) / Math.max(n, 1);
  const av = abs.reduce((s, x) => s + (x - am) ** 2, 0) / Math.max(n, 1);
  const acf = (lag: number): number => {
    let s = 0;
    for (let i = lag; i < n; i++) s += (abs[i] - am) * (abs[i - lag] - am);
    return av > 0 ? s / n / av : 0;
  };
  return {
    n, stdBps: Math.sqrt(m2) * 1e4, excessKurtosis: m2 > 0 ? m4 / (m2 * m2) - 3 : null,
    zeroShare: n ? r.filter((x) => x === 0).length / n : 0, absAcf: [1, 2, 3, 4, 5].map(acf),
  };
}
