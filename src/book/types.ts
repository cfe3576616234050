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

/**
 * Read access to one side of a book between batches (features, tests): prices in
 * ticks, sizes in lots; 0 means "no such level".
 */
export interface SideView {
  /** Occupied levels on this side. */
  readonly count: number;
  /** The touch (highest bid / lowest ask), or 0 when the side is empty. */
  best(): number;
  /** The next occupied level strictly farther from the touch than `pxTicks`, or 0. */
  next(pxTicks: number): number;
  /** Size at `pxTicks`, 0 when empty. */
  qty(pxTicks: number): number;
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

/** Largest capacities a kernel accepts (counts cross as u32, statuses as i32). */
export const MAX_CAPACITY = 2 ** 31 - 1;
/** Largest top-N depth a kernel accepts. */
export const MAX_DEPTH = 2 ** 20;

/** Options with defaults applied, checked once for every backend. */
export function resolveOptions(opts: BookKernelOptions): Required<BookKernelOptions> {
  const r = {
    depth: opts.depth,
    recordCapacity: opts.recordCapacity ?? DEFAULT_RECORD_CAPACITY,
    outputCapacity: opts.outputCapacity ?? DEFAULT_OUTPUT_CAPACITY,
  };
  checkInt('depth', r.depth, 1, MAX_DEPTH);
  checkInt('recordCapacity', r.recordCapacity, 0, MAX_CAPACITY);
  checkInt('outputCapacity', r.outputCapacity, 0, MAX_CAPACITY);
  return r;
}

/** The argument check every applyBatch makes before calling its kernel. */
export function checkCount(count: number, recordCapacity: number): void {
  checkInt('count', count, 0, recordCapacity);
}

function checkInt(name: string, v: number, lo: number, hi: number): void {
  if (!Number.isInteger(v) || v < lo || v > hi) {
    throw new RangeError(`${name} must be an integer in [${lo}, ${hi}], was ${v}`);
  }
}
