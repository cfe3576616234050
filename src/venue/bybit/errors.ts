/**
 * Error text of the Bybit venue. Configuration and key problems are UsageErrors
 * (printed without a stack trace, exit 2); exchange answers and transport
 * failures are typed so callers can tell "refused" from "outcome unknown".
 * No message ever carries an API key, a secret or a signature.
 */
import { UsageError } from '../../errors.js';

/** The exchange answered with retCode ≠ 0 (the request was not carried out as asked). */
export class BybitApiError extends Error {
  override name = 'BybitApiError';
  constructor(readonly path: string, readonly retCode: number, readonly retMsg: string) {
    super(`Bybit ${path} answered retCode ${retCode}: ${retMsg}`);
  }
}

/**
 * No usable answer (connection lost, timeout, HTTP error page): the request may
 * or may not have been carried out by the exchange.
 */
export class BybitNetworkError extends Error {
  override name = 'BybitNetworkError';
  constructor(readonly path: string, cause: string) {
    super(`Bybit ${path}: no answer (${cause}); the outcome is unknown`);
  }
}

/** Bybit retCodes the venue acts on (docs: v5/error). */
export const RET_OK = 0;
/** The request time exceeds the time window range (recv_window). */
export const RET_TIMESTAMP = 10002;
export const RET_INVALID_KEY = 10003;
export const RET_BAD_SIGN = 10004;
/** Too many visits: the per-UID API rate limit was exceeded. */
export const RET_RATE_LIMIT = 10006;
/** Order does not exist (or too late to cancel / amend). */
export const RET_ORDER_NOT_FOUND = 110001;
/** orderLinkId is a duplicate: the exchange already has an order with it. */
export const RET_DUPLICATE_LINK_ID = 110072;

export const bybitErrors = {
  missingKeys: (kind: string, missing: string[]) =>
    new UsageError(`venue.kind is ${kind} but ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set: ` +
      'create an API key on Bybit (demo trading: log in, switch to Demo Trading, API) and export BYBIT_API_KEY and BYBIT_API_SECRET; ' +
      'keys are read from the environment only, never from the config'),
  mainnetUrl: (field: string, url: string) =>
    new UsageError(`venue.bybit.${field} is ${url}, a Bybit mainnet address: this venue trades demo or testnet accounts only ` +
      '(https://api-demo.bybit.com, wss://stream-demo.bybit.com/v5/private, or the testnet ones)'),
  insecureUrl: (field: string, url: string) =>
    new UsageError(`venue.bybit.${field} is ${url}: use https:// or wss:// (the API key travels in every request); plain http/ws is allowed on loopback only`),
  notLive: (kind: string) =>
    new UsageError(`venue.kind ${kind} sends orders to the exchange in real time: use it with \`btc-engine paper\`, not with replay`),
  startFailed: (what: string, cause: string) =>
    new UsageError(`Bybit venue could not start: ${what}: ${cause}`),
  badOption: (name: string, rule: string, was: unknown) =>
    new RangeError(`${name} must be ${rule}, was ${String(was)}`),
};
