/** Exponential reconnect backoff with jitter (see BackoffOptions). */
import type { BackoffOptions } from './types.js';

export class Backoff {
  /** Delays handed out since the last reset. */
  attempt = 0;

  constructor(private readonly opts: BackoffOptions, private readonly rng: () => number) {}

  /** The next delay in ms (whole), and advances the attempt. */
  nextDelayMs(): number {
    const { initialMs, maxMs, factor, jitter } = this.opts;
    const baseMs = Math.min(maxMs, initialMs * factor ** this.attempt);
    this.attempt++;
    const scale = 1 + jitter * (2 * this.rng() - 1);
    return Math.max(0, Math.round(baseMs * scale));
  }

  /** Back to initialMs after a stable connection. */
  reset(): void {
    this.attempt = 0;
  }
}
