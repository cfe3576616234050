/**
 * The synthetic market written as a recording, without a server: exactly the
 * frames a client subscribed to orderbook.{depth} and publicTrade from the start
 * would receive (same topic code as the local exchange), one JSON frame per line.
 * Tests and `calibrate-market --check` measure the synthetic stream through it.
 */
import { DEFAULT_PARAMS } from '../feed/synthetic/default-params.js';
import type { SyntheticParams } from '../feed/synthetic/params.js';
import { DepthTopic, type Depth } from './depth-topic.js';
import { SyntheticSource } from './source.js';

export interface SyntheticRecordingOptions {
  params?: SyntheticParams;
  seed?: number;
  /** Exchange time of the first frame, ms (default 2026-08-09T00:00:00Z). */
  startTsMs?: number;
  durationMs: number;
  depth?: Depth;
  /** Called with each frame line; default: collect and return them. */
  onFrame?: (line: string) => void;
}

export const DEFAULT_START_TS_MS = 1_786_233_600_000;
export const INITIAL_U = 1_000_000;

/** Generates the stream; returns the frames when no onFrame is given. */
export function syntheticRecording(o: SyntheticRecordingOptions): string[] {
  const out: string[] = [];
  const emit = o.onFrame ?? ((l: string) => { out.push(l); });
  const start = o.startTsMs ?? DEFAULT_START_TS_MS;
  const src = new SyntheticSource(o.params ?? DEFAULT_PARAMS, o.seed ?? 1, start);
  const topic = new DepthTopic(src.format, o.depth ?? 200, INITIAL_U);
  topic.prime(src.book, src.seq, start);
  emit(topic.snapshot(src.book, start));
  const sink = { trades: (f: string) => emit(f), recordedDepth: () => {} };
  const step = topic.cadenceMs;
  for (let ts = start + step; ts <= start + o.durationMs; ts += step) {
    src.advanceSync(ts, sink);
    const f = topic.delta(src.book, ts, src.seq, src.lastEventTsMs);
    if (f) emit(f);
  }
  return out;
}
