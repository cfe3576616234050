/**
 * Feature kernel, WASM backend: the book kernel of dist/wasm/book.wasm switched to
 * feature mode (kernels/assembly/feat.ts), which applies records exactly like the
 * WASM book (same counters, sequencing, gaps, resyncs) and writes one feature row
 * per applied message (src/layout/feature-row.ts) instead of a top-N record. It
 * must match the TS reference engine (engine.ts) row for row.
 *
 * Each kernel instantiates the module over its own WASM_PAGES shared memory
 * (src/book/wasm.ts instantiateKernel) and lays it out as
 *
 *   [0, heapBase)      kernel static data (small fixed feature arrays included)
 *   align64            input      recordCapacity × 64 B event records
 *   …                  output     outputCapacity × rowStride f64 rows
 *   align64            counters   COUNTER_SLOTS f64
 *   align64            params     FP_SLOTS f64 (packFeatureParams)
 *   align64            state      featBytes(params, recordCapacity) bytes: rings,
 *                                 histories, caches (≈ 70 MB with 10 iOFI levels,
 *                                 see kernels/assembly/feat.ts)
 *   align64 … end      trie node pool of both book sides
 *
 * reset() genuinely resets: book, counters and every feature state, as a new
 * kernel (the TS engine throws instead). A full ring makes applyBatch throw a
 * KernelError (E_CAPACITY) naming it; the kernel then refuses batches until reset().
 */
import { checkCount, resolveOptions } from '../book/types.js';
import { readCounters, type BookCounters } from '../book/counters.js';
import { align64, instantiateKernel, WASM_PAGES } from '../book/wasm.js';
import { featureCapacityError, kernelError } from '../errors.js';
import type { Instrument } from '../feed/instrument.js';
import { COUNTER_SLOTS, E_CAPACITY } from '../layout/book-out.js';
import { EVENT_BYTES, EVENT_F64, EVENT_U32 } from '../layout/event.js';
import { FP_IMB_CUM_LEVELS, FP_SLOPE_LEVELS, FP_SLOTS } from '../layout/feature-params.js';
import { rowStride } from '../layout/feature-row.js';
import type { FeatureKernel, FeatureKernelOptions } from './kernel.js';
import { packFeatureParams } from './kernel-params.js';

/** Levels per side the kernel's fused walk keeps (kernels/assembly/feat-params.ts TOP_CAP). */
export const WASM_TOP_LEVELS = 64;
/** Room for at least the two trie roots and one path per side. */
const MIN_POOL_BYTES = 64 * 1024;

/** What overflowed, by the kernel's FAIL_* code (kernels/assembly/errors.ts). */
const FAILURES: Readonly<Record<number, string>> = {
  1: 'the OFI window ring is full (262144 messages with non-zero OFI inside 10 s)',
  2: 'the as-of history is full (524288 valid rows inside 60 s)',
  3: 'the trade tape is full (2^20 trades inside the 60 s window even after forcing its clock, where the TS engine throws)',
  4: 'the book ran out of node memory (raise the kernel memory size)',
};

interface FeatureExports {
  heapBase(): number;
  bookInit(inPtr: number, recordCapacity: number, outPtr: number, outputCapacity: number,
    depth: number, countersPtr: number, heapStart: number, heapEnd: number): number;
  featBytes(paramsPtr: number, recordCapacity: number): number;
  featInit(paramsPtr: number, stateLo: number, stateHi: number): number;
  featError(): number;
  applyBatch(count: number): number;
  bookReset(): void;
}

export class WasmFeatureKernel implements FeatureKernel {
  readonly backend = 'wasm' as const;
  readonly depth = 1;
  readonly extended: boolean;
  readonly rowStride: number;
  input: Float64Array;
  inputU32: Uint32Array;
  inputI64: BigInt64Array;
  readonly recordCapacity: number;
  /** Feature rows of the last batch, stride `rowStride`; valid until the next call. */
  output: Float64Array;
  readonly outputCapacity: number;
  private counterView: Float64Array;
  private kernel: FeatureExports | undefined;

  constructor(inst: Instrument, opts: FeatureKernelOptions = {}) {
    ({ recordCapacity: this.recordCapacity, outputCapacity: this.outputCapacity } = resolveOptions({ ...opts, depth: 1 }));
    const params = packFeatureParams(inst, opts);
    for (const [slot, name] of [[FP_IMB_CUM_LEVELS, 'imbCumLevels'], [FP_SLOPE_LEVELS, 'slopeLevels']] as const) {
      if (params[slot] > WASM_TOP_LEVELS) throw new RangeError(`the WASM feature kernel takes ${name} <= ${WASM_TOP_LEVELS}, was ${params[slot]}`);
    }
    this.extended = opts.extended ?? false;
    this.rowStride = rowStride(this.extended);
    const { memory, exports } = instantiateKernel('feature');
    const k = exports as unknown as FeatureExports;

    const memBytes = memory.buffer.byteLength;
    const inOff = align64(k.heapBase());
    const outOff = inOff + this.recordCapacity * EVENT_BYTES;
    const outLen = this.outputCapacity * this.rowStride;
    const ctrOff = align64(outOff + outLen * 8);
    const parOff = align64(ctrOff + COUNTER_SLOTS * 8);
    const stateOff = align64(parOff + FP_SLOTS * 8);
    const tooBig = (): RangeError => new RangeError(
      `WASM feature kernel buffers do not fit in ${memBytes} bytes of memory (${WASM_PAGES} pages): lower recordCapacity or outputCapacity`);
    if (stateOff > memBytes) throw tooBig();
    new Float64Array(memory.buffer, parOff, FP_SLOTS).set(params);
    const stateBytes = k.featBytes(parOff, this.recordCapacity) >>> 0;
    const heapStart = align64(stateOff + stateBytes);
    if (heapStart + MIN_POOL_BYTES > memBytes) throw tooBig();

    this.input = new Float64Array(memory.buffer, inOff, this.recordCapacity * EVENT_F64);
    this.inputU32 = new Uint32Array(memory.buffer, inOff, this.recordCapacity * EVENT_U32);
    this.inputI64 = new BigInt64Array(memory.buffer, inOff, this.recordCapacity * EVENT_F64);
    this.output = new Float64Array(memory.buffer, outOff, outLen);
    this.counterView = new Float64Array(memory.buffer, ctrOff, COUNTER_SLOTS);
    let rc = k.bookInit(inOff, this.recordCapacity, outOff, this.outputCapacity, 1, ctrOff, heapStart, memBytes);
    if (rc >= 0) rc = k.featInit(parOff, stateOff, stateOff + stateBytes);
    if (rc < 0) throw kernelError(rc, 'wasm');
    this.kernel = k;
  }

  applyBatch(count: number): number {
    checkCount(count, this.recordCapacity);
    const k = this.live();
    const rc = k.applyBatch(count);
    if (rc === E_CAPACITY && k.featError() !== 0) throw featureCapacityError('wasm', FAILURES[k.featError()] ?? 'a ring is full');
    if (rc < 0) throw kernelError(rc, 'wasm');
    return rc;
  }

  counters(): BookCounters {
    return readCounters(this.counterView);
  }

  /** Forgets the book, the counters and all feature history: the kernel starts afresh. */
  reset(): void {
    this.live().bookReset();
  }

  /** Drops the instance and its memory; the views become empty, counters() keeps the last values. */
  close(): void {
    this.kernel = undefined;
    this.counterView = this.counterView.slice();
    this.input = new Float64Array(0);
    this.inputU32 = new Uint32Array(0);
    this.inputI64 = new BigInt64Array(0);
    this.output = new Float64Array(0);
  }

  private live(): FeatureExports {
    if (!this.kernel) throw new Error('WasmFeatureKernel is closed');
    return this.kernel;
  }
}

export function createWasmFeatureKernel(inst: Instrument, opts: FeatureKernelOptions): FeatureKernel {
  return new WasmFeatureKernel(inst, opts);
}
