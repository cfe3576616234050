/**
 * The trading sections of the config (docs/EXECUTION.md): the paper venue
 * (queue model, latency, fees), the execution strategies, the decision layer,
 * risk limits and the starting portfolio. Quantities are in BTC and USD here;
 * the engine converts them to the instrument's lots and ticks once at start-up.
 */
import { z } from 'zod';

const ms = z.coerce.number().min(0).max(86_400_000);
const positive = z.coerce.number().gt(0);

/** Latency model: a constant, or samples drawn (seeded) from a recorded distribution. */
const latency = z.strictObject({
  /** Constant latency (ms) when `samplesFile` is not set. */
  ms: ms.default(5),
  /** File of recorded latencies in ms (one number per line, or a JSON array); relative to the config file. */
  samplesFile: z.string().min(1).optional(),
}).prefault({});

/** One Bybit environment: REST base URL and private WebSocket URL. */
const bybitEndpoints = (restUrl: string, wsUrl: string) => z.strictObject({
  restUrl: z.string().url().default(restUrl),
  wsUrl: z.string().url().default(wsUrl),
}).prefault({});

/**
 * The Bybit demo / testnet venue (src/venue/bybit, docs/BYBIT_DEMO.md). Keys are
 * never configured here: only the BYBIT_API_KEY / BYBIT_API_SECRET environment
 * variables are read. Mainnet URLs are refused at start-up.
 */
const bybitSection = z.strictObject({
  /** Demo trading (orders on Bybit's matching engine with demo funds). */
  demo: bybitEndpoints('https://api-demo.bybit.com', 'wss://stream-demo.bybit.com/v5/private'),
  testnet: bybitEndpoints('https://api-testnet.bybit.com', 'wss://stream-testnet.bybit.com/v5/private'),
  /** X-BAPI-RECV-WINDOW: the exchange accepts server_time − recvWindow ≤ timestamp < server_time + 1000. */
  recvWindowMs: z.coerce.number().int().min(1_000).max(60_000).default(5_000),
  /** Server-time offset: re-measured this often (ms), from this many /v5/market/time samples (median). */
  timeSyncEveryMs: z.coerce.number().int().min(1_000).max(3_600_000).default(60_000),
  timeSyncSamples: z.coerce.number().int().min(1).max(15).default(5),
  /** A REST request without an answer after this long is a timeout (its outcome unknown). */
  requestTimeoutMs: z.coerce.number().int().min(100).max(60_000).default(5_000),
  /** Requests per endpoint kept in reserve: wait for the limit window to roll before the budget reaches this. */
  rateLimitMargin: z.coerce.number().int().min(0).max(100).default(1),
  /** Length of Bybit's rolling rate-limit window (ms): how long to wait when the budget is spent. */
  rateLimitWindowMs: z.coerce.number().int().min(100).max(60_000).default(1_000),
  /** Private WebSocket heartbeat (Bybit recommends 20 s) and how long a ping may go unanswered. */
  pingEveryMs: z.coerce.number().int().min(1_000).max(60_000).default(20_000),
  pongTimeoutMs: z.coerce.number().int().min(500).max(60_000).default(10_000),
}).prefault({});

export const venueSection = z.strictObject({
  /**
   * paper: the simulator in src/venue/paper; bybit-demo / bybit-testnet: orders on
   * Bybit's own matching engine through the v5 API (live `paper` runtime only).
   */
  kind: z.enum(['paper', 'bybit-demo', 'bybit-testnet']).default('paper'),
  bybit: bybitSection,
  paper: z.strictObject({
    /** prob: queue position with f(x)=x^queuePower; risk-averse: level decreases never move an order forward. */
    queueModel: z.enum(['prob', 'risk-averse']).default('prob'),
    queuePower: z.coerce.number().min(0).max(10).default(3),
    /** Order → exchange. */
    entryLatency: latency,
    /** Exchange → engine (acks, fills, cancels). */
    responseLatency: latency,
    /** Fee rates as fractions of notional (Bybit linear: maker 0.02 %, taker 0.055 %); negative = rebate. */
    makerFeeRate: z.coerce.number().min(-0.01).max(0.01).default(0.0002),
    takerFeeRate: z.coerce.number().min(-0.01).max(0.01).default(0.00055),
    /** Seed of the latency sampler: same seed, same replay. */
    seed: z.coerce.number().int().min(0).max(2 ** 32 - 1).default(1),
  }).prefault({}),
}).prefault({});

export const executionSection = z.strictObject({
  /** Strategy that works every order the decision layer makes. */
  strategy: z.enum(['passive', 'aggressive', 'twap']).default('passive'),
  passive: z.strictObject({
    /** Re-quote when the touch has moved away by at least this many ticks. */
    requoteTicks: z.coerce.number().int().min(1).default(1),
    /** Circuit breaker: at most this many re-quotes per rolling minute, then wait. */
    maxRequotesPerMin: z.coerce.number().int().min(1).default(30),
    /** Longest an order may rest before `onMaxRest` (ms). */
    maxRestMs: ms.default(30_000),
    onMaxRest: z.enum(['escalate', 'cancel']).default('escalate'),
    /** Pause quoting while the spread (bps) or rv_10s_bps exceed these. */
    maxSpreadBps: positive.default(5),
    maxVolBps: positive.default(20),
  }).prefault({}),
  aggressive: z.strictObject({
    /** IOC limit at the touch ± this many bps. */
    maxSlippageBps: z.coerce.number().min(0).max(1000).default(5),
  }).prefault({}),
  twap: z.strictObject({
    windowMs: positive.default(60_000),
    slices: z.coerce.number().int().min(1).max(10_000).default(6),
  }).prefault({}),
}).prefault({});

export const decisionSection = z.strictObject({
  /**
   * model (default): predictions of the model in `model.dir`, or of the model shipped in
   * the package's models/default when model.dir is not set (models/README.md); rule: the
   * documented stand-in, imb_1 × ruleBpsPerImbalance as the prediction of every horizon
   * (src/engine/predictor.ts).
   */
  source: z.enum(['rule', 'model']).default('model'),
  /**
   * bps of predicted return per unit of imb_1. 0.02 is the order of the measured slope of
   * the 1 s return on imb_1 (0.013 bps on the synthetic market: one tick of BTCUSDT is
   * 0.015 bps). With entryBps 0.01 / exitBps 0.002 the rule trades exactly as it did with
   * 1 and 0.5 / 0.1: long from imb_1 ≥ 0.5, flat below |imb_1| 0.1.
   */
  ruleBpsPerImbalance: z.coerce.number().gt(0).default(0.02),
  /**
   * Weight of each horizon's prediction in the signal (missing = 1 / number of horizons).
   * Default: the 1 s horizon only. It is where the default model (and every model in
   * docs/MODELS.md) has out-of-sample skill; its 10 s and 60 s outputs are close to
   * constants carrying the training stream's drift, which would make the signal long-only.
   */
  horizonWeights: z.record(z.string(), z.coerce.number()).default({ '1s': 1, '10s': 0, '60s': 0 }),
  /**
   * Go to ±maxPositionBtc when |signal| ≥ entryBps; flatten when |signal| < exitBps.
   * The scale is the model's: the default model's 1 s prediction is within ±0.014 bps
   * for 90 % of rows (p99 0.023), so 0.01 / 0.002 make it trade every few seconds on the
   * synthetic market. These are far below the costs (a maker fill pays 2 bps): a demo of
   * the pipeline, not a claim of edge (models/README.md).
   */
  entryBps: z.coerce.number().min(0).default(0.01),
  exitBps: z.coerce.number().min(0).default(0.002),
  maxPositionBtc: positive.default(0.01),
  /** Least time between two changes of the target position (exchange ms). */
  cooldownMs: ms.default(2_000),
  /** The decision runs at most once per this interval of exchange time (ms). */
  intervalMs: ms.default(100),
}).prefault({});

export const riskSection = z.strictObject({
  maxPositionBtc: positive.default(0.05),
  maxOrderBtc: positive.default(0.02),
  /** Kill switches: trading stops for the day (UTC) / for good. */
  maxDailyLossUsd: positive.default(500),
  maxDrawdownUsd: positive.default(1_000),
  maxOrdersPerMin: z.coerce.number().int().min(1).default(120),
  /** No book update for this long (exchange time in replay, local time live) = stale feed. */
  staleFeedMs: positive.default(5_000),
  maxSpreadBps: positive.default(20),
  maxVolBps: positive.default(50),
}).prefault({});

export const portfolioSection = z.strictObject({
  initialCashUsd: z.coerce.number().min(0).default(10_000),
  /** Equity curve: one point per this interval of exchange time (ms). */
  equityEveryMs: positive.default(1_000),
}).prefault({});

export type VenueConfig = z.infer<typeof venueSection>;
export type ExecutionConfig = z.infer<typeof executionSection>;
export type DecisionConfig = z.infer<typeof decisionSection>;
export type RiskConfig = z.infer<typeof riskSection>;
export type PortfolioConfig = z.infer<typeof portfolioSection>;
