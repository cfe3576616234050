/**
 * The Bybit API key and secret, read from the environment only and kept where
 * nothing prints them: both live in private fields, and every way an object is
 * usually turned into text (JSON.stringify, util.inspect / console.log / pino,
 * String(), template literals) yields a redacted placeholder. The secret never
 * leaves this object: callers get signatures, not the secret.
 *
 * Signing (Bybit v5, HMAC): lowercase hex HMAC-SHA256 with the secret over
 *   REST:      timestamp + apiKey + recvWindow + (queryString | jsonBody)
 *   WebSocket: "GET/realtime" + expires
 */
import { createHmac } from 'node:crypto';
import { inspect } from 'node:util';
import { bybitErrors } from './errors.js';

const REDACTED = '[BybitCredentials: redacted]';

export class BybitCredentials {
  readonly #key: string;
  readonly #secret: string;

  constructor(apiKey: string, apiSecret: string) {
    if (!apiKey || !apiSecret) throw bybitErrors.badOption('Bybit API key and secret', 'non-empty', '(empty)');
    this.#key = apiKey;
    this.#secret = apiSecret;
  }

  /** BYBIT_API_KEY / BYBIT_API_SECRET from `env`; a UsageError naming what is missing otherwise. */
  static fromEnv(env: NodeJS.ProcessEnv, kind: string): BybitCredentials {
    const key = env.BYBIT_API_KEY?.trim() ?? '';
    const secret = env.BYBIT_API_SECRET?.trim() ?? '';
    const missing = [...(key ? [] : ['BYBIT_API_KEY']), ...(secret ? [] : ['BYBIT_API_SECRET'])];
    if (missing.length > 0) throw bybitErrors.missingKeys(kind, missing);
    return new BybitCredentials(key, secret);
  }

  /** The signed headers of one REST request (the key goes out in X-BAPI-API-KEY, as the API requires). */
  restHeaders(timestampMs: number, recvWindowMs: number, payload: string): Record<string, string> {
    const ts = String(timestampMs);
    const rw = String(recvWindowMs);
    return {
      'X-BAPI-API-KEY': this.#key,
      'X-BAPI-TIMESTAMP': ts,
      'X-BAPI-RECV-WINDOW': rw,
      'X-BAPI-SIGN': hmacHex(this.#secret, ts + this.#key + rw + payload),
    };
  }

  /** The private WebSocket auth request: {op: 'auth', args: [apiKey, expires, signature]}. */
  wsAuthRequest(expiresMs: number, reqId: string): string {
    const sig = hmacHex(this.#secret, `GET/realtime${expiresMs}`);
    return JSON.stringify({ req_id: reqId, op: 'auth', args: [this.#key, expiresMs, sig] });
  }

  toJSON(): string { return REDACTED; }
  toString(): string { return REDACTED; }
  [inspect.custom](): string { return REDACTED; }
  get [Symbol.toStringTag](): string { return 'BybitCredentials'; }
}

/** Lowercase hex HMAC-SHA256 of `message` with `secret`. */
export function hmacHex(secret: string, message: string): string {
  return createHmac('sha256', secret).update(message).digest('hex');
}
