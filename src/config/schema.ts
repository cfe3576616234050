/**
 * The engine's configuration: one YAML file validated by this schema, every field
 * with a default. Later issues add their sections here (features, store, model,
 * execution, dashboard…); the sections below are what the foundation uses.
 */
import { z } from 'zod';
import { parseGrid } from '../feed/decimal.js';
import { VENUES } from '../feed/instrument.js';
import { modelSection } from './model-section.js';
import { hhtSection } from './hht-section.js';
import { dashboardSection, paperSection } from './paper-section.js';
import { decisionSection, executionSection, portfolioSection, riskSection, venueSection } from './trading-section.js';

const decimalText = z.string().refine((s) => parseGrid(s) !== undefined, {
  message: 'must be a positive decimal string such as "0.1"',
});

/** One row of the instrument table: defaults for tick and lot, or overrides of the built-in ones. */
const instrumentRow = z.strictObject({
  exchange: z.enum(['bybit', 'binance']),
  market: z.enum(['linear', 'inverse', 'spot', 'usdm', 'coinm']),
  symbol: z.string().min(1),
  tick: decimalText,
  lot: decimalText,
});

export const configSchema = z.strictObject({
  /** Kernel backend: native if it was built, else WASM (auto); or force one. */
  kernels: z.enum(['auto', 'native', 'wasm', 'ts']).default('auto'),
  /** The instrument of the stream; unset fields are detected from the frames. */
  instrument: z.strictObject({
    exchange: z.enum(['auto', ...VENUES]).default('auto'),
    symbol: z.string().min(1).optional(),
    tick: decimalText.optional(),
    lot: decimalText.optional(),
  }).prefault({}),
  /** Extra or overriding rows for the instrument table (src/feed/instrument.ts). */
  instruments: z.array(instrumentRow).default([]),
  /**
   * Feature settings: `calibration` names a file written by `btc-engine calibrate`
   * (relative to the config file); `extended` appends the extended set (raw 10-level
   * ladder, extra bands) to every row.
   */
  features: z.strictObject({
    calibration: z.string().min(1).optional(),
    extended: z.boolean().default(false),
    /** HHT columns from a worker thread (src/config/hht-section.ts, docs/HHT.md). */
    hht: hhtSection,
  }).prefault({}),
  /**
   * The feature store (docs/STORE.md): `dir` is the default for --store;
   * `batchFrames` is how many input frames one transaction commits (the unit an
   * interrupted ingest loses at most).
   */
  store: z.strictObject({
    dir: z.string().min(1).optional(),
    batchFrames: z.coerce.number().int().min(1).max(1_000_000).default(2048),
  }).prefault({}),
  /** Models (docs/MODELS.md): horizons, trainer settings, splits, seed, default directory. */
  model: modelSection,
  /** Trading (docs/EXECUTION.md): venue, execution strategies, decision layer, risk, portfolio. */
  venue: venueSection,
  execution: executionSection,
  decision: decisionSection,
  risk: riskSection,
  portfolio: portfolioSection,
  /** The paper runtime (docs/PAPER.md): feed, state, status line. */
  paper: paperSection,
  /** /health, /metrics and the dashboard. */
  dashboard: dashboardSection,
});

export type Config = z.infer<typeof configSchema>;
export type InstrumentRow = z.infer<typeof instrumentRow>;
