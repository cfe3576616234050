/**
 * The exchange's clock as seen from here: local clock + a measured offset.
 *
 * Bybit accepts a signed request only when
 *   server_time − recv_window ≤ timestamp < server_time + 1000,
 * so a local clock a few seconds off (or drifting) gets every request refused
 * with retCode 10002. The root fix is to sign with local time + offset, where
 * offset is measured against /v5/market/time:
 *
 *   t0 = local before the request, t1 = local after, s = server time in the answer
 *   sample = s − (t0 + t1) / 2      (assumes the server stamped mid-flight)
 *   offset = median of `samples` samples (one slow round trip does not skew it)
 *
 * The error of one sample is at most half its round trip. Re-measured on a timer
 * and after a 10002. The local clock is injected (tests skew it by ±30 s).
 */

/** Measures once: resolves to the server time (ms) in one /v5/market/time answer. */
export type ServerTimeFetch = () => Promise<number>;

export class ServerClock {
  /** server − local, ms (0 until the first sync). */
  offsetMs = 0;
  /** Round trip of the sample the median picked, ms. */
  rttMs = NaN;
  /** Completed syncs. */
  syncs = 0;
  private syncedAtLocalMs = NaN;
  private pending: Promise<void> | null = null;

  constructor(readonly localMs: () => number, private readonly samples: number) {
    if (!(Number.isInteger(samples) && samples >= 1)) throw new RangeError(`samples must be an integer >= 1, was ${samples}`);
  }

  /** Best estimate of the exchange's time now, ms. */
  now(): number {
    return this.localMs() + this.offsetMs;
  }

  /** Local ms since the last sync (NaN before the first). */
  ageMs(): number {
    return this.localMs() - this.syncedAtLocalMs;
  }

  /** True once an offset has been measured. */
  get synced(): boolean {
    return this.syncs > 0;
  }

  /** Measures the offset again; concurrent callers share one measurement. */
  sync(fetchServerMs: ServerTimeFetch): Promise<void> {
    if (!this.pending) this.pending = this.measure(fetchServerMs).finally(() => { this.pending = null; });
    return this.pending;
  }

  private async measure(fetchServerMs: ServerTimeFetch): Promise<void> {
    const offsets: Array<[number, number]> = [];
    for (let i = 0; i < this.samples; i++) {
      const t0 = this.localMs();
      const serverMs = await fetchServerMs();
      const t1 = this.localMs();
      offsets.push([serverMs - (t0 + t1) / 2, t1 - t0]);
    }
    offsets.sort((a, b) => a[0] - b[0]);
    const [offset, rtt] = offsets[(offsets.length - 1) >> 1];
    this.offsetMs = offset;
    this.rttMs = rtt;
    this.syncedAtLocalMs = this.localMs();
    this.syncs++;
  }
}

/** Server time in ms from a /v5/market/time result: timeNano (µs kept), else timeSecond. */
export function serverTimeMs(result: { timeNano?: string; timeSecond?: string } | undefined): number {
  if (result?.timeNano && /^\d+$/.test(result.timeNano)) return Number(BigInt(result.timeNano) / 1000n) / 1000;
  if (result?.timeSecond && /^\d+$/.test(result.timeSecond)) return Number(result.timeSecond) * 1000;
  return NaN;
}
