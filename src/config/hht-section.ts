/**
 * `features.hht` (docs/HHT.md "Config"): HHT columns computed on a worker thread
 * from the mid-price sampled every `sampleMs`. Off by default; off means no worker,
 * no HHT work and no HHT columns anywhere.
 */
import { z } from 'zod';
import { HHT_MAX_IMFS } from '../features/registry.js';

/** Grid interval (ms) and window (samples) bounds: a window spans at most a day. */
const MAX_SAMPLE_MS = 60_000;
const MAX_WINDOW = 16_384;

export const hhtSection = z.strictObject({
  enabled: z.boolean().default(false),
  /** Sampling clock, exchange ms: the mid at every multiple of sampleMs. */
  sampleMs: z.coerce.number().int().min(1).max(MAX_SAMPLE_MS).default(100),
  /** Window length N in samples (N·sampleMs of history per decomposition). */
  n: z.coerce.number().int().min(32).max(MAX_WINDOW).default(1024),
  /** IMFs with columns, finest first. */
  k: z.coerce.number().int().min(1).max(HHT_MAX_IMFS).default(HHT_MAX_IMFS),
  /** reference: PyEMD defaults exactly; fast: at most 50 sifts per IMF. */
  mode: z.enum(['reference', 'fast']).default('fast'),
  /** EMD kernel: auto = native if built, else wasm, else the TS reference. */
  backend: z.enum(['auto', 'ts', 'wasm', 'native']).default('auto'),
}).prefault({});

export type HhtConfig = z.infer<typeof hhtSection>;
