/**
 * Histogram kernel, WASM backend: wraps dist/wasm/hist.wasm (kernels/model/,
 * built by `npm run build:kernels`), which gives the TS reference's histograms
 * bit for bit.
 *
 * Each kernel owns one module instance over its own (non-shared, growable)
 * memory, laid out as in kernels/model/index.ts:
 *
 *   [0, heapBase) static | bins (nFeatures·nRows B, copied once by bind) |
 *   feats (featCap i32) | out (featCap·HIST_STRIDE f64) | rows (rowCap u32) | gathered (rowCap f64)
 *
 * Per call the wrapper copies the node's rows in, gathers grad[rows[k]] straight
 * into `gathered` (the reference's first loop, fused with the copy), copies feats,
 * makes one WASM call and copies the histograms out. Caps start at nRows rows and
 * nFeatures features; a bigger call re-plans the regions after bins and grows the
 * memory (the views are then made again). Memory is limited to 4 GiB (wasm32): a
 * binned matrix that does not fit is refused at bind with a RangeError.
 * Not thread-safe: one instance per worker.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BackendName } from '../book/types.js';
import { PROJECT_ROOT } from '../native/load.js';
import { HIST_STRIDE, subtractHistograms } from './histogram.js';
import { checkBind, checkBuild, checkSubtract, histStatusError, HIST_OK, type HistogramKernel } from './histogram-kernel.js';

export const HIST_WASM_PATH = join(PROJECT_ROOT, 'dist', 'wasm', 'hist.wasm');
const PAGE_BYTES = 65536;
/** wasm32 limit: 65536 pages = 4 GiB. */
const MAX_PAGES = 65536;
const MAX_BYTES = MAX_PAGES * PAGE_BYTES;

// Minimal typings of the WebAssembly JS API (tsconfig has no DOM lib).
interface WasmMemory { readonly buffer: ArrayBuffer; grow(pages: number): number }
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { readonly exports: Record<string, unknown> };
  Memory: new (d: { initial: number; maximum: number }) => WasmMemory;
}
const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

interface HistExports {
  heapBase(): number;
  histBuildBatch(binsPtr: number, nRows: number, nFeatures: number, rowsPtr: number, rowCount: number,
    gatheredPtr: number, featsPtr: number, featCount: number, outPtr: number): number;
}

let cachedModule: object | undefined;

/** The compiled kernel, loaded on first use (per thread). */
function histModule(): object {
  if (cachedModule) return cachedModule;
  let bytes: Buffer;
  try {
    bytes = readFileSync(HIST_WASM_PATH);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error('WASM kernel dist/wasm/hist.wasm is missing: run npm run build:kernels');
    }
    throw err;
  }
  cachedModule = new WA.Module(bytes);
  return cachedModule;
}

const align64 = (n: number): number => Math.ceil(n / 64) * 64;

/** Byte offsets of the regions after bins for the given caps. */
interface Plan { feats: number; out: number; rows: number; gathered: number; end: number; rowCap: number; featCap: number }

function plan(binsEnd: number, rowCap: number, featCap: number): Plan {
  const feats = align64(binsEnd);
  const out = align64(feats + featCap * 4);
  const rows = align64(out + featCap * HIST_STRIDE * 8);
  const gathered = align64(rows + rowCap * 4);
  return { feats, out, rows, gathered, end: gathered + rowCap * 8, rowCap, featCap };
}

export class WasmHistogramKernel implements HistogramKernel {
  readonly backend: BackendName = 'wasm';
  private kernel: HistExports | undefined;
  private readonly memory: WasmMemory;
  private readonly binsOff: number;
  private nRows = 0;
  private nFeatures = 0;
  private bound = false;
  private p: Plan;
  private u8 = new Uint8Array(0);
  private u32 = new Uint32Array(0);
  private i32 = new Int32Array(0);
  private f64 = new Float64Array(0);

  constructor() {
    this.memory = new WA.Memory({ initial: 1, maximum: MAX_PAGES });
    const abort = (): never => { throw new Error('wasm histogram kernel aborted'); }; // imported by debug builds only
    const k = new WA.Instance(histModule(), { env: { memory: this.memory, abort } }).exports as unknown as HistExports;
    this.binsOff = align64(k.heapBase());
    this.p = plan(this.binsOff, 0, 0);
    this.kernel = k;
  }

  bind(bins: Uint8Array, nRows: number, nFeatures: number): void {
    this.live();
    checkBind(bins, nRows, nFeatures);
    this.bound = false;
    this.nRows = nRows;
    this.nFeatures = nFeatures;
    this.fit(plan(this.binsOff + bins.length, nRows, nFeatures));
    this.u8.set(bins, this.binsOff);
    this.bound = true;
  }

  buildBatch(rows: Uint32Array, rowCount: number, grad: Float64Array, feats: Int32Array, featCount: number, out: Float64Array): void {
    const k = this.live();
    if (!this.bound) throw new Error('wasm histogram kernel: bind() the binned matrix first');
    checkBuild(this.nRows, rows, rowCount, grad, feats, featCount, out);
    if (rowCount > this.p.rowCap || featCount > this.p.featCap) {
      this.fit(plan(this.binsOff + this.nRows * this.nFeatures, Math.max(rowCount, this.p.rowCap), Math.max(featCount, this.p.featCap)));
    }
    const p = this.p;
    this.u32.set(rows.subarray(0, rowCount), p.rows >>> 2);
    const g = this.f64;
    for (let i = 0, at = p.gathered >>> 3; i < rowCount; i++) g[at + i] = grad[rows[i]];
    this.i32.set(feats.subarray(0, featCount), p.feats >>> 2);
    const rc = k.histBuildBatch(this.binsOff, this.nRows, this.nFeatures, p.rows, rowCount, p.gathered, p.feats, featCount, p.out);
    if (rc !== HIST_OK) throw histStatusError(rc, 'wasm', this.nRows, this.nFeatures, rows, rowCount, feats, featCount);
    const m = featCount * HIST_STRIDE;
    out.set(g.subarray(p.out >>> 3, (p.out >>> 3) + m));
  }

  /** In JS: copying both histograms in and the result out would cost more than the subtraction. */
  subtractBatch(parent: Float64Array, child: Float64Array, featCount: number, out: Float64Array): void {
    this.live();
    checkSubtract(parent, child, featCount, out);
    subtractHistograms(parent, child, featCount, out);
  }

  /** Drops the instance; the memory goes with the last reference to it. */
  close(): void {
    this.kernel = undefined;
    this.bound = false;
    this.u8 = new Uint8Array(0);
    this.u32 = new Uint32Array(0);
    this.i32 = new Int32Array(0);
    this.f64 = new Float64Array(0);
  }

  /** Grows the memory to hold plan `p` (bins stay where they are) and remakes the views. */
  private fit(p: Plan): void {
    if (p.end > MAX_BYTES) {
      throw new RangeError(`the binned matrix and buffers (${p.end} bytes for ${this.nRows} rows × ${this.nFeatures} features) ` +
        'do not fit in the 4 GiB of WASM memory: use the native or ts kernels');
    }
    const have = this.memory.buffer.byteLength;
    if (p.end > have) {
      try {
        this.memory.grow(Math.ceil((p.end - have) / PAGE_BYTES));
      } catch (err) {
        throw new RangeError(`growing the WASM histogram memory to ${p.end} bytes failed (${(err as Error).message}): use the native or ts kernels`);
      }
    }
    const buf = this.memory.buffer;
    this.u8 = new Uint8Array(buf);
    this.u32 = new Uint32Array(buf, 0, buf.byteLength >>> 2);
    this.i32 = new Int32Array(buf, 0, buf.byteLength >>> 2);
    this.f64 = new Float64Array(buf, 0, buf.byteLength >>> 3);
    this.p = p;
  }

  private live(): HistExports {
    if (!this.kernel) throw new Error('wasm histogram kernel is closed');
    return this.kernel;
  }
}

/** A WASM histogram kernel (throws when dist/wasm/hist.wasm is missing); bind() it before use. */
export function createWasmHistogramKernel(): WasmHistogramKernel {
  return new WasmHistogramKernel();
}
