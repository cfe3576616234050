/**
 * Feature kernel, native backend: the C++ FeatureBook of the addon
 * (native/src/feature_book.h), which applies records exactly like the native
 * book kernel (same counters, sequencing, gaps, resyncs) and writes one feature
 * row per applied message (src/layout/feature-row.ts) instead of a top-N record.
 * It must match the TS reference engine (engine.ts) row for row.
 *
 * The wrapper owns the buffers, as src/book/native.ts does: one input
 * ArrayBuffer (recordCapacity 64-byte records, f64 / u32 / i64 views), the row
 * Float64Array and the counter slots; the addon keeps references and works on
 * them in place, one N-API call per batch. The parameter block
 * (packFeatureParams) is read once at construction.
 *
 * reset() genuinely resets: book, counters and every feature state (warm-up
 * start included), as a new kernel (the TS engine throws instead). When the trade
 * tape overflows (2^20 trades inside 60 s with no book message, where the TS
 * engine throws) applyBatch throws a KernelError (E_CAPACITY) and the kernel
 * refuses batches until reset().
 */
import { checkCount, resolveOptions } from '../book/types.js';
import { readCounters, type BookCounters } from '../book/counters.js';
import { featureCapacityError, kernelError, nativeUnavailable } from '../errors.js';
import type { Instrument } from '../feed/instrument.js';
import { COUNTER_SLOTS, E_CAPACITY } from '../layout/book-out.js';
import { EVENT_F64 } from '../layout/event.js';
import { rowStride } from '../layout/feature-row.js';
import { nativeAddon, nativeLoadError } from '../native/load.js';
import type { FeatureKernel, FeatureKernelOptions } from './kernel.js';
import { packFeatureParams } from './kernel-params.js';

/** Diagnostics of the native kernel since its creation or last reset. */
export interface NativeFeatureStats {
  /** Trades ignored: price not a positive safe integer, size not an integer in [1, MAX_TRADE_LOTS]. */
  skippedTrades: number;
  /** Rows whose book_pressure came from the exact walk instead of the factorised sum. */
  exactPressureRows: number;
  /** Rows whose band and pressure sums were carried over from the previous row (mid unchanged). */
  incrementalRows: number;
}

/** The addon's FeatureBook class (native/src/feature_napi.cc). */
interface AddonFeatureBook {
  /** Returns the number of rows written, or a negative status code. */
  applyBatch(count: number): number;
  reset(): void;
  stats(): NativeFeatureStats;
  close(): void;
}
type AddonFeatureBookCtor = new (
  input: Float64Array, output: Float64Array, counters: Float64Array, params: Float64Array, outputCapacity: number,
) => AddonFeatureBook;

export class NativeFeatureKernel implements FeatureKernel {
  readonly backend = 'native' as const;
  readonly depth = 1;
  readonly input: Float64Array;
  readonly inputU32: Uint32Array;
  readonly inputI64: BigInt64Array;
  readonly recordCapacity: number;
  /** Feature rows of the last batch, stride `rowStride`. */
  readonly output: Float64Array;
  readonly outputCapacity: number;
  readonly extended: boolean;
  readonly rowStride: number;
  private readonly c = new Float64Array(COUNTER_SLOTS);
  private kernel: AddonFeatureBook | undefined;

  /** Use createNativeFeatureKernel(), which reports a missing addon as a UsageError. */
  constructor(FeatureBook: AddonFeatureBookCtor, inst: Instrument, opts: FeatureKernelOptions) {
    ({ recordCapacity: this.recordCapacity, outputCapacity: this.outputCapacity } = resolveOptions({ ...opts, depth: 1 }));
    const params = packFeatureParams(inst, { calibration: opts.calibration, extended: opts.extended });
    this.extended = opts.extended ?? false;
    this.rowStride = rowStride(this.extended);
    const buf = new ArrayBuffer(this.recordCapacity * EVENT_F64 * 8);
    this.input = new Float64Array(buf);
    this.inputU32 = new Uint32Array(buf);
    this.inputI64 = new BigInt64Array(buf);
    this.output = new Float64Array(this.outputCapacity * this.rowStride);
    this.kernel = new FeatureBook(this.input, this.output, this.c, params, this.outputCapacity);
  }

  applyBatch(count: number): number {
    checkCount(count, this.recordCapacity);
    const rc = this.open().applyBatch(count);
    if (rc === E_CAPACITY) {
      throw featureCapacityError('native', 'the trade tape is full (2^20 trades inside the 60 s window even after forcing its clock, where the TS engine throws)');
    }
    if (rc < 0) throw kernelError(rc, 'native');
    return rc;
  }

  counters(): BookCounters {
    return readCounters(this.c);
  }

  /** Diagnostics since creation or the last reset. */
  stats(): NativeFeatureStats {
    return this.open().stats();
  }

  reset(): void {
    this.open().reset();
  }

  close(): void {
    this.kernel?.close();
    this.kernel = undefined;
  }

  private open(): AddonFeatureBook {
    if (!this.kernel) throw new Error('native feature kernel is closed');
    return this.kernel;
  }
}

/** A native feature kernel; throws a UsageError naming the cause when the addon is unavailable. */
export function createNativeFeatureKernel(inst: Instrument, opts: FeatureKernelOptions): FeatureKernel {
  const addon = nativeAddon();
  if (!addon) throw nativeUnavailable(nativeLoadError() ?? 'the addon did not load');
  const FeatureBook = addon['FeatureBook'];
  if (typeof FeatureBook !== 'function') {
    throw nativeUnavailable('the addon has no FeatureBook class (stale build: rerun npm run build:native)');
  }
  return new NativeFeatureKernel(FeatureBook as AddonFeatureBookCtor, inst, opts);
}
