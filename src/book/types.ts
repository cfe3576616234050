/** The interface every order-book backend implements (TS reference, WASM, native). */
import type { BookCounters } from './counters.js';

export type BackendName = 'ts' | 'wasm' | 'native';
export const BACKEND_NAMES: readonly BackendName[] = ['ts', 'wasm', 'native'];

/**
 * A book kernel owns its input and output buffers; the parser writes event
 * records straight into `input`, `applyBatch` consumes them and writes one output
 * record per applied depth message into `output` (layout in src/layout/book-out.ts).
 * Views are valid until the next call; callers copy what they keep.
 */
export interface BookKernel {
  readonly backend: BackendName;
  /** Event records (src/layout/event.ts), capacity `recordCapacity`. */
  readonly input: Float64Array;
  readonly inputU32: Uint32Array;
  readonly inputI64: BigInt64Array;
  readonly recordCapacity: number;
  /** Output records, `outputCapacity` of stride outStrideF64(depth). */
  readonly output: Float64Array;
  readonly outputCapacity: number;
  readonly depth: number;
  /** Applies records [0, count) and returns how many output records were written. */
  applyBatch(count: number): number;
  /** Snapshot of the counters (a copy). */
  counters(): BookCounters;
  /** Forgets the book and zeroes the counters. */
  reset(): void;
  /** Releases native or WASM resources; the kernel is unusable afterwards. */
  close(): void;
}

export interface BookKernelOptions {
  /** Levels per side written to each output record (>= 1). */
  depth: number;
  /** Input capacity in records. */
  recordCapacity?: number;
  /** Output capacity in messages. */
  outputCapacity?: number;
}

export const DEFAULT_RECORD_CAPACITY = 1 << 16;
export const DEFAULT_OUTPUT_CAPACITY = 4096;
