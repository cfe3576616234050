/**
 * The WebSocket client's counters (main thread) as the market worker sees
 * them: a few float64s on a SharedArrayBuffer, written by the main thread on a
 * short timer and read by the worker for its status and dashboard frames. A
 * read may mix two writes' counters; every field is a monotone counter or a
 * flag, so a mixed read is still a valid, slightly old, picture.
 */
import { emptyLiveCounters, type LiveCounters, type LiveStats } from '../feed/live/types.js';

const COUNTERS = Object.keys(emptyLiveCounters()) as Array<keyof LiveCounters>;
const AGE = COUNTERS.length;
const WRITTEN_MS = AGE + 1;
const CONNECTED = AGE + 2;
const BOOK_VALID = AGE + 3;
const FIELDS = AGE + 4;

export class FeedStatsCell {
  private readonly f: Float64Array;

  constructor(readonly sab: SharedArrayBuffer = new SharedArrayBuffer(FIELDS * 8)) {
    this.f = new Float64Array(sab);
    this.f[AGE] = -1;
  }

  write(s: LiveStats, nowMs: number): void {
    for (let i = 0; i < COUNTERS.length; i++) this.f[i] = s[COUNTERS[i]!];
    this.f[AGE] = s.lastFrameAgeMs;
    this.f[CONNECTED] = s.connected ? 1 : 0;
    this.f[BOOK_VALID] = s.bookValid ? 1 : 0;
    this.f[WRITTEN_MS] = nowMs;
  }

  /** The stats as of the last write; the frame age is advanced to `nowMs`. */
  read(nowMs: number): LiveStats {
    const c = emptyLiveCounters();
    for (let i = 0; i < COUNTERS.length; i++) c[COUNTERS[i]!] = this.f[i]!;
    const age = this.f[AGE]!;
    const written = this.f[WRITTEN_MS]!;
    return {
      ...c, connected: this.f[CONNECTED] === 1, bookValid: this.f[BOOK_VALID] === 1,
      lastFrameAgeMs: age < 0 || written === 0 ? age : age + Math.max(0, nowMs - written),
    };
  }
}
