/**
 * Parse cost per frame: TS reference parser (JSON.parse) vs the native byte
 * scanner, writing records into a large buffer (no book), on real streams.
 */
import { Bench } from 'tinybench';
import { TsFrameParser, type FrameParser } from '../../src/feed/frame-parser.js';
import { NativeFrameParser } from '../../src/feed/native-parser.js';
import { nativeAddon } from '../../src/native/load.js';
import { EVENT_BYTES } from '../../src/layout/event.js';
import { loadStream, reportFailure, sig3, type BenchConfig, type BenchRow } from '../lib.js';

export function benchParse(cfg: BenchConfig): BenchRow[] {
  const rows: BenchRow[] = [];
  const streams = cfg.quick ? ['bybit-shaped'] : ['bybit-shaped', 'binance-usdm'];
  for (const name of streams) {
    const s = loadStream(name);
    const cap = 1 << 16;
    const mk = () => {
      const buf = new ArrayBuffer(cap * EVENT_BYTES);
      return { input: new Float64Array(buf), inputU32: new Uint32Array(buf), inputI64: new BigInt64Array(buf), recordCapacity: cap, outputCapacity: cap };
    };
    const parsers: Array<[string, FrameParser]> = [['ts (JSON.parse)', new TsFrameParser(s.instrument, mk())]];
    if (nativeAddon()) parsers.push(['native scanner', new NativeFrameParser(s.instrument, mk())]);
    const bench = new Bench({ time: cfg.timeMs, iterations: cfg.iterations, warmupTime: Math.min(200, cfg.timeMs) });
    for (const [label, p] of parsers) {
      bench.add(label, () => {
        for (const f of s.files) {
          p.beginFile();
          for (let pos = 0; pos < f.length;) pos = p.parse(f, pos, f.length);
        }
      });
    }
    for (const t of bench.runSync()) {
      const r = t.result;
      if (!r || !('latency' in r)) { reportFailure(t); continue; }
      rows.push({
        suite: 'parse', task: `${name}: ${t.name}`, meanMs: sig3(r.latency.mean), samples: r.latency.samplesCount,
        nsPerFrame: sig3((r.latency.mean * 1e6) / s.frames),
        nsPerLevel: sig3((r.latency.mean * 1e6) / s.levelChanges),
      });
    }
  }
  return rows;
}
