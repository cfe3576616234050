/**
 * Signed Bybit v5 REST over Node's fetch, with the two refusals that mean "not
 * carried out, try again" handled here:
 *   10002 (timestamp outside the window): the server-time offset is measured
 *         again, once per request, and the request re-signed and sent again —
 *         only when it is idempotent (reads; orders keyed by orderLinkId);
 *   10006 (rate limit): the endpoint waits for its reset, then the request is
 *         sent again if idempotent (at most `rateLimitRetries` times).
 * Pacing before the limit is the RateLimiter's job. A request without an answer
 * (network error, timeout, HTTP error) is sent again only when it is a read; for
 * anything that changes state a BybitNetworkError goes up, and the caller finds
 * out what happened before doing anything else (never a blind resend).
 *
 * Signing: the timestamp is the exchange time estimate (ServerClock), taken just
 * before the request leaves; the payload is exactly the query string or JSON
 * body that is sent.
 */
import { BybitNetworkError, RET_RATE_LIMIT, RET_TIMESTAMP } from './errors.js';
import type { BybitCredentials } from './credentials.js';
import type { RateLimiter } from './rate-limiter.js';
import { serverTimeMs, type ServerClock } from './server-clock.js';
import type { BybitResponse, VenueLog } from './wire.js';

export interface RestRequest {
  method: 'GET' | 'POST';
  path: string;
  /** Query (GET) or body (POST) fields, in the order they are sent; undefined ones are left out. */
  params: Record<string, string | number | undefined>;
  /** The exchange cannot carry it out twice: reads, and orders / cancels keyed by orderLinkId. */
  idempotent: boolean;
  /** False for public endpoints (/v5/market/time). Default true. */
  signed?: boolean;
}

export interface RestClientOptions {
  baseUrl: string;
  credentials: BybitCredentials;
  clock: ServerClock;
  limiter: RateLimiter;
  recvWindowMs: number;
  timeoutMs: number;
  log: VenueLog;
  /** A read without an answer is sent again up to this many times (default 2). */
  readRetries?: number;
  /** 10006 answers retried per request (default 3). */
  rateLimitRetries?: number;
}

/** Totals since construction (plain numbers: metrics and the venue counters). */
export interface RestCounters {
  requests: number;
  timestampRejects: number;
  resyncRetries: number;
  rateLimitRejects: number;
  rateLimitRetries: number;
  networkErrors: number;
  readRetries: number;
}

export class BybitRestClient {
  readonly counters: RestCounters = {
    requests: 0, timestampRejects: 0, resyncRetries: 0, rateLimitRejects: 0, rateLimitRetries: 0, networkErrors: 0, readRetries: 0,
  };
  private readonly baseUrl: string;

  constructor(private readonly o: RestClientOptions) {
    this.baseUrl = o.baseUrl.replace(/\/+$/, '');
  }

  /** Sends `req` (retrying as described above) and resolves with the exchange's answer, retCode 0 or not. */
  async call<T>(req: RestRequest): Promise<BybitResponse<T>> {
    let resynced = false;
    let rateRetries = 0;
    let readRetries = 0;
    const maxRead = this.o.readRetries ?? 2;
    const maxRate = this.o.rateLimitRetries ?? 3;
    for (;;) {
      await this.o.limiter.acquire(req.path);
      let answer: { headers: Headers; body: BybitResponse<T> };
      try {
        answer = await this.send<T>(req);
      } catch (err) {
        this.o.limiter.release(req.path, undefined);
        this.counters.networkErrors++;
        const cause = (err as Error).message;
        if (req.method === 'GET' && readRetries < maxRead) {
          readRetries++;
          this.counters.readRetries++;
          this.o.log.warn({ event: 'bybit-rest', path: req.path, cause, retry: readRetries }, 'Bybit read without an answer; sending it again');
          await sleep(100 * 2 ** readRetries);
          continue;
        }
        throw new BybitNetworkError(req.path, cause);
      }
      const { headers, body } = answer;
      if (body.retCode === RET_RATE_LIMIT) {
        this.o.limiter.rejected(req.path, headers);
        this.counters.rateLimitRejects++;
        if (req.idempotent && rateRetries < maxRate) {
          rateRetries++;
          this.counters.rateLimitRetries++;
          this.o.log.warn({ event: 'bybit-rest', path: req.path, retCode: body.retCode }, 'Bybit rate limit hit; waiting for the reset');
          continue;
        }
        return body;
      }
      this.o.limiter.release(req.path, headers);
      if (body.retCode === RET_TIMESTAMP) {
        this.counters.timestampRejects++;
        this.o.log.warn({ event: 'bybit-rest', path: req.path, retCode: body.retCode, offsetMs: this.o.clock.offsetMs },
          'Bybit refused the request timestamp; measuring the server-time offset again');
        if (!resynced && req.idempotent) {
          resynced = true;
          await this.syncClock();
          this.counters.resyncRetries++;
          continue;
        }
        if (!resynced) await this.syncClock().catch(() => {});
      }
      return body;
    }
  }

  /** The exchange's time (ms) from /v5/market/time (unsigned). */
  async serverTime(): Promise<number> {
    const r = await this.call<{ timeSecond?: string; timeNano?: string }>({ method: 'GET', path: '/v5/market/time', params: {}, idempotent: true, signed: false });
    const ms = serverTimeMs(r.result);
    if (r.retCode !== 0 || !Number.isFinite(ms)) throw new BybitNetworkError('/v5/market/time', `retCode ${r.retCode}: ${r.retMsg}`);
    return ms;
  }

  /** Measures the server-time offset again (shared with concurrent callers). */
  syncClock(): Promise<void> {
    return this.o.clock.sync(() => this.serverTime());
  }

  private async send<T>(req: RestRequest): Promise<{ headers: Headers; body: BybitResponse<T> }> {
    const fields = Object.entries(req.params).filter((e): e is [string, string | number] => e[1] !== undefined);
    let url = this.baseUrl + req.path;
    let payload = '';
    let bodyText: string | undefined;
    if (req.method === 'GET') {
      payload = new URLSearchParams(fields.map(([k, v]): [string, string] => [k, String(v)])).toString();
      if (payload) url += `?${payload}`;
    } else {
      bodyText = payload = JSON.stringify(Object.fromEntries(fields));
    }
    const headers: Record<string, string> = req.method === 'POST' ? { 'Content-Type': 'application/json' } : {};
    if (req.signed !== false) Object.assign(headers, this.o.credentials.restHeaders(Math.round(this.o.clock.now()), this.o.recvWindowMs, payload));
    this.counters.requests++;
    const res = await fetch(url, { method: req.method, headers, body: bodyText, signal: AbortSignal.timeout(this.o.timeoutMs) });
    const text = await res.text();
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    let body: BybitResponse<T>;
    try {
      body = JSON.parse(text) as BybitResponse<T>;
    } catch {
      throw new Error('answer is not JSON');
    }
    if (typeof body?.retCode !== 'number') throw new Error('answer has no retCode');
    return { headers: res.headers, body };
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
