/**
 * Per-endpoint pacing from Bybit's rate-limit headers, so requests wait before
 * the limit rather than being refused after it:
 *   X-Bapi-Limit                  the endpoint's limit per window
 *   X-Bapi-Limit-Status           requests left in the current window
 *   X-Bapi-Limit-Reset-Timestamp  when the limit resets (ms) once exceeded; else the current time
 *
 * A request may go when  remaining − inFlight > margin. Otherwise it waits until
 * the window has rolled past the requests that used the budget: max(reset
 * timestamp, last answer + windowMs) — the window is rolling, so one window after
 * the last answer every counted request has left it. Until an endpoint's first
 * answer its budget is unknown, and requests go one at a time.
 *
 * Times are exchange ms (ServerClock.now()); waits for a reset timestamp add
 * the clock's possible error (half the sync round trip), or the request could
 * arrive just before the reset. A 10006 answer (limit exceeded anyway, e.g.
 * another client on the same account) blocks the endpoint until the reset
 * timestamp.
 */

/** What a limiter needs from the answer (a fetch Headers, or undefined when there was none). */
export interface HeaderSource {
  get(name: string): string | null;
}

interface Budget {
  limit: number;
  remaining: number;
  resetAtMs: number;
  observedAtMs: number;
  inFlight: number;
  blockedUntilMs: number;
  waiters: Array<() => void>;
}

export interface RateLimiterOptions {
  /** Requests kept in reserve per endpoint (≥ 0). */
  margin: number;
  /** Length of the rolling limit window, ms. */
  windowMs: number;
  /** Exchange time now, ms. */
  nowMs: () => number;
  /** How far nowMs may be off the exchange's clock, ms: added to waits for a reset timestamp (default 0). */
  clockErrorMs?: () => number;
}

export class RateLimiter {
  /** Times a request waited for a window to roll. */
  waits = 0;
  /** 10006 answers seen. */
  rejections = 0;
  private readonly budgets = new Map<string, Budget>();

  constructor(private readonly o: RateLimiterOptions) {
    if (!(Number.isInteger(o.margin) && o.margin >= 0)) throw new RangeError(`margin must be an integer >= 0, was ${o.margin}`);
    if (!(o.windowMs > 0)) throw new RangeError(`windowMs must be > 0, was ${o.windowMs}`);
  }

  /** Resolves when a request to `endpoint` may be sent; pair every call with release(). */
  async acquire(endpoint: string): Promise<void> {
    const b = this.budget(endpoint);
    for (;;) {
      const now = this.o.nowMs();
      if (b.blockedUntilMs > 0) {
        if (now < b.blockedUntilMs) { await sleep(b.blockedUntilMs - now); continue; }
        b.blockedUntilMs = 0; // the limit has reset
        b.remaining = Number.isFinite(b.limit) ? b.limit : NaN;
      }
      if (Number.isNaN(b.remaining)) {
        if (b.inFlight === 0) break;
        await new Promise<void>((r) => b.waiters.push(r));
        continue;
      }
      if (b.remaining - b.inFlight > this.o.margin) break;
      if (b.inFlight > 0) { await new Promise<void>((r) => b.waiters.push(r)); continue; }
      // Budget spent: wait for the window to roll past it, then it is whole again.
      const until = Math.max(b.resetAtMs + this.slackMs(), b.observedAtMs + this.o.windowMs);
      this.waits++;
      if (until > now) await sleep(until - now);
      b.remaining = Number.isFinite(b.limit) ? b.limit : NaN;
    }
    b.inFlight++;
  }

  /** The request to `endpoint` is done; `headers` of its answer (undefined: none came). */
  release(endpoint: string, headers: HeaderSource | undefined): void {
    const b = this.budget(endpoint);
    b.inFlight = Math.max(0, b.inFlight - 1);
    if (headers) this.observe(b, headers);
    const w = b.waiters.splice(0);
    for (const r of w) r();
  }

  /** A 10006 answer: nothing more to `endpoint` until the limit resets. */
  rejected(endpoint: string, headers: HeaderSource | undefined): void {
    const b = this.budget(endpoint);
    this.rejections++;
    if (headers) this.observe(b, headers);
    b.remaining = 0;
    const now = this.o.nowMs();
    b.blockedUntilMs = b.resetAtMs > now ? b.resetAtMs + this.slackMs() : now + this.o.windowMs;
  }

  private slackMs(): number {
    const e = this.o.clockErrorMs?.() ?? 0;
    return Number.isFinite(e) && e > 0 ? e : 0;
  }

  /** Copy of one endpoint's budget (tests, health). */
  snapshot(endpoint: string): { limit: number; remaining: number; inFlight: number } {
    const b = this.budget(endpoint);
    return { limit: b.limit, remaining: b.remaining, inFlight: b.inFlight };
  }

  private observe(b: Budget, h: HeaderSource): void {
    const remaining = num(h.get('x-bapi-limit-status'));
    if (Number.isNaN(remaining)) return; // public endpoints carry no headers
    b.remaining = remaining;
    const limit = num(h.get('x-bapi-limit'));
    if (!Number.isNaN(limit)) b.limit = limit;
    const reset = num(h.get('x-bapi-limit-reset-timestamp'));
    b.resetAtMs = Number.isNaN(reset) ? 0 : reset;
    b.observedAtMs = this.o.nowMs();
  }

  private budget(endpoint: string): Budget {
    let b = this.budgets.get(endpoint);
    if (!b) {
      b = { limit: NaN, remaining: NaN, resetAtMs: 0, observedAtMs: 0, inFlight: 0, blockedUntilMs: 0, waiters: [] };
      this.budgets.set(endpoint, b);
    }
    return b;
  }
}

function num(s: string | null): number {
  if (s === null || s.trim() === '') return NaN;
  const v = Number(s);
  return Number.isFinite(v) ? v : NaN;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, Math.max(1, Math.ceil(ms))));
}
