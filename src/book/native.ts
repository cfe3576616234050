/**
 * Order book, native backend: the C++ kernel (native/src/book.cc) in the addon
 * build/native/btc_engine.node, behind the BookKernel interface. Output records
 * and counters are identical to ReferenceBook (src/book/reference.ts) for any input.
 *
 * The wrapper owns the buffers: the input ArrayBuffer (recordCapacity 64-byte
 * records, with f64 / u32 / i64 views), the output Float64Array and the counter
 * slots. The addon's Book keeps references to them and reads / writes them in
 * place on every applyBatch, so the hot path crosses N-API once per batch with
 * no copies and no allocation.
 */
import { COUNTER_SLOTS, outStrideF64 } from '../layout/book-out.js';
import { EVENT_F64 } from '../layout/event.js';
import { kernelError, nativeUnavailable } from '../errors.js';
import { nativeAddon, nativeLoadError } from '../native/load.js';
import { readCounters, type BookCounters } from './counters.js';
import { checkCount, resolveOptions, type BookKernel, type BookKernelOptions } from './types.js';

/** The addon's Book class (native/src/addon.cc). */
interface AddonBook {
  /** Returns the number of output records written, or a negative status code. */
  applyBatch(count: number): number;
  /** Forgets the book and zeroes the counters. */
  reset(): void;
  /** Frees the node pools and drops the arrays; later calls throw. */
  close(): void;
}
type AddonBookCtor = new (
  input: Float64Array, output: Float64Array, counters: Float64Array, depth: number, outputCapacity: number,
) => AddonBook;

export class NativeBook implements BookKernel {
  readonly backend = 'native' as const;
  readonly input: Float64Array;
  readonly inputU32: Uint32Array;
  readonly inputI64: BigInt64Array;
  readonly recordCapacity: number;
  readonly output: Float64Array;
  readonly outputCapacity: number;
  readonly depth: number;
  private readonly c = new Float64Array(COUNTER_SLOTS);
  private book: AddonBook | undefined;

  /** Use createNativeBook(), which reports a missing addon as a UsageError. */
  constructor(Book: AddonBookCtor, opts: BookKernelOptions) {
    ({ depth: this.depth, recordCapacity: this.recordCapacity, outputCapacity: this.outputCapacity } = resolveOptions(opts));
    const buf = new ArrayBuffer(this.recordCapacity * EVENT_F64 * 8);
    this.input = new Float64Array(buf);
    this.inputU32 = new Uint32Array(buf);
    this.inputI64 = new BigInt64Array(buf);
    this.output = new Float64Array(this.outputCapacity * outStrideF64(this.depth));
    this.book = new Book(this.input, this.output, this.c, this.depth, this.outputCapacity);
  }

  applyBatch(count: number): number {
    checkCount(count, this.recordCapacity);
    const rc = this.open().applyBatch(count);
    if (rc < 0) throw kernelError(rc, 'native');
    return rc;
  }

  counters(): BookCounters {
    return readCounters(this.c);
  }

  reset(): void {
    this.open().reset();
  }

  close(): void {
    this.book?.close();
    this.book = undefined;
  }

  private open(): AddonBook {
    if (!this.book) throw new Error('native book kernel is closed');
    return this.book;
  }
}

/** A native book kernel; throws a UsageError naming the cause when the addon is unavailable. */
export function createNativeBook(opts: BookKernelOptions): NativeBook {
  const addon = nativeAddon();
  if (!addon) throw nativeUnavailable(nativeLoadError() ?? 'the addon did not load');
  const Book = addon['Book'];
  if (typeof Book !== 'function') {
    throw nativeUnavailable('the addon has no Book class (stale build: rerun npm run build:native)');
  }
  return new NativeBook(Book as AddonBookCtor, opts);
}
