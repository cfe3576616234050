/**
 * HHT kernel, WASM backend: wraps dist/wasm/hht.wasm (kernels/hht/, built by
 * `npx asc --config kernels/hht/asconfig.json --target release`), the
 * AssemblyScript port of the TS reference in this folder, giving the same IMFs,
 * sift counts and residue (bit-identical on every case tested so far).
 *
 * Each kernel instance owns one module instance and its own (non-shared) memory,
 * laid out once for `capacity` samples by planHhtLayout (wasm-layout.ts); the
 * memory only grows when a window needs more IMF rows than laid out. A call copies
 * the window in, makes one WASM call and copies the results out, so the arrays
 * returned are the caller's. Not thread-safe: one instance per worker.
 *
 * Errors, thrown before or after the WASM call, never as a trap:
 *   TypeError   x / imf is not a Float64Array, an option is not a number;
 *   RangeError  a window shorter than 3 or longer than the capacity, or with a
 *               NaN or ±Infinity sample (window-check.ts, the message every
 *               backend gives), nbsym not an integer ≥ 1, a capacity outside
 *               [3, 2^20], a runaway decomposition (more than
 *               maxImfsFor(capacity) IMFs, where the reference may never end);
 *               and the reference's own RangeErrors (mirroring, envelope knots)
 *               with its messages;
 *   Error       the reference's "edge BUG" cases, a closed kernel, a missing .wasm.
 * (nbsym < 1 is refused up front; the TS reference only fails on it at the first
 * sift, so a trend input, which never sifts, passes there.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../native/load.js';
import type { EmdResult } from './emd.js';
import type { HilbertSpectrum } from './hilbert.js';
import type { EmdKernelOptions, HhtKernel } from './kernel.js';
import { checkWindow } from './window-check.js';
import {
  E_FEW_KNOTS, E_IMF_SLOTS, E_KNOT_ORDER, E_KNOT_SPAN, E_LEFT_EDGE, E_LENGTH, E_NBSYM, E_NO_EXTREMUM_PAIR,
  E_NOT_FINITE, E_RIGHT_EDGE, INFO_SLOTS, planHhtLayout, T_AMPLITUDE, T_CHIRP_IM, T_CHIRP_RE, T_FREQUENCY,
  T_IMFS, T_INFO, T_PHASE, T_RESIDUE, T_SIFTS, T_TW_COS, T_TW_SIN, T_X, type HhtLayout,
} from './wasm-layout.js';

export const HHT_WASM_PATH = join(PROJECT_ROOT, 'dist', 'wasm', 'hht.wasm');
/** Largest capacity accepted (memory ≈ 0.6 KB per sample of capacity: 2.4 MB at 4096). */
export const MAX_HHT_CAPACITY = 1 << 20;
const PAGE_BYTES = 65536;

// Minimal typings of the WebAssembly JS API (tsconfig has no DOM lib).
interface WasmMemory { readonly buffer: ArrayBuffer; grow(pages: number): number }
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { readonly exports: Record<string, unknown> };
  Memory: new (d: { initial: number }) => WasmMemory;
}
const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

interface HhtExports {
  heapBase(): number;
  hhtInitBatch(table: number): number;
  emdBatch(n: number, stdThr: number, svarThr: number, energyThr: number, totalPowerThr: number, rangeThr: number,
    fixe: number, fixeH: number, maxIteration: number, maxImf: number, nbsym: number, imfSlots: number): number;
  fftPlanBatch(n: number): number;
  hilbertBatch(n: number): number;
  hilbertAtBatch(n: number, at: number): number;
}

let cachedModule: object | undefined;

/** The compiled kernel, loaded on first use (per thread). */
function hhtModule(): object {
  if (cachedModule) return cachedModule;
  let bytes: Buffer;
  try {
    bytes = readFileSync(HHT_WASM_PATH);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error('WASM kernel dist/wasm/hht.wasm is missing: run npm run build:kernels '
        + '(or npx asc --config kernels/hht/asconfig.json --target release)');
    }
    throw err;
  }
  cachedModule = new WA.Module(bytes);
  return cachedModule;
}

/** A trap inside an export (a kernel bug, never expected) as an Error that names the call. */
function trapped(what: string, n: number, err: unknown): Error {
  return new Error(`wasm HHT kernel trapped in ${what} (n = ${n}): ${(err as Error).message}`, { cause: err });
}

/** Options resolved to PyEMD's defaults, in emdBatch's argument order. */
function resolveOptions(o: EmdKernelOptions): number[] {
  const num = (name: keyof EmdKernelOptions, dflt: number): number => {
    const v = o[name];
    if (v === undefined) return dflt;
    if (typeof v !== 'number') throw new TypeError(`EMD option ${name} must be a number, was ${typeof v}`);
    return v;
  };
  const nbsym = num('nbsym', 2);
  if (!Number.isInteger(nbsym) || nbsym < 1 || nbsym > 0x7fffffff) throw new RangeError(`nbsym must be an integer of at least 1, was ${nbsym}`);
  return [num('stdThreshold', 0.2), num('svarThreshold', 0.001), num('energyRatioThreshold', 0.2),
    num('totalPowerThreshold', 0.005), num('rangeThreshold', 0.001), num('fixe', 0), num('fixeH', 0),
    num('maxIteration', 1000), num('maxImf', -1), nbsym];
}

class WasmHhtKernel implements HhtKernel {
  readonly backend = 'wasm' as const;
  readonly capacity: number;
  private kernel: HhtExports | undefined;
  private memory: WasmMemory | undefined;
  private layout: HhtLayout;
  private f64 = new Float64Array(0);
  private i32 = new Int32Array(0);
  private planLength = 0;
  /** IMF rows the memory may grow to (maxImfsFor). */
  private readonly maxImfs: number;

  constructor(capacity: number, imfSlots: number) {
    this.capacity = capacity;
    this.maxImfs = Math.max(imfSlots, maxImfsFor(capacity));
    const module = hhtModule();
    const memory = new WA.Memory({ initial: 1 });
    this.memory = memory;
    const abort = (): never => { throw new Error('wasm HHT kernel aborted'); }; // imported by debug builds only
    const instance = new WA.Instance(module, { env: { memory, abort } });
    const k = instance.exports as unknown as HhtExports;
    this.layout = planHhtLayout(k.heapBase(), capacity, imfSlots);
    this.fitMemory(k);
    // Twiddles from V8's Math.cos/sin with the reference's expression, so the FFT matches it bit for bit.
    const m = this.layout.fftSize, cos = this.at(T_TW_COS), sin = this.at(T_TW_SIN);
    for (let j = 0; j < m >> 1; j++) {
      const angle = (2 * Math.PI * j) / m;
      this.f64[cos + j] = Math.cos(angle);
      this.f64[sin + j] = Math.sin(angle);
    }
    this.kernel = k;
  }

  decompose(x: Float64Array, opts: EmdKernelOptions = {}): EmdResult {
    return this.decomposeInto(x, opts, false);
  }

  private decomposeInto(x: Float64Array, opts: EmdKernelOptions, view: boolean): EmdResult {
    const k = this.live();
    const n = this.checkInput(x, 'x');
    const o = resolveOptions(opts);
    this.f64.set(x, this.at(T_X));
    let rc: number;
    for (;;) {
      try {
        rc = k.emdBatch(n, o[0]!, o[1]!, o[2]!, o[3]!, o[4]!, o[5]!, o[6]!, o[7]!, o[8]!, o[9]!, this.layout.imfSlots);
      } catch (err) {
        throw trapped('emdBatch', n, err);
      }
      if (rc !== E_IMF_SLOTS) break;
      if (this.layout.imfSlots >= this.maxImfs) {
        throw new RangeError(`EMD did not finish within ${this.maxImfs} IMFs: x spans more orders of magnitude than float64 `
          + 'resolves, so x − ΣIMFs stops changing and the reference would go on producing IMFs, possibly forever');
      }
      this.layout = planHhtLayout(k.heapBase(), this.capacity, Math.min(this.layout.imfSlots * 2, this.maxImfs));
      this.fitMemory(k);
    }
    if (rc < 0) throw this.error(rc, n, x, 'x');
    // One copy of all IMF rows, handed out as views (an allocation per IMF costs about a microsecond each);
    // no copy at all for a view.
    const rows = this.at(T_IMFS), stride = this.layout.rowStride;
    const all = view ? this.f64.subarray(rows, rows + rc * stride) : this.f64.slice(rows, rows + rc * stride);
    const imfs: Float64Array[] = [];
    for (let j = 0; j < rc; j++) imfs.push(all.subarray(j * stride, j * stride + n));
    const sifts = this.layout.slots[T_SIFTS]! >> 2;
    const residue = view ? this.f64.subarray(this.at(T_RESIDUE), this.at(T_RESIDUE) + n)
      : this.f64.slice(this.at(T_RESIDUE), this.at(T_RESIDUE) + n);
    return { imfs, residue, siftsPerImf: Array.from(this.i32.subarray(sifts, sifts + rc)) };
  }

  /** decompose() with the IMFs and residue as views of the kernel's memory, valid until its next call. */
  decomposeView(x: Float64Array, opts: EmdKernelOptions = {}): EmdResult {
    return this.decomposeInto(x, opts, true);
  }

  hilbert(imf: Float64Array): HilbertSpectrum {
    const k = this.live();
    const n = this.checkInput(imf, 'imf');
    if (n !== this.planLength) this.prepareFft(k, n);
    this.f64.set(imf, this.at(T_X));
    let rc: number;
    try {
      rc = k.hilbertBatch(n);
    } catch (err) {
      throw trapped('hilbertBatch', n, err);
    }
    if (rc < 0) throw this.error(rc, n, imf, 'imf');
    const out = (slot: number): Float64Array => this.f64.slice(this.at(slot), this.at(slot) + n);
    return { amplitude: out(T_AMPLITUDE), phaseRad: out(T_PHASE), frequencyCyclesPerSample: out(T_FREQUENCY) };
  }

  hilbertAt(imf: Float64Array, at: number, out: Float64Array): void {
    const k = this.live();
    if (!(out instanceof Float64Array) || out.length < 3) throw new TypeError('out must be a Float64Array of at least 3');
    const n = this.checkInput(imf, 'imf');
    if (!Number.isInteger(at) || at < 0 || at >= n) {
      checkWindow(imf, this.capacity); // a bad window is reported first, as by every backend
      throw new RangeError(`sample index must be an integer in [0, ${n}), was ${at}`);
    }
    if (n !== this.planLength) this.prepareFft(k, n);
    this.f64.set(imf, this.at(T_X)); // imf may be a view of an IMF row: set copies overlapping ranges correctly
    let rc: number;
    try {
      rc = k.hilbertAtBatch(n, at);
    } catch (err) {
      throw trapped('hilbertAtBatch', n, err);
    }
    if (rc < 0) throw this.error(rc, n, imf, 'imf');
    const info = this.at(T_INFO);
    out[0] = this.f64[info]!;
    out[1] = this.f64[info + 1]!;
    out[2] = this.f64[info + 2]!;
  }

  close(): void {
    this.kernel = undefined;
    this.memory = undefined;
    this.f64 = new Float64Array(0);
    this.i32 = new Int32Array(0);
  }

  private live(): HhtExports {
    if (!this.kernel) throw new Error('WASM HHT kernel is closed');
    return this.kernel;
  }

  /** f64 index of a slot's buffer. */
  private at(slot: number): number {
    return this.layout.slots[slot]! >> 3;
  }

  /** Grows memory to the layout, refreshes the views, writes the table and (re)initialises the kernel. */
  private fitMemory(k: HhtExports): void {
    const memory = this.memory!;
    const have = memory.buffer.byteLength, need = this.layout.totalBytes;
    if (need > have) memory.grow(Math.ceil((need - have) / PAGE_BYTES));
    this.f64 = new Float64Array(memory.buffer);
    this.i32 = new Int32Array(memory.buffer);
    this.i32.set(this.layout.slots, this.layout.tableOffset >> 2);
    const rc = k.hhtInitBatch(this.layout.tableOffset);
    if (rc < 0) throw new Error(`wasm HHT kernel rejected its layout (status ${rc})`);
  }

  /** Writes the Bluestein chirp of n (V8's Math.cos/sin, as the reference) and plans length-n transforms. */
  private prepareFft(k: HhtExports, n: number): void {
    if ((n & (n - 1)) !== 0) {
      const re = this.at(T_CHIRP_RE), im = this.at(T_CHIRP_IM);
      for (let j = 0; j < n; j++) {
        const angle = (Math.PI * ((j * j) % (2 * n))) / n;
        this.f64[re + j] = Math.cos(angle);
        this.f64[im + j] = -Math.sin(angle);
      }
    }
    let rc: number;
    try {
      rc = k.fftPlanBatch(n);
    } catch (err) {
      throw trapped('fftPlanBatch', n, err);
    }
    if (rc < 0) throw this.error(rc, n, undefined, 'imf');
    this.planLength = n;
  }

  /** The shared window rules (window-check.ts); the kernel checks finiteness itself, in one pass. */
  private checkInput(x: Float64Array, name: string): number {
    if (!(x instanceof Float64Array)) throw new TypeError(`${name} must be a Float64Array`);
    if (x.length < 3 || x.length > this.capacity) checkWindow(x, this.capacity);
    return x.length;
  }

  /** The typed error for a kernel status, with the details the kernel left in the info slots. */
  private error(rc: number, n: number, input: Float64Array | undefined, name: string): Error {
    const info = this.f64.subarray(this.at(T_INFO), this.at(T_INFO) + INFO_SLOTS);
    switch (rc) {
      case E_NOT_FINITE:
      case E_LENGTH:
        if (input) checkWindow(input, this.capacity); // throws the shared message
        return new RangeError(`${name} of ${n} samples was refused by the kernel (status ${rc}, sample ${info[0]})`);
      case E_NO_EXTREMUM_PAIR: return new RangeError(`mirroring needs a maximum and a minimum, was ${info[0]} maxima and ${info[1]} minima`);
      case E_NBSYM: return new RangeError(`nbsym must be at least 1, was ${info[0]}`);
      case E_LEFT_EDGE: return new Error('EMD mirroring: left edge case PyEMD reports as "Left edge BUG"');
      case E_RIGHT_EDGE: return new Error('EMD mirroring: right edge case PyEMD reports as "Right edge BUG"');
      case E_FEW_KNOTS: return new RangeError(`a cubic envelope needs at least 3 knots, was ${info[0]}`);
      case E_KNOT_SPAN: return new RangeError(`envelope knots must span [0, ${n - 1}], were [${info[0]}, ${info[1]}]`);
      case E_KNOT_ORDER: return new RangeError(`envelope knot times must increase, were ${info[0]} then ${info[1]} at ${info[2]}`);
      default: return new Error(`wasm HHT kernel failed with status ${rc}`);
    }
  }
}

/**
 * The IMF count at which a decomposition is declared runaway: 2·log2(capacity) + 16
 * (40 at 4096). A converging EMD takes about log2(n) IMFs (8 at 4096 on random
 * walks); the reference has no bound and, on inputs whose x − ΣIMFs stops
 * changing in float64 (e.g. values near 1e300 with 1e295 detail), never ends.
 */
export function maxImfsFor(capacity: number): number {
  return 2 * Math.ceil(Math.log2(capacity)) + 16;
}

/**
 * A WASM HHT kernel for windows of up to `capacity` samples (throws when
 * dist/wasm/hht.wasm is missing). `imfSlots`, the IMF rows laid out up front,
 * only matters to tests: the memory grows when a window needs more.
 */
export function createWasmHhtKernel(capacity: number, imfSlots?: number): HhtKernel {
  if (!Number.isInteger(capacity) || capacity < 3 || capacity > MAX_HHT_CAPACITY) {
    throw new RangeError(`HHT kernel capacity must be an integer in [3, ${MAX_HHT_CAPACITY}], was ${capacity}`);
  }
  const slots = imfSlots ?? Math.ceil(Math.log2(capacity)) + 8;
  if (!Number.isInteger(slots) || slots < 1) throw new RangeError(`imfSlots must be a positive integer, was ${imfSlots}`);
  return new WasmHhtKernel(capacity, slots);
}
