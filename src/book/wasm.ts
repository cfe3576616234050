/**
 * Order book, WASM backend: wraps the AssemblyScript kernel dist/wasm/book.wasm
 * (kernels/assembly/, built by `npm run build:kernels`), which matches the TS
 * reference (src/book/reference.ts) output for output.
 *
 * The module is compiled once per thread; each WasmBook instantiates it over its
 * own shared memory of WASM_PAGES pages (initial == maximum, so views never
 * detach) and lays the memory out as
 *
 *   [0, heapBase)           kernel static data
 *   align64(heapBase)       input      recordCapacity × 64 B event records
 *   …                       output     outputCapacity × outStrideF64(depth) f64
 *   align64                 counters   COUNTER_SLOTS f64
 *   align64 … end           trie node pool of both book sides
 *
 * `input`, `inputU32`, `inputI64` and `output` are views over that memory, created
 * once; the kernel reads and writes them in place, nothing is copied per batch.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COUNTER_SLOTS, outStrideF64 } from '../layout/book-out.js';
import { EVENT_BYTES, EVENT_F64, EVENT_U32 } from '../layout/event.js';
import { kernelError } from '../errors.js';
import { PROJECT_ROOT } from '../native/load.js';
import { readCounters, type BookCounters } from './counters.js';
import { checkCount, resolveOptions, type BookKernel, type BookKernelOptions } from './types.js';

/** Linear memory per instance in 64 KiB pages; must equal the asc --initialMemory/--maximumMemory. */
export const WASM_PAGES = 4096;
export const WASM_PATH = join(PROJECT_ROOT, 'dist', 'wasm', 'book.wasm');
/** Room for at least the two trie roots and one path per side. */
const MIN_POOL_BYTES = 64 * 1024;

// Minimal typings of the WebAssembly JS API (tsconfig has no DOM lib).
export interface WasmMemory { readonly buffer: ArrayBufferLike }
interface WasmInstance { readonly exports: Record<string, unknown> }
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => WasmInstance;
  Memory: new (d: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
}
const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

interface BookExports {
  heapBase(): number;
  bookInit(inPtr: number, recordCapacity: number, outPtr: number, outputCapacity: number,
    depth: number, countersPtr: number, heapStart: number, heapEnd: number): number;
  applyBatch(count: number): number;
  bookReset(): void;
}

let cachedModule: object | undefined;

/** The compiled kernel module, loaded and compiled on first use (per thread). */
function bookModule(): object {
  if (cachedModule) return cachedModule;
  let bytes: Buffer;
  try {
    bytes = readFileSync(WASM_PATH);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error('WASM kernel dist/wasm/book.wasm is missing: run npm run build:kernels');
    }
    throw err;
  }
  cachedModule = new WA.Module(bytes);
  return cachedModule;
}

export const align64 = (n: number): number => Math.ceil(n / 64) * 64;

/** Reads an AssemblyScript string (UTF-16, byte length at ptr - 4) out of `memory`. */
function readAsString(memory: WasmMemory | undefined, ptr: number): string {
  if (!memory || ptr < 4 || ptr >= memory.buffer.byteLength) return '';
  const bytes = new Uint32Array(memory.buffer, (ptr - 4) & ~3, 1)[0];
  const len = Math.min(bytes >>> 1, 4096, (memory.buffer.byteLength - ptr) >>> 1);
  const u16 = new Uint16Array(memory.buffer, ptr & ~1, len);
  let s = '';
  for (let k = 0; k < len; k++) s += String.fromCharCode(u16[k]);
  return s;
}

/**
 * A new instance of the kernel module over its own shared memory of WASM_PAGES
 * pages; `what` names the kernel in abort messages. Used by WasmBook and by the
 * feature kernel (src/features/wasm.ts), which lays the same memory out its way.
 */
export function instantiateKernel(what: string): { memory: WasmMemory; exports: Record<string, unknown> } {
  const module = bookModule();
  const memory = new WA.Memory({ initial: WASM_PAGES, maximum: WASM_PAGES, shared: true });
  const abort = (msg: number, file: number, line: number, col: number): never => {
    const text = readAsString(memory, msg) || 'abort';
    const where = readAsString(memory, file);
    throw new Error(`wasm ${what} kernel aborted: ${text}${where ? ` (${where}:${line}:${col})` : ''}`);
  };
  // V8's exp and log for the feature kernel, where one ulp matters (kernels/assembly/host-math.ts).
  const f64 = new Float64Array(memory.buffer);
  const expInPlace = (ptr: number, n: number): void => {
    for (let i = ptr >>> 3, end = i + n; i < end; i++) f64[i] = Math.exp(f64[i]);
  };
  const instance = new WA.Instance(module, { env: { memory, abort, expInPlace, log: Math.log } });
  return { memory, exports: instance.exports };
}

export class WasmBook implements BookKernel {
  readonly backend = 'wasm' as const;
  input: Float64Array;
  inputU32: Uint32Array;
  inputI64: BigInt64Array;
  readonly recordCapacity: number;
  output: Float64Array;
  readonly outputCapacity: number;
  readonly depth: number;
  private counterView: Float64Array;
  private kernel: BookExports | undefined;

  constructor(opts: BookKernelOptions) {
    ({ depth: this.depth, recordCapacity: this.recordCapacity, outputCapacity: this.outputCapacity } = resolveOptions(opts));
    const { memory, exports } = instantiateKernel('book');
    const k = exports as unknown as BookExports;

    const memBytes = memory.buffer.byteLength;
    const inOff = align64(k.heapBase());
    const outOff = inOff + this.recordCapacity * EVENT_BYTES;
    const outLen = this.outputCapacity * outStrideF64(this.depth);
    const ctrOff = align64(outOff + outLen * 8);
    const heapStart = align64(ctrOff + COUNTER_SLOTS * 8);
    if (heapStart + MIN_POOL_BYTES > memBytes) {
      throw new RangeError(`WASM book buffers (${heapStart} bytes) do not fit in ${memBytes} bytes of memory: ` +
        'lower recordCapacity, outputCapacity or depth');
    }
    this.input = new Float64Array(memory.buffer, inOff, this.recordCapacity * EVENT_F64);
    this.inputU32 = new Uint32Array(memory.buffer, inOff, this.recordCapacity * EVENT_U32);
    this.inputI64 = new BigInt64Array(memory.buffer, inOff, this.recordCapacity * EVENT_F64);
    this.output = new Float64Array(memory.buffer, outOff, outLen);
    this.counterView = new Float64Array(memory.buffer, ctrOff, COUNTER_SLOTS);
    const rc = k.bookInit(inOff, this.recordCapacity, outOff, this.outputCapacity, this.depth,
      ctrOff, heapStart, memBytes);
    if (rc < 0) throw kernelError(rc, 'wasm');
    this.kernel = k;
  }

  applyBatch(count: number): number {
    checkCount(count, this.recordCapacity);
    const rc = this.live().applyBatch(count);
    if (rc < 0) throw kernelError(rc, 'wasm');
    return rc;
  }

  counters(): BookCounters {
    return readCounters(this.counterView);
  }

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

  private live(): BookExports {
    if (!this.kernel) throw new Error('WasmBook is closed');
    return this.kernel;
  }
}

export function createWasmBook(opts: BookKernelOptions): WasmBook {
  return new WasmBook(opts);
}
