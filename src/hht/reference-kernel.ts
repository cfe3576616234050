/**
 * The TS reference behind the HhtKernel interface: emd() with a kept workspace and
 * one FFT plan per window length, so a worker decomposing window after window
 * allocates only what it returns.
 */
import { emd, runawayCap, type EmdResult } from './emd.js';
import { FftPlan } from './fft.js';
import { hilbertAt, hilbertSpectrum, type HilbertScratch, type HilbertSpectrum } from './hilbert.js';
import type { EmdKernelOptions, HhtKernel } from './kernel.js';
import { EmdWorkspace } from './workspace.js';
import { checkWindow } from './window-check.js';

export class TsHhtKernel implements HhtKernel {
  readonly backend = 'ts' as const;
  private ws: EmdWorkspace | undefined;
  private readonly plans = new Map<number, FftPlan>();
  private scratch: HilbertScratch | undefined;
  private closed = false;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 3) throw new RangeError(`HHT capacity must be an integer >= 3, was ${capacity}`);
  }

  decompose(x: Float64Array, opts: EmdKernelOptions = {}): EmdResult {
    this.live();
    checkWindow(x, this.capacity);
    const nbsym = opts.nbsym ?? 2;
    if (!this.ws || this.ws.nbsym !== nbsym) this.ws = new EmdWorkspace(this.capacity, nbsym);
    return emd(x, { ...opts, workspace: this.ws, imfCap: runawayCap(this.capacity) });
  }

  /** The reference allocates its result anyway: the same as decompose(). */
  decomposeView(x: Float64Array, opts: EmdKernelOptions = {}): EmdResult {
    return this.decompose(x, opts);
  }

  hilbert(imf: Float64Array): HilbertSpectrum {
    this.live();
    checkWindow(imf, this.capacity);
    return hilbertSpectrum(imf, this.planFor(imf.length), this.scratchOf());
  }

  hilbertAt(imf: Float64Array, at: number, out: Float64Array): void {
    this.live();
    if (!(out instanceof Float64Array) || out.length < 3) throw new TypeError('out must be a Float64Array of at least 3');
    checkWindow(imf, this.capacity);
    hilbertAt(imf, at, out, this.planFor(imf.length), this.scratchOf());
  }

  close(): void {
    this.closed = true;
    this.ws = undefined;
    this.plans.clear();
    this.scratch = undefined;
  }

  private planFor(n: number): FftPlan {
    let plan = this.plans.get(n);
    if (!plan) { plan = new FftPlan(n); this.plans.set(n, plan); }
    return plan;
  }

  /** Analytic-signal scratch for any window up to the capacity. */
  private scratchOf(): HilbertScratch {
    this.scratch ??= { re: new Float64Array(this.capacity), im: new Float64Array(this.capacity) };
    return this.scratch;
  }

  private live(): void {
    if (this.closed) throw new Error('HHT kernel is closed');
  }
}
