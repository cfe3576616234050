/** The Bybit demo / testnet venue's public API (docs/BYBIT_DEMO.md). */
export { BybitVenue, type BybitVenueCounters, type BybitVenueHealth, type BybitVenueOptions } from './bybit-venue.js';
export { bybitVenueFromConfig, checkVenueUrl, type BybitVenueContext, type BybitVenueKind } from './config.js';
export { BybitCredentials, hmacHex } from './credentials.js';
export { BybitApiError, BybitNetworkError } from './errors.js';
export { BybitRestClient, type RestCounters, type RestRequest } from './rest-client.js';
export { RateLimiter } from './rate-limiter.js';
export { ServerClock, serverTimeMs } from './server-clock.js';
export { BybitTradeApi } from './trade-api.js';
export { BybitPrivateStream } from './private-stream.js';
export type { InstrumentGrid } from './order-map.js';
export type { VenueLog } from './wire.js';
