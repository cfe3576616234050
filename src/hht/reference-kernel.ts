/**
 * The TS reference behind the HhtKernel interface: emd() with a kept workspace and
 * one FFT plan per window length, so a worker decomposing window after window
 * allocates only what it returns.
 */
import { emd, runawayCap, type EmdResult } from './emd.js';
import { FftPlan } from './fft.js';
import { hilbertSpectrum, type HilbertSpectrum } from './hilbert.js';
import type { EmdKernelOptions, HhtKernel } from './kernel.js';
import { EmdWorkspace } from './workspace.js';
import { checkWindow } from './window-check.js';

export class TsHhtKernel implements HhtKernel {
  readonly backend = 'ts' as const;
  private ws: EmdWorkspace | undefined;
  private readonly plans = new Map<number, FftPlan>();
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

  hilbert(imf: Float64Array): HilbertSpectrum {
    this.live();
    checkWindow(imf, this.capacity);
    let plan = this.plans.get(imf.length);
    if (!plan) { plan = new FftPlan(imf.length); this.plans.set(imf.length, plan); }
    return hilbertSpectrum(imf, plan);
  }

  close(): void {
    this.closed = true;
    this.ws = undefined;
    this.plans.clear();
  }

  private live(): void {
    if (this.closed) throw new Error('HHT kernel is closed');
  }
}
