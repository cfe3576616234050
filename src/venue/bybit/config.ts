/**
 * The Bybit venue from config `venue` (kind bybit-demo / bybit-testnet) and the
 * environment: URLs from `venue.bybit.<demo|testnet>`, keys from BYBIT_API_KEY /
 * BYBIT_API_SECRET only. Start-up refuses a mainnet address (this venue never
 * trades real money), and plain http / ws anywhere but loopback (the key is in
 * every request).
 */
import type { VenueConfig } from '../../config/trading-section.js';
import type { Grid } from '../../feed/decimal.js';
import { BybitCredentials } from './credentials.js';
import { bybitErrors } from './errors.js';
import { BybitVenue, type BybitVenueOptions } from './bybit-venue.js';
import type { VenueLog } from './wire.js';

export type BybitVenueKind = 'bybit-demo' | 'bybit-testnet';

/** Hosts under these domains are Bybit's; the demo and testnet ones carry "-demo" / "-testnet" in their first label. */
const BYBIT_DOMAINS = /(^|\.)(bybit|bytick|bybit-tr|bybitgeorgia)\.[a-z.]+$/i;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** Throws a UsageError when `url` is a Bybit mainnet address, or unencrypted off loopback. */
export function checkVenueUrl(field: string, url: string): void {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw bybitErrors.insecureUrl(field, url);
  }
  const host = u.hostname.toLowerCase();
  if (BYBIT_DOMAINS.test(host)) {
    const first = host.split('.')[0];
    if (!/-(demo|testnet)$/.test(first) && !/^(api|stream)-(demo|testnet)/.test(first)) throw bybitErrors.mainnetUrl(field, url);
  }
  const secure = u.protocol === 'https:' || u.protocol === 'wss:';
  if (!secure && !LOOPBACK.has(host)) throw bybitErrors.insecureUrl(field, url);
}

export interface BybitVenueContext {
  instrument: { readonly symbol: string; readonly tick: Grid; readonly lot: Grid };
  env: NodeJS.ProcessEnv;
  log?: VenueLog;
  midUsd?: () => number;
  positionLots?: () => number;
  localClockMs?: () => number;
}

/** Builds (does not start) the venue; config, URL and key problems are UsageErrors. */
export function bybitVenueFromConfig(cfg: VenueConfig, ctx: BybitVenueContext): BybitVenue {
  const kind = cfg.kind;
  if (kind !== 'bybit-demo' && kind !== 'bybit-testnet') throw bybitErrors.badOption('venue.kind', 'bybit-demo or bybit-testnet', kind);
  const env = kind === 'bybit-demo' ? cfg.bybit.demo : cfg.bybit.testnet;
  const section = kind === 'bybit-demo' ? 'demo' : 'testnet';
  checkVenueUrl(`${section}.restUrl`, env.restUrl);
  checkVenueUrl(`${section}.wsUrl`, env.wsUrl);
  const credentials = BybitCredentials.fromEnv(ctx.env, kind);
  const b = cfg.bybit;
  const { tick, lot, symbol } = ctx.instrument;
  const opts: BybitVenueOptions = {
    kind, restUrl: env.restUrl, wsUrl: env.wsUrl, credentials,
    instrument: { symbol, tick, lot, tickUsd: tick.units / 10 ** tick.decimals, lotBtc: lot.units / 10 ** lot.decimals },
    recvWindowMs: b.recvWindowMs, timeSyncEveryMs: b.timeSyncEveryMs, timeSyncSamples: b.timeSyncSamples,
    requestTimeoutMs: b.requestTimeoutMs, rateLimitMargin: b.rateLimitMargin, rateLimitWindowMs: b.rateLimitWindowMs,
    pingEveryMs: b.pingEveryMs, pongTimeoutMs: b.pongTimeoutMs,
    log: ctx.log, midUsd: ctx.midUsd, positionLots: ctx.positionLots, localClockMs: ctx.localClockMs,
  };
  return new BybitVenue(opts);
}
