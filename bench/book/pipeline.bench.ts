/**
 * End to end, parse + apply of the Bybit-shaped stream from raw bytes, per
 * backend, against ccxt's own OrderBook fed the same frames the way its Bybit
 * handler does (JSON.parse, then storeArray per level with parsed floats).
 */
import { Bench } from 'tinybench';
import { createRequire } from 'node:module';
import { createBook, createParser } from '../../src/book/backends.js';
import { BookPipeline } from '../../src/book/pipeline.js';
import { BACKEND_NAMES } from '../../src/book/types.js';
import { nativeAddon } from '../../src/native/load.js';
import { loadStream, reportFailure, sig3, type BenchConfig, type BenchRow } from '../lib.js';

interface CcxtSide { storeArray(delta: number[]): void }
interface CcxtBook { asks: CcxtSide; bids: CcxtSide; reset(s: { asks: number[][]; bids: number[][] }): void }

export async function benchPipeline(cfg: BenchConfig): Promise<BenchRow[]> {
  const s = loadStream('bybit-shaped');
  const bytes = s.files[0];
  const lines = bytes.toString('utf8').split('\n').filter((l) => l.length > 0);
  const bench = new Bench({ time: cfg.timeMs, iterations: cfg.iterations, warmupTime: Math.min(200, cfg.timeMs) });
  for (const backend of BACKEND_NAMES) {
    if (backend === 'native' && !nativeAddon()) continue;
    // The kernel (buffers, node pools) is made once; each run resets it and parses afresh.
    const k = createBook(backend, { depth: 1 });
    bench.add(`${backend} parse + apply`, () => {
      k.reset();
      const p = createParser(k, s.instrument);
      p.beginFile();
      new BookPipeline(k, p, { holdBeforeSnapshot: false }).feed(bytes);
    });
  }
  const OrderBook = await loadCcxt();
  if (OrderBook) {
    bench.add('ccxt OrderBook (JSON.parse + storeArray)', () => {
      const ob = new OrderBook();
      const f = (l: string[]): number[] => [parseFloat(l[0]), parseFloat(l[1])];
      for (const line of lines) {
        const m = JSON.parse(line) as { topic: string; type: string; data: { b: string[][]; a: string[][] } };
        if (!m.topic.startsWith('orderbook.')) continue;
        if (m.type === 'snapshot') { ob.reset({ bids: m.data.b.map(f), asks: m.data.a.map(f) }); continue; }
        for (const l of m.data.a) ob.asks.storeArray(f(l));
        for (const l of m.data.b) ob.bids.storeArray(f(l));
      }
    });
  }
  const rows: BenchRow[] = [];
  for (const t of bench.runSync()) {
    const r = t.result;
    if (!r || !('latency' in r)) { reportFailure(t); continue; }
    rows.push({
      suite: 'parse + apply', task: `bybit-shaped: ${t.name}`, meanMs: sig3(r.latency.mean), samples: r.latency.samplesCount,
      usPerBookFrame: sig3((r.latency.mean * 1e3) / s.depthMessages),
      levelChangesPerSec: sig3(s.levelChanges / (r.latency.mean / 1e3)),
    });
  }
  return rows;
}

async function loadCcxt(): Promise<(new () => CcxtBook) | undefined> {
  try {
    const require = createRequire(import.meta.url);
    const main = require.resolve('ccxt'); // …/ccxt/dist/ccxt.cjs
    const file = main.replace(/dist[/\\]ccxt\.cjs$/, 'js/src/base/ws/OrderBook.js');
    const mod = (await import(file)) as { OrderBook: new () => CcxtBook };
    return mod.OrderBook;
  } catch {
    return undefined;
  }
}
